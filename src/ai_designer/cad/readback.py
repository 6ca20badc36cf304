"""A plan read back in plain words, one line per node, so a person can check it against the request.

    plate: box 60 × 40 × 8 mm
    holes: 4 × Ø5 through, into the top face of plate, at (±24, ±14) from its centre

Positions are offsets from the centre of the face (the TaskGraph's convention), or distances
from its edges where the plan keeps them so ("6 mm from the left and right edges"). Every
operation of the plan language has a line; a missing one fails a test.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ai_designer.cad.positions import hole_count, hole_positions
from ai_designer.schemas.task_graph import (
    ArcPath,
    BooleanOp,
    BossOp,
    BoxOp,
    CircleProfile,
    CircularPattern,
    ConeOp,
    CustomOp,
    CylinderOp,
    EdgePick,
    EdgePositions,
    ExtrudeOp,
    FeatureEdges,
    GridCopyOp,
    GridPattern,
    HoleOp,
    LinearCopyOp,
    LinearPattern,
    LinePath,
    LoftOp,
    MirrorOp,
    OffsetBossOp,
    OffsetPocketOp,
    PipeOp,
    Placement,
    PocketOp,
    PolarCopyOp,
    PolygonProfile,
    PolylinePath,
    PolylineProfile,
    PrismOp,
    Profile,
    PyramidOp,
    RectangleProfile,
    RevolveOp,
    ShellOp,
    SlotProfile,
    SphereOp,
    SpringOp,
    SpurGearOp,
    SweepOp,
    SweepPath,
    TaskGraph,
    TaskNode,
    ThreadOp,
    TorusOp,
)

Point2 = tuple[float, float]


def mm(value: float) -> str:
    """A length as people write it: ``6``, ``6.5``, ``50.8``."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def points_text(points: list[Point2]) -> str:
    """ "(±24, ±14)" for a symmetric set of four, "(0, 0)" for one, else the list (at most 6)."""
    if not points:
        return "the centre"
    us = sorted({round(u, 6) for u, _ in points})
    vs = sorted({round(v, 6) for _, v in points})
    if len(points) == 4 and len(us) == 2 and len(vs) == 2 and us[0] == -us[1] and vs[0] == -vs[1]:
        return f"(±{mm(us[1])}, ±{mm(vs[1])})"
    shown = ", ".join(f"({mm(u)}, {mm(v)})" for u, v in points[:6])
    return shown + (f" and {len(points) - 6} more" if len(points) > 6 else "")


def _where(points: list[Point2], pattern: object | None) -> str:
    if isinstance(pattern, CircularPattern):
        centre = (
            ""
            if pattern.center == (0.0, 0.0)
            else f" centred at ({mm(pattern.center[0])}, {mm(pattern.center[1])})"
        )
        start = f", first at {mm(pattern.start_angle)}°" if pattern.start_angle else ""
        return f"equally spaced on a Ø{mm(pattern.diameter)} circle{centre}{start}"
    if isinstance(pattern, GridPattern):
        pitch = f"{mm(pattern.pitch_u)} × {mm(pattern.pitch_v)}"
        u, v = pattern.center
        return f"in a {pattern.columns} × {pattern.rows} grid, {pitch} apart, around ({mm(u)}, {mm(v)})"
    if isinstance(pattern, LinearPattern) and len(points) > 1:
        return f"in a row {mm(pattern.spacing)} apart, at {points_text(points)}"
    return f"at {points_text(points)}"


def _placement(placement: Placement) -> str:
    parts: list[str] = []
    if placement.relative_to:
        relation = (placement.relation or "on_top_of").replace("_", " ")
        parts.append(f"{relation} {placement.relative_to}")
        if placement.gap:
            parts.append(f"{mm(placement.gap)} mm apart")
    if any(placement.offset):
        x, y, z = placement.offset
        parts.append(f"moved ({mm(x)}, {mm(y)}, {mm(z)})")
    if placement.rotation is not None and placement.rotation.angle:
        parts.append(f"turned {mm(placement.rotation.angle)}° about {placement.rotation.axis.upper()}")
    return f", {', '.join(parts)}" if parts else ""


