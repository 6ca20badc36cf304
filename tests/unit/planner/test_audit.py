"""The meaning audit: every number and position phrase ends up in the plan, or the request is refused.

The first half are requests whose pattern or position the planner cannot honour: each must be
refused (quoting words), never built as a plausible part. The second half are requests that
used to come out silently wrong and are now planned as written.
"""

from __future__ import annotations

import pytest

from ai_designer.schemas.task_graph import EdgePositions
from helpers.planner_support import op, ops, plan, positions, refused

CANNOT_HONOUR = [
    "a 100 x 60 x 8 plate with four 5 mm holes in a diamond pattern",
    "a 100 x 60 x 8 plate with four 5 mm holes staggered along the length",
    "a 100 x 60 x 8 plate with six 5 mm holes in a hexagonal pattern",
    "a 100 x 60 x 8 plate with a 10 mm hole offset 12 mm from the centre towards the right",
    "a 100 x 60 x 8 plate with three 5 mm holes along the diagonal",
    "a 100 x 60 x 8 plate with a 10 mm hole at 30 degrees on a 40 mm circle",
    "a 100 x 60 x 8 plate with 5 mm holes every 10 mm around the edge",
    "a 100 x 60 x 8 plate with two 6 mm holes 40 mm apart, 15 mm above the centre",
    "a 80 mm disc 10 mm thick with six 6 mm holes on a 60 mm circle, the first at 15 degrees",
    "a 80 mm disc 10 mm thick with a 6 mm hole 25 mm from the centre",
    "a 60 x 40 x 20 block with a 10 mm hole at an angle of 30 degrees",
    "a 60 x 40 x 20 block with a 10 mm hole through the top and another through the side",
    "a 50 mm cube with holes on all six faces",
    "a 100 x 60 x 8 plate with four 5 mm holes in a 2 x 2 grid rotated 45 degrees",
    "a 100 x 60 x 8 plate with a 20 x 10 mm slot at 45 degrees",
    "a 100 x 60 x 8 plate with a 30 mm hole between the two corner holes",
    "a 100 x 60 x 8 plate with a row of 5 mm holes 10 mm from the front edge",
    "a 60 x 40 x 10 plate with the holes mirrored",
    "a 100 x 60 x 8 plate with 5 mm holes at 10 mm pitch",
    "a 100 x 60 x 8 plate with four 5 mm holes spaced 20 mm, 30 mm and 40 mm apart",
    "a 100 x 60 x 8 plate with a pocket 30 x 20 x 5 mm in the top left corner",
    "a plate 100 x 60 x 8 mm with a 5 mm chamfer on the holes",
    "a 100 x 60 x 8 plate with four 5 mm holes 10 mm in from the corners, and one more in the middle",
    "a 100 x 60 x 8 plate with three 5 mm holes on a 31 mm square",
    "a 100 x 60 x 8 plate with two 5 mm holes at 12 and 3 and 6 o'clock on a 40 mm circle",
    "a 100 x 60 x 8 plate with a 10 mm hole 20 mm from the left edge and 30 mm from the right edge",
    "a 100 x 60 x 8 plate with a 10 mm hole 20 mm from the top edge",
    "a 40 mm cube with a 10 mm deep through hole",
    "a 60 x 40 x 6 mm plate, round the six vertical edges 3 mm",
    "a hex prism 20 mm across flats, 30 mm tall, chamfer the four top edges 1 mm",
    "a 60 x 40 x 6 mm plate with rounded",
    "a 100 x 20 x 10 bar with two 6 mm holes at each end",
    "a 100 x 20 x 10 bar with three 6 mm holes at one end",
    "a 40 mm diameter rod 100 mm long with a 6 mm hole in each end",
    "a cylinder 30 mm diameter 50 mm long with a 10 mm hole deep in one end",
]


@pytest.mark.parametrize("prompt", CANNOT_HONOUR)
def test_what_cannot_be_honoured_is_refused_not_built(prompt: str) -> None:
    error = refused(prompt)
    assert error.context.get("words"), "a refusal names the words it could not use"


def test_holes_on_a_square_pattern_are_on_the_square() -> None:
    holes = op(plan("a 40 x 40 x 5 mm plate with four 3.4 mm holes on a 31 mm square pattern").graph, "holes")
    assert sorted(holes.at) == [(-15.5, -15.5), (-15.5, 15.5), (15.5, -15.5), (15.5, 15.5)]


def test_clearance_holes_on_a_square_keep_the_square() -> None:
    holes = op(plan("a 40 x 40 x 5 mm plate with four M3 clearance holes on a 31 mm square").graph, "holes")
    assert holes.diameter == 3.4 and max(u for u, _ in holes.at) == 15.5


def test_holes_on_rectangular_centres() -> None:
    holes = op(plan("a 100 x 50 x 6 plate with 4 M5 holes on 80 x 30 centres").graph, "holes")
    assert sorted(holes.at) == [(-40, -15), (-40, 15), (40, -15), (40, 15)]


