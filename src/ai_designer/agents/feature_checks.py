"""Where the plan puts its features, and whether the measured B-rep has them there (no LLM).

From the plan: every hole (counterbore and countersink included), slot, blind
pocket and boss, with the point on the target's face where it starts, worked
out from the target's bounding box as the compiler places it, and every fillet
and chamfer (:mod:`ai_designer.agents.edge_checks`). From the part: what the
trusted measure process recognised (:class:`ShapeMetrics` holes and features).
A feature that is missing, a different size or somewhere else fails. A list the engine cut
short (``ShapeMetrics.truncated``) never makes a feature pass: one found among the listed entries
is there, one not found fails as not checkable (it may be among the entries cut off).

Only features whose position the rest of the plan cannot change are checked:
a node consumed later by anything but more features, patterns, kept mirrors and
unions (or a cut it is the base of) is skipped, and so is a target whose
bounding box the analysis cannot give exactly.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ai_designer.agents.edge_checks import ExpectedEdges, expected_edges
from ai_designer.cad.geometry import FACE_FRAMES, FaceFrame
from ai_designer.cad.operations import analyse
from ai_designer.cad.positions import hole_positions
from ai_designer.schemas.execution import FlatFace, HoleInfo, ListName, ShapeMetrics, SlotInfo
from ai_designer.schemas.task_graph import (
    BooleanOp,
    BossOp,
    CircleProfile,
    HoleOp,
    MirrorOp,
    PocketOp,
    PolygonProfile,
    RectangleProfile,
    SlotProfile,
    TaskGraph,
    TaskNode,
)
from ai_designer.schemas.validation import GeometryCheck, ValidationIssue

Vec3 = tuple[float, float, float]
#: Positions must agree to this many mm; sizes to this or 0.5 %, whichever is larger.
POSITION_TOL = 0.05
SIZE_TOL = 0.05
#: Operations that keep what their target made where it was (they add, round or copy).
_KEEPING = frozenset(
    {"hole", "pocket", "boss", "fillet", "chamfer", "linear_pattern", "grid_pattern", "polar_pattern"}
)


class ExpectedFeature(BaseModel):
    """A feature the plan promises, at the point where it enters its face."""

    model_config = ConfigDict(extra="forbid")

    node_id: str
    kind: Literal["hole", "slot", "pocket", "boss"]
    point: Vec3
    normal: Vec3
    diameter: float | None = None
    counterbore: tuple[float, float] | None = None
    countersink: float | None = None
    width: float | None = None
    length: float | None = None
    level: float | None = None
    centred: bool = True

    def describe(self) -> str:
        """'slot 20 x 6 mm at (55, 35, 10)'."""
        where = "(" + ", ".join(f"{c:g}" for c in (round(p, 3) for p in self.point)) + ")"
        if self.kind == "hole":
            extra = (
                f" counterbore Ø{self.counterbore[0]:g} x {self.counterbore[1]:g}" if self.counterbore else ""
            )
            extra += f" countersink Ø{self.countersink:g}" if self.countersink else ""
            return f"hole Ø{self.diameter:g}{extra} at {where}"
        if self.kind == "slot":
            return f"slot {self.length:g} x {self.width:g} mm at {where}"
        return f"{self.kind} face at level {self.level:g} at {where}"


def _stable(graph: TaskGraph, node_id: str) -> bool:
    """True when nothing after ``node_id`` can move or remove what it made."""
    for node in graph.nodes:
        if node_id not in node.consumes():
            continue
        op = node.operation
        passes = op.op in _KEEPING
        if isinstance(op, MirrorOp):
            passes = op.keep_original
        if isinstance(op, BooleanOp):
            passes = op.operation == "union" or (op.operation == "cut" and op.operands[0] == node_id)
        if not passes or not _stable(graph, node.id):
            return False
    return True


Expected = ExpectedFeature | ExpectedEdges


def expected_features(graph: TaskGraph) -> list[Expected]:
    """The features of ``graph`` whose position and size the finished part must show."""
    facts = analyse(graph)
    found: list[Expected] = []
    for node in graph.nodes:
        op = node.operation
        if not isinstance(op, HoleOp | PocketOp | BossOp) or not _stable(graph, node.id):
            continue
        target = facts.get(op.target)
        if target is None or target.bbox is None or not target.exact_bbox:
            continue
        frame = FACE_FRAMES[op.face]
        entry = target.bbox.hi[frame.normal] if frame.sign > 0 else target.bbox.lo[frame.normal]
        normal = [0.0, 0.0, 0.0]
        normal[frame.normal] = float(frame.sign)
        face = target.bbox.face_size(op.face)
        points = [_on_face(target.bbox.center, frame, entry, uv) for uv in _positions(node, face)]
        thickness = target.bbox.size[frame.normal]
        found += _of_node(node, points, (normal[0], normal[1], normal[2]), entry, thickness)
    return found + expected_edges(graph, facts, lambda node_id: _stable(graph, node_id))


def _on_face(centre: Vec3, frame: FaceFrame, entry: float, uv: tuple[float, float]) -> Vec3:
    """The point of the face at ``entry`` (along its normal), ``uv`` from the box's centre."""
    p = list(centre)
    p[frame.normal], p[frame.u], p[frame.v] = entry, centre[frame.u] + uv[0], centre[frame.v] + uv[1]
    return (p[0], p[1], p[2])


