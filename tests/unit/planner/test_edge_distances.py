"""The offline planner keeps distances the user measured from edges, corners and ends as
``from_edges`` (the model keeps them when the part is resized); centre offsets and patterns stay
``at`` and ``pattern``. Follow-up changes act on holes placed either way."""

from __future__ import annotations

import pytest

from ai_designer.agents.feature_checks import expected_features
from ai_designer.schemas.task_graph import EdgePositions, EdgeRef
from helpers.planner_support import PLANNER, modify, op, plan, positions

CORNERS = "a 60 x 40 x 8 mm plate with four 5 mm holes 6 mm from the corners"


def edges(u: float, u_from: EdgeRef, v: float, v_from: EdgeRef) -> list[EdgePositions]:
    return [EdgePositions(u=u, u_from=u_from, v=v, v_from=v_from)]


@pytest.mark.parametrize(
    ("prompt", "node", "from_edges", "at"),
    [
        (CORNERS, "holes", edges(6, "both", 6, "both"), []),
        (
            "a 100 x 60 x 8 plate with four 5 mm holes, 10 mm from the long edges and 20 mm from the short "
            "edges",
            "holes",
            edges(20, "both", 10, "both"),
            [],
        ),
        ("a 80 x 60 x 6 plate with a 6 mm hole in each corner", "holes", edges(9, "both", 9, "both"), []),
        (
            "a 60 x 40 x 8 mm plate with a 5 mm hole 20 mm from the left edge and 15 mm from the front edge",
            "hole",
            edges(20, "min", 15, "min"),
            [],
        ),
        (
            "a 60 x 40 x 8 mm plate with a 5 mm hole 12 mm from the right edge and 8 mm from the back edge",
            "hole",
            edges(12, "max", 8, "max"),
            [],
        ),
        (
            "a 100 x 60 x 8 plate with a 10 mm hole 20 mm from the left edge, centred in Y",
            "hole",
            edges(20, "min", 0, "centre"),
            [],
        ),
        (
            "a 40 x 40 x 20 block with a 6 mm hole in the front face 10 mm from the top",
            "hole",
            edges(0, "centre", 10, "max"),
            [],
        ),
        (
            "a 100 x 20 x 5 mm bar with two 5 mm holes 10 mm from each end",
            "holes",
            edges(10, "both", 0, "centre"),
            [],
        ),
        (
            "a 100 x 20 x 5 mm bar with three 5 mm holes in a row, 10 mm from each end",
            "holes",
            edges(10, "both", 0, "centre"),
            [(0.0, 0.0)],
        ),
    ],
)
def test_distances_from_edges_corners_and_ends_are_kept(
    prompt: str, node: str, from_edges: list[EdgePositions], at: list[tuple[float, float]]
) -> None:
    hole = op(plan(prompt).graph, node)
    assert (hole.from_edges, hole.at, hole.pattern) == (from_edges, at, None)


@pytest.mark.parametrize(
    "prompt",
    [
        "a 60 x 40 x 8 mm plate with a 10 mm hole in the middle",
        "a 40 x 40 x 5 mm plate with four 3.4 mm holes on a 31 mm square pattern",
        "a 80 x 60 x 10 mm plate with five 4 mm holes in a row at 12 mm pitch",
        "a 100 x 30 x 10 bar with 4 holes 5 mm diameter evenly spaced along the length",
        "a 100 x 20 x 20 bar with five 6 mm holes evenly spaced, the first and last 10 mm from the ends",
        "a disc 80 mm diameter 6 mm thick with four 6 mm holes on a 60 mm bolt circle",
        "a 40 mm diameter rod 100 mm long with a 6 mm hole 10 mm deep in one end",
        "an L bracket 60 x 40 x 50 mm, 5 mm thick, with two 6 mm holes in the base 10 mm from each end",
    ],
)
def test_centre_offsets_patterns_and_parts_of_a_shape_stay_offsets_from_the_centre(prompt: str) -> None:
    """A bracket's base is a part of its face: distances from its ends are not from the whole box's."""
    graph = plan(prompt).graph
    holes = [n.operation for n in graph.nodes if n.operation.op == "hole"]
    assert holes and all(not h.from_edges and (h.at or h.pattern) for h in holes)


def test_making_the_plate_longer_keeps_the_holes_6_mm_from_the_corners() -> None:
    graph = modify(plan(CORNERS).graph, "make the plate 80 mm long").graph
    assert op(graph, "holes").from_edges == edges(6, "both", 6, "both")
    assert positions(graph, "holes") == [(-34, -14), (-34, 14), (34, -14), (34, 14)]


@pytest.mark.parametrize(
    ("change", "from_edges", "diameter"),
    [
        ("move the holes 8 mm from the corners", edges(8, "both", 8, "both"), 5),
        ("make the corner holes 4 mm from the edges", edges(4, "both", 4, "both"), 5),
        ("make the holes 6 mm", edges(6, "both", 6, "both"), 6),
    ],
)
def test_changes_act_on_holes_measured_from_the_edges(
    change: str, from_edges: list[EdgePositions], diameter: float
) -> None:
    holes = op(modify(plan(CORNERS).graph, change).graph, "holes")
    assert (holes.from_edges, holes.at, holes.diameter) == (from_edges, [], diameter)


def test_the_corner_and_the_centre_holes_are_told_apart() -> None:
    graph = plan(CORNERS + " and a 10 mm hole in the centre").graph
    without_corners = PLANNER.modify(graph, "remove the corner holes").graph
    assert [n.id for n in without_corners.nodes] == ["plate", "hole"]
    without_centre = PLANNER.modify(graph, "remove the centre hole").graph
    assert [n.id for n in without_centre.nodes] == ["plate", "holes"]
    moved = PLANNER.modify(graph, "move the centre hole 10 mm from the left edge").graph
    assert op(moved, "hole").from_edges == edges(10, "min", 0, "centre")
    assert op(moved, "holes").from_edges == edges(6, "both", 6, "both")


def test_the_validator_expects_the_holes_where_the_edges_put_them() -> None:
    graph = modify(plan(CORNERS).graph, "make the plate 80 mm long").graph
    points = sorted((f.point[0], f.point[1], f.point[2]) for f in expected_features(graph))
    assert points == [(6, 6, 8), (6, 34, 8), (74, 6, 8), (74, 34, 8)]
