"""Honesty: what the offline planner does not understand it refuses, quoting the words, and says an
LLM provider can handle it; it never builds a different part instead."""

from __future__ import annotations

import pytest

from helpers.planner_support import PLANNER, plan, refused


@pytest.mark.parametrize(
    ("prompt", "words"),
    [
        ("a 40 mm cube with a knurled grip", ["knurled", "grip"]),
        ("a 60 mm cube with a dovetail slot", ["dovetail"]),
        ("a 20 mm threaded rod 100 mm long", ["threaded"]),
        ("a sprocket with 20 teeth", ["sprocket"]),
        ("a 30 mm cube with a groove", ["groove"]),
        ("a 50 mm cube with an engraved logo", ["engraved", "logo"]),
        ("a 60 x 40 x 8 plate with four tapped holes", ["4 tapped holes"]),
        ("a turbine blade 80 mm long", ["turbine", "blade"]),
    ],
)
def test_unknown_words_are_quoted(prompt: str, words: list[str]) -> None:
    error = refused(prompt)
    for word in words:
        assert f"'{word}'" in error.message
    assert "LLM provider" in error.hint
    assert error.context["words"] == words


@pytest.mark.parametrize(
    ("prompt", "what"),
    [
        ("a cube", "side of the cube"),
        ("a box 60 x 40", "height"),
        ("a 40 mm cube with two holes", "hole diameter"),
        ("a 50 x 50 x 10 plate with a blind 6 mm hole", "depth of the blind hole"),
        ("a spur gear with 20 teeth", "module"),
        ("a 5 mm hole", "no shape"),
        ("a torus 40 mm", "'40 mm'"),
        ("a torus", "major and minor radius"),
    ],
)
def test_missing_sizes_are_refused_with_the_reason(prompt: str, what: str) -> None:
    assert what in refused(prompt).message


def test_a_number_that_fits_nowhere_is_refused() -> None:
    assert "'15 mm'" in refused("a 20 mm sphere 15 mm").message


def test_change_words_in_a_new_request_are_refused() -> None:
    assert "double" in refused("double the length").message


def test_understands() -> None:
    assert PLANNER.understands("a 20 mm cube")
    assert not PLANNER.understands("a 20 mm cube with a knurled grip")


def test_purpose_is_reported_as_unused_and_the_material_is_read() -> None:
    result = plan("a 3/4 inch steel rod 6 inches long for my robot")
    assert result.unused == ["for robot"]
    assert (result.material_words, result.material) == (["steel"], "steel")
    assert "not used, as they say nothing of the shape: 'for robot'" in result.notes
    refined = PLANNER.modify(result.graph, "make it 8 inches long, polished")
    assert "not used, as they say nothing of the shape: 'polished'" in refined.notes


def test_filler_is_neither_unused_nor_refused() -> None:
    result = plan("could you please make me a 20 mm cube")
    assert result.unused == [] and result.graph.nodes[0].id == "cube"


@pytest.mark.parametrize(
    ("prompt", "quoted"),
    [
        # "other" was filler: a hole "10 mm from the other end" went 10 mm from the first end
        ("a 60 x 20 x 10 mm block with a 5 mm hole 10 mm from the other end", "'10 mm from the other end'"),
        ("a 60 x 20 x 10 mm block with a 5 mm hole at one end and a 4 mm hole at the other end", "'other'"),
        # one hole "along its length" was a row of one: a vertical hole at the centre, not a bore
        ("a 60 x 40 x 5 mm plate with a 10 mm hole, running along its length", "'along its length'"),
        ("a 60 x 40 x 5 mm plate with a 6 mm hole across its width", "'across its width'"),
    ],
)
def test_words_that_once_built_a_different_part_are_refused(prompt: str, quoted: str) -> None:
    assert quoted in refused(prompt).message


def test_a_row_along_the_length_and_a_slot_running_along_it_still_plan() -> None:
    row = plan("a 60 x 40 x 5 mm plate with 3 10 mm holes along its length")
    assert row.graph.nodes[1].model_dump()["operation"]["pattern"]["count"] == 3
    plan("a 60 x 40 x 5 mm plate with a slot 20 mm long 5 mm wide running along its length")


@pytest.mark.parametrize(
    ("prompt", "edges"),
    [("a 20 mm cube with a 2 mm chamfer on top", "top"), ("a 20 mm cube with a 2 mm fillet below", "bottom")],
)
def test_a_treatment_on_top_rounds_the_top_edges_not_every_edge(prompt: str, edges: str) -> None:
    treated = plan(prompt).graph.nodes[-1].model_dump()["operation"]
    assert treated["edges"] == [edges], treated  # it was every edge of the cube


def test_a_treatment_on_a_feature_is_refused_not_spread_over_the_part() -> None:
    # "on the hole" was a circle of one hole, and the chamfer went on every edge of the plate
    error = refused("a 50 x 30 x 10 mm plate with a 10 mm hole, and a 2 mm chamfer on the hole")
    assert "'on'" in error.message


def test_one_edge_not_named_is_refused_and_edges_not_named_are_noted() -> None:
    # "its edge" (the hole's?) chamfered every edge of the block, with no note
    assert (
        "not said which edge"
        in refused("a 40 x 20 x 10 mm block with a 10 mm hole and a 1 mm chamfer on its edge").message
    )
    edges = plan("a 40 x 20 x 10 mm block with a 1 mm chamfer on the edges")
    assert "which edges not said: all edges" in edges.notes


def test_holes_counted_before_their_rows_are_all_of_them() -> None:
    # "six holes in two rows" made two rows of six (twelve holes)
    holes = plan("a 100 x 40 x 5 mm plate with six 5 mm holes in two rows").graph.nodes[1].operation
    grid = holes.model_dump()["pattern"]
    assert (grid["columns"], grid["rows"]) == (3, 2)
    per_row = plan("a 100 x 40 x 5 mm plate with two rows of three 5 mm holes").graph.nodes[1].operation
    assert per_row.model_dump()["pattern"]["columns"] == 3
    assert "equal rows" in refused("a 100 x 40 x 5 mm plate with five 5 mm holes in two rows").message
