"""Checks of one operation's parameters, on their own (local) and against the nodes they work on (context).

Each function takes a node id and its operation (and, for context checks, the
facts of the nodes already analysed) and yields a :class:`GraphProblem` per
thing that cannot work. :mod:`ai_designer.cad.operations` says which checks
each operation has; :mod:`ai_designer.cad.graph_checks` runs them.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ai_designer.cad import analysis
from ai_designer.cad.edge_picks import geometric_selectors, selected_box_edges
from ai_designer.cad.facts import Facts
from ai_designer.cad.gear import GearGeometry
from ai_designer.cad.geometry import EPS, FACE_FRAMES
from ai_designer.cad.positions import hole_positions
from ai_designer.cad.profiles import polyline_problems, profile_bounds
from ai_designer.cad.regions import Disc2, Rect2, Region, contains
from ai_designer.cad.sweeps import polyline_corners, profile_reach, turn_angles
from ai_designer.schemas.task_graph import (
    ArcPath,
    BooleanOp,
    BossOp,
    ChamferOp,
    ConeOp,
    EdgePick,
    ExtrudeOp,
    Face,
    FilletOp,
    GridCopyOp,
    GridPattern,
    HelixPath,
    HoleOp,
    LinearCopyOp,
    LinearPattern,
    LoftOp,
    OffsetBossOp,
    OffsetPocketOp,
    PipeOp,
    PocketOp,
    PolylinePath,
    PolylineProfile,
    Profile,
    RectangleProfile,
    RevolveOp,
    ShellOp,
    SlotProfile,
    SpringOp,
    SpurGearOp,
    SweepOp,
    SweepPath,
    Thread,
    TorusOp,
)


@dataclass(frozen=True)
class GraphProblem:
    """One thing wrong with a graph: which node, which field, and why."""

    node: str | None
    field: str | None
    message: str

    def describe(self) -> str:
        """``node 'x' (field): message``, as shown to users and planners."""
        where = f"node '{self.node}'" if self.node else "graph"
        if self.field:
            where += f" ({self.field})"
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, str | None]:
        """JSON-friendly form, as carried in the error's context."""
        return {"node": self.node, "field": self.field, "message": self.message}


# --------------------------------------------------------------------------- one node on its own


def cone_local(nid: str, op: ConeOp) -> Iterator[GraphProblem]:
    """A cone needs one positive radius."""
    if op.radius_bottom <= EPS and op.radius_top <= EPS:
        yield GraphProblem(nid, "radius_bottom", "both cone radii are 0; one of them must be positive")


def torus_local(nid: str, op: TorusOp) -> Iterator[GraphProblem]:
    """A torus ring must not overlap itself."""
    if op.minor_radius >= op.major_radius:
        yield GraphProblem(
            nid,
            "minor_radius",
            f"minor radius {op.minor_radius:g} mm must be less than major radius {op.major_radius:g} mm "
            "(the ring would overlap itself)",
        )


def gear_local(nid: str, op: SpurGearOp) -> Iterator[GraphProblem]:
    """The bore must leave material below the teeth."""
    root = 2 * GearGeometry(op.module, op.teeth, op.pressure_angle).root_radius
    if op.bore_diameter >= root:
        yield GraphProblem(
            nid,
            "bore_diameter",
            f"bore {op.bore_diameter:g} mm is not smaller than the root diameter {root:g} mm "
            "(module x (teeth - 2.5)); nothing would be left between bore and teeth",
        )


def spring_local(nid: str, op: SpringOp) -> Iterator[GraphProblem]:
    """Coils must not intersect each other or the axis."""
    if op.wire_diameter >= op.pitch:
        yield GraphProblem(
            nid,
            "wire_diameter",
            f"wire {op.wire_diameter:g} mm is not thinner than the pitch {op.pitch:g} mm: "
            "neighbouring coils would intersect",
        )
    if op.wire_diameter >= op.mean_diameter:
        yield GraphProblem(
            nid,
            "wire_diameter",
            f"wire {op.wire_diameter:g} mm is not thinner than the mean coil diameter "
            f"{op.mean_diameter:g} mm: the coil would intersect itself at the axis",
        )


