"""Recognise the features a plan promises on a solid's B-rep: slots, flat faces, fillets, chamfers.

Runs in the trusted measure process next to :mod:`metrics` (which finds round
holes, their counterbores and countersinks). Everything is read from the exact
surfaces, never from a mesh:

- a slot is a pair of concave half cylinders of one radius on parallel axes
  (the round ends of a stadium), reported with its centre, width, length,
  depth and direction;
- flat faces are the planar faces whose normal is along X, Y or Z: a pocket's
  floor, a boss's top, a step; each with its outward normal, its level along
  that axis and the centre and size of its bounding box;
- fillets are the cylindrical faces that go less than all the way round and
  belong to no slot and no whole turn (a hole split into pieces), and the toroidal
  faces: their radii, concave or convex;
- chamfers are the planar faces whose normal is along none of the axes (by their
  width across the longest edge) and the convex 45 degree cones (a chamfered round
  edge, by their slant width).
"""

from __future__ import annotations

import math
from typing import Any

import Part  # type: ignore[import-not-found]

from .metrics import concave_faces, number, vec

_HALF_TURN = math.pi
_ANGLE_TOL = 1e-3
_AXIS_TOL = 1e-6


def _axis_index(direction: Any) -> int | None:
    """0, 1 or 2 when ``direction`` runs along X, Y or Z, else None."""
    parts = (abs(direction.x), abs(direction.y), abs(direction.z))
    best = max(range(3), key=lambda i: parts[i])
    return best if parts[best] >= 1 - _AXIS_TOL else None


def _outward_normal(face: Any) -> Any:
    u0, u1, v0, v1 = face.ParameterRange
    return face.normalAt((u0 + u1) / 2, (v0 + v1) / 2)


def _axial_range(face: dict[str, Any]) -> tuple[float, float]:
    axis, origin = face["axis"], face["origin"]
    positions = [(v.Point - origin).dot(axis) for v in face["face"].Vertexes]
    return min(positions), max(positions)


def _slot(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any] | None:
    axis = a["axis"]
    if abs(axis.dot(b["axis"])) < 1 - _AXIS_TOL or abs(a["radius"] - b["radius"]) > 1e-6:
        return None
    low_a, high_a = _axial_range(a)
    offset = b["origin"] - a["origin"]
    along = offset.dot(axis)
    low_b, high_b = _axial_range(b)
    low_b, high_b = low_b + along, high_b + along  # b's range measured on a's axis
    low, high = max(low_a, low_b), min(high_a, high_b)
    across = offset - axis * along
    if high - low <= 1e-6 or across.Length <= 1e-6:
        return None
    start = a["origin"] + axis * low + across * 0.5
    direction = across * (1.0 / across.Length)
    radius = a["radius"]
    return {
        "center": vec(start),
        "axis": vec(axis),
        "direction": vec(direction),
        "width": number(2 * radius),
        "length": number(across.Length + 2 * radius),
        "depth": number(high - low),
    }


def find_slots(solid: Any) -> tuple[list[dict[str, Any]], set[int]]:
    """The slots of a solid, and the ids of the faces they use (so they are not taken for fillets)."""
    halves = [f for f in concave_faces(solid) if f["cylinder"] and abs(f["span"] - _HALF_TURN) <= _ANGLE_TOL]
    slots: list[dict[str, Any]] = []
    used: set[int] = set()
    for i, a in enumerate(halves):
        if a["index"] in used:
            continue
        candidates = []
        for b in halves[i + 1 :]:
            if b["index"] in used:
                continue
            slot = _slot(a, b)
            if slot is not None:
                candidates.append((slot["length"], b, slot))
        if candidates:
            _, partner, slot = min(candidates, key=lambda c: c[0])
            used.update({a["index"], partner["index"]})
            slots.append(slot)
    return sorted(slots, key=lambda s: s["center"]), used


def find_flats(solid: Any) -> list[dict[str, Any]]:
    """Planar faces normal to X, Y or Z: outward normal, level, bounding-box centre and size, area."""
    flats: list[dict[str, Any]] = []
    for face in solid.Faces:
        if not isinstance(face.Surface, Part.Plane):
            continue
        normal = _outward_normal(face)
        axis = _axis_index(normal)
        if axis is None:
            continue
        box = face.BoundBox
        centre = [(box.XMin + box.XMax) / 2, (box.YMin + box.YMax) / 2, (box.ZMin + box.ZMax) / 2]
        direction = [0.0, 0.0, 0.0]
        direction[axis] = 1.0 if (normal.x, normal.y, normal.z)[axis] > 0 else -1.0
        flats.append(
            {
                "normal": direction,
                "level": number(centre[axis]),
                "center": [number(c) for c in centre],
                "size": [number(box.XLength), number(box.YLength), number(box.ZLength)],
                "area": number(face.Area),
            }
        )
    flats.sort(key=lambda f: -float(f["area"]))  # the largest first: bounds.py keeps those
    return flats


