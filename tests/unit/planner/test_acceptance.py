"""The 30 sample prompts of the acceptance suite: graph structure, key numbers, and the
reference volume and size (measured on independent models) inside the graph's expectations."""

from __future__ import annotations

import math

import pytest

from ai_designer.schemas.task_graph import EdgePositions
from helpers.planner_support import bbox, ids, modify, op, ops, plan, positions, volume_ok

# id, prompt, reference volume (mm³), reference bbox, how the bbox compares ("xyz", "z", "sorted")
CASES = [
    ("cube", "a cube with 20 mm sides", 8000.0, (20, 20, 20), "xyz"),
    ("box-lwh", "a box 60 mm long, 40 mm wide and 10 mm high", 24000.0, (60, 40, 10), "xyz"),
    ("cylinder", "a cylinder with diameter 30 mm and height 50 mm", 35342.917, (30, 30, 50), "xyz"),
    ("sphere", "a sphere of radius 12 mm", 7238.229, (24, 24, 24), "xyz"),
    (
        "frustum",
        "a cone with base diameter 40 mm, top diameter 10 mm and height 30 mm",
        16493.361,
        (40, 40, 30),
        "xyz",
    ),
    (
        "tube",
        "a tube with outer diameter 25 mm, inner diameter 20 mm and length 100 mm",
        17671.459,
        (25, 25, 100),
        "sorted",
    ),
    ("washer", "a washer with outer diameter 24 mm, a 10.5 mm hole, 2 mm thick", 731.598, (24, 24, 2), "xyz"),
    (
        "plate-center-hole",
        "a 50x50x5 mm plate with a 10 mm hole through the center",
        12107.301,
        (50, 50, 5),
        "xyz",
    ),
    (
        "plate-corner-holes",
        "a 60 x 40 x 8 mm plate with four 5 mm through holes, each 6 mm in from the corner edges",
        18571.681,
        (60, 40, 8),
        "xyz",
    ),
    (
        "box-fillet-all",
        "a 40 x 30 x 20 mm box with all edges rounded to a 3 mm radius",
        23340.849,
        (40, 30, 20),
        "xyz",
    ),
    ("cube-chamfer-all", "a 30 mm cube with 2 mm chamfers on all edges", 26322.667, (30, 30, 30), "xyz"),
    ("hex-prism", "a hexagonal prism 20 mm across flats and 15 mm tall", 5196.152, (23.094, 20, 15), "z"),
    (
        "open-box",
        "an open-top box 80 x 60 x 40 mm with 2 mm thick walls and bottom",
        30272.0,
        (80, 60, 40),
        "xyz",
    ),
    (
        "l-bracket",
        "an L-shaped bracket: a 50 mm long base and a 40 mm tall upright, both 30 mm wide and 5 mm thick",
        12750.0,
        (50, 30, 40),
        "sorted",
    ),
    (
        "flange",
        "a flange: a 100 mm diameter disc, 10 mm thick, with a 40 mm center bore and six 8 mm bolt holes "
        "equally spaced on an 80 mm bolt circle",
        62957.517,
        (100, 100, 10),
        "xyz",
    ),
    (
        "plate-rect-cutout",
        "a 100 x 50 x 6 mm plate with a 40 x 20 mm rectangular cutout through the middle",
        25200.0,
        (100, 50, 6),
        "xyz",
    ),
    (
        "shaft-chamfer",
        "a 20 mm diameter shaft 80 mm long with a 1 mm chamfer at both ends",
        25072.004,
        (20, 20, 80),
        "sorted",
    ),
    (
        "cube-z-hole",
        "a 40 mm cube with a 20 mm diameter hole through its center along the Z axis",
        51433.629,
        (40, 40, 40),
        "xyz",
    ),
    ("torus", "a torus with a 30 mm major radius and a 5 mm minor radius", 14804.407, (70, 70, 10), "sorted"),
    (
        "stacked",
        "a 20 mm diameter, 30 mm tall cylinder standing centered on top of a 40 x 40 x 10 mm base plate",
        25424.778,
        (40, 40, 40),
        "xyz",
    ),
    (
        "counterbore",
        "a 50 x 50 x 12 mm block with a centered 6.6 mm through hole and an 11 mm counterbore 6.5 mm deep "
        "from the top",
        29194.119,
        (50, 50, 12),
        "xyz",
    ),
    (
        "spur-gear",
        "a spur gear with 20 teeth, module 2 and a face width of 10 mm",
        12306.708,
        (44, 44, 10),
        "z",
    ),
    (
        "spring",
        "a helical compression spring: 2 mm wire, 20 mm mean coil diameter, 5 mm pitch, 5 turns",
        990.082,
        (22, 22, 27),
        "xyz",
    ),
    ("hex-nut", "a hex nut 17 mm across flats, 8 mm thick, with a 10 mm hole", 1373.932, (19.63, 17, 8), "z"),
    (
        "bar-hole-row",
        "a 100 x 20 x 20 mm bar with five 6 mm holes through the top, evenly spaced along its length, "
        "the first and last 10 mm from the ends",
        37172.567,
        (100, 20, 20),
        "xyz",
    ),
    (
        "pocket",
        "a 50 x 30 x 20 mm block with a 30 x 20 mm pocket 10 mm deep centered in the top face",
        24000.0,
        (50, 30, 20),
        "xyz",
    ),
    (
        "cyl-top-fillet",
        "a cylinder 40 mm in diameter and 20 mm tall with a 2 mm fillet on the top edge",
        25027.28,
        (40, 40, 20),
        "xyz",
    ),
    ("pyramid", "a square pyramid with a 30 mm base and a height of 25 mm", 7500.0, (30, 30, 25), "xyz"),
    ("inch-cube", "a 2 inch cube", 131096.512, (50.8, 50.8, 50.8), "xyz"),
]
PROMPTS = {case[0]: case[1] for case in CASES}