def profile_text(profile: Profile) -> str:
    """ "rectangle 40 × 20", "circle Ø30", "slot 40 × 10 (rounded ends)"."""
    if isinstance(profile, RectangleProfile):
        corners = f" with R{mm(profile.corner_radius)} corners" if profile.corner_radius else ""
        return f"rectangle {mm(profile.length)} × {mm(profile.width)}{corners}"
    if isinstance(profile, CircleProfile):
        return f"circle Ø{mm(2 * profile.radius)}"
    if isinstance(profile, SlotProfile):
        return f"slot {mm(profile.length)} × {mm(profile.width)} overall (rounded ends)"
    if isinstance(profile, PolygonProfile):
        return f"{profile.sides}-sided polygon R{mm(profile.circumradius)}"
    assert isinstance(profile, PolylineProfile)
    return f"outline of {len(profile.points)} points"


def path_text(path: SweepPath) -> str:
    """ "a 40 mm line", "a 90° arc of R30", "a polyline through 3 points", "a helix..."."""
    if isinstance(path, LinePath):
        return f"a straight {mm(path.length)} mm path along +Z"
    if isinstance(path, ArcPath):
        return f"a {mm(path.angle)}° arc of R{mm(path.radius)} bending from +Z towards +X"
    if isinstance(path, PolylinePath):
        return f"a path of {len(path.points)} straight segments"
    hand = "left-handed " if path.left_handed else ""
    return f"a {hand}helix R{mm(path.radius)}, pitch {mm(path.pitch)}, {mm(path.turns)} turns"


def _loft(op: LoftOp) -> str:
    kind = "ruled" if op.ruled else "smooth"
    sections = "; ".join(f"{profile_text(s.profile)} at z {mm(s.z)}" for s in op.sections)
    return f"{kind} loft through {sections}"


def _sweep(op: SweepOp) -> str:
    return f"{profile_text(op.profile)} swept along {path_text(op.path)}"


def _pipe(op: PipeOp) -> str:
    size = f"Ø{mm(op.outer_diameter)} / Ø{mm(op.inner_diameter)}"
    return f"pipe {size} along {path_text(op.path)}"


def _offset(op: OffsetPocketOp | OffsetBossOp) -> str:
    if isinstance(op, OffsetPocketOp):
        what = f"{mm(op.width)} mm band" if op.width is not None else "inset pocket"
        size = f"{mm(op.depth)} mm deep"
    else:
        what = f"{mm(op.width)} mm rim" if op.width is not None else "plateau"
        size = f"{mm(op.height)} mm high"
    return f"{what} {mm(op.inset)} mm in from the edge of the {op.face} face of {op.target}, {size}"


def _box(op: BoxOp) -> str:
    return f"box {mm(op.length)} × {mm(op.width)} × {mm(op.height)} mm"


def _cylinder(op: CylinderOp) -> str:
    return f"cylinder Ø{mm(2 * op.radius)} × {mm(op.height)} mm along {op.axis.upper()}"


def _sphere(op: SphereOp) -> str:
    return f"{'hemisphere' if op.hemisphere else 'sphere'} Ø{mm(2 * op.radius)} mm"


def _cone(op: ConeOp) -> str:
    ends = f"Ø{mm(2 * op.radius_bottom)} → Ø{mm(2 * op.radius_top)}"
    return f"cone {ends} × {mm(op.height)} mm along {op.axis.upper()}"


def _torus(op: TorusOp) -> str:
    return f"torus R{mm(op.major_radius)} with a Ø{mm(2 * op.minor_radius)} section"


def _prism(op: PrismOp) -> str:
    flats = 2 * op.circumradius * math.cos(math.pi / op.sides)
    return f"{op.sides}-sided prism {mm(flats)} across flats × {mm(op.height)} mm along {op.axis.upper()}"


def _pyramid(op: PyramidOp) -> str:
    top = f", top {mm(op.top_length)} × {mm(op.top_width)}" if op.top_length or op.top_width else ""
    return f"pyramid base {mm(op.base_length)} × {mm(op.base_width)}, {mm(op.height)} mm tall{top}"


def _extrude(op: ExtrudeOp) -> str:
    return f"{profile_text(op.profile)} in the {op.plane.upper()} plane, extruded {mm(op.distance)} mm"


def _revolve(op: RevolveOp) -> str:
    return f"{profile_text(op.profile)} revolved {mm(op.angle)}°"


