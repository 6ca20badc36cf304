"""Helpers for the offline planner's tests: cached planning and graph look-ups."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pytest

from ai_designer.cad.operations import analyse
from ai_designer.cad.positions import hole_positions
from ai_designer.errors import PlanningError
from ai_designer.planner import LocalPlanner, LocalPlanResult
from ai_designer.schemas.task_graph import HoleOp, TaskGraph

PLANNER = LocalPlanner()


@lru_cache(maxsize=512)
def plan(prompt: str) -> LocalPlanResult:
    """``LocalPlanner().plan(prompt)``, cached (results are immutable in the tests)."""
    return PLANNER.plan(prompt)


def modify(graph: TaskGraph, *changes: str) -> LocalPlanResult:
    """Apply ``changes`` one after the other."""
    result = LocalPlanResult(graph=graph)
    for change in changes:
        result = PLANNER.modify(result.graph, change)
    return result


def op(graph: TaskGraph, node_id: str) -> Any:
    """The operation of node ``node_id``."""
    return graph.node(node_id).operation


def ops(graph: TaskGraph, kind: str) -> list[Any]:
    """Operations of one kind (``"hole"``, ``"box"``...), in node order."""
    return [n.operation for n in graph.nodes if n.operation.op == kind]


def positions(graph: TaskGraph, node_id: str) -> list[tuple[float, float]]:
    """Every hole of hole node ``node_id`` as an offset from its face's centre, sorted and rounded
    (positions measured from the edges are measured on the target as the plan has it)."""
    hole = op(graph, node_id)
    assert isinstance(hole, HoleOp)
    target = analyse(graph)[hole.target].bbox
    assert target is not None
    points = hole_positions(hole, target.face_size(hole.face))
    return sorted((round(u, 6) + 0.0, round(v, 6) + 0.0) for u, v in points)


def ids(graph: TaskGraph) -> list[str]:
    """Node ids in order."""
    return [n.id for n in graph.nodes]


def bbox(graph: TaskGraph) -> tuple[float, float, float]:
    """The expected overall size of the part."""
    assert graph.expected.bbox is not None
    x, y, z = graph.expected.bbox
    return (round(x, 3), round(y, 3), round(z, 3))


def volume_ok(graph: TaskGraph, volume: float) -> bool:
    """True when ``volume`` lies within the graph's expected volume bounds."""
    e = graph.expected
    return (e.volume_min or 0.0) <= volume <= (e.volume_max if e.volume_max is not None else float("inf"))


def refused(prompt: str) -> PlanningError:
    """The PlanningError ``prompt`` raises."""
    with pytest.raises(PlanningError) as info:
        PLANNER.plan(prompt)
    return info.value
