"""The plan's dependency order without networkx gives networkx's order, and None where it fails."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from ai_designer.cad.dag import ancestors, dependency_order


def networkx_order(nodes: list[str], edges: list[tuple[str, str]]) -> list[str] | None:
    """The order the planner used before: networkx's, keyed by position; None when it fails."""
    position = {node: i for i, node in enumerate(nodes)}
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    try:
        return list(nx.lexicographical_topological_sort(graph, key=lambda n: f"{position[n]:06d}"))
    except nx.NetworkXUnfeasible:
        return None


@pytest.mark.parametrize("seed", range(300))
def test_the_same_order_as_networkx(seed: int) -> None:
    rng = random.Random(seed)
    nodes = [f"n{i}" for i in range(rng.randint(1, 12))]
    rng.shuffle(nodes)
    edges = []
    for _ in range(rng.randint(0, 20)):
        a, b = rng.sample(range(len(nodes)), 2) if len(nodes) > 1 else (0, 0)
        if seed % 3 or a < b:  # two in three graphs may have cycles; the rest are DAGs
            edges.append((nodes[a], nodes[b]))
    assert dependency_order(nodes, edges) == networkx_order(nodes, edges)


def test_ties_keep_the_order_given() -> None:
    assert dependency_order(["c", "a", "b"], []) == ["c", "a", "b"]
    assert dependency_order(["c", "a", "b"], [("b", "c")]) == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("nodes", "edges"),
    [
        (["a", "b"], [("a", "b"), ("b", "a")]),
        (["a"], [("a", "a")]),
        (["a"], [("ghost", "a")]),
        (["a", "a"], []),
    ],
    ids=["cycle", "self-loop", "unknown node", "repeated node"],
)
def test_not_a_dag_is_none(nodes: list[str], edges: list[tuple[str, str]]) -> None:
    assert dependency_order(nodes, edges) is None


@pytest.mark.parametrize("seed", range(50))
def test_the_same_ancestors_as_networkx(seed: int) -> None:
    rng = random.Random(seed)
    nodes = [f"n{i}" for i in range(rng.randint(1, 12))]
    edges = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(rng.randint(0, 20))]
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    for node in nodes:
        assert ancestors(node, edges) - {node} == nx.ancestors(graph, node)  # itself only on a cycle
