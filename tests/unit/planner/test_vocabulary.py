"""Engineers' words the offline planner reads: names, patterns, edges, holes through joined shapes."""

from __future__ import annotations

import pytest

from helpers.planner_support import bbox, ids, op, ops, plan, positions, refused


@pytest.mark.parametrize(
    "prompt",
    [
        "Motor mounting plate: 100 x 80 x 6 mm aluminium, with four M4 clearance holes on a 31 mm square",
        "An electronics enclosure lid, 120 x 80 x 3 mm, with a 2 mm fillet on the vertical edges",
        "A control knob: a cylinder 30 mm in diameter and 20 mm tall",
        "A simple solid spacer, 20 mm OD, 10 mm long",
        "Start by creating a 50 x 50 x 10 mm block, then drill a 10 mm hole through the centre",
        "The part is modeled as a solid block 40 x 30 x 20 mm with all edges chamfered 1 mm",
        "A hand-held grip block 80 x 50 x 25 mm",
    ],
)
def test_purpose_and_kind_words_are_names(prompt: str) -> None:
    result = plan(prompt)
    assert result.graph.nodes
    assert all("not understood" not in note for note in result.notes)


def test_names_are_reported() -> None:
    notes = plan("Motor mounting plate: 100 x 80 x 6 mm").notes
    assert "read as a name: 'motor'" in notes and "read as a name: 'mounting'" in notes


@pytest.mark.parametrize(
    ("prompt", "word"),
    [
        ("a stepped shaft 20 mm diameter and 50 mm long", "stepped"),
        ("a perforated plate 100 x 60 x 2 mm", "perforated"),
        ("a plate 60 x 40 x 5 mm with a display", "display"),
    ],
)
def test_words_that_may_be_geometry_are_still_refused(prompt: str, word: str) -> None:
    assert word in refused(prompt).context["words"]


def test_a_hole_through_both_shapes_goes_through_the_joined_part() -> None:
    graph = plan(
        "First make a 60 x 40 x 10 mm plate. Then add a 20 x 20 x 15 mm block on top, centred. "
        "Next drill an 8 mm hole vertically through the block and the plate at the centre."
    ).graph
    assert ids(graph)[-2:] == ["joined", "hole"]
    assert op(graph, "hole").target == "joined" and op(graph, "hole").at == [(0, 0)]


def test_a_hole_through_both_walls_of_one_tube() -> None:
    graph = plan(
        "First make a cylinder 50 mm in diameter and 80 mm tall. Then bore it through along its axis with "
        "a 40 mm hole. Finally drill an 8 mm hole straight through both walls along the X axis, "
        "20 mm below the top."
    ).graph
    cross = graph.nodes[-1]
    assert (cross.operation.face, positions(graph, cross.id)) == ("right", [(0, 20)])


def test_rounded_corners_of_a_named_pocket() -> None:
    graph = plan(
        "A tool tray: a 120 x 80 x 25 mm block with a 100 x 60 mm pocket, 20 mm deep, centred in the top "
        "face; the pocket's vertical corners are rounded to R10."
    ).graph
    assert op(graph, "pocket").profile.corner_radius == 10 and not ops(graph, "fillet")


def test_a_grid_turned_by_the_side_its_holes_run_along() -> None:
    holes = op(
        plan(
            "A 80 x 60 x 2 mm plate with a 3 x 4 grid of 6 mm holes at 15 mm pitch, centred, "
            "with 4 holes along the 80 mm side."
        ).graph,
        "holes",
    )
    assert (holes.pattern.columns, holes.pattern.rows) == (4, 3)


def test_first_hole_at_twelve_o_clock() -> None:
    holes = op(
        plan("a 120 mm disc 12 mm thick with four 12 mm holes on a 90 mm PCD, the first at 12 o'clock").graph,
        "holes",
    )
    assert holes.pattern.start_angle == 90


def test_parallel_slots_stand_side_by_side() -> None:
    graph = plan(
        "A 100 x 60 x 6 mm plate with two parallel slots running along the length, 40 mm apart and centred; "
        "each slot is 6.5 mm wide and 30 mm long overall, with rounded ends."
    ).graph
    slots = ops(graph, "pocket")
    assert sorted(s.at for s in slots) == [(0, -20), (0, 20)]
    assert all(s.profile.length == 30 and s.rotation == 0 for s in slots)


def test_slot_length_from_centre_to_centre() -> None:
    slot = op(
        plan("a 80 x 40 x 5 mm plate with one slot, 8 mm wide and 30 mm centre to centre").graph, "slot"
    )
    assert (slot.profile.length, slot.profile.width) == (38, 8)


def test_holes_centred_in_one_direction_and_measured_in_the_other() -> None:
    graph = plan("a 100 x 60 x 8 plate with a 10 mm hole 20 mm from the left edge, centred in Y").graph
    assert positions(graph, "hole") == [(-30, 0)]


def test_sections() -> None:
    assert bbox(plan("a 200 mm long U channel 40 x 30 x 3 mm").graph) == (200, 40, 30)
    assert bbox(plan("a 100 mm length of 30 x 30 x 3 mm equal angle").graph) == (100, 30, 30)


@pytest.mark.parametrize(
    "prompt",
    [
        "a hollow 60 x 40 x 30 box with 2 mm walls, open top",
        "a 60 x 40 x 30 box, hollow, 2 mm walls, open top",
        "a 60 x 40 x 30 box, hollow with 2 mm walls, open at the top",
    ],
)
def test_hollow_before_or_after_the_shape(prompt: str) -> None:
    shell = op(plan(prompt).graph, "shell")
    assert (shell.thickness, shell.open_faces) == (2, ["top"])