def profile_local(nid: str, op: ExtrudeOp | PocketOp | BossOp) -> Iterator[GraphProblem]:
    """The node's profile must be drawable."""
    yield from _profile_problems(nid, op.profile)


def revolve_local(nid: str, op: RevolveOp) -> Iterator[GraphProblem]:
    """A revolve profile must be drawable and stay on one side of the axis."""
    yield from _profile_problems(nid, op.profile)
    negative = [i for i, p in enumerate(op.profile.points) if p.x < 0]
    if negative:
        yield GraphProblem(
            nid,
            "profile.points",
            f"points {negative} have x < 0; a revolve profile must stay on one side of the axis (x >= 0)",
        )


def linear_copy_local(nid: str, op: LinearCopyOp) -> Iterator[GraphProblem]:
    """Copies need a direction and a spacing."""
    if all(abs(c) <= EPS for c in op.direction):
        yield GraphProblem(nid, "direction", "the direction is the zero vector")
    elif op.count > 1 and op.spacing <= EPS:
        yield GraphProblem(nid, "spacing", "spacing 0 puts every copy in the same place")


def grid_copy_local(nid: str, op: GridCopyOp) -> Iterator[GraphProblem]:
    """Grid copies need spacings."""
    if (op.columns > 1 and op.spacing_x <= EPS) or (op.rows > 1 and op.spacing_y <= EPS):
        yield GraphProblem(nid, "spacing_x", "a spacing of 0 puts copies in the same place")


def _profile_problems(nid: str, profile: Profile) -> Iterator[GraphProblem]:
    if isinstance(profile, RectangleProfile) and 2 * profile.corner_radius >= min(
        profile.length, profile.width
    ):
        yield GraphProblem(
            nid,
            "profile.corner_radius",
            f"corner radius {profile.corner_radius:g} mm must be less than half the shorter side "
            f"({min(profile.length, profile.width) / 2:g} mm)",
        )
    if isinstance(profile, SlotProfile) and profile.width >= profile.length:
        yield GraphProblem(
            nid,
            "profile.width",
            f"slot width {profile.width:g} mm must be less than its length {profile.length:g} mm "
            "(use a circle for a round hole)",
        )
    if isinstance(profile, PolylineProfile):
        for problem in polyline_problems(profile):
            yield GraphProblem(nid, "profile.points", problem)


def _thread_problems(nid: str, diameter: float, thread: Thread) -> Iterator[GraphProblem]:
    """A threaded hole is modelled at its tap drill (about one pitch under the nominal diameter, ISO
    2306: M5 → Ø4.2) or at the nominal (major) diameter, never larger."""
    if diameter > thread.nominal:
        yield GraphProblem(
            nid,
            "thread.nominal",
            f"a threaded hole's diameter ({diameter:g} mm) must be its tap drill or at most the thread's "
            f"nominal diameter {thread.nominal:g} mm",
        )
    elif thread.nominal - diameter > 2 * thread.pitch:
        yield GraphProblem(
            nid,
            "diameter",
            f"a Ø{diameter:g} mm tap drill leaves no thread of pitch {thread.pitch:g} mm in an "
            f"M{thread.nominal:g} hole: the tap drill is about the nominal diameter less one pitch",
        )
    if thread.pitch >= thread.nominal / 2:
        yield GraphProblem(nid, "thread.pitch", f"pitch {thread.pitch:g} mm is too coarse for the thread")


