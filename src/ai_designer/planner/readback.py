"""Reading an existing graph back as shapes: what each shape is, its dimensions, its features.

Follow-up changes work on a graph, not on the words that made it. A shape is found from
its creating node (and the nodes this planner puts with it: a tube's ``bore``, a bracket's
``base``/``upright`` union); its dimensions are read back as the same canonical roles the
shape builders take, so a change is made on the roles and the shape is built again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ai_designer.planner.build import Frame, GraphBuilder, origin_of, refuse
from ai_designer.planner.catalog import build_shape
from ai_designer.planner.chunks import Position
from ai_designer.planner.kinds import SHAPE_KINDS
from ai_designer.planner.model import BodySpec
from ai_designer.schemas.task_graph import (
    CREATING_OPS,
    BooleanOp,
    BoxOp,
    CylinderOp,
    HoleOp,
    PocketOp,
    RectangleProfile,
    TaskGraph,
    TaskNode,
)


@dataclass
class BodyNodes:
    """A shape of an existing graph: its spec, its own nodes and the chain of features after them."""

    spec: BodySpec
    frame: Frame
    own: list[str]
    chain: list[str] = field(default_factory=list)


def _targets(graph: TaskGraph) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for node in graph.nodes:
        for ref in node.consumes():
            found.setdefault(ref, []).append(node.id)
    return found


def _next_in_chain(node_id: str, consumers: dict[str, list[str]], graph: TaskGraph) -> str | None:
    users = consumers.get(node_id, [])
    if len(users) != 1:
        return None
    user = graph.node(users[0])
    return user.id if getattr(user.operation, "target", None) == node_id else None


def read_bodies(graph: TaskGraph) -> list[BodyNodes]:
    """Every shape of the graph, in node order."""
    consumers = _targets(graph)
    brackets = {
        node.id: node
        for node in graph.nodes
        if isinstance(node.operation, BooleanOp)
        and node.operation.operation == "union"
        and _is_bracket(graph, node.operation.operands)
    }
    in_union = {o for node in brackets.values() for o in node.operation.operands}  # type: ignore[union-attr]
    bodies: list[BodyNodes] = []
    for node in graph.nodes:
        op = node.operation
        if node.id in brackets:
            bodies.append(_bracket(graph, node))
        elif op.op in CREATING_OPS and node.id not in in_union:
            body = _single(graph, node, consumers)
            if body is not None:
                bodies.append(body)
    for body in bodies:
        tip = body.own[-1]
        while (nxt := _next_in_chain(tip, consumers, graph)) is not None:
            body.chain.append(nxt)
            tip = nxt
        body.frame.tip = tip
    return bodies


def main_body(graph: TaskGraph) -> BodyNodes:
    """The shape changes apply to when none is named: the first one."""
    bodies = read_bodies(graph)
    if not bodies:
        raise refuse("the current part has no shape this planner can change")
    return bodies[0]


def _is_bracket(graph: TaskGraph, operands: list[str]) -> bool:
    ops = [graph.node(o).operation for o in operands]
    return (
        len(ops) == 2
        and all(isinstance(o, BoxOp) for o in ops)
        and origin_of(graph.node(operands[0])) == "base"
    )


def _bracket(graph: TaskGraph, node: TaskNode) -> BodyNodes:
    base_op = graph.node(node.operation.operands[0]).operation  # type: ignore[union-attr]
    upright_op = graph.node(node.operation.operands[1]).operation  # type: ignore[union-attr]
    assert isinstance(base_op, BoxOp) and isinstance(upright_op, BoxOp)
    values = {
        "base_length": base_op.length,
        "width": base_op.width,
        "height": base_op.height + upright_op.height,
        "base_thickness": base_op.height,
        "upright_thickness": upright_op.length,
    }
    spec = BodySpec(kind="bracket", noun=node.id, values=values)
    frame = build_shape(spec, GraphBuilder())
    frame.body_id = frame.tip = node.id
    return BodyNodes(spec, frame, [*node.operation.operands, node.id])  # type: ignore[union-attr]


def _bore_of(node: TaskNode, consumers: dict[str, list[str]], graph: TaskGraph) -> TaskNode | None:
    nxt = _next_in_chain(node.id, consumers, graph)
    if nxt is None or origin_of(graph.node(nxt)) != "bore":
        return None
    bore = graph.node(nxt)
    return bore if isinstance(bore.operation, (HoleOp, PocketOp)) else None


def _single(graph: TaskGraph, node: TaskNode, consumers: dict[str, list[str]]) -> BodyNodes | None:
    op = node.operation
    bore = _bore_of(node, consumers, graph)
    own = [node.id] + ([bore.id] if bore is not None else [])
    spec: BodySpec
    if isinstance(op, BoxOp):
        spec = BodySpec(
            kind="box", noun=node.id, values={"length": op.length, "width": op.width, "height": op.height}
        )
        if origin_of(node) == "cube" and op.length == op.width == op.height:
            spec = BodySpec(kind="cube", noun=node.id, values={"side": op.length})
        if (
            bore is not None
            and isinstance(bore.operation, PocketOp)
            and isinstance(bore.operation.profile, RectangleProfile)
        ):
            spec.kind = "rect_tube"
            spec.values["wall"] = (op.width - bore.operation.profile.length) / 2
        size = (op.length, op.width, op.height)
        return BodyNodes(spec, Frame("box", node.id, node.id, size), own)
    if isinstance(op, CylinderOp):
        d, h = 2 * op.radius, op.height
        if bore is not None and isinstance(bore.operation, HoleOp):
            values = {"outer_diameter": d, "inner_diameter": bore.operation.diameter, "height": h}
            spec = BodySpec(kind="tube", noun=node.id, values=values)
        elif origin_of(node) == "flange":
            spec = BodySpec(kind="flange", noun=node.id, values={"diameter": d, "thickness": h})
        else:
            spec = BodySpec(kind="cylinder", noun=node.id, values={"diameter": d, "height": h})
        spec.positions = list(_axis_positions(op.axis))
        size = {"z": (d, d, h), "x": (h, d, d), "y": (d, h, d)}[op.axis]
        return BodyNodes(spec, Frame("cylinder", node.id, node.id, size, op.axis), own)
    built = _by_building(node)
    if built is None:
        return None
    spec, frame = built
    return BodyNodes(spec, frame, [node.id])


def _axis_positions(axis: str) -> list[Position]:
    return [] if axis == "z" else [Position(kind="axis", axis=axis)]


def _by_building(node: TaskNode) -> tuple[BodySpec, Frame] | None:
    """Specs of the other shapes, read back by their kind's record; the frame comes from building again."""
    for kind in SHAPE_KINDS.values():
        found = kind.read_back(node.operation) if kind.read_back is not None else None
        if found is not None:
            values, adjectives = found
            spec = BodySpec(kind=kind.name, noun=node.id, values=values, adjectives=adjectives)
            return spec, build_shape(spec, GraphBuilder())
    return None


def rebuild(spec: BodySpec) -> tuple[list[TaskNode], Frame]:
    """A shape's own nodes built again from its (changed) spec."""
    g = GraphBuilder()
    frame = build_shape(spec, g)
    return g.nodes, frame
