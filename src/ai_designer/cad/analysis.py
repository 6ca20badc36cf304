"""Facts for every node of a TaskGraph, walked in dependency order (pure Python, no FreeCAD).

:func:`analyse` gives each node's :class:`~ai_designer.cad.facts.Facts`: bounding
box, volume interval, solid and hole counts. The graph checks use the boxes to
reject impossible parameters, and :func:`~ai_designer.cad.expectations.derive_expectations`
turns the facts of the outputs into what the finished part should measure.
The graph must be structurally valid (unique ids, known references, no cycles).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import replace

from ai_designer.cad import dag
from ai_designer.cad import facts as F
from ai_designer.cad.edge_picks import SIDE_OF_SELECTOR, geometric_selectors, picked_edges, prism_section
from ai_designer.cad.facts import Facts, Flat, Interval, RoundedBlock, Section, other_axes, region_box
from ai_designer.cad.gear import GearGeometry
from ai_designer.cad.geometry import (
    AXIS_INDEX,
    EPS,
    FACE_FRAMES,
    PLANE_NORMAL,
    Box3,
    Vec,
    is_right_angle_multiple,
)
from ai_designer.cad.positions import hole_count, hole_positions, polar_copy_angles
from ai_designer.cad.profiles import (
    first_moment_u,
    has_concave_arcs,
    inscribed_region,
    polygon_vertices,
    profile_area,
    profile_bounds,
)
from ai_designer.cad.regions import Disc2, Rect2, Region, contains, overlap
from ai_designer.schemas.task_graph import (
    BooleanOp,
    BossOp,
    CircleProfile,
    EdgePick,
    ExtrudeOp,
    Face,
    HoleOp,
    MirrorOp,
    Placement,
    PocketOp,
    PolarCopyOp,
    PolygonProfile,
    PolylineProfile,
    PrismOp,
    Profile,
    RectangleProfile,
    RevolveOp,
    ShellOp,
    SpurGearOp,
    TaskGraph,
    TaskNode,
)


def dependency_order(graph: TaskGraph) -> list[TaskNode]:
    """Nodes ordered so that every node comes after what it refers to (ties keep the graph's order)."""
    position = {n.id: i for i, n in enumerate(graph.nodes)}
    edges = [(ref, n.id) for n in graph.nodes for ref in [*n.references(), *n.depends_on]]
    order = dag.dependency_order([n.id for n in graph.nodes], edges)
    if order is None:  # not a DAG: networkx's own error, as before
        import networkx as nx

        graph_of: nx.DiGraph[str] = nx.DiGraph()
        graph_of.add_nodes_from(position)
        graph_of.add_edges_from(edges)
        order = list(
            nx.lexicographical_topological_sort(graph_of, key=lambda node_id: f"{position[node_id]:06d}")
        )
    return [graph.nodes[position[node_id]] for node_id in order]


def prism_facts(op: PrismOp) -> Facts:
    """Facts of a regular polygon prism along +Z at its canonical spot."""
    vertices = polygon_vertices(op.sides, op.circumradius)
    box = Rect2(
        min(p[0] for p in vertices),
        min(p[1] for p in vertices),
        max(p[0] for p in vertices),
        max(p[1] for p in vertices),
    )
    profile = PolygonProfile(sides=op.sides, circumradius=op.circumradius)
    inner = inscribed_region(profile)
    return F.prism_facts(
        inner if inner is not None else Disc2(0.0, 0.0, 0.0),
        profile_area(profile),
        0.0,
        op.height,
        exact_region=False,
        bounds=box,
    )


def extrude_facts(op: ExtrudeOp) -> Facts:
    """Facts of an extruded profile at its canonical spot."""
    lo, hi = (-op.distance / 2, op.distance / 2) if op.symmetric else (0.0, op.distance)
    inner = inscribed_region(op.profile)
    exact_region = isinstance(op.profile, (RectangleProfile, CircleProfile)) and (
        not isinstance(op.profile, RectangleProfile) or op.profile.corner_radius == 0
    )
    along_z = F.prism_facts(
        inner if inner is not None else Disc2(0.0, 0.0, 0.0),
        profile_area(op.profile),
        lo,
        hi,
        exact_region=exact_region,
        bounds=profile_bounds(op.profile),
    )
    if inner is None:
        along_z = replace(along_z, core=None, flats=(), sections=())
    if isinstance(op.profile, PolylineProfile) and has_concave_arcs(op.profile):
        along_z = replace(along_z, holes=None)
    normal = PLANE_NORMAL[op.plane]
    if normal == "y":  # sketch (u, v) -> (x, z), extruded along +y
        return _swap_axes(along_z, (0, 2, 1))
    if normal == "x":  # sketch (u, v) -> (y, z), extruded along +x
        return _swap_axes(along_z, (1, 2, 0))
    return along_z


def _swap_axes(facts: Facts, where: tuple[int, int, int]) -> Facts:
    """Re-label axes: old axis k becomes axis ``where[k]`` (used for sketch planes)."""

    def vec(v: Vec) -> Vec:
        out = [0.0, 0.0, 0.0]
        for k in range(3):
            out[where[k]] = v[k]
        return (out[0], out[1], out[2])

    def box(b: Box3) -> Box3:
        return Box3(vec(b.lo), vec(b.hi))

    def region(axis: int, r: Region) -> Region:
        flat = region_box(axis, 0.0, r)
        moved = box(flat)
        u, v = other_axes(where[axis])
        if isinstance(r, Rect2):
            return Rect2(moved.lo[u], moved.lo[v], moved.hi[u], moved.hi[v])
        c = moved.center
        return Disc2(c[u], c[v], r.r)

    if facts.bbox is None:
        return facts
    return replace(
        facts,
        bbox=box(facts.bbox),
        core=None if facts.core is None else box(facts.core),
        flats=tuple(Flat(where[f.axis], f.sign, f.coord, region(f.axis, f.region)) for f in facts.flats),
        sections=tuple(
            Section(where[s.axis], region(s.axis, s.region), s.lo, s.hi, s.exact) for s in facts.sections
        ),
        cuts=tuple(box(c) for c in facts.cuts),
        round_cuts=tuple(box(c) for c in facts.round_cuts),
    )


def revolve_facts(op: RevolveOp) -> Facts:
    """Facts of a revolved profile (Pappus volume) at its canonical spot."""
    rect = profile_bounds(op.profile)
    ring = F.ring_extent(max(rect.u0, 0.0), rect.u1, op.angle)
    volume = math.radians(op.angle) * abs(first_moment_u(op.profile))
    return Facts(
        Box3((ring.u0, ring.v0, rect.v0), (ring.u1, ring.v1, rect.v1)),
        True,
        Interval.exactly(volume),
        1,
        None,
    )


def gear_facts(op: SpurGearOp) -> Facts:
    """Facts of a spur gear at its canonical spot."""
    gear = GearGeometry(op.module, op.teeth, op.pressure_angle)
    x0, y0, x1, y1 = gear.extents()
    bore = math.pi * (op.bore_diameter / 2) ** 2
    area = gear.area()
    volume = (area - bore) * op.face_width
    root = Disc2(0.0, 0.0, gear.root_radius)
    body = F.prism_facts(root, area, 0.0, op.face_width, exact_region=False, bounds=Rect2(x0, y0, x1, y1))
    body = replace(body, volume=Interval(volume * 0.995, volume * 1.005))
    if op.bore_diameter == 0:
        return body
    r = op.bore_diameter / 2
    ring = (r + gear.root_radius) / 2
    return replace(
        body,
        holes=1,
        core=Box3(
            (ring - (gear.root_radius - r) / 4, -(gear.root_radius - r) / 8, 0.0), (ring, 0.0, op.face_width)
        ),
        flats=(),
        cuts=(Box3((-r, -r, 0.0), (r, r, op.face_width)),),
    )


def placed(canonical: Facts, placement: Placement, known: Mapping[str, Facts]) -> Facts:
    """Apply a placement: rotation about the box centre, then the relative spot, then the offset."""
    facts = canonical
    if placement.rotation is not None and facts.bbox is not None:
        facts = F.rotate(facts, placement.rotation.axis, placement.rotation.angle, facts.bbox.center)
    if placement.relative_to is not None:
        other = known.get(placement.relative_to)
        if other is None or other.bbox is None or facts.bbox is None:
            return replace(facts, bbox=None, exact_bbox=False, core=None, flats=(), sections=(), cuts=())
        move = _relative_move(facts.bbox, other.bbox, placement)
        facts = F.translate(facts, move)
        if not other.exact_bbox:
            facts = replace(facts, exact_bbox=False, core=None, flats=(), sections=(), cuts=())
    return F.translate(facts, placement.offset)


def _relative_move(own: Box3, other: Box3, placement: Placement) -> Vec:
    """How far to move a solid so it sits against ``other`` as the placement's relation says."""
    relation = placement.relation or "centered_on"
    move = [other.center[k] - own.center[k] for k in range(3)]
    gap = placement.gap
    if relation == "on_top_of":
        move[2] = other.hi[2] - own.lo[2] + gap
    elif relation == "below":
        move[2] = other.lo[2] - own.hi[2] - gap
    elif relation == "beside_x":
        move[0] = other.hi[0] - own.lo[0] + gap
    elif relation == "beside_y":
        move[1] = other.hi[1] - own.lo[1] + gap
    return (move[0], move[1], move[2])


# --------------------------------------------------------------------------- features on a face


def _face_section(target: Facts, face: Face, footprint: Region) -> Section | None:
    """The section of ``target`` that starts at ``face`` and holds ``footprint``, if any."""
    if target.bbox is None or not target.exact_bbox:
        return None
    frame = FACE_FRAMES[face]
    entry = target.bbox.hi[frame.normal] if frame.sign > 0 else target.bbox.lo[frame.normal]
    for s in target.sections:
        end = s.hi if frame.sign > 0 else s.lo
        if s.axis == frame.normal and abs(end - entry) <= EPS and contains(s.region, footprint):
            return s
    return None


def _tool_box(target: Box3, face: Face, footprint: Region, depth: float) -> Box3:
    """The box a face feature carves, from the face ``depth`` mm inwards."""
    frame = FACE_FRAMES[face]
    entry = target.hi[frame.normal] if frame.sign > 0 else target.lo[frame.normal]
    flat = region_box(frame.normal, entry, footprint)
    lo, hi = list(flat.lo), list(flat.hi)
    if frame.sign > 0:
        lo[frame.normal] = entry - depth
    else:
        hi[frame.normal] = entry + depth
    return Box3((lo[0], lo[1], lo[2]), (hi[0], hi[1], hi[2]))


def _face_centre(target: Box3, face: Face) -> tuple[float, float]:
    frame = FACE_FRAMES[face]
    centre = target.center
    return centre[frame.u], centre[frame.v]


def _round_axis(box: Box3) -> int | None:
    """The axis of a round tool's box (two equal sides across it), None when it cannot be told."""
    size = box.size
    for axis in range(3):
        u, v = other_axes(axis)
        if abs(size[u] - size[v]) <= EPS and abs(size[axis] - size[u]) > EPS:
            return axis
    return None


def _disc_of(box: Box3, axis: int) -> Disc2:
    u, v = other_axes(axis)
    return Disc2(box.center[u], box.center[v], box.size[u] / 2)


def _hits_cuts(target: Facts, box: Box3, round_axis: int | None = None) -> bool:
    """True when ``box`` may overlap an earlier cut; a round tool along ``round_axis`` is compared
    with earlier round cuts along that axis as discs (bolt holes round a bore)."""
    for cut in target.cuts:
        if box.intersection(cut) is None:
            continue
        if (
            round_axis is None
            or cut not in target.round_cuts
            or _round_axis(cut) != round_axis
            or overlap(_disc_of(cut, round_axis), _disc_of(box, round_axis))
        ):
            return True
    return False


def hole_volume(op: HoleOp, length: float) -> float:
    """Material removed by one hole of ``length`` mm (counterbore or countersink included)."""
    r = op.diameter / 2
    volume = math.pi * r * r * length
    if op.counterbore is not None:
        big = op.counterbore.diameter / 2
        volume += math.pi * (big * big - r * r) * min(op.counterbore.depth, length)
    if op.countersink is not None:
        big = op.countersink.diameter / 2
        sink = min((big - r) / math.tan(math.radians(op.countersink.angle / 2)), length)
        small = big - sink * math.tan(math.radians(op.countersink.angle / 2))
        volume += math.pi * sink / 3 * (big * big + big * small + small * small) - math.pi * r * r * sink
    return volume


def hole_radius(op: HoleOp) -> float:
    """Largest radius of a hole (at its entry)."""
    radii = [op.diameter / 2]
    if op.counterbore is not None:
        radii.append(op.counterbore.diameter / 2)
    if op.countersink is not None:
        radii.append(op.countersink.diameter / 2)
    return max(radii)


def hole_facts(op: HoleOp, target: Facts) -> Facts:
    """Facts after drilling holes."""
    holes = None if target.holes is None else target.holes + hole_count(op)
    if target.bbox is None:
        return replace(target, volume=Interval(0.0, target.volume.hi), holes=holes, core=None)
    positions = hole_positions(op, target.bbox.face_size(op.face))
    cu, cv = _face_centre(target.bbox, op.face)
    depth = target.bbox.depth_below(op.face)
    length = depth if op.depth is None else min(op.depth, depth)
    radius = hole_radius(op)
    discs = [Disc2(cu + u, cv + v, radius) for u, v in positions]
    tools = [_tool_box(target.bbox, op.face, d, length) for d in discs]
    exact = all(_face_section(target, op.face, d) is not None for d in discs)
    exact = exact and not any(_hits_cuts(target, t, FACE_FRAMES[op.face].normal) for t in tools)
    exact = exact and not any(overlap(a, b) for i, a in enumerate(discs) for b in discs[i + 1 :])
    removed = hole_volume(op, length) * len(positions)
    volume = target.volume.shifted(-removed, -removed if exact else 0.0)
    return _carved(target, volume, holes, tools, keep_sections=exact, round_tools=True)


def _carved(
    target: Facts,
    volume: Interval,
    holes: int | None,
    tools: list[Box3],
    *,
    keep_sections: bool,
    round_tools: bool = False,
) -> Facts:
    core = target.core
    if core is not None and any(core.intersection(t) is not None for t in tools):
        core = None
    return replace(
        target,
        volume=volume,
        holes=holes,
        core=core,
        sections=target.sections if keep_sections else (),
        cuts=(*target.cuts, *tools) if keep_sections else (),
        round_cuts=(*target.round_cuts, *tools) if keep_sections and round_tools else target.round_cuts,
    )


def footprint(profile: Profile, rotation: float, at: tuple[float, float]) -> Rect2:
    """Bounds of a profile turned by ``rotation`` and centred at ``at`` (face coordinates)."""
    return profile_bounds(profile, rotation).shifted(at[0], at[1])


def inner_footprint(profile: Profile, rotation: float, at: tuple[float, float]) -> Region | None:
    """A region known to lie inside the turned, moved profile."""
    inner = inscribed_region(profile)
    if inner is None:
        return None
    if isinstance(inner, Disc2):
        return inner.shifted(at[0], at[1])
    if is_right_angle_multiple(rotation):
        quarter = round(rotation / 90.0) % 2
        rect = inner if quarter == 0 else Rect2(inner.v0, inner.u0, inner.v1, inner.u1)
        return rect.shifted(at[0], at[1])
    half = min(inner.u1 - inner.u0, inner.v1 - inner.v0) / 2
    return Disc2(at[0], at[1], half)


def _pocket_holes(profile: Profile) -> int | None:
    """Round holes a pocket of this profile adds (None when its walls may look like part of a hole)."""
    if isinstance(profile, CircleProfile):
        return 1
    if isinstance(profile, PolygonProfile) or (
        isinstance(profile, RectangleProfile) and profile.corner_radius == 0
    ):
        return 0
    if isinstance(profile, PolylineProfile) and not has_concave_arcs(profile):
        return 0 if all(p.bulge == 0 for p in profile.points) else None
    return None


def pocket_facts(op: PocketOp, target: Facts) -> Facts:
    """Facts after cutting a pocket."""
    extra = _pocket_holes(op.profile)
    holes = None if target.holes is None or extra is None else target.holes + extra
    if target.bbox is None:
        return replace(target, volume=Interval(0.0, target.volume.hi), holes=holes, core=None)
    cu, cv = _face_centre(target.bbox, op.face)
    depth = target.bbox.depth_below(op.face)
    length = depth if op.depth is None else min(op.depth, depth)
    at = (cu + op.at[0], cv + op.at[1])
    area = footprint(op.profile, op.rotation, at)
    round_tool = isinstance(op.profile, CircleProfile)
    inside: Region = Disc2(at[0], at[1], op.profile.radius) if isinstance(op.profile, CircleProfile) else area
    tool = _tool_box(target.bbox, op.face, area, length)
    axis = FACE_FRAMES[op.face].normal if round_tool else None
    exact = _face_section(target, op.face, inside) is not None and not _hits_cuts(target, tool, axis)
    removed = profile_area(op.profile) * length
    volume = target.volume.shifted(-removed, -removed if exact else 0.0)
    return _carved(target, volume, holes, [tool], keep_sections=exact, round_tools=round_tool)


def boss_facts(op: BossOp, target: Facts) -> Facts:
    """Facts after adding a boss on a face."""
    added = profile_area(op.profile) * op.height
    volume = target.volume.shifted(added, added)
    if target.bbox is None:
        return replace(target, volume=volume, solids=None, core=None, flats=(), sections=(), cuts=())
    frame = FACE_FRAMES[op.face]
    cu, cv = _face_centre(target.bbox, op.face)
    at = (cu + op.at[0], cv + op.at[1])
    outline = footprint(op.profile, op.rotation, at)
    entry = target.bbox.hi[frame.normal] if frame.sign > 0 else target.bbox.lo[frame.normal]
    top = entry + frame.sign * op.height
    boss_box = region_box(frame.normal, entry, outline).union(region_box(frame.normal, top, outline))
    on_material = any(
        f.axis == frame.normal
        and f.sign == frame.sign
        and abs(f.coord - entry) <= EPS
        and overlap(f.region, outline)
        for f in target.flats
    )
    flats = [
        f
        for f in target.flats
        if not (f.axis == frame.normal and f.sign == frame.sign and abs(f.coord - entry) <= EPS)
    ]
    inner = inner_footprint(op.profile, op.rotation, at)
    if inner is not None:
        flats.append(Flat(frame.normal, frame.sign, top, inner))
    return replace(
        target,
        bbox=target.bbox.union(boss_box),
        volume=volume,
        solids=target.solids if on_material else None,
        flats=tuple(flats),
        sections=(),
        cuts=(),
    )


# --------------------------------------------------------------------------- edges, shells


def floor_of(core: Box3 | None) -> float:
    """Least volume of a solid known to hold ``core``."""
    return core.volume if core is not None else 0.0


def edge_facts(target: Facts, picks: list[EdgePick], amount: float, kind: str) -> Facts:
    """Facts after a fillet or chamfer of size ``amount`` on the selected edges.

    The volume is exact when every picked edge is known (:func:`picked_edges`: a block's edges or a
    cylinder's end circles, clear of earlier holes and pockets). Feature-scoped picks may hold
    concave edges (where a shank meets a head), which a fillet fills in: the volume may then grow,
    so it gets no upper bound.
    """
    selectors = geometric_selectors(picks)
    flats = tuple(
        Flat(f.axis, f.sign, f.coord, r) for f in target.flats if (r := f.region.shrunk(amount)) is not None
    )
    core = target.core
    if core is not None:
        shrink = amount * math.sqrt(2)
        core = Box3(
            (core.lo[0] + shrink, core.lo[1] + shrink, core.lo[2] + shrink),
            (core.hi[0] - shrink, core.hi[1] - shrink, core.hi[2] - shrink),
        )
        core = core if all(s > EPS for s in core.size) else None
    if len(selectors) < len(picks):
        return replace(
            target, volume=Interval(floor_of(core), None), core=core, flats=flats, sections=(), cuts=()
        )
    known = picked_edges(target, picks, amount)
    if known is not None:
        removal = known.removal(amount, kind)
        volume = target.volume.shifted(-removal, -removal)
        sections = tuple(
            Section(s.axis, r, s.lo, s.hi, exact=False)
            for s in target.sections
            if s.axis == known.along and (r := s.region.shrunk(amount)) is not None
        )
        cuts = target.cuts if sections else ()
        rounded = None
        corners = len(known.straight) == 4 and known.along is not None  # four edges along one axis
        if (
            kind == "fillet"
            and known.box is not None
            and known.along is not None
            and corners
            and not target.cuts
        ):
            rounded = RoundedBlock(known.along, amount, known.box)
        return replace(
            target, volume=volume, core=core, flats=flats, sections=sections, cuts=cuts, rounded=rounded
        )
    volume = Interval(floor_of(core), target.volume.hi)
    return replace(target, volume=volume, core=core, flats=flats, sections=(), cuts=())


def shell_facts(op: ShellOp, target: Facts) -> Facts:
    """Facts after hollowing a solid."""
    flats = tuple(
        f
        for f in target.flats
        if not any((f.axis, f.sign) == SIDE_OF_SELECTOR[face] for face in op.open_faces)
    )
    if target.is_cuboid and target.bbox is not None:
        inner = []
        for axis in range(3):
            closed = sum(
                1
                for sign in (-1, 1)
                if not any(SIDE_OF_SELECTOR[face] == (axis, sign) for face in op.open_faces)
            )
            inner.append(max(target.bbox.size[axis] - closed * op.thickness, 0.0))
        volume = Interval.exactly(target.bbox.volume - inner[0] * inner[1] * inner[2])
        holes = target.holes
    elif (hollowed := _hollow_cylinder(op, target)) is not None:
        volume, holes = Interval.exactly(hollowed), None
    else:
        volume = Interval(0.0, target.volume.hi)
        # the inside of a hollowed round body (a cup, an open cylinder) is a round bore the
        # measurement may count as a hole: the count is no longer known
        holes = None
    return replace(target, volume=volume, holes=holes, core=None, flats=flats, sections=(), cuts=())


def _hollow_cylinder(op: ShellOp, target: Facts) -> float | None:
    """Volume of a plain cylinder hollowed with only its end faces open (a cup, a tube), else None."""
    section = prism_section(target)
    if section is None or not isinstance(section.region, Disc2) or target.cuts:
        return None
    length = section.hi - section.lo
    if abs(target.volume.lo - section.region.area * length) > 1e-9 * max(1.0, target.volume.lo):
        return None
    open_sides = [SIDE_OF_SELECTOR[face] for face in op.open_faces]
    if any(axis != section.axis for axis, _ in open_sides):
        return None
    closed = 2 - len(set(open_sides))
    inner = section.region.r - op.thickness
    inner_length = length - closed * op.thickness
    if inner <= EPS or inner_length <= EPS:
        return None
    return section.region.area * length - math.pi * inner * inner * inner_length


# --------------------------------------------------------------------------- patterns and booleans


def polar_facts(op: PolarCopyOp, target: Facts) -> Facts:
    """Facts of copies turned about an axis: exact counts when neighbouring copies cannot touch.

    Seen along the axis, each copy lies inside the circle around its box's outline; copies whose
    circles are apart are disjoint (boxes of turned copies are only outer bounds).
    """
    copies = F.union([F.rotate(target, op.axis, a, op.center) for a in polar_copy_angles(op)])
    if target.bbox is None or op.count == 1:
        return copies
    axis = AXIS_INDEX[op.axis]
    u, v = other_axes(axis)
    half_u, half_v = target.bbox.size[u] / 2, target.bbox.size[v] / 2
    reach = math.hypot(target.bbox.center[u] - op.center[u], target.bbox.center[v] - op.center[v])
    angles = polar_copy_angles(op)
    gaps = [b - a for a, b in itertools.pairwise(angles)]
    if op.angle >= 360.0:
        gaps.append(360.0 - angles[-1])
    closest = 2 * reach * math.sin(math.radians(min(gaps)) / 2)
    if closest <= 2 * math.hypot(half_u, half_v) + EPS:
        return copies
    holes = None if target.holes is None else target.holes * op.count
    solids = None if target.solids is None else target.solids * op.count
    return replace(copies, volume=target.volume.times(op.count), solids=solids, holes=holes)


def mirror_facts(op: MirrorOp, target: Facts) -> Facts:
    """Facts of a mirrored copy (united with the original when it is kept)."""
    axis = AXIS_INDEX[PLANE_NORMAL[op.plane]]
    mirrored = F.mirror(target, axis, op.point[axis])
    return F.union([target, mirrored]) if op.keep_original else mirrored


def boolean_facts(op: BooleanOp, parts: list[Facts]) -> Facts:
    """Facts of a union, cut or intersection."""
    if op.operation == "union":
        return F.union(parts)
    if op.operation == "intersect":
        return _intersect_facts(parts)
    base = parts[0]
    for tool in parts[1:]:
        base = cut_facts(base, tool)
    return base


def _intersect_facts(parts: list[Facts]) -> Facts:
    bbox: Box3 | None = None
    core: Box3 | None = None
    for i, p in enumerate(parts):
        if p.bbox is not None:
            bbox = p.bbox if bbox is None else bbox.intersection(p.bbox)
        core = p.core if i == 0 else (None if core is None or p.core is None else core.intersection(p.core))
    his = [p.volume.hi for p in parts if p.volume.hi is not None]
    hi = min(his) if his else None
    if bbox is not None and hi is not None:
        hi = min(hi, bbox.volume)
    return Facts(
        bbox=bbox,
        exact_bbox=False,
        volume=Interval(0.0 if core is None else core.volume, hi),
        solids=None,
        holes=None,
        core=core,
    )


def _prism_cut(base: Facts, tool: Facts) -> tuple[float, bool] | None:
    """(volume removed, opens on an end face) when ``tool`` is a prism inside a section of ``base``."""
    if tool.bbox is None or base.bbox is None or not tool.volume.is_exact or not tool.exact_bbox:
        return None
    for ts in tool.sections:
        if not ts.exact:
            continue
        area = ts.region.area
        if abs(area * (ts.hi - ts.lo) - tool.volume.lo) > 1e-9 * max(1.0, tool.volume.lo):
            continue
        for bs in base.sections:
            if bs.axis != ts.axis or not contains(bs.region, ts.region):
                continue
            lo, hi = max(ts.lo, bs.lo), min(ts.hi, bs.hi)
            clipped = tool.bbox.intersection(base.bbox)
            if hi - lo <= EPS or clipped is None or _hits_cuts(base, clipped):
                continue
            return area * (hi - lo), ts.lo <= bs.lo + EPS or ts.hi >= bs.hi - EPS
    return None


def _cut_keeps_bbox(base: Facts, tool: Facts) -> bool:
    """True when material is certainly left at every side of the base's box after the cut."""
    if base.bbox is None or tool.bbox is None:
        return False
    for axis in range(3):
        for sign in (-1, 1):
            side = base.bbox.hi[axis] if sign > 0 else base.bbox.lo[axis]
            reaches = tool.bbox.hi[axis] >= side - EPS if sign > 0 else tool.bbox.lo[axis] <= side + EPS
            if not reaches:
                continue
            u, v = other_axes(axis)
            shadow = Rect2(tool.bbox.lo[u], tool.bbox.lo[v], tool.bbox.hi[u], tool.bbox.hi[v])
            if not any(
                f.axis == axis
                and f.sign == sign
                and abs(f.coord - side) <= EPS
                and not contains(shadow, f.region)
                for f in base.flats
            ):
                return False
    return True


def cut_facts(base: Facts, tool: Facts) -> Facts:
    """Facts after cutting ``tool`` out of ``base``."""
    if base.bbox is None:
        return replace(base, volume=Interval(0.0, base.volume.hi), solids=None, holes=None, core=None)
    if tool.bbox is not None and base.bbox.intersection(tool.bbox) is None:
        return base
    prism = _prism_cut(base, tool)
    if prism is not None and tool.bbox is not None:
        removed, opens = prism
        round_hole = any(isinstance(s.region, Disc2) for s in tool.sections)
        holes = base.holes
        if holes is not None:
            holes = holes + 1 if round_hole and opens else (holes if not round_hole else None)
        clipped = tool.bbox.intersection(base.bbox)
        return _carved(
            base,
            base.volume.shifted(-removed, -removed),
            holes,
            [clipped] if clipped is not None else [],
            keep_sections=True,
        )
    clipped_volume = base.bbox.volume if tool.bbox is None else _overlap_volume(base.bbox, tool)
    core = base.core
    if core is not None and (tool.bbox is None or core.intersection(tool.bbox) is not None):
        core = None
    flats = tuple(
        f
        for f in base.flats
        if tool.bbox is not None
        and region_box(f.axis, f.coord, f.region).intersection(_thick(tool.bbox)) is None
    )
    return replace(
        base,
        exact_bbox=base.exact_bbox and _cut_keeps_bbox(base, tool),
        volume=base.volume.shifted(-clipped_volume, 0.0),
        solids=None,
        holes=None,
        core=core,
        flats=flats,
        sections=(),
        cuts=(),
    )


def _thick(box: Box3) -> Box3:
    """The box grown a hair so flat boxes touching it count as overlapping."""
    return Box3(
        (box.lo[0] - EPS * 10, box.lo[1] - EPS * 10, box.lo[2] - EPS * 10),
        (box.hi[0] + EPS * 10, box.hi[1] + EPS * 10, box.hi[2] + EPS * 10),
    )


def _overlap_volume(base: Box3, tool: Facts) -> float:
    """Most material a tool can remove from a base box."""
    if tool.bbox is None:
        return base.volume
    common = base.intersection(tool.bbox)
    if common is None:
        return 0.0
    return common.volume if tool.volume.hi is None else min(common.volume, tool.volume.hi)
