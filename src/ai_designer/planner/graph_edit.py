"""Editing a list of TaskGraph nodes: replace, remove (rewiring), re-order,
and keep features where they were relative to the edges when their shape changes size.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planner.build import Frame
from ai_designer.schemas.task_graph import (
    BooleanOp,
    CircularPattern,
    GridPattern,
    HoleOp,
    LinearCopyOp,
    LinearPattern,
    PocketOp,
    TaskNode,
)


def updated(node: TaskNode, **fields: Any) -> TaskNode:
    """``node`` with fields of its operation changed."""
    return node.model_copy(update={"operation": node.operation.model_copy(update=fields)})


def retarget(nodes: list[TaskNode], old: str, new: str) -> list[TaskNode]:
    """Every reference to ``old`` (target, operands, relative placement) pointed at ``new``."""
    result = []
    for node in nodes:
        op = node.operation
        if getattr(op, "target", None) == old:
            node = updated(node, target=new)
        if isinstance(op, BooleanOp) and old in op.operands:
            node = updated(node, operands=[new if o == old else o for o in op.operands])
        placement = getattr(node.operation, "placement", None)
        if placement is not None and placement.relative_to == old:
            node = updated(node, placement=placement.model_copy(update={"relative_to": new}))
        result.append(node)
    return result


def remove_node(nodes: list[TaskNode], node_id: str) -> list[TaskNode]:
    """Drop a feature node; whatever used it uses what it was applied to."""
    node = next(n for n in nodes if n.id == node_id)
    source = getattr(node.operation, "target", None)
    rest = [n for n in nodes if n.id != node_id]
    return retarget(rest, node_id, source) if source else rest


def ordered(nodes: list[TaskNode]) -> list[TaskNode]:
    """Nodes in dependency order (stable: otherwise as given)."""
    by_id = {n.id: n for n in nodes}
    done: dict[str, TaskNode] = {}

    def visit(node: TaskNode) -> None:
        if node.id in done:
            return
        for ref in node.references():
            if ref in by_id and ref not in done and ref != node.id:
                visit(by_id[ref])
        done[node.id] = node

    for node in nodes:
        visit(node)
    return list(done.values())


def _shift(value: float, old_half: float, new_half: float) -> float:
    """Keep an offset's distance to the nearer edge (centred stays centred)."""
    if abs(value) < 1e-9 or abs(old_half - new_half) < 1e-12:
        return value
    sign = 1.0 if value > 0 else -1.0
    return sign * (new_half - (old_half - abs(value)))


def reanchor(node: TaskNode, old: Frame, new: Frame) -> TaskNode:
    """A hole or pocket moved so it keeps its distance from the edges after a resize."""
    op = node.operation
    if not isinstance(op, (HoleOp, PocketOp)):
        return node
    (odu, odv), (ndu, ndv) = old.face_size(op.face), new.face_size(op.face)
    if (odu, odv) == (ndu, ndv):
        return node

    def move(p: tuple[float, float]) -> tuple[float, float]:
        return _shift(p[0], odu / 2, ndu / 2), _shift(p[1], odv / 2, ndv / 2)

    if isinstance(op, PocketOp):
        return updated(node, at=move(op.at))
    fields: dict[str, Any] = {"at": [move(p) for p in op.at]}
    pattern = op.pattern
    if isinstance(pattern, LinearPattern):
        fields["pattern"] = _linear(pattern, move)
    elif isinstance(pattern, (GridPattern, CircularPattern)):
        fields["pattern"] = pattern.model_copy(update={"center": move(pattern.center)})
    return updated(node, **fields)


def _linear(pattern: LinearPattern, move: Any) -> LinearPattern:
    du, dv = pattern.direction
    n = pattern.count - 1
    end = (pattern.start[0] + n * pattern.spacing * du, pattern.start[1] + n * pattern.spacing * dv)
    symmetric = abs(end[0] + pattern.start[0]) < 1e-6 and abs(end[1] + pattern.start[1]) < 1e-6
    start = move(pattern.start)
    if symmetric and n > 0:
        span = abs(2 * (start[0] * du + start[1] * dv))
        return pattern.model_copy(update={"start": start, "spacing": span / n})
    return pattern.model_copy(update={"start": start})


def copies_resized(node: TaskNode, old: Frame, new: Frame) -> TaskNode:
    """A linear copy keeps its gap when the copied shape grows along the copy direction."""
    op = node.operation
    if not isinstance(op, LinearCopyOp):
        return node
    axis = max(range(3), key=lambda i: abs(op.direction[i]))
    return updated(node, spacing=op.spacing + new.size[axis] - old.size[axis])
