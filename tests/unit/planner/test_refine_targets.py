"""Follow-up changes act on what their words name: the noun, the feature's own words, its id."""

from __future__ import annotations

import pytest

from ai_designer.cad.readback import explain
from ai_designer.errors import PlanningError
from helpers.planner_support import PLANNER, modify, op, plan, positions

HOLES = (
    "a 80 x 80 x 10 mm plate with a 20 mm hole through the center and four 6 mm holes in the corners, "
    "10 mm from the edges"
)
STACK = "a 60 x 40 x 10 mm plate with a 20 x 20 x 15 mm block on top"


def diameters(change: str) -> tuple[float, float]:
    graph = PLANNER.modify(plan(HOLES).graph, change).graph
    return op(graph, "hole").diameter, op(graph, "holes").diameter


def test_the_centre_hole_is_the_one_in_the_centre() -> None:
    assert diameters("make the center hole 25 mm") == (25, 6)
    assert diameters("make the centre hole 25 mm") == (25, 6)


def test_the_corner_holes_are_the_ones_in_the_corners() -> None:
    assert diameters("make the corner holes 8 mm") == (20, 8)


def test_holes_named_by_their_size() -> None:
    assert diameters("make the 6 mm holes 5 mm") == (20, 5)
    assert diameters("make the 20 mm hole 22 mm") == (22, 6)


def test_holes_named_by_the_id_show_prints() -> None:
    graph = plan(HOLES + ", and four 4 mm holes on a 30 mm square").graph
    new = PLANNER.modify(graph, "make holes_2 3 mm").graph
    assert (op(new, "holes").diameter, op(new, "holes_2").diameter) == (6, 3)


def test_words_that_match_nothing_change_nothing() -> None:
    with pytest.raises(PlanningError):
        PLANNER.modify(plan(HOLES).graph, "make the 7 mm holes 8 mm")


def test_the_block_on_the_plate_is_the_block() -> None:
    graph = PLANNER.modify(plan(STACK).graph, "make the block 30 mm tall").graph
    assert (op(graph, "block").height, op(graph, "plate").height) == (30, 10)
    graph = PLANNER.modify(plan(STACK).graph, "make the plate 12 mm thick").graph
    assert (op(graph, "block").height, op(graph, "plate").height) == (15, 12)


@pytest.mark.parametrize(
    "change", ["remove the centre hole", "remove the center hole", "delete the middle hole"]
)
def test_removing_the_centre_hole_keeps_the_corner_holes(change: str) -> None:
    graph = PLANNER.modify(plan(HOLES).graph, change).graph
    assert op(graph, "holes").diameter == 6
    assert not [n for n in graph.nodes if n.id == "hole"]


def test_moving_the_corner_holes_leaves_the_centre_hole() -> None:
    graph = PLANNER.modify(plan(HOLES).graph, "move the corner holes 8 mm from the corners").graph
    assert op(graph, "hole").at == [(0, 0)]
    assert positions(graph, "holes") == [(-32, -32), (-32, 32), (32, -32), (32, 32)]


@pytest.mark.parametrize("change", ["remove the hole", "make the hole 8 mm"])
def test_one_feature_named_where_several_could_be_meant_is_refused(change: str) -> None:
    with pytest.raises(PlanningError, match=r"could be 'hole' .*say which"):
        PLANNER.modify(plan(HOLES).graph, change)


def test_a_move_that_cannot_use_its_distances_is_refused_not_averaged() -> None:
    """Four corner holes cannot all be '10 mm from the left edge and 5 mm from the front edge': the
    change used to put them 7.5 mm from every edge, a number nobody wrote."""
    graph = plan("a 60 x 40 x 8 mm plate with four 5 mm holes 6 mm from the corners").graph
    with pytest.raises(PlanningError) as refused:
        modify(graph, "move the holes 10 mm from the left edge and 5 mm from the front edge")
    assert "'10 mm from the left edge', '5 mm from the front edge'" in refused.value.message
    moved = modify(graph, "move the holes 8 mm from the corners").graph
    assert "8 mm from the edges" in " ".join(explain(moved))