def _gear(op: SpurGearOp) -> str:
    bore = f", Ø{mm(op.bore_diameter)} bore" if op.bore_diameter else ""
    return f"spur gear, {op.teeth} teeth, module {mm(op.module)}, {mm(op.face_width)} mm wide{bore}"


def _spring(op: SpringOp) -> str:
    hand = "left-hand" if op.left_handed else "right-hand"
    return (
        f"{hand} spring, Ø{mm(op.wire_diameter)} wire, Ø{mm(op.mean_diameter)} mean, "
        f"{mm(op.pitch)} mm pitch, {mm(op.turns)} turns"
    )


def _custom(op: CustomOp) -> str:
    return f"free-form geometry: {op.description[:200]}"


#: The names of a face's edges at the low and high ends of its u and of its v (schemas/task_graph.py).
_FACE_EDGE_NAMES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "top": (("left", "right"), ("front", "back")),
    "bottom": (("left", "right"), ("front", "back")),
    "front": (("left", "right"), ("bottom", "top")),
    "back": (("left", "right"), ("bottom", "top")),
    "left": (("front", "back"), ("bottom", "top")),
    "right": (("front", "back"), ("bottom", "top")),
}


def _edge_text(spec: EdgePositions, face: str) -> str:
    """ "at the corners, 6 mm from the edges", "20 mm from the left edge and 15 mm from the front edge"."""
    if spec.u_from == spec.v_from == "both" and abs(spec.u - spec.v) < 1e-9:
        return f"at the corners, {mm(spec.u)} mm from the edges"

    def one(distance: float, ref: str, names: tuple[str, str]) -> str:
        if ref == "centre" and abs(distance) < 1e-9:
            return f"centred between the {names[0]} and {names[1]} edges"
        if ref == "centre":
            return f"{mm(abs(distance))} mm from the centre towards the {names[distance > 0]} edge"
        edge = {"min": f"the {names[0]} edge", "max": f"the {names[1]} edge"}.get(
            ref, f"the {names[0]} and {names[1]} edges"
        )
        return f"{mm(distance)} mm from {edge}"

    u_names, v_names = _FACE_EDGE_NAMES[face]
    return f"{one(spec.u, spec.u_from, u_names)} and {one(spec.v, spec.v_from, v_names)}"


def _hole(op: HoleOp) -> str:
    points = hole_positions(op, None)  # the offsets from the centre; from_edges are described apart
    depth = "through" if op.depth is None else f"{mm(op.depth)} mm deep"
    entry = ""
    if op.counterbore is not None:
        entry = f", counterbored Ø{mm(op.counterbore.diameter)} × {mm(op.counterbore.depth)} deep"
    if op.countersink is not None:
        entry = f", countersunk Ø{mm(op.countersink.diameter)} × {mm(op.countersink.angle)}°"
    if op.thread is not None:
        drill = (
            f"Ø{mm(op.diameter)} tap drill" if op.diameter < op.thread.nominal else "at its major diameter"
        )
        entry += f", tapped {op.thread.designation()} (cosmetic thread, {drill})"
    where = [f"{_where(points, op.pattern)} from its centre"] if points or not op.from_edges else []
    where += [_edge_text(spec, op.face) for spec in op.from_edges]
    return (
        f"{hole_count(op)} × Ø{mm(op.diameter)} hole {depth}{entry}, into the {op.face} face of {op.target}, "
        f"{'; '.join(where)}"
    )


def _cut(verb: str, op: PocketOp | BossOp) -> str:
    turned = f", turned {mm(op.rotation)}°" if op.rotation else ""
    if isinstance(op, PocketOp):
        size = "through" if op.depth is None else f"{mm(op.depth)} mm deep"
    else:
        size = f"{mm(op.height)} mm high"
    return (
        f"{verb} {profile_text(op.profile)}, {size}, on the {op.face} face of {op.target} "
        f"at {points_text([op.at])} from its centre{turned}"
    )


def edge_pick_text(pick: EdgePick) -> str:
    """ "vertical", "circular edges made by slot where it meets plate", ..."""
    if not isinstance(pick, FeatureEdges):
        return pick
    kind = "" if pick.kind == "all" else f"{pick.kind} "
    text = f"{kind}edges made by {pick.of}"
    if pick.meets is not None:
        text += f" where it meets {pick.meets}"
    if pick.face is not None:
        text += f" on its {pick.face} side"
    return text


