"""Features (holes, counterbores, countersinks, clearance holes, pockets, cutouts, slots, fillets,
chamfers, shells), where they go (positions and patterns), and several shapes in one request."""

from __future__ import annotations

import pytest

from ai_designer.planner.build import fmt
from ai_designer.planner.tables import ISO_273_MEDIUM
from ai_designer.schemas.task_graph import EdgePositions
from helpers.planner_support import bbox, ids, op, ops, plan, positions

PLATE = "a 80 x 60 x 10 mm plate with"


def hole(prompt: str) -> object:
    return ops(plan(prompt).graph, "hole")[-1]


# ------------------------------------------------------------------ holes


def test_through_hole_is_the_default_with_a_note() -> None:
    result = plan(f"{PLATE} a 10 mm hole in the middle")
    assert ops(result.graph, "hole")[0].depth is None
    assert "hole depth not given: through" in result.notes


def test_blind_hole_with_depth() -> None:
    h = hole("a 50 x 50 x 20 block with a 10 mm blind hole 8 mm deep in the center")
    assert (h.diameter, h.depth) == (10, 8)  # type: ignore[attr-defined]


def test_counterbored_and_countersunk_holes() -> None:
    cb = hole("a 50x50x12 block with a counterbored hole for an M6 screw, 11 mm counterbore 6.5 deep")
    assert (cb.diameter, cb.counterbore.diameter, cb.counterbore.depth) == (6.6, 11, 6.5)  # type: ignore[attr-defined]
    cs = hole("a 60 x 60 x 10 plate with four M5 countersunk holes, 10 mm countersink, 8 mm from each corner")
    assert (cs.diameter, cs.countersink.diameter, cs.countersink.angle) == (5.5, 10, 90)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("size", "diameter"), sorted(ISO_273_MEDIUM.items()))
def test_metric_clearance_holes(size: float, diameter: float) -> None:
    result = plan(f"a 100 x 100 x 10 plate with an M{fmt(size)} clearance hole in the middle")
    assert ops(result.graph, "hole")[0].diameter == diameter
    assert any("ISO 273" in n for n in result.notes)


def test_holes_for_bolts() -> None:
    graph = plan(
        "a 80 x 80 x 12 plate with four holes for M8 bolts in the corners, 10 mm from the edges"
    ).graph
    assert op(graph, "holes").diameter == 9
    assert positions(graph, "holes") == [(-30, -30), (-30, 30), (30, -30), (30, 30)]


def test_hole_from_a_side_face() -> None:
    h = hole("a 60 x 40 x 30 block with a 6 mm hole through the front face")
    assert h.face == "front"  # type: ignore[attr-defined]


def test_cross_hole_through_a_shaft() -> None:
    h = hole("a 20 mm shaft 80 mm long with a 5 mm cross hole through the middle")
    assert (h.face, h.at) == ("front", [(0.0, 0.0)])  # type: ignore[attr-defined]


# ------------------------------------------------------------------ pockets, cutouts, slots


def test_round_pocket() -> None:
    pocket = ops(plan("a 100 x 60 x 20 block with a 20 mm diameter pocket 5 mm deep").graph, "pocket")[0]
    assert (pocket.profile.shape, pocket.profile.radius, pocket.depth) == ("circle", 10, 5)


def test_pocket_needs_a_depth() -> None:
    from helpers.planner_support import refused

    assert "pocket depth" in refused("a 100 x 60 x 20 block with a 30 x 20 mm pocket").message


@pytest.mark.parametrize(
    "prompt",
    [
        "a 100 x 60 x 10 plate with a 30 x 8 mm slot through the middle",
        "a plate 100 x 60 x 10 with an 8 mm wide, 30 mm long slot",
    ],
)
def test_slots(prompt: str) -> None:
    slot = ops(plan(prompt).graph, "pocket")[0]
    assert (slot.profile.shape, slot.profile.length, slot.profile.width, slot.depth) == ("slot", 30, 8, None)


