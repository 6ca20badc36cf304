"""Engineers' phrasings the offline planner reads: the outer edges at each end of a bush, ..."""

from __future__ import annotations

import pytest

from ai_designer.errors import PlanningError
from ai_designer.planner import LocalPlanner
from ai_designer.schemas.task_graph import ChamferOp, FilletOp, HoleOp, TaskGraph

PLANNER = LocalPlanner()


def _ops(graph: TaskGraph) -> list[str]:
    return [type(n.operation).__name__ for n in graph.nodes]


# ------------------------------------------------------------------ outer edges at each end


@pytest.mark.parametrize(
    "prompt",
    [
        "A plain bearing bush: 20 mm OD, 12 mm ID, 25 mm long, with a 1 mm chamfer on the outside edge "
        "at each end.",
        "A tube 20 mm OD, 12 mm ID, 25 mm long, with 1 mm chamfers on the outer edges of both ends.",
        "A 25 mm long tube, outer diameter 20 mm, inner diameter 12 mm, 1 mm chamfer on the external "
        "edges at both ends",
    ],
)
def test_outer_edges_at_each_end_are_chamfered_before_the_bore(prompt: str) -> None:
    graph = PLANNER.plan(prompt).graph
    assert _ops(graph) == ["CylinderOp", "ChamferOp", "HoleOp"]
    chamfer = graph.nodes[1].operation
    assert isinstance(chamfer, ChamferOp) and chamfer.size == 1.0 and chamfer.edges == ["top", "bottom"]
    bore = graph.nodes[2].operation
    assert isinstance(bore, HoleOp) and bore.diameter == 12.0 and bore.target == graph.nodes[1].id


def test_outer_edges_of_a_tube_are_rounded_on_the_plain_cylinder() -> None:
    graph = PLANNER.plan("A tube 30 mm OD, 20 mm ID, 40 mm long, with 2 mm fillets on the outer edges.").graph
    assert _ops(graph) == ["CylinderOp", "FilletOp", "HoleOp"]
    fillet = graph.nodes[1].operation
    assert isinstance(fillet, FilletOp) and fillet.edges == ["all"]


def test_chamfers_on_each_end_of_a_tube_still_take_the_bore_edges_too() -> None:
    graph = PLANNER.plan("A tube 20 mm OD, 12 mm ID, 25 mm long, with 1 mm chamfers on each end.").graph
    assert _ops(graph) == ["CylinderOp", "HoleOp", "ChamferOp"]


@pytest.mark.parametrize(
    "prompt",
    [
        # the second size of the chamfer is not used
        "A tube 20 mm OD, 12 mm ID, 25 mm long, with a 1 mm chamfer on the outside edge at each end "
        "and 3 mm from the end.",
        # the outer edges of a square tube cannot be picked
        "A square tube 40 mm wide, 100 mm long, 3 mm wall, with 1 mm chamfers on the outer edges at both ends.",
    ],
)
def test_outer_end_edges_near_misses_are_refused(prompt: str) -> None:
    with pytest.raises(PlanningError):
        PLANNER.plan(prompt)