def test_holes_in_the_vertical_leg_of_a_bracket_go_in_the_upright() -> None:
    graph = plan(
        "an L-bracket 50 x 30 x 40 mm, 5 mm thick, with two M4 clearance holes in the vertical leg"
    ).graph
    (holes,) = ops(graph, "hole")
    assert holes.face == "left"


def test_holes_in_an_unnamed_leg_are_refused() -> None:
    assert (
        "base or the upright"
        in refused(
            "an L-bracket 50 x 30 x 40 mm, 5 mm thick, with two M4 clearance holes in the legs"
        ).message
    )


def test_corner_radii_round_the_vertical_edges_only() -> None:
    graph = plan("a 60 x 40 x 6 mm plate with R3 corner radii").graph
    (fillet,) = ops(graph, "fillet")
    assert (fillet.radius, fillet.edges) == (3, ["vertical"])


def test_a_round_pocket_is_not_a_fillet() -> None:
    graph = plan(
        "a 50 x 50 x 20 mm block with a round pocket, 30 mm in diameter and 8 mm deep, in the middle"
    ).graph
    assert not ops(graph, "fillet") and op(graph, "pocket").profile.radius == 15


def test_distances_from_two_edges_place_one_hole() -> None:
    graph = plan(
        "a 100 x 60 x 8 plate with a 10 mm hole 20 mm from the left edge and 15 mm from the front edge"
    ).graph
    assert op(graph, "hole").from_edges == [EdgePositions(u=20, u_from="min", v=15, v_from="min")]
    assert positions(graph, "hole") == [(-30, -15)]


def test_a_distance_from_one_edge_centres_the_other_way_and_says_so() -> None:
    result = plan("a 40 mm cube with a 10 mm hole on the top face 8 mm from the left edge")
    assert op(result.graph, "hole").from_edges == [EdgePositions(u=8, u_from="min", v=0, v_from="centre")]
    assert positions(result.graph, "hole") == [(-12, 0)]
    assert any("centred" in note for note in result.notes)


def test_a_cross_hole_measured_from_the_top_of_a_shaft() -> None:
    graph = plan("a cylinder 40 mm diameter 60 mm tall with a 6 mm cross hole 15 mm from the top").graph
    assert (op(graph, "hole").face, positions(graph, "hole")) == ("front", [(0, 15)])
    assert op(graph, "hole").from_edges == [EdgePositions(u=0, u_from="centre", v=15, v_from="max")]


def test_corners_measured_from_the_long_and_the_short_edges() -> None:
    prompt = (
        "a 100 x 60 x 8 plate with four 5 mm holes, 10 mm from the long edges and 20 mm from the short edges"
    )
    graph = plan(prompt).graph
    assert op(graph, "holes").from_edges == [EdgePositions(u=20, u_from="both", v=10, v_from="both")]
    assert positions(graph, "holes") == [(-30, -20), (-30, 20), (30, -20), (30, 20)]


def test_the_number_of_edges_said_is_checked() -> None:
    graph = plan("a 60 x 40 x 6 mm plate, round the four vertical edges 3 mm").graph
    assert op(graph, "fillet").edges == ["vertical"]
    assert (
        "has 4 such edges, not 6"
        in refused("a 60 x 40 x 6 mm plate, round the six vertical edges 3 mm").message
    )


CLASHES = [
    (
        "a 60 x 40 x 8 mm plate, 10 mm thick",
        "'10 mm thick' gives the plate's height a second time: it is already 8 mm",
    ),
    (
        "a 100 mm (X) x 60 mm (Y) x 8 mm (Z) plate, 5 mm (Z)",
        "'5 mm (Z)' gives the plate's height a second time",
    ),
    (
        "a cylinder 20 mm diameter 30 mm tall, 40 mm diameter",
        "'40 mm diameter' gives the cylinder's diameter a second time: it is already 20 mm",
    ),
    ("5 mm plate, 10 mm thick", "'5 mm' could be any size of the plate: say which (e.g. '5 mm thick')"),
]


@pytest.mark.parametrize(("prompt", "said"), CLASHES)
def test_a_size_given_twice_or_a_bare_length_is_named_as_such(prompt: str, said: str) -> None:
    error = refused(prompt)
    assert said in error.message
    assert "Give each size once" in error.hint


def test_a_feature_at_each_end_is_one_per_end() -> None:
    graph = plan("a 100 x 20 x 10 bar with a 6 mm hole at each end").graph
    assert op(graph, "holes").from_edges == [EdgePositions(u=9, u_from="both", v=0, v_from="centre")]
    assert positions(graph, "holes") == [(-41, 0), (41, 0)]


def test_a_hole_in_one_end_of_a_cylinder_is_in_the_end_face_centre() -> None:
    hole = op(plan("a 40 mm diameter rod 100 mm long with a 6 mm hole 10 mm deep in one end").graph, "hole")
    assert (hole.face, hole.at, hole.depth) == ("top", [(0, 0)], 10)