def _edges(verb: str, size: float, edges: list[EdgePick], target: str) -> str:
    return f"{verb} {mm(size)} mm on the {', '.join(edge_pick_text(e) for e in edges)} edges of {target}"


def _shell(op: ShellOp) -> str:
    faces = ", ".join(op.open_faces) if op.open_faces else "none (closed)"
    return f"hollowed to {mm(op.thickness)} mm walls, open: {faces}, from {op.target}"


def thread_text(op: ThreadOp) -> str:
    """'a modelled M10x1.5 thread, 20 mm long, from the top of shaft'."""
    return f"a modelled {op.designation()} thread, {mm(op.length)} mm long, from the {op.end} of {op.target}"


def _linear(op: LinearCopyOp) -> str:
    return f"{op.count} copies of {op.target}, {mm(op.spacing)} mm apart along {tuple(op.direction)}"


def _polar(op: PolarCopyOp) -> str:
    return f"{op.count} copies of {op.target} around {op.axis.upper()} over {mm(op.angle)}°"


def _grid(op: GridCopyOp) -> str:
    return f"{op.columns} × {op.rows} copies of {op.target}, {mm(op.spacing_x)} × {mm(op.spacing_y)} mm apart"


def _mirror(op: MirrorOp) -> str:
    keep = " (kept with the original)" if op.keep_original else ""
    return f"{op.target} mirrored in the {op.plane.upper()} plane{keep}"


def _boolean(op: BooleanOp) -> str:
    if op.operation == "cut":
        return f"{', '.join(op.operands[1:])} cut from {op.operands[0]}"
    joined = " and ".join(op.operands)
    return f"{op.operation} of {joined}"


#: One line per operation kind (``op`` field → words).
READBACK: dict[str, Callable[[Any], str]] = {
    "box": _box,
    "cylinder": _cylinder,
    "sphere": _sphere,
    "cone": _cone,
    "torus": _torus,
    "prism": _prism,
    "pyramid": _pyramid,
    "extrude": _extrude,
    "revolve": _revolve,
    "spur_gear": _gear,
    "spring": _spring,
    "loft": _loft,
    "sweep": _sweep,
    "pipe": _pipe,
    "custom": _custom,
    "hole": _hole,
    "pocket": lambda op: _cut("pocket", op),
    "boss": lambda op: _cut("boss", op),
    "offset_pocket": _offset,
    "offset_boss": _offset,
    "fillet": lambda op: _edges("fillet", op.radius, op.edges, op.target),
    "chamfer": lambda op: _edges("chamfer", op.size, op.edges, op.target),
    "shell": _shell,
    "thread": thread_text,
    "linear_pattern": _linear,
    "polar_pattern": _polar,
    "grid_pattern": _grid,
    "mirror": _mirror,
    "boolean": _boolean,
}


def node_text(node: TaskNode, part_of: dict[str, str] | None = None) -> str:
    """``id: what it makes`` for one node; ``part_of`` names the shape a step's target belongs to."""
    op = node.operation
    target = getattr(op, "target", None)
    if part_of and isinstance(target, str) and target in part_of:
        op = op.model_copy(update={"target": part_of[target]})
    placement = getattr(op, "placement", None)
    where = _placement(placement) if isinstance(placement, Placement) else ""
    return f"{node.id}: {READBACK[op.op](op)}{where}"


def _shapes(graph: TaskGraph) -> dict[str, str]:
    """Each node → the shape its chain of targets starts from.

    A hole drilled after the corner holes targets the node ``holes``; in words it goes into the
    plate ("into the top face of plate", not "of holes").
    """
    targets = {n.id: getattr(n.operation, "target", None) for n in graph.nodes}
    shapes: dict[str, str] = {}
    for node_id in targets:
        current, seen = node_id, {node_id}
        while isinstance(targets.get(current), str) and targets[current] in targets:
            current = str(targets[current])
            if current in seen:
                break
            seen.add(current)
        shapes[node_id] = current
    return shapes


def explain(graph: TaskGraph) -> list[str]:
    """The plan in plain words, one line per node, in build order."""
    shapes = _shapes(graph)
    return [node_text(node, shapes) for node in graph.nodes]