def _positions(node: TaskNode, face: tuple[float, float]) -> list[tuple[float, float]]:
    """(u, v) offsets from the centre of the target's face (of size ``face``) of each feature."""
    op = node.operation
    if isinstance(op, HoleOp):
        return hole_positions(op, face)
    if isinstance(op, PocketOp | BossOp):
        return [op.at]
    return []


def _of_node(
    node: TaskNode, points: list[Vec3], normal: Vec3, entry: float, thickness: float
) -> list[ExpectedFeature]:
    op = node.operation
    sign = sum(normal)
    axis = max(range(3), key=lambda i: abs(normal[i]))
    base = {"node_id": node.id, "normal": normal}
    if isinstance(op, HoleOp):
        cb = (op.counterbore.diameter, op.counterbore.depth) if op.counterbore else None
        cs = op.countersink.diameter if op.countersink else None
        return [
            ExpectedFeature(
                **base, kind="hole", point=p, diameter=op.diameter, counterbore=cb, countersink=cs
            )
            for p in points
        ]
    if isinstance(op, PocketOp):
        profile = op.profile
        if isinstance(profile, CircleProfile):
            return [ExpectedFeature(**base, kind="hole", point=points[0], diameter=2 * profile.radius)]
        if isinstance(profile, SlotProfile):
            slot = ExpectedFeature(
                **base, kind="slot", point=points[0], width=profile.width, length=profile.length
            )
            return [slot]
        if op.depth is None or op.depth >= thickness - 1e-6:
            return []  # through: no floor to find
        centred = isinstance(profile, RectangleProfile | PolygonProfile)
        level = entry - sign * op.depth
        floor = _moved(points[0], axis, level)
        return [ExpectedFeature(**base, kind="pocket", point=floor, level=level, centred=centred)]
    if isinstance(op, BossOp):
        centred = isinstance(op.profile, RectangleProfile | PolygonProfile | CircleProfile | SlotProfile)
        level = entry + sign * op.height
        top = _moved(points[0], axis, level)
        return [ExpectedFeature(**base, kind="boss", point=top, level=level, centred=centred)]
    return []


def _moved(point: Vec3, axis: int, level: float) -> Vec3:
    p = list(point)
    p[axis] = level
    return (p[0], p[1], p[2])


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= max(SIZE_TOL, 0.005 * abs(b))


def _off_line(point: Vec3, start: Sequence[float], axis: Sequence[float]) -> float:
    """Distance from ``point`` to the line through ``start`` along the unit ``axis``."""
    d = [point[i] - start[i] for i in range(3)]
    along = sum(d[i] * axis[i] for i in range(3))
    return math.sqrt(max(0.0, sum(x * x for x in d) - along * along))


def _parallel(axis: Sequence[float], normal: Vec3) -> bool:
    return abs(sum(axis[i] * normal[i] for i in range(3))) >= 1 - 1e-6


def _hole_matches(want: ExpectedFeature, hole: HoleInfo) -> bool:
    if not (_parallel(hole.axis, want.normal) and _close(hole.diameter, want.diameter)):
        return False
    if _off_line(want.point, hole.start, hole.axis) > POSITION_TOL:
        return False
    cb = want.counterbore
    if cb is not None and not (
        _close(hole.counterbore_diameter, cb[0]) and _close(hole.counterbore_depth, cb[1])
    ):
        return False
    return want.countersink is None or _close(hole.countersink_diameter, want.countersink)


def _slot_matches(want: ExpectedFeature, slot: SlotInfo) -> bool:
    return (
        _parallel(slot.axis, want.normal)
        and _close(slot.width, want.width)
        and _close(slot.length, want.length)
        and _off_line(want.point, slot.center, slot.axis) <= POSITION_TOL
    )


def _flat_matches(want: ExpectedFeature, flat: FlatFace) -> bool:
    if tuple(flat.normal) != want.normal or not _close(flat.level, want.level):
        return False
    axis = max(range(3), key=lambda i: abs(want.normal[i]))
    others = [i for i in range(3) if i != axis]
    if want.centred:
        return all(abs(flat.center[i] - want.point[i]) <= POSITION_TOL for i in others)
    return all(
        flat.center[i] - flat.size[i] / 2 - POSITION_TOL
        <= want.point[i]
        <= flat.center[i] + flat.size[i] / 2 + POSITION_TOL
        for i in others
    )


