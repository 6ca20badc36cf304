"""Follow-up changes: ``LocalPlanner.modify`` resizes, adds and removes, on a new graph."""

from __future__ import annotations

import pytest

from ai_designer.errors import PlanningError
from ai_designer.schemas.task_graph import EdgePositions
from helpers.planner_support import PLANNER, bbox, ids, modify, op, ops, plan, positions

PLATE = "a 60 x 40 x 8 mm plate with four 5 mm holes 6 mm from the corners"


def plate_after(*changes: str) -> object:
    return modify(plan(PLATE).graph, *changes).graph


def test_modify_returns_a_new_graph_and_leaves_the_input_alone() -> None:
    graph = plan(PLATE).graph
    before = graph.model_dump()
    result = PLANNER.modify(graph, "make it 15 mm tall")
    assert graph.model_dump() == before
    assert result.graph is not graph and op(result.graph, "plate").height == 15


@pytest.mark.parametrize(
    ("change", "size"),
    [
        ("make it 15 mm tall", (60, 40, 15)),
        ("80 mm long", (80, 40, 8)),
        ("change the thickness to 3 mm", (60, 40, 3)),
        ("double the length", (120, 40, 8)),
        ("halve the thickness", (60, 40, 4)),
        ("make it 10 mm longer", (70, 40, 8)),
        ("increase the width by 10 mm", (60, 50, 8)),
        ("make it 20 mm narrower", (60, 20, 8)),
        ("make it 100 x 60", (100, 60, 8)),
        ("set the width to 50", (60, 50, 8)),
    ],
)
def test_dimension_changes(change: str, size: tuple[float, float, float]) -> None:
    graph = plate_after(change)
    assert bbox(graph) == size  # type: ignore[arg-type]


def test_holes_keep_their_distance_from_the_edges() -> None:
    graph = plate_after("make it 80 mm long")
    assert op(graph, "holes").from_edges == [EdgePositions(u=6, u_from="both", v=6, v_from="both")]  # type: ignore[arg-type]
    assert positions(graph, "holes") == [(-34.0, -14.0), (-34.0, 14.0), (34.0, -14.0), (34.0, 14.0)]  # type: ignore[arg-type]


def test_row_of_holes_keeps_its_end_margins() -> None:
    graph = plan(
        "a 100 x 20 x 20 bar with five 6 mm holes evenly spaced, the first and last 10 mm from the ends"
    ).graph
    pattern = ops(modify(graph, "make it 140 mm long").graph, "hole")[0].pattern
    assert (pattern.start, pattern.spacing, pattern.count) == ((-60.0, 0.0), 30.0, 5)


@pytest.mark.parametrize(
    ("change", "field", "value"),
    [
        ("holes 6 mm", "diameter", 6),
        ("make the holes 6 mm", "diameter", 6),
        ("change the hole diameter to 4 mm", "diameter", 4),
        ("make the holes 6 mm deep", "depth", 6),
        ("make the holes 1 mm bigger", "diameter", 6),
    ],
)
def test_hole_changes(change: str, field: str, value: float) -> None:
    assert getattr(ops(plate_after(change), "hole")[0], field) == value  # type: ignore[arg-type]


def test_add_a_hole() -> None:
    graph = plate_after("add a 5 mm hole through the middle")
    new = [h for h in ops(graph, "hole") if h.at == [(0.0, 0.0)]]  # type: ignore[arg-type]
    assert len(new) == 1 and new[0].diameter == 5