def hole_local(nid: str, op: HoleOp) -> Iterator[GraphProblem]:
    """Hole positions, counterbore and countersink sizes, pattern spacing."""
    if not op.at and op.pattern is None and not op.from_edges:
        yield GraphProblem(nid, "at", "no positions: give `at` points, a `pattern` and/or `from_edges`")
    if op.counterbore is not None and op.countersink is not None:
        yield GraphProblem(nid, "countersink", "a hole has a counterbore or a countersink, not both")
    if op.counterbore is not None:
        if op.counterbore.diameter <= op.diameter:
            yield GraphProblem(
                nid,
                "counterbore.diameter",
                f"counterbore diameter {op.counterbore.diameter:g} mm must be larger than the hole "
                f"diameter {op.diameter:g} mm",
            )
        if op.depth is not None and op.counterbore.depth >= op.depth:
            yield GraphProblem(
                nid,
                "counterbore.depth",
                f"counterbore depth {op.counterbore.depth:g} mm must be less than the hole depth "
                f"{op.depth:g} mm",
            )
    if op.countersink is not None and op.countersink.diameter <= op.diameter:
        yield GraphProblem(
            nid,
            "countersink.diameter",
            f"countersink diameter {op.countersink.diameter:g} mm must be larger than the hole "
            f"diameter {op.diameter:g} mm",
        )
    if op.thread is not None:
        yield from _thread_problems(nid, op.diameter, op.thread)
    pattern = op.pattern
    if isinstance(pattern, LinearPattern):
        if all(abs(c) <= EPS for c in pattern.direction):
            yield GraphProblem(nid, "pattern.direction", "the direction is the zero vector")
        elif pattern.count > 1 and pattern.spacing <= EPS:
            yield GraphProblem(nid, "pattern.spacing", "spacing 0 puts every hole in the same place")
    if isinstance(pattern, GridPattern) and (
        (pattern.columns > 1 and pattern.pitch_u <= EPS) or (pattern.rows > 1 and pattern.pitch_v <= EPS)
    ):
        yield GraphProblem(nid, "pattern.pitch_u", "a pitch of 0 puts holes in the same place")


# --------------------------------------------------------------------------- a node in its context


def intersect_context(nid: str, op: BooleanOp, known: Mapping[str, Facts]) -> Iterator[GraphProblem]:
    """The operands of an intersection must overlap."""
    if op.operation != "intersect":
        return
    boxes = [known[o].bbox for o in op.operands]
    for i, a in enumerate(boxes):
        for j, b in enumerate(boxes[i + 1 :], start=i + 1):
            if a is not None and b is not None and a.intersection(b) is None:
                yield GraphProblem(
                    nid,
                    "operands",
                    f"'{op.operands[i]}' and '{op.operands[j]}' do not overlap: the intersection is empty",
                )


def _face_region(target: Facts, face: Face) -> tuple[Region, str] | None:
    """The region of a target's face in face coordinates (from its centre), and how to describe it."""
    if target.bbox is None:
        return None
    frame = FACE_FRAMES[face]
    entry = target.bbox.hi[frame.normal] if frame.sign > 0 else target.bbox.lo[frame.normal]
    centre = target.bbox.center
    cu, cv = centre[frame.u], centre[frame.v]
    for s in target.sections:
        if s.exact and s.axis == frame.normal and abs((s.hi if frame.sign > 0 else s.lo) - entry) <= EPS:
            if isinstance(s.region, Disc2):
                return Disc2(
                    s.region.cu - cu, s.region.cv - cv, s.region.r
                ), f"a disc of diameter {2 * s.region.r:g} mm"
            rect = s.region.shifted(-cu, -cv)
            return rect, f"{rect.u1 - rect.u0:g} x {rect.v1 - rect.v0:g} mm"
    su, sv = target.bbox.face_size(face)
    return Rect2(-su / 2, -sv / 2, su / 2, sv / 2), f"{su:g} x {sv:g} mm"