def test_square_cutout_and_window() -> None:
    cut = ops(plan(f"{PLATE} a 20 mm square window in the middle").graph, "pocket")[0]
    assert (cut.profile.length, cut.profile.width) == (20, 20)


# ------------------------------------------------------------------ fillets, chamfers, shells


@pytest.mark.parametrize(
    ("prompt", "kind", "size", "edges"),
    [
        ("a block 100x50x25 with 2 mm fillets on the vertical edges", "fillet", 2, ["vertical"]),
        ("a 60 x 40 x 20 block with 3 mm chamfers on the top edges", "chamfer", 3, ["top"]),
        ("a 60 x 40 x 20 block with the bottom edges filleted 2 mm", "fillet", 2, ["bottom"]),
        ("a 40 mm cube with all edges beveled 1 mm", "chamfer", 1, ["all"]),
        ("a 50 x 50 x 10 plate with 5 mm rounded corners", "fillet", 5, ["vertical"]),
        ("a 100 x 50 x 8 plate with R6 corners", "fillet", 6, ["vertical"]),
        ("a 50 x 50 x 10 block with R5 fillets on the vertical edges", "fillet", 5, ["vertical"]),
        (
            "a cylinder 30 mm diameter 60 mm long with 2 mm rounds on both ends",
            "fillet",
            2,
            ["top", "bottom"],
        ),
        (
            "a 40 x 40 x 40 block with a 2 mm chamfer on the top and bottom edges",
            "chamfer",
            2,
            ["top", "bottom"],
        ),
    ],
)
def test_edge_treatments(prompt: str, kind: str, size: float, edges: list[str]) -> None:
    treatment = ops(plan(prompt).graph, kind)[0]
    assert getattr(treatment, "radius", getattr(treatment, "size", None)) == size
    assert treatment.edges == edges


def test_edge_treatments_come_before_holes() -> None:
    graph = plan(f"{PLATE} four 5 mm holes in the corners and 3 mm rounded corners").graph
    assert [n.operation.op for n in graph.nodes] == ["box", "fillet", "hole"]


def test_shell_with_wall_thickness() -> None:
    shell = ops(plan("a 60 x 40 x 30 box shelled to 2 mm, open at the top").graph, "shell")[0]
    assert (shell.thickness, shell.open_faces) == (2, ["top"])


# ------------------------------------------------------------------ positions and patterns


def test_holes_n_mm_from_each_end_on_the_centreline() -> None:
    graph = plan("a 80x40x10 plate with two 6 mm holes 10 mm from each end on the centreline").graph
    assert op(graph, "holes").from_edges == [EdgePositions(u=10, u_from="both", v=0, v_from="centre")]
    assert positions(graph, "holes") == [(-30, 0), (30, 0)]


def test_evenly_spaced_without_margins_spreads_over_the_length() -> None:
    h = hole("a 100 x 30 x 10 bar with 4 holes 5 mm diameter evenly spaced along the length")
    assert (h.pattern.start, h.pattern.spacing, h.pattern.count) == ((-37.5, 0), 25, 4)  # type: ignore[attr-defined]


def test_row_at_a_pitch_is_centred() -> None:
    h = hole(f"{PLATE} five 4 mm holes in a row at 12 mm pitch")
    assert (h.pattern.start, h.pattern.spacing) == ((-24, 0), 12)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("prompt", "grid"),
    [
        ("a 100 x 100 x 5 plate with a 3 x 4 grid of 4 mm holes at 10 mm pitch", (3, 4, 10, 10)),
        ("a 120 x 80 x 6 plate with a 4 x 3 array of 5 mm holes spaced 20 mm apart", (4, 3, 20, 20)),
        ("a 120 x 80 x 6 plate with 3 rows of 4 5 mm holes at 15 mm pitch", (4, 3, 15, 15)),
    ],
)
def test_grids(prompt: str, grid: tuple[float, ...]) -> None:
    p = hole(prompt).pattern  # type: ignore[attr-defined]
    assert (p.kind, p.columns, p.rows, p.pitch_u, p.pitch_v) == ("grid", *grid)