def test_add_edge_treatments_before_the_holes() -> None:
    graph = plate_after("round the vertical edges 5 mm")
    assert [n.operation.op for n in graph.nodes] == ["box", "fillet", "hole"]  # type: ignore[attr-defined]
    assert (op(graph, "fillet").radius, op(graph, "fillet").edges) == (5, ["vertical"])  # type: ignore[arg-type]
    assert op(graph, "holes").target == "fillet"  # type: ignore[arg-type]
    chamfered = plate_after("add 1 mm chamfers to all edges")
    assert (op(chamfered, "chamfer").size, op(chamfered, "chamfer").edges) == (1, ["all"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "change", ["remove the fillets", "no fillet", "without the fillets", "delete the fillet"]
)
def test_remove_fillets(change: str) -> None:
    rounded = plate_after("round the vertical edges 5 mm")
    graph = modify(rounded, change).graph  # type: ignore[arg-type]
    assert ops(graph, "fillet") == [] and op(graph, "holes").target == "plate"


@pytest.mark.parametrize("change", ["no holes", "remove the holes", "get rid of the holes"])
def test_remove_holes(change: str) -> None:
    assert ids(plate_after(change)) == ["plate"]  # type: ignore[arg-type]


def test_resize_fillets_and_chamfers() -> None:
    graph = plate_after("round the vertical edges 5 mm", "make the fillets 3 mm")
    assert op(graph, "fillet").radius == 3  # type: ignore[arg-type]


def test_change_count_of_a_bolt_circle() -> None:
    flange = plan(
        "a flange: a 100 mm diameter disc, 10 mm thick, with a 40 mm center bore and six 8 mm bolt holes "
        "equally spaced on an 80 mm bolt circle"
    ).graph
    graph = modify(flange, "use 8 bolt holes", "make the bolt holes 10 mm", "make the bore 50 mm").graph
    bolts = op(graph, "bolt_holes")
    assert (bolts.pattern.count, bolts.diameter, op(graph, "bore").diameter) == (8, 10, 50)


def test_tube_wall_and_length() -> None:
    tube = plan("a tube OD 25, ID 20, length 100").graph
    graph = modify(tube, "make it 150 mm long", "make the wall 3 mm").graph
    assert (op(graph, "tube").height, op(graph, "bore").diameter) == (150, 19)


def test_bracket_width_and_thickness_change_both_legs() -> None:
    bracket = plan(
        "an L-shaped bracket: a 50 mm long base and a 40 mm tall upright, both 30 mm wide and 5 mm thick"
    ).graph
    graph = modify(bracket, "make it 60 mm wide", "make it 8 mm thick").graph
    assert (op(graph, "base").width, op(graph, "upright").width) == (60, 60)
    assert (op(graph, "base").height, op(graph, "upright").length, op(graph, "upright").height) == (8, 8, 32)
    assert bbox(graph) == (50, 60, 40)


def test_add_holes_in_the_base_of_a_bracket() -> None:
    bracket = plan("an L bracket 60 x 40 x 50 mm, 5 mm thick").graph
    graph = modify(bracket, "add two 6 mm holes in the base").graph
    holes = ops(graph, "hole")[0]
    points = [holes.pattern.start[0], holes.pattern.start[0] + holes.pattern.spacing]
    assert all(p > -30 + 5 for p in points)  # clear of the upright at the -X end


def test_add_a_shape_on_top() -> None:
    graph = modify(plan("a 40 mm cube").graph, "add a 20 mm sphere on top").graph
    assert op(graph, "sphere").placement.relation == "on_top_of"


def test_shaft_changes() -> None:
    graph = modify(
        plan("a 20 mm diameter shaft 80 mm long").graph,
        "double the diameter",
        "add a 1 mm chamfer at both ends",
    ).graph
    assert op(graph, "shaft").radius == 20
    assert sorted(op(graph, "chamfer").edges) == ["bottom", "top"]


def test_change_that_makes_no_sense_is_refused() -> None:
    with pytest.raises(PlanningError):
        PLANNER.modify(plan(PLATE).graph, "remove the fillets")  # there are none
    with pytest.raises(PlanningError):
        PLANNER.modify(plan(PLATE).graph, "make it longer")  # by how much?
    with pytest.raises(PlanningError) as info:
        PLANNER.modify(plan(PLATE).graph, "add a knurled grip")
    assert "knurled" in info.value.message


def test_cube_resize_keeps_a_cube_unless_one_side_changes() -> None:
    cube = plan("a 20 mm cube").graph
    assert bbox(modify(cube, "make it 30 mm").graph) == (30, 30, 30)
    assert bbox(modify(cube, "make it 15 mm tall").graph) == (20, 20, 15)


@pytest.mark.parametrize(
    ("change", "diameter"),
    [
        ("increase hole diameter to 6 mm", 6),
        ("enlarge the holes by 1 mm", 6),
        ("make the holes M4 clearance", 4.5),
    ],
)
def test_increase_to_is_a_value_and_by_is_an_amount(change: str, diameter: float) -> None:
    assert ops(plate_after(change), "hole")[0].diameter == diameter  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "inset"),
    [("move the holes 10 mm from the edges", 10), ("make the corner holes 8 mm from the edges", 8)],
)
def test_move_holes(change: str, inset: float) -> None:
    graph = plate_after(change)
    assert op(graph, "holes").from_edges == [EdgePositions(u=inset, u_from="both", v=inset, v_from="both")]  # type: ignore[arg-type]
    assert positions(graph, "holes")[0] == (-(30 - inset), -(20 - inset))  # type: ignore[arg-type]


def test_add_counterbore_and_countersink_to_existing_holes() -> None:
    cb = ops(plate_after("add a 10 mm counterbore 3 mm deep to the holes"), "hole")[0]  # type: ignore[arg-type]
    assert (cb.counterbore.diameter, cb.counterbore.depth) == (10, 3)
    cs = ops(plate_after("countersink the holes 10 mm"), "hole")[0]  # type: ignore[arg-type]
    assert (cs.countersink.diameter, cs.countersink.angle) == (10, 90)


def test_chamfer_size_before_its_edges() -> None:
    chamfer = op(plate_after("add a chamfer of 0.5 mm on the top edges"), "chamfer")  # type: ignore[arg-type]
    assert (chamfer.size, chamfer.edges) == (0.5, ["top"])