def _same_size(got: tuple[float, float, float], want: tuple[float, ...], how: str, tol: float) -> bool:
    if how == "sorted":
        got, want = tuple(sorted(got)), tuple(sorted(want))  # type: ignore[assignment]
    elif how == "z":
        got = (*sorted(got[:2]), got[2])
        want = (*sorted(want[:2]), want[2])
    return all(abs(a - b) <= tol for a, b in zip(got, want, strict=True))


@pytest.mark.parametrize(("case", "prompt", "volume", "size", "how"), CASES, ids=[c[0] for c in CASES])
def test_reference_volume_and_size_match_the_plan(
    case: str, prompt: str, volume: float, size: tuple[float, ...], how: str
) -> None:
    graph = plan(prompt).graph
    assert volume_ok(graph, volume), (graph.expected, volume)
    assert _same_size(bbox(graph), size, how, tol=0.3 if case in ("spur-gear", "spring") else 0.1)
    assert graph.expected.solids == 1


def test_cube() -> None:
    assert op(plan(PROMPTS["cube"]).graph, "cube").model_dump(include={"length", "width", "height"}) == {
        "length": 20.0,
        "width": 20.0,
        "height": 20.0,
    }


def test_box_length_width_height_along_xyz() -> None:
    box = op(plan(PROMPTS["box-lwh"]).graph, "box")
    assert (box.length, box.width, box.height) == (60, 40, 10)


def test_cylinder_and_sphere() -> None:
    cyl = op(plan(PROMPTS["cylinder"]).graph, "cylinder")
    assert (cyl.radius, cyl.height, cyl.axis) == (15, 50, "z")
    assert op(plan(PROMPTS["sphere"]).graph, "sphere").radius == 12


def test_frustum() -> None:
    cone = op(plan(PROMPTS["frustum"]).graph, "cone")
    assert (cone.radius_bottom, cone.radius_top, cone.height) == (20, 5, 30)


def test_tube_is_a_cylinder_minus_a_through_bore() -> None:
    graph = plan(PROMPTS["tube"]).graph
    assert ids(graph) == ["tube", "bore"]
    bore = op(graph, "bore")
    assert (bore.diameter, bore.depth, bore.target, bore.at) == (20, None, "tube", [(0.0, 0.0)])


def test_washer_hole_is_its_bore() -> None:
    graph = plan(PROMPTS["washer"]).graph
    assert op(graph, "washer").radius == 12 and op(graph, "washer").height == 2
    assert op(graph, "bore").diameter == 10.5


def test_plate_centre_hole() -> None:
    graph = plan(PROMPTS["plate-center-hole"]).graph
    hole = ops(graph, "hole")[0]
    assert (hole.diameter, hole.at, hole.depth) == (10, [(0.0, 0.0)], None)


def test_plate_corner_holes_are_6_mm_from_both_edges() -> None:
    graph = plan(PROMPTS["plate-corner-holes"]).graph
    hole = ops(graph, "hole")[0]
    assert hole.diameter == 5 and hole.face == "top"
    assert hole.from_edges == [EdgePositions(u=6, u_from="both", v=6, v_from="both")] and hole.at == []
    assert positions(graph, "holes") == [(-24.0, -14.0), (-24.0, 14.0), (24.0, -14.0), (24.0, 14.0)]


def test_fillet_and_chamfer_all_edges() -> None:
    fillet = ops(plan(PROMPTS["box-fillet-all"]).graph, "fillet")[0]
    assert (fillet.radius, fillet.edges) == (3, ["all"])
    chamfer = ops(plan(PROMPTS["cube-chamfer-all"]).graph, "chamfer")[0]
    assert (chamfer.size, chamfer.edges) == (2, ["all"])


def test_hex_prism_across_flats() -> None:
    prism = ops(plan(PROMPTS["hex-prism"]).graph, "prism")[0]
    assert prism.sides == 6 and prism.height == 15
    assert prism.circumradius == pytest.approx(10 / math.cos(math.radians(30)))


def test_open_box_is_shelled_open_at_the_top() -> None:
    graph = plan(PROMPTS["open-box"]).graph
    shell = ops(graph, "shell")[0]
    assert (shell.thickness, shell.open_faces) == (2, ["top"])