def hole_context(nid: str, op: HoleOp, known: Mapping[str, Facts]) -> Iterator[GraphProblem]:
    """Checks against the size of the target."""
    target = known[op.target]
    face = _face_region(target, op.face)
    if face is None or target.bbox is None:
        return
    region, described = face
    radius = analysis.hole_radius(op)
    su, sv = target.bbox.face_size(op.face)
    if 2 * radius >= min(su, sv) - EPS:
        yield GraphProblem(
            nid,
            "diameter",
            f"a {2 * radius:g} mm hole does not fit in the {op.face} face of '{op.target}' ({described})",
        )
        return
    centred = hole_positions(op, None)
    for u, v in hole_positions(op, (su, sv)):
        if not contains(region, Disc2(u, v, radius)):
            inside = contains(region, Disc2(u, v, 0.0))
            why = "reaches past the edge of" if inside else "is outside"
            field = "at" if (u, v) in op.at else "pattern" if (u, v) in centred else "from_edges"
            convention = (
                "from_edges are distances from the face's edges"
                if field == "from_edges"
                else "positions are offsets from the face centre"
            )
            yield GraphProblem(
                nid,
                field,
                f"the hole at ({u:g}, {v:g}) {why} the {op.face} face of '{op.target}' ({described}); "
                f"{convention}",
            )
    thickness = target.bbox.depth_below(op.face)
    if op.depth is not None and op.depth >= thickness - EPS:
        yield GraphProblem(
            nid,
            "depth",
            f"a blind hole {op.depth:g} mm deep does not fit in '{op.target}', which is {thickness:g} mm "
            f"thick below its {op.face} face (leave depth empty for a through hole)",
        )
    if op.counterbore is not None and op.counterbore.depth >= thickness - EPS:
        yield GraphProblem(
            nid,
            "counterbore.depth",
            f"counterbore depth {op.counterbore.depth:g} mm is not less than the part's thickness "
            f"{thickness:g} mm",
        )
    if op.countersink is not None:
        sink = (op.countersink.diameter - op.diameter) / (
            2 * math.tan(math.radians(op.countersink.angle / 2))
        )
        if sink >= thickness - EPS:
            yield GraphProblem(
                nid,
                "countersink.diameter",
                f"the countersink is {sink:g} mm deep, not less than the part's thickness {thickness:g} mm",
            )


def pocket_context(nid: str, op: PocketOp, known: Mapping[str, Facts]) -> Iterator[GraphProblem]:
    """Checks against the size of the target."""
    target = known[op.target]
    face = _face_region(target, op.face)
    if face is None or target.bbox is None:
        return
    su, sv = target.bbox.face_size(op.face)
    outline = analysis.footprint(op.profile, op.rotation, op.at)
    width, height = outline.u1 - outline.u0, outline.v1 - outline.v0
    if width >= su - EPS or height >= sv - EPS:
        yield GraphProblem(
            nid,
            "profile",
            f"the pocket ({width:g} x {height:g} mm) is not smaller than the {op.face} face of '{op.target}' "
            f"({su:g} x {sv:g} mm)",
        )
    elif not contains(Rect2(-su / 2, -sv / 2, su / 2, sv / 2), outline):
        yield GraphProblem(
            nid,
            "at",
            f"the pocket at ({op.at[0]:g}, {op.at[1]:g}) reaches past the {op.face} face of '{op.target}' "
            f"({su:g} x {sv:g} mm); positions are offsets from the face centre",
        )
    thickness = target.bbox.depth_below(op.face)
    if op.depth is not None and op.depth >= thickness - EPS:
        yield GraphProblem(
            nid,
            "depth",
            f"a pocket {op.depth:g} mm deep does not fit in '{op.target}', which is {thickness:g} mm thick "
            f"below its {op.face} face (leave depth empty to cut through)",
        )


def boss_context(nid: str, op: BossOp, known: Mapping[str, Facts]) -> Iterator[GraphProblem]:
    """Checks against the size of the target."""
    target = known[op.target]
    if target.bbox is None:
        return
    su, sv = target.bbox.face_size(op.face)
    outline = analysis.footprint(op.profile, op.rotation, op.at)
    if not contains(Rect2(-su / 2, -sv / 2, su / 2, sv / 2), outline):
        yield GraphProblem(
            nid,
            "profile",
            f"the boss ({outline.u1 - outline.u0:g} x {outline.v1 - outline.v0:g} mm at "
            f"({op.at[0]:g}, {op.at[1]:g})) overhangs the {op.face} face of '{op.target}' "
            f"({su:g} x {sv:g} mm)",
        )