def _torus_concave(face: Any) -> bool:
    """True when a toroidal face's material lies outside its tube (a fillet in an inside corner)."""
    surface = face.Surface
    u0, u1, v0, v1 = face.ParameterRange
    point = face.valueAt((u0 + u1) / 2, (v0 + v1) / 2)
    normal = face.normalAt((u0 + u1) / 2, (v0 + v1) / 2)
    axis, centre = surface.Axis, surface.Center
    radial = (point - centre) - axis * (point - centre).dot(axis)
    if radial.Length <= _AXIS_TOL:
        return False
    tube = centre + radial * (surface.MajorRadius / radial.Length)
    return bool(normal.dot(point - tube) < 0)


def _whole_turns(solid: Any) -> set[int]:
    """Indexes of partial cylindrical faces that, with coaxial faces of their radius, go all round
    (a hole or a round body split into pieces, not a fillet)."""
    partial: list[tuple[int, Any, float]] = []
    for index, face in enumerate(solid.Faces):
        if isinstance(face.Surface, Part.Cylinder):
            u0, u1, _, _ = face.ParameterRange
            if u1 - u0 < 2 * math.pi - _ANGLE_TOL:
                partial.append((index, face.Surface, u1 - u0))
    whole: set[int] = set()
    for index, surface, _ in partial:
        axis = surface.Axis
        same = []
        for other, s, span in partial:
            offset = s.Center - surface.Center
            across = offset - axis * offset.dot(axis)
            if (
                abs(s.Radius - surface.Radius) <= 1e-6
                and abs(abs(s.Axis.dot(axis)) - 1) <= _AXIS_TOL
                and across.Length <= 1e-6
            ):
                same.append((other, span))
        if sum(span for _, span in same) >= 2 * math.pi - _ANGLE_TOL:
            whole.add(index)
    return whole


def find_rounds(solid: Any, slot_faces: set[int]) -> list[dict[str, Any]]:
    """Fillet-like faces grouped by radius: partial cylinders (not slot ends, not pieces of a whole
    turn) and tori (by their tube radius, concave when the material lies outside the tube)."""
    groups: dict[tuple[float, bool], int] = {}
    concave = {f["index"] for f in concave_faces(solid)}
    whole = _whole_turns(solid)
    for index, face in enumerate(solid.Faces):
        surface = face.Surface
        if isinstance(surface, Part.Cylinder):
            u0, u1, _, _ = face.ParameterRange
            if u1 - u0 >= 2 * math.pi - _ANGLE_TOL or index in slot_faces or index in whole:
                continue
            key = (round(surface.Radius, 4), index in concave)
        elif isinstance(surface, Part.Toroid):
            key = (round(surface.MinorRadius, 4), _torus_concave(face))
        else:
            continue
        groups[key] = groups.get(key, 0) + 1
    return [
        {"radius": radius, "concave": concave_side, "faces": count}
        for (radius, concave_side), count in sorted(groups.items())
    ]


def _width_across(face: Any) -> float:
    """How wide a planar face is across its longest straight edge (a chamfer's bevel width)."""
    lines = [e for e in face.Edges if isinstance(e.Curve, Part.Line) and e.Length > _AXIS_TOL]
    if not lines:
        return float(min((e.Length for e in face.Edges), default=0.0))
    longest = max(lines, key=lambda e: e.Length)
    start = longest.Vertexes[0].Point
    direction = longest.Vertexes[-1].Point - start
    direction.normalize()
    far = 0.0
    for vertex in face.Vertexes:
        offset = vertex.Point - start
        far = max(far, (offset - direction * offset.dot(direction)).Length)
    return far


def _chamfer_cone(face: Any, concave: set[int], index: int) -> float | None:
    """The slant width of a convex 45 degree conical face (a chamfered round edge), else None."""
    surface = face.Surface
    if not isinstance(surface, Part.Cone) or index in concave:
        return None
    if abs(abs(surface.SemiAngle) - math.pi / 4) > _ANGLE_TOL:
        return None
    _, _, v0, v1 = face.ParameterRange
    return float(v1 - v0)


def find_chamfers(solid: Any) -> list[dict[str, Any]]:
    """Chamfer faces grouped by width: planar faces along no axis, by their width across their
    longest straight edge (a 45 degree chamfer of d mm on a right-angle edge is d * sqrt(2) wide),
    and convex 45 degree conical faces (a chamfered round edge), by their slant width."""
    groups: dict[float, int] = {}
    concave = {f["index"] for f in concave_faces(solid)}
    for index, face in enumerate(solid.Faces):
        if isinstance(face.Surface, Part.Plane):
            if _axis_index(_outward_normal(face)) is not None:
                continue
            width: float | None = _width_across(face)
        else:
            width = _chamfer_cone(face, concave, index)
        if width is None:
            continue
        key = round(width, 4)
        groups[key] = groups.get(key, 0) + 1
    return [{"width": width, "faces": count} for width, count in sorted(groups.items())]


def find_features(solid: Any) -> dict[str, Any]:
    """Slots, flat faces, fillets and chamfers of one solid (the ShapeFeatures fields)."""
    slots, slot_faces = find_slots(solid)
    return {
        "slots": slots,
        "flats": find_flats(solid),
        "rounds": find_rounds(solid, slot_faces),
        "chamfers": find_chamfers(solid),
    }
