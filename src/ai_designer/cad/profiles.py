"""Plane profiles: outline segments, area, bounds and first moment.

A profile lives in sketch coordinates ``(u, v)`` centred on the origin. The
regular shapes (rectangle, circle, polygon, slot) are convex polygons swollen by
a radius (a rounded rectangle is its inner rectangle grown by the corner radius;
a slot is a segment grown by half its width), which makes their area and rotated
bounds exact. A polyline is a list of line and arc segments built from its bulges.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ai_designer.cad.geometry import EPS
from ai_designer.cad.regions import Disc2, Rect2, Region
from ai_designer.schemas.task_graph import (
    CircleProfile,
    PolygonProfile,
    PolylineProfile,
    Profile,
    RectangleProfile,
    SlotProfile,
)

Point2 = tuple[float, float]


@dataclass(frozen=True)
class LineSegment:
    """A straight piece of an outline, in travel order."""

    start: Point2
    end: Point2


@dataclass(frozen=True)
class ArcSegment:
    """A circular piece of an outline: from ``start_angle`` turning by ``sweep`` (degrees, + is CCW)."""

    start: Point2
    end: Point2
    center: Point2
    radius: float
    start_angle: float
    sweep: float

    @property
    def ccw_angles(self) -> tuple[float, float]:
        """(first, last) angle of the arc walked counter-clockwise, as FreeCAD builds arcs."""
        if self.sweep >= 0:
            return self.start_angle, self.start_angle + self.sweep
        return self.start_angle + self.sweep, self.start_angle


Segment = LineSegment | ArcSegment


def polyline_segments(profile: PolylineProfile) -> list[Segment]:
    """The closed outline of a polyline: segment *i* ends at point *i* (bulge of point *i*)."""
    points = profile.points
    segments: list[Segment] = []
    for i, point in enumerate(points):
        prev = points[i - 1]
        start, end = (prev.x, prev.y), (point.x, point.y)
        if abs(point.bulge) < 1e-12:
            segments.append(LineSegment(start, end))
        else:
            segments.append(_bulge_arc(start, end, point.bulge))
    return segments


def _bulge_arc(start: Point2, end: Point2, bulge: float) -> ArcSegment:
    dx, dy = end[0] - start[0], end[1] - start[1]
    chord = math.hypot(dx, dy)
    offset = chord * (1 - bulge * bulge) / (4 * bulge)  # signed distance chord midpoint -> centre
    center = ((start[0] + end[0]) / 2 - dy / chord * offset, (start[1] + end[1]) / 2 + dx / chord * offset)
    radius = chord * (1 + bulge * bulge) / (4 * abs(bulge))
    start_angle = math.degrees(math.atan2(start[1] - center[1], start[0] - center[0]))
    return ArcSegment(start, end, center, radius, start_angle, math.degrees(4 * math.atan(bulge)))


def _rounded_convex(profile: Profile) -> tuple[list[Point2], float]:
    """(convex polygon, swell radius) of a regular profile."""
    if isinstance(profile, RectangleProfile):
        r = profile.corner_radius
        a, b = profile.length / 2 - r, profile.width / 2 - r
        return [(-a, -b), (a, -b), (a, b), (-a, b)], r
    if isinstance(profile, CircleProfile):
        return [(0.0, 0.0)], profile.radius
    if isinstance(profile, PolygonProfile):
        return polygon_vertices(profile.sides, profile.circumradius), 0.0
    if isinstance(profile, SlotProfile):
        c = (profile.length - profile.width) / 2
        return [(-c, 0.0), (c, 0.0)], profile.width / 2
    raise TypeError(f"not a regular profile: {profile.shape}")


def polygon_vertices(sides: int, circumradius: float) -> list[Point2]:
    """Vertices of a regular polygon centred on the origin with vertex 0 on +u, counter-clockwise."""
    return [
        (
            circumradius * math.cos(2 * math.pi * k / sides),
            circumradius * math.sin(2 * math.pi * k / sides),
        )
        for k in range(sides)
    ]


def _shoelace(points: list[Point2]) -> float:
    return (
        sum(points[i - 1][0] * points[i][1] - points[i][0] * points[i - 1][1] for i in range(len(points))) / 2
    )


def _perimeter(points: list[Point2]) -> float:
    if len(points) < 2:
        return 0.0
    return sum(math.dist(points[i - 1], points[i]) for i in range(len(points)))


def _arc_segment_area(arc: ArcSegment) -> float:
    """Signed area between the chord and the arc (positive for counter-clockwise arcs)."""
    theta = math.radians(abs(arc.sweep))
    area = arc.radius * arc.radius / 2 * (theta - math.sin(theta))
    return area if arc.sweep > 0 else -area


def signed_area(profile: PolylineProfile) -> float:
    """Signed area of a polyline (positive when it runs counter-clockwise)."""
    segments = polyline_segments(profile)
    area = _shoelace([s.end for s in segments])
    return area + sum(_arc_segment_area(s) for s in segments if isinstance(s, ArcSegment))


def profile_area(profile: Profile) -> float:
    """Area enclosed by a profile, mm²."""
    if isinstance(profile, PolylineProfile):
        return abs(signed_area(profile))
    vertices, radius = _rounded_convex(profile)
    return abs(_shoelace(vertices)) + _perimeter(vertices) * radius + math.pi * radius * radius


def first_moment_u(profile: PolylineProfile) -> float:
    """The integral of u over the enclosed area (area times centroid u), mm³."""
    segments = polyline_segments(profile)
    points = [s.end for s in segments]
    moment = (
        sum(
            (points[i - 1][0] + points[i][0])
            * (points[i - 1][0] * points[i][1] - points[i][0] * points[i - 1][1])
            for i in range(len(points))
        )
        / 6
    )
    for seg in segments:
        if isinstance(seg, ArcSegment):
            half = math.radians(abs(seg.sweep)) / 2
            distance = 4 * seg.radius * math.sin(half) ** 3 / (3 * (2 * half - math.sin(2 * half)))
            middle = math.radians(seg.start_angle + seg.sweep / 2)
            moment += _arc_segment_area(seg) * (seg.center[0] + distance * math.cos(middle))
    return moment if signed_area(profile) >= 0 else -moment


def _arc_extreme_points(arc: ArcSegment, turn: float) -> list[Point2]:
    """Points of the arc (turned by ``turn`` degrees about the origin) on its axis-aligned extremes."""
    first, last = arc.ccw_angles
    cx, cy = _turn(arc.center, turn)
    points = []
    k = math.ceil((first + turn) / 90.0)
    while k * 90.0 <= last + turn + 1e-9:
        angle = math.radians(k * 90.0)
        points.append((cx + arc.radius * math.cos(angle), cy + arc.radius * math.sin(angle)))
        k += 1
    return points


def _turn(point: Point2, degrees: float) -> Point2:
    if degrees == 0:
        return point
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return (c * point[0] - s * point[1], s * point[0] + c * point[1])


def profile_bounds(profile: Profile, rotation: float = 0.0) -> Rect2:
    """Tight bounds of the profile turned by ``rotation`` degrees about the origin."""
    if isinstance(profile, PolylineProfile):
        points: list[Point2] = []
        for seg in polyline_segments(profile):
            points.append(_turn(seg.end, rotation))
            if isinstance(seg, ArcSegment):
                points.extend(_arc_extreme_points(seg, rotation))
        radius = 0.0
    else:
        vertices, radius = _rounded_convex(profile)
        points = [_turn(p, rotation) for p in vertices]
    return Rect2(
        min(p[0] for p in points) - radius,
        min(p[1] for p in points) - radius,
        max(p[0] for p in points) + radius,
        max(p[1] for p in points) + radius,
    )


def inscribed_region(profile: Profile) -> Region | None:
    """A rectangle or disc known to lie inside the profile (unrotated), or None for polylines."""
    if isinstance(profile, RectangleProfile):
        a, b = profile.length / 2, profile.width / 2
        return Rect2(-a + profile.corner_radius, -b, a - profile.corner_radius, b)
    if isinstance(profile, CircleProfile):
        return Disc2(0.0, 0.0, profile.radius)
    if isinstance(profile, PolygonProfile):
        return Disc2(0.0, 0.0, profile.circumradius * math.cos(math.pi / profile.sides))
    if isinstance(profile, SlotProfile):
        c = (profile.length - profile.width) / 2
        if 2 * c > profile.width:
            return Rect2(-c, -profile.width / 2, c, profile.width / 2)
        return Disc2(0.0, 0.0, profile.width / 2)
    return None


def has_concave_arcs(profile: PolylineProfile) -> bool:
    """True when some arc of the outline curves inwards (it may look like part of a round hole)."""
    orientation = 1.0 if signed_area(profile) >= 0 else -1.0
    return any(
        isinstance(seg, ArcSegment) and seg.sweep * orientation < 0 for seg in polyline_segments(profile)
    )


def polyline_problems(profile: PolylineProfile) -> list[str]:
    """What makes a polyline unusable as a closed outline (empty when it is fine)."""
    problems = []
    points = profile.points
    for i, point in enumerate(points):
        prev = points[i - 1]
        if math.hypot(point.x - prev.x, point.y - prev.y) <= EPS:
            problems.append(f"points {i - 1 if i else len(points) - 1} and {i} coincide")
    if not problems and profile_area(profile) <= EPS:
        problems.append("the outline encloses no area")
    return problems
