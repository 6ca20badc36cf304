"""Shapes placed "on the top face" of another, and cuts into a face that stands on another shape."""

from __future__ import annotations

import pytest

from ai_designer.planner import LocalPlanner
from ai_designer.schemas.task_graph import HoleOp, TaskGraph

PLANNER = LocalPlanner()


def _placed(graph: TaskGraph, node_id: str) -> tuple[str | None, str | None]:
    placement = getattr(graph.node(node_id).operation, "placement", None)
    assert placement is not None
    return placement.relation, placement.relative_to


@pytest.mark.parametrize(
    "prompt",
    [
        "A plate 80 x 60 x 10 mm with a boss 20 mm in diameter and 15 mm tall on its top face.",
        "A plate 80 x 60 x 10 mm with a boss 20 mm in diameter and 15 mm tall on the top face.",
        "1. Make a plate 80 x 60 x 10 mm. 2. On the top face, add a boss 20 mm in diameter and 15 mm tall.",
        "1. Make a plate 80 x 60 x 10 mm. 2. Add a boss 20 mm in diameter and 15 mm tall on the top "
        "face of the plate.",
    ],
)
def test_a_shape_on_the_top_face_stands_on_the_shape_before(prompt: str) -> None:
    graph = PLANNER.plan(prompt).graph
    assert _placed(graph, "boss") == ("on_top_of", "plate")


def test_on_the_top_face_of_a_named_earlier_shape() -> None:
    graph = PLANNER.plan(
        "1. Make a plate 80 x 60 x 10 mm. 2. Add a block 20 x 20 x 10 mm on top. "
        "3. Add a cylinder 10 mm in diameter and 15 mm tall on the top face of the block."
    ).graph
    assert _placed(graph, "cylinder") == ("on_top_of", "block")


def test_a_step_ending_in_on_top_stands_on_the_shape_before_not_the_next() -> None:
    graph = PLANNER.plan(
        "1. Make a plate 80 x 60 x 10 mm. 2. Add a block 20 x 20 x 10 mm on top. "
        "3. Add a cylinder 10 mm in diameter and 15 mm tall on top of the plate."
    ).graph
    assert _placed(graph, "block") == ("on_top_of", "plate")
    assert _placed(graph, "cylinder") == ("on_top_of", "plate")


def test_a_feature_at_the_start_of_a_step_still_goes_into_the_face() -> None:
    graph = PLANNER.plan(
        "1. Make a plate 80 x 60 x 10 mm. 2. On the top face, drill a 6 mm hole 5 mm deep."
    ).graph
    hole = graph.node("hole").operation
    assert isinstance(hole, HoleOp) and (hole.target, hole.face, hole.depth) == ("plate", "top", 5.0)


def test_a_hole_into_the_face_a_shape_stands_on_goes_into_the_joined_part() -> None:
    # cut into the hemisphere alone, the hole would be a cavity sealed in by the cylinder below
    graph = PLANNER.plan(
        "1. Create a cylinder 60 mm in diameter and 20 mm tall. 2. Add a hemisphere of the same "
        "diameter on its top face. 3. Cut a 20 mm diameter hole 30 mm deep up into the part from "
        "the bottom face."
    ).graph
    hole = graph.node("hole").operation
    assert isinstance(hole, HoleOp) and (hole.face, hole.depth) == ("bottom", 30.0)
    joined = graph.node(hole.target).operation
    assert getattr(joined, "operands", None) == ["cylinder", "hemisphere"]