def _edge_limit(target: Facts, picks: list[EdgePick]) -> tuple[float, str] | None:
    """Largest fillet radius or chamfer size the selected edges can take (exclusive), and why."""
    if target.bbox is None:
        return None
    size = target.bbox.size
    selectors = geometric_selectors(picks)
    if target.is_cuboid and len(selectors) == len(picks):
        edges = selected_box_edges(selectors)
        if not edges:
            return None
        limits = [min(size[k] for k in sides) / 2 for _, sides in edges]
        return min(limits), "half the width of the faces next to the selected edges"
    return min(size) / 2, "half the smallest dimension of the part"


def edge_context(nid: str, op: FilletOp | ChamferOp, known: Mapping[str, Facts]) -> Iterator[GraphProblem]:
    """Checks against the size of the target."""
    target = known[op.target]
    amount, what, field = (
        (op.radius, "fillet radius", "radius")
        if isinstance(op, FilletOp)
        else (
            op.size,
            "chamfer size",
            "size",
        )
    )
    limit = _edge_limit(target, op.edges)
    if limit is not None and amount >= limit[0] - EPS:
        yield GraphProblem(
            nid,
            field,
            f"{what} {amount:g} mm is too big for the edges of '{op.target}': it must be less than "
            f"{limit[0]:g} mm ({limit[1]})",
        )


def shell_context(nid: str, op: ShellOp, known: Mapping[str, Facts]) -> Iterator[GraphProblem]:
    """Checks against the size of the target."""
    target = known[op.target]
    if target.solids is not None and target.solids > 1:
        yield GraphProblem(
            nid, "target", f"'{op.target}' is {target.solids} separate solids; a shell needs one solid"
        )
    if target.bbox is None:
        return
    for axis, name in enumerate("xyz"):
        closed = 2 - sum(1 for face in op.open_faces if FACE_FRAMES[face].normal == axis)
        size = target.bbox.size[axis]
        if closed and op.thickness * closed >= size - EPS:
            yield GraphProblem(
                nid,
                "thickness",
                f"walls {op.thickness:g} mm thick on {closed} side(s) do not fit in the {size:g} mm "
                f"{name} size of '{op.target}': nothing would be hollow",
            )
            return


# --------------------------------------------------------------------------- lofts, sweeps, pipes


def loft_local(nid: str, op: LoftOp) -> Iterator[GraphProblem]:
    """Sections must be drawable and listed bottom to top."""
    for k, section in enumerate(op.sections):
        for problem in _profile_problems(nid, section.profile):
            yield GraphProblem(nid, f"sections[{k}].{problem.field}", problem.message)
    for k in range(1, len(op.sections)):
        if op.sections[k].z <= op.sections[k - 1].z + EPS:
            yield GraphProblem(
                nid,
                f"sections[{k}].z",
                f"section {k} is at z={op.sections[k].z:g}, not above section {k - 1} "
                f"(z={op.sections[k - 1].z:g}); list sections bottom to top on distinct planes",
            )


