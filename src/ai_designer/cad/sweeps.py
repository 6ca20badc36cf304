"""What lofts, sweeps and pipes build, computed by hand (pure Python, no FreeCAD).

Volumes:

* a ruled loft between two sections of the same kind (circle to circle, rectangle to
  rectangle, polygons with as many sides...) is a prismatoid whose middle section is the
  average of the two, so Simpson's rule ``h/6 (A0 + 4 Am + A1)`` is exact; between different
  kinds (square to circle) the middle section is estimated from the mean of the square roots
  of the areas, within 5%; a smooth loft through three to six evenly spaced sections of one kind
  is one polynomial through them (FreeCAD interpolates the sections' sizes), so its area is
  integrated exactly; other smooth lofts are given 30% either side of the ruled volume;
* a sweep along a line or a polyline with mitred corners is ``area x path length`` (Pappus,
  the profile's centroid on the path); along an arc ``angle x (R A - Mu)`` with ``Mu`` the first
  moment of the profile about its v axis; along a helix ``area x helix length`` within 2%
  (OCCT approximates the helix);
* a pipe is the sweep of its outer circle less that of its inner circle.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import replace

from ai_designer.cad import facts as F
from ai_designer.cad.analysis import extrude_facts
from ai_designer.cad.facts import Facts, Interval
from ai_designer.cad.geometry import Box3, Vec
from ai_designer.cad.profiles import first_moment_u, profile_area, profile_bounds
from ai_designer.schemas.task_graph import (
    ArcPath,
    CircleProfile,
    ExtrudeOp,
    HelixPath,
    LinePath,
    LoftOp,
    PipeOp,
    PolygonProfile,
    PolylinePath,
    PolylineProfile,
    Profile,
    RectangleProfile,
    SlotProfile,
    SweepOp,
    SweepPath,
)

#: Relative slack on a loft between sections of different kinds, and on smooth lofts not computed exactly.
MIXED_LOFT_SLACK = 0.05
SMOOTH_LOFT_SLACK = 0.30
#: Relative slack on helix sweeps (OCCT's helix is an approximation).
HELIX_SLACK = 0.02
#: Relative slack on the volume of an off-centre polyline profile swept along a polyline.
OFF_CENTRE_SLACK = 0.05


# --------------------------------------------------------------------------- lofts


#: Numeric fields of each profile kind that a loft blends between sections.
_BLENDED = {
    "circle": ("radius",),
    "rectangle": ("length", "width", "corner_radius"),
    "polygon": ("circumradius",),
    "slot": ("length", "width"),
}
#: Most sections a smooth loft interpolates with one polynomial (FreeCAD's Part::Loft MaxDegree is 5).
SMOOTH_EXACT_SECTIONS = 6
#: Steps of the Simpson integration over a smooth loft's height (its area is a polynomial of z).
SMOOTH_STEPS = 600


def blend(profiles: list[Profile], weights: list[float]) -> Profile | None:
    """The profile whose sizes are the weighted sum of the given ones' (None unless all are alike).

    A ruled loft's middle section is the blend with weights (1/2, 1/2); a smooth loft's section at
    a height is the blend with the Lagrange weights of that height.
    """
    first = profiles[0]
    fields = _BLENDED.get(first.shape)
    if fields is None or any(p.shape != first.shape for p in profiles):
        return None
    if isinstance(first, PolygonProfile) and any(
        isinstance(p, PolygonProfile) and p.sides != first.sides for p in profiles
    ):
        return None
    if isinstance(first, RectangleProfile):
        rounded = {isinstance(p, RectangleProfile) and p.corner_radius > 0 for p in profiles}
        if len(rounded) > 1:
            return None

    def mix(field: str) -> float:
        return sum(w * float(getattr(p, field)) for p, w in zip(profiles, weights, strict=True))

    if isinstance(first, CircleProfile):
        return CircleProfile.model_construct(radius=mix("radius"))
    if isinstance(first, RectangleProfile):
        return RectangleProfile.model_construct(
            length=mix("length"), width=mix("width"), corner_radius=mix("corner_radius")
        )
    if isinstance(first, PolygonProfile):
        return PolygonProfile.model_construct(sides=first.sides, circumradius=mix("circumradius"))
    return SlotProfile.model_construct(length=mix("length"), width=mix("width"))


def loft_segment_volume(a: Profile, b: Profile, height: float) -> Interval:
    """Volume of a ruled loft between two sections ``height`` apart."""
    area_a, area_b = profile_area(a), profile_area(b)
    middle = blend([a, b], [0.5, 0.5])
    if middle is not None:
        return Interval.exactly(height / 6 * (area_a + 4 * profile_area(middle) + area_b))
    mean = ((math.sqrt(area_a) + math.sqrt(area_b)) / 2) ** 2
    estimate = height / 6 * (area_a + 4 * mean + area_b)
    return Interval(estimate * (1 - MIXED_LOFT_SLACK), estimate * (1 + MIXED_LOFT_SLACK))


def _lagrange(nodes: list[float], x: float) -> list[float]:
    weights = []
    for i, xi in enumerate(nodes):
        w = 1.0
        for j, xj in enumerate(nodes):
            if j != i:
                w *= (x - xj) / (xi - xj)
        weights.append(w)
    return weights


def _smooth_loft(op: LoftOp) -> Facts | None:
    """Exact facts of a smooth loft through evenly spaced sections of one kind, else None."""
    zs = [s.z for s in op.sections]
    gaps = [b - a for a, b in itertools.pairwise(zs)]
    profiles = [s.profile for s in op.sections]
    if len(zs) > SMOOTH_EXACT_SECTIONS or max(gaps) - min(gaps) > 1e-9 * max(gaps):
        return None
    if blend(profiles, [1.0 / len(profiles)] * len(profiles)) is None:
        return None
    step = (zs[-1] - zs[0]) / SMOOTH_STEPS
    areas, bounds = [], []
    for k in range(SMOOTH_STEPS + 1):
        section = blend(profiles, _lagrange(zs, zs[0] + k * step))
        assert section is not None
        areas.append(profile_area(section))
        bounds.append(profile_bounds(section))
    simpson = (
        areas[0]
        + areas[-1]
        + sum((4 if k % 2 else 2) * a for k, a in enumerate(areas) if 0 < k < SMOOTH_STEPS)
    )
    box = Box3(
        (min(b.u0 for b in bounds), min(b.v0 for b in bounds), zs[0]),
        (max(b.u1 for b in bounds), max(b.v1 for b in bounds), zs[-1]),
    )
    return Facts(box, True, Interval.exactly(simpson * step / 3), 1, None)


def loft_facts(op: LoftOp) -> Facts:
    """Facts of a loft at its canonical spot (sections centred on the Z axis)."""
    if not op.ruled and len(op.sections) > 2:
        smooth = _smooth_loft(op)
        if smooth is not None:
            return smooth
    volume = Interval.exactly(0.0)
    for lower, upper in itertools.pairwise(op.sections):
        volume = volume.plus(loft_segment_volume(lower.profile, upper.profile, upper.z - lower.z))
    guessed = not op.ruled and len(op.sections) > 2
    if guessed and volume.hi is not None:
        volume = Interval(volume.lo * (1 - SMOOTH_LOFT_SLACK), volume.hi * (1 + SMOOTH_LOFT_SLACK))
    bounds = [profile_bounds(s.profile) for s in op.sections]
    box = Box3(
        (min(b.u0 for b in bounds), min(b.v0 for b in bounds), op.sections[0].z),
        (max(b.u1 for b in bounds), max(b.v1 for b in bounds), op.sections[-1].z),
    )
    return Facts(box, not guessed, volume, 1, None)


# --------------------------------------------------------------------------- paths


def polyline_corners(path: PolylinePath) -> list[Vec]:
    """The corners of a polyline path, the origin first."""
    return [(0.0, 0.0, 0.0), *path.points]


def _sub(a: Vec, b: Vec) -> Vec:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def _norm(a: Vec) -> float:
    return math.sqrt(a[0] ** 2 + a[1] ** 2 + a[2] ** 2)


def turn_angles(path: PolylinePath) -> list[float]:
    """The turn (degrees) at each inner corner of a polyline path."""
    corners = polyline_corners(path)
    turns = []
    for prev, here, nxt in zip(corners, corners[1:], corners[2:], strict=False):
        a, b = _sub(here, prev), _sub(nxt, here)
        cosine = sum(x * y for x, y in zip(a, b, strict=True)) / (_norm(a) * _norm(b))
        turns.append(math.degrees(math.acos(max(-1.0, min(1.0, cosine)))))
    return turns


def path_length(path: SweepPath) -> float:
    """Length of the path (of the helix's centre line for a helix)."""
    if isinstance(path, LinePath):
        return path.length
    if isinstance(path, ArcPath):
        return path.radius * math.radians(path.angle)
    if isinstance(path, PolylinePath):
        corners = polyline_corners(path)
        return sum(_norm(_sub(b, a)) for a, b in itertools.pairwise(corners))
    return path.turns * math.hypot(2 * math.pi * path.radius, path.pitch)


def profile_reach(profile: Profile) -> float:
    """Radius around the profile's origin that holds it (its bounding rectangle's, unless round)."""
    if isinstance(profile, CircleProfile):
        return profile.radius
    if isinstance(profile, PolygonProfile):
        return profile.circumradius
    b = profile_bounds(profile)
    return max(math.hypot(u, v) for u in (b.u0, b.u1) for v in (b.v0, b.v1))


# --------------------------------------------------------------------------- sweeps


def sweep_facts(op: SweepOp) -> Facts:
    """Facts of a sweep at its canonical spot (the path starts at the origin)."""
    return swept(op.profile, op.path)


def swept(profile: Profile, path: SweepPath) -> Facts:
    """Facts of ``profile`` swept along ``path``."""
    if isinstance(path, LinePath):
        return replace(extrude_facts(ExtrudeOp(profile=profile, distance=path.length)), holes=None)
    area = profile_area(profile)
    if isinstance(path, ArcPath):
        return _arc_facts(profile, path, area)
    if isinstance(path, PolylinePath):
        return _polyline_facts(profile, path, area)
    return _helix_facts(profile, path, area)


def _arc_facts(profile: Profile, path: ArcPath, area: float) -> Facts:
    moment = first_moment_u(profile) if isinstance(profile, PolylineProfile) else 0.0
    volume = math.radians(path.angle) * (path.radius * area - moment)
    b = profile_bounds(profile)
    # in the XZ plane the profile point at u is path.radius - u from the bend centre (path.radius, 0)
    ring = F.ring_extent(path.radius - b.u1, path.radius - b.u0, path.angle)
    box = Box3((path.radius - ring.u1, b.v0, ring.v0), (path.radius - ring.u0, b.v1, ring.v1))
    return Facts(box, True, Interval.exactly(volume), 1, None)


def _polyline_facts(profile: Profile, path: PolylinePath, area: float) -> Facts:
    volume = area * path_length(path)
    slack = OFF_CENTRE_SLACK if isinstance(profile, PolylineProfile) else 0.0
    turns = turn_angles(path)
    stretch = max([1.0] + [1 / math.cos(math.radians(t / 2)) for t in turns])
    reach = profile_reach(profile) * stretch
    corners = polyline_corners(path)
    around = Box3.around(corners)
    box = Box3(
        (around.lo[0] - reach, around.lo[1] - reach, around.lo[2] - reach),
        (around.hi[0] + reach, around.hi[1] + reach, around.hi[2] + reach),
    )
    return Facts(box, False, Interval(volume * (1 - slack), volume * (1 + slack)), 1, None)


def _helix_facts(profile: Profile, path: HelixPath, area: float) -> Facts:
    volume = area * path_length(path)
    reach = profile_reach(profile)
    r = path.radius + reach
    box = Box3((-r, -r, -reach), (r, r, path.pitch * path.turns + reach))
    return Facts(box, False, Interval(volume * (1 - HELIX_SLACK), volume * (1 + HELIX_SLACK)), 1, None)


def pipe_facts(op: PipeOp) -> Facts:
    """Facts of a pipe at its canonical spot: the outer sweep less the inner one."""
    outer = swept(CircleProfile(radius=op.outer_diameter / 2), op.path)
    inner = swept(CircleProfile(radius=op.inner_diameter / 2), op.path)
    hi = outer.volume.hi
    volume = Interval(
        max(outer.volume.lo - (inner.volume.hi or 0.0), 0.0),
        None if hi is None else hi - inner.volume.lo,
    )
    return Facts(outer.bbox, outer.exact_bbox, volume, 1, None)
