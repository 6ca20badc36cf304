"""Facts: what is known about a solid before it is built, and how placements and unions change it.

A :class:`Facts` holds a bounding box (tight or only an outer bound), a volume
interval, solid and hole counts (None when unknown) and three kinds of evidence
used to reason about contact and material removal:

* ``core`` - a box known to be solid material (overlapping cores mean two solids fuse);
* ``flats`` - planar outer faces (touching opposite flats mean two solids fuse);
* ``sections`` - the solid is a right prism along an axis with at least this
  cross-section, apart from the ``cuts`` boxes already carved or added, so a
  feature inside a section removes an exactly known volume; ``round_cuts`` are the cuts made
  by round tools (holes, round pockets), which have no straight edges.

Every function here is pure Python and errs on the side of "unknown".
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ai_designer.cad.geometry import EPS, Box3, Vec, is_right_angle_multiple, rotate_point
from ai_designer.cad.regions import Disc2, Rect2, Region, contains, overlap
from ai_designer.schemas.task_graph import Axis


@dataclass(frozen=True)
class Interval:
    """A closed range of values; ``hi`` None means no upper bound is known."""

    lo: float
    hi: float | None

    @staticmethod
    def exactly(value: float) -> Interval:
        """The single value ``value``."""
        return Interval(value, value)

    @property
    def is_exact(self) -> bool:
        """True when the range is a single value."""
        return self.hi is not None and self.hi - self.lo <= 1e-9 * max(1.0, abs(self.hi))

    def plus(self, other: Interval) -> Interval:
        """The range of a sum."""
        hi = None if self.hi is None or other.hi is None else self.hi + other.hi
        return Interval(self.lo + other.lo, hi)

    def shifted(self, lo_delta: float, hi_delta: float) -> Interval:
        """``lo + lo_delta`` to ``hi + hi_delta``, never below zero."""
        hi = None if self.hi is None else max(self.hi + hi_delta, 0.0)
        return Interval(max(self.lo + lo_delta, 0.0), hi)

    def times(self, factor: int) -> Interval:
        """The range of ``factor`` times the value."""
        return Interval(self.lo * factor, None if self.hi is None else self.hi * factor)


UNKNOWN_VOLUME = Interval(0.0, None)


def other_axes(axis: int) -> tuple[int, int]:
    """The two axes spanning a plane normal to ``axis``, in ascending order (they are the face's u, v)."""
    first, second = [k for k in range(3) if k != axis]
    return first, second


@dataclass(frozen=True)
class Flat:
    """A planar outer face normal to ``axis`` (outward ``sign``) at ``coord`` covering ``region``."""

    axis: int
    sign: int
    coord: float
    region: Region


@dataclass(frozen=True)
class Section:
    """The solid is a prism along ``axis`` from ``lo`` to ``hi`` covering at least ``region``.

    ``exact`` means ``region`` is the whole cross-section (not just a part of it).
    """

    axis: int
    region: Region
    lo: float
    hi: float
    exact: bool


@dataclass(frozen=True)
class RoundedBlock:
    """A block ``box`` whose four edges along ``axis`` are rounded to ``radius`` (a rounded-corner
    plate), so that the outline of each end is a rounded rectangle."""

    axis: int
    radius: float
    box: Box3

    @property
    def volume(self) -> float:
        """Volume in mm³."""
        return self.box.volume - 4 * (1 - math.pi / 4) * self.radius**2 * self.box.size[self.axis]

    @property
    def perimeter(self) -> float:
        """Length of the rounded rectangle at each end."""
        u, v = other_axes(self.axis)
        straight = 2 * (self.box.size[u] + self.box.size[v]) - 8 * self.radius
        return straight + 2 * math.pi * self.radius


@dataclass(frozen=True)
class Facts:
    """Everything known about a node's result before it is built.

    ``rounded`` says the solid is a :class:`RoundedBlock`; it is trusted only while the box and
    the exact volume still agree with it and nothing was cut (:attr:`rounded_block`).
    """

    bbox: Box3 | None
    exact_bbox: bool
    volume: Interval
    solids: int | None
    holes: int | None
    core: Box3 | None = None
    flats: tuple[Flat, ...] = ()
    sections: tuple[Section, ...] = ()
    cuts: tuple[Box3, ...] = ()
    round_cuts: tuple[Box3, ...] = ()
    rounded: RoundedBlock | None = None

    @property
    def rounded_block(self) -> RoundedBlock | None:
        """The rounded block this solid is, when that still holds."""
        block = self.rounded
        if block is None or self.bbox is None or not self.exact_bbox or not self.volume.is_exact or self.cuts:
            return None
        same_box = all(
            abs(a - b) <= EPS
            for a, b in zip((*self.bbox.lo, *self.bbox.hi), (*block.box.lo, *block.box.hi), strict=True)
        )
        same_volume = abs(self.volume.lo - block.volume) <= 1e-9 * max(1.0, block.volume)
        return block if same_box and same_volume else None

    @property
    def is_cuboid(self) -> bool:
        """True when the solid is exactly its bounding box (an untouched block)."""
        return (
            self.bbox is not None
            and self.exact_bbox
            and self.volume.is_exact
            and abs(self.volume.lo - self.bbox.volume) <= 1e-9 * max(1.0, self.bbox.volume)
            and not self.cuts
        )


UNKNOWN = Facts(bbox=None, exact_bbox=False, volume=UNKNOWN_VOLUME, solids=None, holes=None)


def region_box(axis: int, coord: float, region: Region) -> Box3:
    """The (flat) box around a region lying in the plane ``x[axis] = coord``."""
    u, v = other_axes(axis)
    if isinstance(region, Rect2):
        lo_uv, hi_uv = (region.u0, region.v0), (region.u1, region.v1)
    else:
        lo_uv = (region.cu - region.r, region.cv - region.r)
        hi_uv = (region.cu + region.r, region.cv + region.r)
    lo, hi = [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]
    lo[axis] = hi[axis] = coord
    lo[u], lo[v], hi[u], hi[v] = lo_uv[0], lo_uv[1], hi_uv[0], hi_uv[1]
    return Box3((lo[0], lo[1], lo[2]), (hi[0], hi[1], hi[2]))


def _point_in_plane(axis: int, point: Vec) -> tuple[float, float]:
    u, v = other_axes(axis)
    return point[u], point[v]


# --------------------------------------------------------------------------- moving facts


def translate(facts: Facts, delta: Vec) -> Facts:
    """The facts of the solid moved by ``delta``."""
    if facts.bbox is None:
        return facts

    def shift_region(axis: int, region: Region) -> Region:
        du, dv = _point_in_plane(axis, delta)
        return region.shifted(du, dv)

    return replace(
        facts,
        bbox=facts.bbox.translated(delta),
        core=None if facts.core is None else facts.core.translated(delta),
        flats=tuple(
            Flat(f.axis, f.sign, f.coord + delta[f.axis], shift_region(f.axis, f.region)) for f in facts.flats
        ),
        sections=tuple(
            Section(
                s.axis, shift_region(s.axis, s.region), s.lo + delta[s.axis], s.hi + delta[s.axis], s.exact
            )
            for s in facts.sections
        ),
        cuts=tuple(c.translated(delta) for c in facts.cuts),
        round_cuts=tuple(c.translated(delta) for c in facts.round_cuts),
        rounded=None
        if facts.rounded is None
        else replace(facts.rounded, box=facts.rounded.box.translated(delta)),
    )


def _turn_axis(axis: int, turn: Axis, angle: float) -> tuple[int, int]:
    """(new axis, sign) of the unit vector along ``axis`` after a quarter-turn rotation."""
    unit = [0.0, 0.0, 0.0]
    unit[axis] = 1.0
    turned = rotate_point((unit[0], unit[1], unit[2]), turn, angle)
    new_axis = max(range(3), key=lambda k: abs(turned[k]))
    return new_axis, 1 if turned[new_axis] > 0 else -1


def _turn_region(axis: int, coord: float, region: Region, turn: Axis, angle: float, about: Vec) -> Region:
    new_axis, _ = _turn_axis(axis, turn, angle)
    if isinstance(region, Rect2):
        box = region_box(axis, coord, region).rotated(turn, angle, about)
        u, v = other_axes(new_axis)
        return Rect2(box.lo[u], box.lo[v], box.hi[u], box.hi[v])
    centre = [0.0, 0.0, 0.0]
    centre[axis] = coord
    u, v = other_axes(axis)
    centre[u], centre[v] = region.cu, region.cv
    cu, cv = _point_in_plane(new_axis, rotate_point((centre[0], centre[1], centre[2]), turn, angle, about))
    return Disc2(cu, cv, region.r)


def rotate(facts: Facts, turn: Axis, angle: float, about: Vec) -> Facts:
    """The facts of the solid turned by ``angle`` degrees about ``turn`` through ``about``.

    Quarter turns keep everything; other angles keep only an outer bounding box.
    """
    if facts.bbox is None or abs(angle % 360.0) < 1e-12:
        return facts
    bbox = facts.bbox.rotated(turn, angle, about)
    if not is_right_angle_multiple(angle):
        return replace(
            facts, bbox=bbox, exact_bbox=False, core=None, flats=(), sections=(), cuts=(), rounded=None
        )
    flats = []
    for f in facts.flats:
        axis, sign = _turn_axis(f.axis, turn, angle)
        coord = rotate_point(region_box(f.axis, f.coord, f.region).center, turn, angle, about)[axis]
        flats.append(
            Flat(axis, sign * f.sign, coord, _turn_region(f.axis, f.coord, f.region, turn, angle, about))
        )
    sections = []
    for s in facts.sections:
        axis, _ = _turn_axis(s.axis, turn, angle)
        ends = [
            rotate_point(region_box(s.axis, c, s.region).center, turn, angle, about)[axis]
            for c in (s.lo, s.hi)
        ]
        region = _turn_region(s.axis, s.lo, s.region, turn, angle, about)
        sections.append(Section(axis, region, min(ends), max(ends), s.exact))
    return replace(
        facts,
        bbox=bbox,
        core=None if facts.core is None else facts.core.rotated(turn, angle, about),
        flats=tuple(flats),
        sections=tuple(sections),
        cuts=tuple(c.rotated(turn, angle, about) for c in facts.cuts),
        round_cuts=tuple(c.rotated(turn, angle, about) for c in facts.round_cuts),
        rounded=None,
    )


def mirror(facts: Facts, axis: int, coord: float) -> Facts:
    """The facts of the solid reflected in the plane ``x[axis] = coord``."""
    if facts.bbox is None:
        return facts

    def reflect_region(plane_axis: int, region: Region) -> Region:
        if plane_axis == axis:
            return region
        u, _ = other_axes(plane_axis)
        if isinstance(region, Rect2):
            if u == axis:
                return Rect2(2 * coord - region.u1, region.v0, 2 * coord - region.u0, region.v1)
            return Rect2(region.u0, 2 * coord - region.v1, region.u1, 2 * coord - region.v0)
        if u == axis:
            return Disc2(2 * coord - region.cu, region.cv, region.r)
        return Disc2(region.cu, 2 * coord - region.cv, region.r)

    flats = tuple(
        Flat(
            f.axis,
            -f.sign if f.axis == axis else f.sign,
            2 * coord - f.coord if f.axis == axis else f.coord,
            reflect_region(f.axis, f.region),
        )
        for f in facts.flats
    )
    sections = tuple(
        Section(
            s.axis,
            reflect_region(s.axis, s.region),
            2 * coord - s.hi if s.axis == axis else s.lo,
            2 * coord - s.lo if s.axis == axis else s.hi,
            s.exact,
        )
        for s in facts.sections
    )
    return replace(
        facts,
        bbox=facts.bbox.mirrored(axis, coord),
        core=None if facts.core is None else facts.core.mirrored(axis, coord),
        flats=flats,
        sections=sections,
        cuts=tuple(c.mirrored(axis, coord) for c in facts.cuts),
        round_cuts=tuple(c.mirrored(axis, coord) for c in facts.round_cuts),
        rounded=None
        if facts.rounded is None
        else replace(facts.rounded, box=facts.rounded.box.mirrored(axis, coord)),
    )


def orient(facts: Facts, axis: Axis) -> Facts:
    """Facts built along +Z turned so that +Z becomes +``axis`` (as the compiler orients primitives)."""
    if axis == "x":
        return rotate(facts, "y", 90.0, (0.0, 0.0, 0.0))
    if axis == "y":
        return rotate(facts, "x", -90.0, (0.0, 0.0, 0.0))
    return facts


# --------------------------------------------------------------------------- combining facts


def _flats_touch(a: Facts, b: Facts) -> bool:
    return any(
        fa.axis == fb.axis
        and fa.sign == -fb.sign
        and abs(fa.coord - fb.coord) <= EPS
        and overlap(fa.region, fb.region)
        for fa in a.flats
        for fb in b.flats
    )


def fused(a: Facts, b: Facts) -> bool:
    """True when the two solids certainly share material or a face area (their union is connected)."""
    if a.core is not None and b.core is not None and a.core.intersection(b.core) is not None:
        return True
    return _flats_touch(a, b)


def _volumes_overlap(a: Facts, b: Facts) -> bool:
    return a.bbox is None or b.bbox is None or a.bbox.intersection(b.bbox) is not None


def _components(parts: Sequence[Facts]) -> list[list[int]]:
    """Groups of parts joined by certain contact."""
    group = list(range(len(parts)))

    def find(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for i in range(len(parts)):
        for j in range(i + 1, len(parts)):
            if fused(parts[i], parts[j]):
                group[find(i)] = find(j)
    members: dict[int, list[int]] = {}
    for i in range(len(parts)):
        members.setdefault(find(i), []).append(i)
    return list(members.values())


def _union_solids(parts: Sequence[Facts]) -> int | None:
    components = _components(parts)
    for x, first in enumerate(components):
        for second in components[x + 1 :]:
            for i in first:
                for j in second:
                    bi, bj = parts[i].bbox, parts[j].bbox
                    if bi is None or bj is None or not bi.separated_from(bj):
                        return None
    count = 0
    for component in components:
        solids = [parts[i].solids for i in component]
        if any(s is None for s in solids):
            return None
        if len(component) == 1:
            count += solids[0] or 0
        elif all(s == 1 for s in solids):
            count += 1
        else:
            return None
    return count


def _kept_flats(parts: Sequence[Facts]) -> tuple[Flat, ...]:
    """Flats of each part that no other part's box reaches (they stay outer faces of the union)."""
    kept = []
    for i, part in enumerate(parts):
        for flat in part.flats:
            face = region_box(flat.axis, flat.coord, flat.region)
            covered = False
            for j, other in enumerate(parts):
                if j == i:
                    continue
                if other.bbox is None:
                    covered = True
                    break
                k = flat.axis
                u, v = other_axes(k)
                within = other.bbox.lo[k] - EPS <= flat.coord <= other.bbox.hi[k] + EPS
                spans = all(
                    min(face.hi[a], other.bbox.hi[a]) - max(face.lo[a], other.bbox.lo[a]) > EPS
                    for a in (u, v)
                )
                if within and spans:
                    covered = True
                    break
            if not covered:
                kept.append(flat)
    return tuple(kept)


def _spanning_section(part: Facts, axis: int) -> Section | None:
    """A section of ``part`` along ``axis`` running its whole length (a part without cuts)."""
    if part.bbox is None or not part.exact_bbox or part.cuts:
        return None
    for s in part.sections:
        if s.axis == axis and abs(s.lo - part.bbox.lo[axis]) <= EPS and abs(s.hi - part.bbox.hi[axis]) <= EPS:
            return s
    return None


def _shared_region(regions: list[Region]) -> Region | None:
    """A region inside every one of ``regions`` (concentric discs, overlapping rectangles), if any."""
    if all(isinstance(r, Disc2) for r in regions):
        discs = [r for r in regions if isinstance(r, Disc2)]
        if all(abs(d.cu - discs[0].cu) <= EPS and abs(d.cv - discs[0].cv) <= EPS for d in discs):
            return min(discs, key=lambda d: d.r)
        return None
    if all(isinstance(r, Rect2) for r in regions):
        rects = [r for r in regions if isinstance(r, Rect2)]
        shared = Rect2(
            max(r.u0 for r in rects),
            max(r.v0 for r in rects),
            min(r.u1 for r in rects),
            min(r.v1 for r in rects),
        )
        return shared if shared.u1 - shared.u0 > EPS and shared.v1 - shared.v0 > EPS else None
    smallest = min(regions, key=lambda r: r.area)
    return smallest if all(contains(r, smallest) for r in regions) else None


def _stacked_sections(parts: Sequence[Facts]) -> tuple[Section, ...]:
    """The section of solids stacked end to end along one axis (a boss on a disc, a stepped
    shaft): the cross-section they all share, from the first one's end to the last one's."""
    for axis in range(3):
        found = [_spanning_section(p, axis) for p in parts]
        sections = sorted((s for s in found if s is not None), key=lambda s: s.lo)
        if len(sections) < len(parts):
            continue
        if any(abs(b.lo - a.hi) > EPS for a, b in itertools.pairwise(sections)):
            continue
        region = _shared_region([s.region for s in sections])
        if region is not None:
            return (Section(axis, region, sections[0].lo, sections[-1].hi, exact=False),)
    return ()


def union(parts: Sequence[Facts]) -> Facts:
    """The facts of the union of several solids (touching or overlapping ones fuse)."""
    if len(parts) == 1:
        return parts[0]
    boxes = [p.bbox for p in parts]
    bbox: Box3 | None = None
    if all(b is not None for b in boxes):
        bbox = boxes[0]
        for b in boxes[1:]:
            if bbox is not None and b is not None:
                bbox = bbox.union(b)
    overlapping = any(
        _volumes_overlap(parts[i], parts[j]) for i in range(len(parts)) for j in range(i + 1, len(parts))
    )
    volume = Interval(0.0, 0.0)
    for p in parts:
        volume = volume.plus(p.volume)
    if overlapping:
        volume = Interval(max(p.volume.lo for p in parts), volume.hi)
    holes: int | None = None
    if not overlapping and all(p.holes is not None for p in parts):
        holes = sum(p.holes or 0 for p in parts)
    cores = [p.core for p in parts if p.core is not None]
    return Facts(
        bbox=bbox,
        exact_bbox=bbox is not None and all(p.exact_bbox for p in parts),
        volume=volume,
        solids=_union_solids(parts),
        holes=holes,
        core=max(cores, key=lambda c: c.volume) if cores else None,
        flats=_kept_flats(parts),
        sections=_stacked_sections(parts),
    )


# --------------------------------------------------------------------------- primitives


def _square_core(radius: float, lo: float, hi: float) -> Box3 | None:
    """A box inside a cylinder of ``radius`` along Z from ``lo`` to ``hi``."""
    half = radius / math.sqrt(2)
    return Box3((-half, -half, lo), (half, half, hi)) if half > EPS and hi - lo > EPS else None


def box_facts(length: float, width: float, height: float) -> Facts:
    """A block from the origin to (length, width, height)."""
    box = Box3((0.0, 0.0, 0.0), (length, width, height))
    flats, sections = [], []
    for axis in range(3):
        u, v = other_axes(axis)
        rect = Rect2(box.lo[u], box.lo[v], box.hi[u], box.hi[v])
        flats += [Flat(axis, -1, box.lo[axis], rect), Flat(axis, 1, box.hi[axis], rect)]
        sections.append(Section(axis, rect, box.lo[axis], box.hi[axis], exact=True))
    return Facts(box, True, Interval.exactly(box.volume), 1, 0, box, tuple(flats), tuple(sections))


def prism_facts(
    region: Region, area: float, lo: float, hi: float, *, exact_region: bool, bounds: Rect2
) -> Facts:
    """A right prism along Z from ``lo`` to ``hi`` with cross-section ``area`` inside ``bounds``.

    ``region`` is the whole cross-section when ``exact_region``, else a part known to be inside it.
    """
    box = Box3((bounds.u0, bounds.v0, lo), (bounds.u1, bounds.v1, hi))
    if isinstance(region, Rect2):
        core: Box3 | None = Box3((region.u0, region.v0, lo), (region.u1, region.v1, hi))
    else:
        core = _square_core(region.r, lo, hi)
        if core is not None:
            core = core.translated((region.cu, region.cv, 0.0))
    flats = (Flat(2, -1, lo, region), Flat(2, 1, hi, region))
    return Facts(
        box,
        True,
        Interval.exactly(area * (hi - lo)),
        1,
        0,
        core,
        flats,
        (Section(2, region, lo, hi, exact_region),),
    )


def cylinder_facts(radius: float, height: float) -> Facts:
    """A cylinder on the Z axis from z=0 to ``height``."""
    disc = Disc2(0.0, 0.0, radius)
    return prism_facts(
        disc,
        math.pi * radius * radius,
        0.0,
        height,
        exact_region=True,
        bounds=Rect2(-radius, -radius, radius, radius),
    )


def sphere_facts(radius: float, hemisphere: bool) -> Facts:
    """A sphere at the origin, or its upper half (flat face on z=0)."""
    if hemisphere:
        half = radius / 2
        return Facts(
            Box3((-radius, -radius, 0.0), (radius, radius, radius)),
            True,
            Interval.exactly(2 / 3 * math.pi * radius**3),
            1,
            0,
            Box3((-half, -half, 0.0), (half, half, radius / math.sqrt(2))),
            (Flat(2, -1, 0.0, Disc2(0.0, 0.0, radius)),),
        )
    half = radius / math.sqrt(3)
    return Facts(
        Box3((-radius, -radius, -radius), (radius, radius, radius)),
        True,
        Interval.exactly(4 / 3 * math.pi * radius**3),
        1,
        0,
        Box3((-half, -half, -half), (half, half, half)),
    )


def cone_facts(radius_bottom: float, radius_top: float, height: float) -> Facts:
    """A cone or frustum on the Z axis from z=0 (``radius_bottom``) to ``height`` (``radius_top``)."""
    r = max(radius_bottom, radius_top)

    def radius_at(t: float) -> float:
        return radius_bottom + (radius_top - radius_bottom) * t

    flats = []
    if radius_bottom > EPS:
        flats.append(Flat(2, -1, 0.0, Disc2(0.0, 0.0, radius_bottom)))
    if radius_top > EPS:
        flats.append(Flat(2, 1, height, Disc2(0.0, 0.0, radius_top)))
    volume = math.pi * height / 3 * (radius_bottom**2 + radius_bottom * radius_top + radius_top**2)
    narrow = min(radius_bottom, radius_top)
    # every cross-section holds the smaller end's disc: a bore inside it removes a known volume
    sections = (Section(2, Disc2(0.0, 0.0, narrow), 0.0, height, exact=False),) if narrow > EPS else ()
    return Facts(
        Box3((-r, -r, 0.0), (r, r, height)),
        True,
        Interval.exactly(volume),
        1,
        0,
        _square_core(min(radius_at(0.25), radius_at(0.75)), height / 4, 3 * height / 4),
        tuple(flats),
        sections,
    )


def torus_facts(major: float, minor: float) -> Facts:
    """A torus centred on the origin, ring in the XY plane."""
    r = major + minor
    half = minor / math.sqrt(3)
    return Facts(
        Box3((-r, -r, -minor), (r, r, minor)),
        True,
        Interval.exactly(2 * math.pi**2 * major * minor**2),
        1,
        0,
        Box3((major - half, -half, -half), (major + half, half, half)),
    )


def pyramid_facts(length: float, width: float, height: float, top_length: float, top_width: float) -> Facts:
    """A rectangular pyramid or frustum, base centred on the origin, apex up."""
    half_l, half_w = max(length, top_length) / 2, max(width, top_width) / 2
    mid = ((length + top_length) / 2) * ((width + top_width) / 2)
    volume = height / 6 * (length * width + top_length * top_width + 4 * mid)
    flats = [Flat(2, -1, 0.0, Rect2(-length / 2, -width / 2, length / 2, width / 2))]
    if top_length > EPS and top_width > EPS:
        flats.append(
            Flat(2, 1, height, Rect2(-top_length / 2, -top_width / 2, top_length / 2, top_width / 2))
        )
    ql, qw = (length + top_length) / 4, (width + top_width) / 4
    return Facts(
        Box3((-half_l, -half_w, 0.0), (half_l, half_w, height)),
        True,
        Interval.exactly(volume),
        1,
        0,
        Box3((-ql, -qw, 0.0), (ql, qw, height / 2)),
        tuple(flats),
    )


def ring_extent(radius_lo: float, radius_hi: float, angle: float) -> Rect2:
    """Bounds in XY of the part of a ring between two radii swept from 0 to ``angle`` degrees."""
    angles = [0.0, angle] + [90.0 * k for k in range(1, 4) if 90.0 * k < angle]
    points = [
        (r * math.cos(math.radians(a)), r * math.sin(math.radians(a)))
        for r in (radius_lo, radius_hi)
        for a in angles
    ]
    if angle >= 360.0:
        return Rect2(-radius_hi, -radius_hi, radius_hi, radius_hi)
    return Rect2(
        min(p[0] for p in points),
        min(p[1] for p in points),
        max(p[0] for p in points),
        max(p[1] for p in points),
    )


def spring_facts(wire: float, mean_diameter: float, pitch: float, turns: float, left_handed: bool) -> Facts:
    """A round-wire helical spring on the Z axis whose wire centre starts at (R, 0, 0)."""
    radius = mean_diameter / 2
    lead = math.atan2(pitch, 2 * math.pi * radius)
    length = turns * math.hypot(2 * math.pi * radius, pitch)
    volume = math.pi * (wire / 2) ** 2 * length
    middle = math.pi * turns
    centre = (
        radius * math.cos(middle),
        (-1 if left_handed else 1) * radius * math.sin(middle),
        pitch * turns / 2,
    )
    half = wire / (2 * math.sqrt(3))
    core = Box3(
        (centre[0] - half, centre[1] - half, centre[2] - half),
        (centre[0] + half, centre[1] + half, centre[2] + half),
    )
    if turns < 1:
        return Facts(None, False, Interval(volume * 0.98, volume * 1.02), 1, 0, core)
    r = radius + wire / 2
    rise = wire / 2 * math.cos(lead)
    bbox = Box3((-r, -r, -rise), (r, r, pitch * turns + rise))
    return Facts(bbox, True, Interval(volume * 0.98, volume * 1.02), 1, 0, core)