def _found(want: Expected, shape: ShapeMetrics) -> bool:
    if isinstance(want, ExpectedEdges):
        return want.found(shape)
    if want.kind == "hole":
        return any(_hole_matches(want, h) for h in shape.holes)
    if want.kind == "slot":
        return any(_slot_matches(want, s) for s in shape.features.slots)
    return any(_flat_matches(want, f) for f in shape.features.flats)


def _nearest(want: Expected, shape: ShapeMetrics) -> str:
    """What was measured instead, for the issue text."""
    if isinstance(want, ExpectedEdges):
        return want.measured(shape)
    if want.kind == "hole":
        sizes = [h for h in shape.holes if _parallel(h.axis, want.normal)]
        near = min(sizes, key=lambda h: _off_line(want.point, h.start, h.axis), default=None)
        if near is None:
            return "no hole along that axis"
        cb = (
            f", counterbore Ø{near.counterbore_diameter:g} x {near.counterbore_depth:g}"
            if near.counterbore_diameter
            else ""
        )
        return f"nearest: Ø{near.diameter:g}{cb}, {_off_line(want.point, near.start, near.axis):.2f} mm away"
    if want.kind == "slot":
        slots = shape.features.slots
        near_slot = min(slots, key=lambda s: _off_line(want.point, s.center, s.axis), default=None)
        if near_slot is None:
            return "no slot"
        away = _off_line(want.point, near_slot.center, near_slot.axis)
        return f"nearest: {near_slot.length:g} x {near_slot.width:g} mm, {away:.2f} mm away"
    levels = sorted({round(f.level, 3) for f in shape.features.flats if tuple(f.normal) == want.normal})
    return "faces facing that way at levels " + ", ".join(f"{v:g}" for v in levels[:8])


_LIST_WORDS = {
    "holes": "holes",
    "slots": "slots",
    "flats": "flat faces",
    "rounds": "fillet radii",
    "chamfers": "chamfer widths",
}


def _listed_in(want: Expected) -> ListName:
    """The measured list that would hold ``want``."""
    if isinstance(want, ExpectedEdges):
        return "rounds" if want.kind == "fillet" else "chamfers"
    return {"hole": "holes", "slot": "slots"}.get(want.kind, "flats")  # type: ignore[return-value]


def _not_checkable(want: Expected, shape: ShapeMetrics) -> str | None:
    """Why a feature not found cannot be called missing: its list was cut short (None if it was not)."""
    name = _listed_in(want)
    if shape.listed_all(name):
        return None
    entries = shape.holes if name == "holes" else getattr(shape.features, name)
    return (
        f"not checkable: only {len(entries)} of the part's {shape.total(name)} {_LIST_WORDS[name]} "
        "are listed, it may be among the others"
    )


def _suggestion(want: Expected) -> str:
    if isinstance(want, ExpectedEdges):
        field = "radius" if want.kind == "fillet" else "size"
        return f"Check the {want.kind}'s {field} ({want.size:g} mm) and the edges it picks."
    return "Check the feature's face, position (u, v from the face centre) and size."


def check_features(
    shape: ShapeMetrics, expected: Iterable[Expected]
) -> tuple[list[GeometryCheck], list[ValidationIssue]]:
    """One check per node (all its features found where the plan puts them), and an issue for each
    feature missing."""
    by_node: dict[str, list[Expected]] = {}
    for want in expected:
        by_node.setdefault(want.node_id, []).append(want)
    checks: list[GeometryCheck] = []
    issues: list[ValidationIssue] = []
    for node_id, wanted in by_node.items():
        # a feature not among the listed ones of a list cut short fails as not checkable
        missing = [
            (want, _not_checkable(want, shape) or _nearest(want, shape))
            for want in wanted
            if not _found(want, shape)
        ]
        count = f"{len(wanted)} x " if len(wanted) > 1 else ""
        checks.append(
            GeometryCheck(
                name=f"{wanted[0].kind} {node_id}",
                passed=not missing,
                expected=count + wanted[0].describe() + (" ..." if len(wanted) > 1 else ""),
                actual=f"{len(wanted) - len(missing)} of {len(wanted)} found"
                + "".join(f"; {want.describe()} missing, {nearest}" for want, nearest in missing[:3]),
            )
        )
        issues += [
            ValidationIssue(
                category="geometry",
                node_id=node_id,
                message=f"Expected a {want.describe()}; {nearest}.",
                suggestion=_suggestion(want),
            )
            for want, nearest in missing
        ]
    return checks, issues