@pytest.mark.parametrize(
    "prompt",
    [
        "a disc 80 mm diameter 6 mm thick with four 6 mm holes on a 60 mm bolt circle",
        "an 80 mm disc 6 mm thick with four 6 mm holes equally spaced on a 60 mm pitch circle diameter",
        "a disc 80 mm diameter 6 mm thick with four 6 mm holes on a 30 mm radius",
        "a disc 80 mm diameter 6 mm thick with four 6 mm holes on a PCD of 60",
    ],
)
def test_bolt_circles(prompt: str) -> None:
    p = hole(prompt).pattern  # type: ignore[attr-defined]
    assert (p.kind, p.count, p.diameter) == ("circular", 4, 60)


def test_holes_default_to_the_corners_of_a_plate_and_a_circle_on_a_disc() -> None:
    result = plan(f"{PLATE} four 5 mm holes")
    assert len(positions(result.graph, "holes")) == 4
    assert any("distance from the edges not given" in n for n in result.notes)
    disc = hole("a 100 mm disc 10 mm thick with a 30 mm bore and six 8 mm holes")
    assert (disc.pattern.kind, disc.pattern.diameter) == ("circular", 65)  # type: ignore[attr-defined]


def test_a_hole_that_would_not_fit_is_refused() -> None:
    from helpers.planner_support import refused

    assert "would not fit" in refused("a 50 mm cube with a 10 mm hole 60 mm from the left edge").message


# ------------------------------------------------------------------ several shapes


def test_cylinder_on_top_of_a_cube() -> None:
    graph = plan("a 20 mm cylinder on top of a 40 mm cube").graph
    assert ids(graph) == ["cube", "cylinder"]
    assert op(graph, "cylinder").placement.relation == "on_top_of"
    assert bbox(graph) == (40, 40, 60)


def test_shape_named_second_goes_on_top_of_the_first() -> None:
    graph = plan("a 40 mm cube with a 20 mm sphere on top").graph
    assert op(graph, "sphere").placement.model_dump(include={"relative_to", "relation"}) == {
        "relative_to": "cube",
        "relation": "on_top_of",
    }


def test_cubes_in_a_row_with_gaps() -> None:
    graph = plan("three 10 mm cubes in a row with 5 mm gaps").graph
    copies = ops(graph, "linear_pattern")[0]
    assert (copies.count, copies.spacing, copies.direction) == (3, 15, (1, 0, 0))
    assert graph.expected.solids == 3 and bbox(graph) == (40, 10, 10)


def test_stacked_copies_and_side_by_side() -> None:
    stack = ops(plan("five 10 mm discs 2 mm thick stacked").graph, "linear_pattern")[0]
    assert (stack.count, stack.spacing, stack.direction) == (5, 2, (0, 0, 1))
    row = ops(plan("two 20 mm cubes side by side").graph, "linear_pattern")[0]
    assert (row.count, row.spacing) == (2, 20)


@pytest.mark.parametrize(
    ("prompt", "relation"),
    [
        ("a 30 mm sphere on a 50 x 50 x 10 base", "on_top_of"),
        ("a 40 mm cube with a 20 mm cylinder beside it", "beside_x"),
        ("a 20 mm cube below a 40 mm cube", "below"),
        ("a 20 mm cube stacked on a 40 mm cube", "on_top_of"),
    ],
)
def test_relations(prompt: str, relation: str) -> None:
    placed = [n.operation for n in plan(prompt).graph.nodes if getattr(n.operation, "placement", None)]
    assert any(o.placement.relation == relation for o in placed)


def test_features_go_on_the_shape_they_follow() -> None:
    graph = plan("a 60 x 60 x 10 plate with a 10 mm hole in the middle and a 20 mm cylinder on top").graph
    assert op(graph, "hole").target == "plate"
    assert op(graph, "cylinder").placement.relative_to == "hole"