def _path_problems(nid: str, path: SweepPath, reach: Rect2, radius: float) -> Iterator[GraphProblem]:
    """A path a profile of bounds ``reach`` (``radius`` around its origin) can follow without
    running into itself."""
    if isinstance(path, ArcPath) and reach.u1 >= path.radius - EPS:
        yield GraphProblem(
            nid,
            "path.radius",
            f"the bend radius {path.radius:g} mm is not larger than the profile's reach towards the bend "
            f"({reach.u1:g} mm): the sweep would run through itself",
        )
    if isinstance(path, HelixPath):
        if -reach.u0 >= path.radius - EPS:
            yield GraphProblem(
                nid,
                "path.radius",
                f"the helix radius {path.radius:g} mm is not larger than the profile's reach towards the "
                f"axis ({-reach.u0:g} mm)",
            )
        lead = math.atan2(path.pitch, 2 * math.pi * path.radius)
        if (reach.v1 - reach.v0) / math.cos(lead) >= path.pitch - EPS:
            yield GraphProblem(
                nid,
                "path.pitch",
                f"the pitch {path.pitch:g} mm is not more than the profile's height along the axis "
                f"({(reach.v1 - reach.v0) / math.cos(lead):g} mm): neighbouring turns would intersect",
            )
    if isinstance(path, PolylinePath):
        corners = polyline_corners(path)
        lengths = [math.dist(a, b) for a, b in itertools.pairwise(corners)]
        for k, length in enumerate(lengths):
            if length <= EPS:
                yield GraphProblem(nid, f"path.points[{k}]", "the segment ending here has no length")
                return
        for k, turn in enumerate(turn_angles(path)):
            if turn >= 120.0:
                yield GraphProblem(
                    nid,
                    f"path.points[{k}]",
                    f"the path turns {turn:.0f} deg at this corner; a mitred sweep needs less than 120 deg",
                )
                continue
            cut_back = radius * math.tan(math.radians(turn / 2))
            if cut_back >= min(lengths[k], lengths[k + 1]) / 2 - EPS:
                yield GraphProblem(
                    nid,
                    f"path.points[{k}]",
                    f"the corner mitre reaches {cut_back:g} mm along the segments next to it, more than "
                    "half of one of them: make the segments longer or the profile smaller",
                )


def sweep_local(nid: str, op: SweepOp) -> Iterator[GraphProblem]:
    """The profile must be drawable and fit the path's bends."""
    problems = list(_profile_problems(nid, op.profile))
    yield from problems
    if not problems:
        yield from _path_problems(nid, op.path, profile_bounds(op.profile), profile_reach(op.profile))


def pipe_local(nid: str, op: PipeOp) -> Iterator[GraphProblem]:
    """The bore must be narrower than the pipe, and the pipe must fit the path's bends."""
    if op.inner_diameter >= op.outer_diameter - EPS:
        yield GraphProblem(
            nid,
            "inner_diameter",
            f"inner diameter {op.inner_diameter:g} mm must be less than the outer diameter "
            f"{op.outer_diameter:g} mm",
        )
    r = op.outer_diameter / 2
    yield from _path_problems(nid, op.path, Rect2(-r, -r, r, r), r)


# --------------------------------------------------------------------------- offset pockets and bosses


def offset_local(nid: str, op: OffsetPocketOp | OffsetBossOp) -> Iterator[GraphProblem]:
    """An inset pocket or plateau needs an inset (else it is the whole face)."""
    if op.width is None and op.inset <= EPS:
        yield GraphProblem(
            nid,
            "inset",
            "without a width the whole face inside the inset outline is used, so the inset must be "
            "more than 0 (give a width for a band along the edge)",
        )


def offset_context(
    nid: str, op: OffsetPocketOp | OffsetBossOp, known: Mapping[str, Facts]
) -> Iterator[GraphProblem]:
    """The band must fit inside the face; a pocket must leave material below it."""
    target = known[op.target]
    if target.bbox is None:
        return
    su, sv = target.bbox.face_size(op.face)
    reach = op.inset + (op.width or 0.0)
    if 2 * reach >= min(su, sv) - EPS:
        what = f"inset {op.inset:g} mm" + (f" plus width {op.width:g} mm" if op.width is not None else "")
        yield GraphProblem(
            nid,
            "inset" if op.width is None else "width",
            f"{what} from both edges does not fit in the {op.face} face of '{op.target}' "
            f"({su:g} x {sv:g} mm)",
        )
    if isinstance(op, OffsetPocketOp):
        thickness = target.bbox.depth_below(op.face)
        if op.depth >= thickness - EPS:
            yield GraphProblem(
                nid,
                "depth",
                f"a cut {op.depth:g} mm deep does not fit in '{op.target}', which is {thickness:g} mm thick "
                f"below its {op.face} face",
            )
