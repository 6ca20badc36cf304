"""Dependency order of a plan's nodes, without networkx.

Plans are a handful of nodes, and importing networkx costs about 0.1 s of every CLI run. The
order is networkx's ``lexicographical_topological_sort`` keyed by each node's position (ties
keep the order given); a graph that is not a DAG returns None, and the callers turn to networkx
for what it reports in that case (the cycles, or its own error).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence


def dependency_order(nodes: Sequence[str], edges: Iterable[tuple[str, str]]) -> list[str] | None:
    """``nodes`` ordered so that each edge's source comes before its target, earlier nodes first
    among those ready; None when the edges form a cycle, name a node not in ``nodes``, or
    ``nodes`` repeats a name."""
    position = {node: i for i, node in enumerate(nodes)}
    if len(position) != len(nodes):
        return None
    after: dict[str, set[str]] = {node: set() for node in nodes}
    for source, target in edges:
        if source not in position or target not in position:
            return None
        after[source].add(target)
    needs = dict.fromkeys(nodes, 0)
    for targets in after.values():
        for target in targets:
            needs[target] += 1
    ready = [position[node] for node in nodes if needs[node] == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        node = nodes[heapq.heappop(ready)]
        order.append(node)
        for target in after[node]:
            needs[target] -= 1
            if needs[target] == 0:
                heapq.heappush(ready, position[target])
    return order if len(order) == len(nodes) else None


def ancestors(node: str, edges: Iterable[tuple[str, str]]) -> set[str]:
    """Every node with a path of ``edges`` (source → target) to ``node``; cycles are fine."""
    before: dict[str, set[str]] = {}
    for source, target in edges:
        before.setdefault(target, set()).add(source)
    found: set[str] = set()
    stack = [node]
    while stack:
        for source in before.get(stack.pop(), ()):
            if source not in found:
                found.add(source)
                stack.append(source)
    return found
