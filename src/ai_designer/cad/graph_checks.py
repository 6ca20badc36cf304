"""TaskGraph validation: structure first, then parameters that cannot work.

:func:`validate_graph` raises :class:`~ai_designer.errors.InvalidTaskGraphError`
listing every problem, each naming its node and saying why, so a planner (or a
person) can fix them all in one go. Structural problems (duplicate ids, unknown
references, cycles, a result consumed twice) are found first (cycles named by networkx); when
there are any, the parameter checks are skipped because the graph cannot be
walked. Parameter checks use the bounding boxes the analysis tracks through the
graph: a hole wider than its face, a blind hole deeper than the part, a fillet
too big for its edges, a shell too thick, and so on.
"""

from __future__ import annotations

from collections.abc import Iterator

from ai_designer.cad import analysis
from ai_designer.cad.dag import ancestors, dependency_order
from ai_designer.cad.facts import UNKNOWN, Facts
from ai_designer.cad.op_checks import GraphProblem
from ai_designer.cad.operations import entry_for, node_facts
from ai_designer.errors import InvalidTaskGraphError
from ai_designer.schemas.task_graph import ChamferOp, FilletOp, TaskGraph, TaskNode, feature_edge_refs

__all__ = ["GraphProblem", "find_problems", "problems_error", "validate_graph"]


def validate_graph(graph: TaskGraph) -> None:
    """Raise :class:`InvalidTaskGraphError` listing every problem; return quietly when there is none."""
    problems = find_problems(graph)
    if problems:
        raise problems_error(problems)


def problems_error(
    problems: list[GraphProblem], subject: str = "The task graph", hint: str | None = None
) -> InvalidTaskGraphError:
    """The error listing ``problems``, one line each, with them in its context."""
    lines = "\n".join(f"  - {p.describe()}" for p in problems)
    plural = "problem" if len(problems) == 1 else "problems"
    return InvalidTaskGraphError(
        f"{subject} has {len(problems)} {plural}:\n{lines}",
        hint=hint,
        problems=[p.as_dict() for p in problems],
        nodes=sorted({p.node for p in problems if p.node}),
    )


def find_problems(graph: TaskGraph) -> list[GraphProblem]:
    """Every problem found: structural ones, or (when the structure is sound) parameter ones."""
    structural = list(_structure_problems(graph))
    if structural:
        return structural
    lineage = list(_feature_edge_problems(graph))
    if lineage:
        return lineage
    problems: list[GraphProblem] = []
    known: dict[str, Facts] = {}
    for node in analysis.dependency_order(graph):
        entry = entry_for(node.operation)
        local = list(entry.local(node.id, node.operation))
        problems += local
        if local:
            known[node.id] = UNKNOWN
            continue
        problems += entry.context(node.id, node.operation, known)
        known[node.id] = node_facts(node, known)
    return problems


# --------------------------------------------------------------------------- structure


def _structure_problems(graph: TaskGraph) -> Iterator[GraphProblem]:
    ids = [n.id for n in graph.nodes]
    seen: set[str] = set()
    for node_id in ids:
        if node_id in seen:
            positions = [i for i, x in enumerate(ids) if x == node_id]
            yield GraphProblem(
                node_id, "id", f"the id is used by {len(positions)} nodes (positions {positions})"
            )
        seen.add(node_id)
    known = set(ids)
    consumers: dict[str, list[str]] = {}
    for node in graph.nodes:
        yield from _reference_problems(node, known)
        consumed = node.consumes()
        for ref in sorted({r for r in consumed if consumed.count(r) > 1}):
            yield GraphProblem(node.id, "operands", f"consumes '{ref}' {consumed.count(ref)} times")
        for ref in dict.fromkeys(consumed):
            consumers.setdefault(ref, []).append(node.id)
        yield from _placement_problems(node)
    for ref, users in consumers.items():
        if len(users) > 1 and ref in known:
            yield GraphProblem(
                ref,
                None,
                f"its result is consumed by {len(users)} nodes ({', '.join(repr(u) for u in users)}); "
                "a result can be used up only once: chain the features "
                "(the second one's target is the first)",
            )
    yield from _cycle_problems(graph, known)


def _reference_problems(node: TaskNode, known: set[str]) -> Iterator[GraphProblem]:
    op = node.operation
    fields: list[tuple[str, str]] = []
    target = getattr(op, "target", None)
    if target:
        fields.append(("target", target))
    fields += [("operands", o) for o in getattr(op, "operands", []) or []]
    placement = getattr(op, "placement", None)
    if placement is not None and placement.relative_to:
        fields.append(("placement.relative_to", placement.relative_to))
    if isinstance(op, (FilletOp, ChamferOp)):
        fields += [("edges", r) for r in feature_edge_refs(op.edges)]
    fields += [("depends_on", d) for d in node.depends_on]
    for field, ref in fields:
        if ref == node.id:
            yield GraphProblem(node.id, field, "refers to itself")
        elif ref not in known:
            yield GraphProblem(node.id, field, f"refers to '{ref}', which is not a node of the graph")


def _placement_problems(node: TaskNode) -> Iterator[GraphProblem]:
    placement = getattr(node.operation, "placement", None)
    if placement is None:
        return
    if placement.relative_to and placement.relation is None:
        yield GraphProblem(
            node.id,
            "placement.relation",
            f"placement.relative_to is '{placement.relative_to}' but no relation says where "
            "(on_top_of, below, centered_on, beside_x, beside_y)",
        )
    if placement.relation is not None and not placement.relative_to:
        yield GraphProblem(
            node.id,
            "placement.relative_to",
            f"placement.relation is '{placement.relation}' but relative_to names no node",
        )


def _feature_edge_problems(graph: TaskGraph) -> Iterator[GraphProblem]:
    """Feature-scoped edge selectors must name earlier steps of the fillet's or chamfer's target."""
    edges = [(ref, n.id) for n in graph.nodes for ref in n.consumes()]
    for node in graph.nodes:
        op = node.operation
        if not isinstance(op, (FilletOp, ChamferOp)):
            continue
        history = ancestors(op.target, edges) | {op.target}
        for ref in feature_edge_refs(op.edges):
            if ref not in history:
                yield GraphProblem(
                    node.id,
                    "edges",
                    f"'{ref}' is not a step of '{op.target}' (the part being treated), so it made none of "
                    "its edges; name a node the target was built from",
                )


def _cycle_problems(graph: TaskGraph, known: set[str]) -> Iterator[GraphProblem]:
    edges = [
        (ref, node.id)
        for node in graph.nodes
        for ref in [*node.references(), *node.depends_on]
        if ref in known and ref != node.id
    ]
    if dependency_order(sorted(known), edges) is not None:
        return  # no cycle: networkx (slow to import) is only needed to name them
    import networkx as nx

    dag: nx.DiGraph[str] = nx.DiGraph()
    dag.add_nodes_from(known)
    dag.add_edges_from(edges)
    for count, cycle in enumerate(nx.simple_cycles(dag)):
        if count == 5:
            break
        start = cycle.index(min(cycle))
        ordered = cycle[start:] + cycle[:start]
        path = " -> ".join([*ordered, ordered[0]])
        yield GraphProblem(ordered[0], None, f"is part of a cycle: {path}")
