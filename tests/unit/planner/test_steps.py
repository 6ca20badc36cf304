"""Step-by-step and multi-sentence descriptions: sentences, step labels, references, titles."""

from __future__ import annotations

import pytest

from ai_designer.planner.normalize import normalize
from ai_designer.planner.steps import split_steps
from ai_designer.schemas.task_graph import EdgePositions
from helpers.planner_support import bbox, ids, op, ops, plan, positions, refused


def segments(text: str) -> list[str]:
    words = normalize(text)
    return [" ".join(words[s.start : s.end]) for s in split_steps(words).segments]


def test_sentences_numbered_steps_and_sequence_words_are_cut_apart() -> None:
    assert segments("1. Start with a plate 60 x 40 x 8 mm. 2. Drill a hole.") == [
        "a plate 60 x 40 x 8 mm",
        "drill a hole",
    ]
    assert segments("First make a cube; then chamfer its edges, then drill it") == [
        "make a cube",
        "chamfer its edges",
        "drill it",
    ]
    assert segments("Step 1: a 20 mm cube\nStep 2: fillet all edges 2 mm") == [
        "a 20 mm cube",
        "fillet all edges 2 mm",
    ]
    # "first and last", "next to" are not step words
    assert segments("holes, the first and last 10 mm from the ends") == [
        "holes , the first and last 10 mm from the ends"
    ]
    assert segments("a cube next to a cylinder") == ["a cube next to a cylinder"]


def test_step_labels_are_not_read_as_sizes() -> None:
    steps = split_steps(normalize("1. A 20 mm cube. 2. Fillet the top edges 2 mm."))
    assert steps.explicit and len(steps.segments) == 2


def test_mounting_plate_in_three_steps() -> None:
    result = plan(
        "This is a mounting plate. 1. Start with a rectangular plate 100 mm (X) x 60 mm (Y) x 8 mm (Z). "
        "2. Round the four vertical corner edges with a 6 mm radius. "
        "3. Drill a 6.5 mm hole through the plate near each corner, 10 mm from both edges."
    )
    graph = result.graph
    assert bbox(graph) == (100, 60, 8)
    assert op(graph, "fillet").edges == ["vertical"] and op(graph, "fillet").radius == 6
    holes = op(graph, "holes")
    assert holes.diameter == 6.5 and holes.target == "fillet"
    assert holes.from_edges == [EdgePositions(u=10, u_from="both", v=10, v_from="both")]
    assert positions(graph, "holes") == [(-40, -20), (-40, 20), (40, -20), (40, 20)]
    assert "read as a name: 'mounting'" in result.notes


def test_stepped_shaft_stacks_each_step_on_the_last() -> None:
    graph = plan(
        "A stepped shaft made in three operations. 1. A cylinder 30 mm in diameter and 20 mm long, "
        "standing on its end. 2. On top of it, centred, a cylinder 20 mm in diameter and 40 mm long. "
        "3. On top of that, a cylinder 12 mm in diameter and 15 mm long."
    ).graph
    cylinders = [n for n in graph.nodes if n.operation.op == "cylinder"]
    assert [2 * n.operation.radius for n in cylinders] == [30, 20, 12]
    assert cylinders[1].operation.placement.relative_to == cylinders[0].id
    assert cylinders[2].operation.placement.relative_to == cylinders[1].id
    assert bbox(graph) == (30, 30, 75)


def test_a_later_sentence_sizes_the_feature_named_before() -> None:
    graph = plan(
        "An 80 x 40 x 15 mm block with a slot cut all the way through it. The slot is 10 mm wide and "
        "40 mm long overall with rounded ends, centred on the block and running along the X axis."
    ).graph
    slot = op(graph, "slot")
    assert (slot.profile.length, slot.profile.width, slot.depth, slot.rotation) == (40, 10, None, 0)


def test_a_feature_described_after_a_colon_is_the_same_feature() -> None:
    graph = plan(
        "1. Create a plate 60 x 30 x 10 mm. 2. In the centre of the top face add a counterbored hole: "
        "a 6.6 mm through hole with an 11 mm counterbore 6.5 mm deep."
    ).graph
    (hole,) = ops(graph, "hole")
    assert (hole.diameter, hole.counterbore.diameter, hole.counterbore.depth) == (6.6, 11, 6.5)


def test_a_wall_at_the_left_end_of_the_base() -> None:
    graph = plan(
        "An L-shaped block. 1. A base 60 mm (X) x 40 mm (Y) x 10 mm (Z). 2. At the left end of the base, "
        "a wall 10 mm (X) x 40 mm (Y) rising 30 mm above the top of the base."
    ).graph
    wall = op(graph, "wall")
    assert (wall.length, wall.width, wall.height) == (10, 40, 30)
    assert wall.placement.relation == "on_top_of" and wall.placement.offset == (-25, 0, 0)
    assert bbox(graph) == (60, 40, 40)


def test_steps_are_built_in_their_order() -> None:
    graph = plan(
        "1. A 40 x 40 x 20 mm block. 2. Drill a 10 mm hole through the centre. 3. Chamfer all edges 1 mm."
    )
    assert ids(graph.graph) == ["block", "hole", "chamfer"]
    # the same words in one sentence: edges first, so "all edges" are the block's own
    assert ids(
        plan("a 40 x 40 x 20 mm block with a 10 mm hole through the centre, all edges chamfered 1 mm").graph
    ) == [
        "block",
        "chamfer",
        "hole",
    ]


def test_cup_from_a_cylinder_and_a_pocket_cut_down_from_the_top() -> None:
    result = plan(
        "A cup-shaped part. First make a cylinder 60 mm in diameter and 50 mm tall. "
        "Then cut a 52 mm diameter pocket down from the top, 45 mm deep."
    )
    pocket = op(result.graph, "pocket")
    assert (2 * pocket.profile.radius, pocket.depth, pocket.face) == (52, 45, "top")
    assert "read as a name: 'cupshaped'" in result.notes


def test_dome_on_a_cylinder() -> None:
    graph = plan(
        "A dome: a half sphere of 40 mm diameter sitting flat side down on a cylinder 40 mm in diameter "
        "and 10 mm tall."
    ).graph
    assert op(graph, "dome").hemisphere and bbox(graph) == (40, 40, 30)


def test_ring_with_holes_at_clock_positions_halfway_across() -> None:
    graph = plan(
        "A ring 10 mm thick with an outer diameter of 90 mm and an inner diameter of 40 mm. Two 8 mm holes "
        "go through it, one at the 12 o'clock position and one at the 6 o'clock position, each halfway "
        "between the inner and the outer edge."
    ).graph
    assert op(graph, "holes").at == [(0, 32.5), (0, -32.5)]


def test_clock_positions_need_as_many_features() -> None:
    error = refused("a 80 mm disc 5 mm thick with three 6 mm holes at 12 and 6 o'clock on a 60 mm circle")
    assert "clock" in error.message


def test_a_sentence_that_is_too_long_is_refused_at_once() -> None:
    error = refused("a 20 mm cube " + "with a 2 mm hole " * 40)
    assert "at most" in error.message


@pytest.mark.parametrize("text", ["", " . . ", "1. 2. 3."])
def test_nothing_to_plan(text: str) -> None:
    assert "empty" in refused(text).message