def test_l_bracket_upright_stands_on_the_base_at_one_end() -> None:
    graph = plan(PROMPTS["l-bracket"]).graph
    base, upright = op(graph, "base"), op(graph, "upright")
    assert (base.length, base.width, base.height) == (50, 30, 5)
    assert (upright.length, upright.width, upright.height) == (5, 30, 35)
    assert upright.placement.offset == (0.0, 0.0, 5.0)
    assert op(graph, "bracket").operands == ["base", "upright"]


def test_flange_bore_and_bolt_circle() -> None:
    graph = plan(PROMPTS["flange"]).graph
    assert op(graph, "flange").radius == 50 and op(graph, "flange").height == 10
    assert op(graph, "bore").diameter == 40
    bolts = op(graph, "bolt_holes")
    assert bolts.diameter == 8
    assert (bolts.pattern.kind, bolts.pattern.count, bolts.pattern.diameter) == ("circular", 6, 80)


def test_rectangular_cutout_is_a_through_pocket() -> None:
    cut = ops(plan(PROMPTS["plate-rect-cutout"]).graph, "pocket")[0]
    assert (cut.profile.length, cut.profile.width, cut.depth, cut.at) == (40, 20, None, (0.0, 0.0))


def test_shaft_chamfer_only_on_the_end_edges() -> None:
    graph = plan(PROMPTS["shaft-chamfer"]).graph
    assert op(graph, "shaft").radius == 10 and op(graph, "shaft").height == 80
    chamfer = ops(graph, "chamfer")[0]
    assert (chamfer.size, sorted(chamfer.edges)) == (1, ["bottom", "top"])


def test_hole_along_z_through_the_centre() -> None:
    hole = ops(plan(PROMPTS["cube-z-hole"]).graph, "hole")[0]
    assert (hole.diameter, hole.face, hole.at) == (20, "top", [(0.0, 0.0)])


def test_torus_radii() -> None:
    torus = ops(plan(PROMPTS["torus"]).graph, "torus")[0]
    assert (torus.major_radius, torus.minor_radius) == (30, 5)


def test_cylinder_stacked_on_the_plate() -> None:
    graph = plan(PROMPTS["stacked"]).graph
    assert ids(graph) == ["plate", "cylinder"]
    placement = op(graph, "cylinder").placement
    assert (placement.relative_to, placement.relation) == ("plate", "on_top_of")


def test_counterbore() -> None:
    hole = ops(plan(PROMPTS["counterbore"]).graph, "hole")[0]
    assert (hole.diameter, hole.at, hole.face) == (6.6, [(0.0, 0.0)], "top")
    assert (hole.counterbore.diameter, hole.counterbore.depth) == (11, 6.5)


def test_spur_gear() -> None:
    gear = ops(plan(PROMPTS["spur-gear"]).graph, "spur_gear")[0]
    assert (gear.module, gear.teeth, gear.face_width, gear.pressure_angle) == (2, 20, 10, 20)


def test_spring() -> None:
    spring = ops(plan(PROMPTS["spring"]).graph, "spring")[0]
    assert (spring.wire_diameter, spring.mean_diameter, spring.pitch, spring.turns) == (2, 20, 5, 5)


def test_hex_nut_is_a_prism_with_a_hole() -> None:
    graph = plan(PROMPTS["hex-nut"]).graph
    assert [n.operation.op for n in graph.nodes] == ["prism", "hole"]
    assert ops(graph, "hole")[0].diameter == 10


def test_row_of_holes_first_and_last_10_from_the_ends() -> None:
    hole = ops(plan(PROMPTS["bar-hole-row"]).graph, "hole")[0]
    pattern = hole.pattern
    assert (pattern.kind, pattern.count, pattern.spacing, pattern.start) == ("linear", 5, 20, (-40.0, 0.0))


def test_pocket() -> None:
    pocket = ops(plan(PROMPTS["pocket"]).graph, "pocket")[0]
    assert (pocket.profile.length, pocket.profile.width, pocket.depth, pocket.face) == (30, 20, 10, "top")


def test_top_edge_fillet_on_a_cylinder() -> None:
    fillet = ops(plan(PROMPTS["cyl-top-fillet"]).graph, "fillet")[0]
    assert (fillet.radius, fillet.edges) == (2, ["top"])


def test_square_pyramid() -> None:
    pyramid = ops(plan(PROMPTS["pyramid"]).graph, "pyramid")[0]
    assert (pyramid.base_length, pyramid.base_width, pyramid.height) == (30, 30, 25)


def test_inch_cube() -> None:
    assert op(plan(PROMPTS["inch-cube"]).graph, "cube").length == pytest.approx(50.8)


def test_refine_box_case() -> None:
    result = modify(
        plan("a 40 x 20 x 10 mm box").graph,
        "make it 15 mm tall",
        "add a 5 mm hole through the center from top to bottom",
    )
    graph = result.graph
    assert (op(graph, "box").height, op(graph, "hole").diameter, op(graph, "hole").at) == (
        15,
        5,
        [(0.0, 0.0)],
    )
    assert volume_ok(graph, 11705.476)
    assert bbox(graph) == (40, 20, 15)
