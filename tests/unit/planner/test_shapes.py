"""Every shape the offline planner knows, with the words people use for it."""

from __future__ import annotations

import math

import pytest

from helpers.planner_support import bbox, ids, op, ops, plan, refused


@pytest.mark.parametrize("noun", ["box", "block", "plate", "bar", "slab", "cuboid"])
def test_box_nouns(noun: str) -> None:
    graph = plan(f"a {noun} 60 x 40 x 10").graph
    box = ops(graph, "box")[0]
    assert (box.length, box.width, box.height) == (60, 40, 10)
    assert ids(graph) == [noun]


def test_plate_from_a_plan_size_and_a_thickness() -> None:
    box = ops(plan("a plate 100 x 50, 5 mm thick").graph, "box")[0]
    assert (box.length, box.width, box.height) == (100, 50, 5)


def test_bar_from_a_cross_section_and_a_length() -> None:
    box = ops(plan("a 10 x 10 bar 100 mm long").graph, "box")[0]
    assert (box.length, box.width, box.height) == (100, 10, 10)


def test_square_plate() -> None:
    box = ops(plan("an 80 mm square plate 5 mm thick").graph, "box")[0]
    assert (box.length, box.width, box.height) == (80, 80, 5)


@pytest.mark.parametrize("noun", ["cylinder", "rod", "shaft", "disc", "disk", "puck"])
def test_cylinder_nouns(noun: str) -> None:
    cyl = ops(plan(f"a {noun} 30 mm in diameter and 12 mm thick").graph, "cylinder")[0]
    assert (cyl.radius, cyl.height) == (15, 12)


def test_round_bar_is_a_cylinder() -> None:
    assert ops(plan("a round bar 20 mm diameter, 100 mm long").graph, "cylinder")[0].height == 100


def test_cylinder_without_height_assumes_its_diameter() -> None:
    result = plan("a 20 mm cylinder")
    assert ops(result.graph, "cylinder")[0].height == 20
    assert any("height of the cylinder not given" in n for n in result.notes)


@pytest.mark.parametrize(
    "prompt",
    [
        "a tube OD 25, ID 20, length 100",
        "a pipe with 25 mm outside diameter, 20 mm inside diameter, 100 mm long",
        "a hollow cylinder 25 mm outer diameter, 2.5 mm wall, 100 mm tall",
        "a spacer 25 mm OD, 20 mm ID, 100 mm long",
        "a bushing Ø25 x 100 with a 20 mm bore",
        "a ring with an outer diameter of 25 mm and an inner diameter of 20 mm, 100 mm high",
    ],
)
def test_tubes(prompt: str) -> None:
    graph = plan(prompt).graph
    assert ops(graph, "cylinder")[0].radius == 12.5 and ops(graph, "cylinder")[0].height == 100
    assert ops(graph, "hole")[0].diameter == 20


def test_square_and_rectangular_tubes() -> None:
    graph = plan("a 40 x 40 mm square tube with 2 mm walls, 300 mm long").graph
    box, hollow = ops(graph, "box")[0], ops(graph, "pocket")[0]
    assert (box.length, box.width, box.height) == (300, 40, 40)
    assert (hollow.profile.length, hollow.profile.width, hollow.depth, hollow.face) == (36, 36, None, "right")
    rect = plan("a rectangular tube 60 x 40 with a 3 mm wall, 500 mm long").graph
    assert (ops(rect, "pocket")[0].profile.length, ops(rect, "pocket")[0].profile.width) == (54, 34)


@pytest.mark.parametrize(
    ("noun", "hemi"), [("sphere", False), ("ball", False), ("hemisphere", True), ("dome", True)]
)
def test_spheres(noun: str, hemi: bool) -> None:
    sphere = ops(plan(f"a {noun} 50 mm in diameter").graph, "sphere")[0]
    assert (sphere.radius, sphere.hemisphere) == (25, hemi)


@pytest.mark.parametrize(
    ("prompt", "radii"),
    [
        ("a cone 30 mm diameter and 40 mm high", (15, 0, 40)),
        ("a frustum with bottom radius 20, top radius 10, height 15", (20, 10, 15)),
        ("a truncated cone 50 mm base, 20 mm top, 40 mm tall", (25, 10, 40)),
    ],
)
def test_cones(prompt: str, radii: tuple[float, float, float]) -> None:
    cone = ops(plan(prompt).graph, "cone")[0]
    assert (cone.radius_bottom, cone.radius_top, cone.height) == radii


def test_truncated_cone_needs_its_top() -> None:
    assert "top diameter" in refused("a truncated cone 50 mm base, 40 mm tall").message


@pytest.mark.parametrize(
    ("prompt", "radii"),
    [
        ("a donut with major radius 25 and minor radius 5", (25, 5)),
        ("an o-ring with 20 mm inner diameter and 3 mm cross section", (11.5, 1.5)),
        ("a torus 70 mm outer diameter, 50 mm inner diameter", (30, 5)),
    ],
)
def test_tori(prompt: str, radii: tuple[float, float]) -> None:
    torus = ops(plan(prompt).graph, "torus")[0]
    assert (torus.major_radius, torus.minor_radius) == radii


@pytest.mark.parametrize(
    ("prompt", "sides", "radius"),
    [
        ("a hex bar 10 mm across flats, 40 long", 6, 10 / math.sqrt(3)),
        ("a hexagonal prism 24 mm across corners and 10 mm thick", 6, 12),
        ("a triangular prism with 30 mm sides, 50 mm long", 3, 30 / math.sqrt(3)),
        ("an octagonal prism 40 mm across flats, 10 mm thick", 8, 20 / math.cos(math.pi / 8)),
    ],
)
def test_prisms(prompt: str, sides: int, radius: float) -> None:
    prism = ops(plan(prompt).graph, "prism")[0]
    assert prism.sides == sides and prism.circumradius == pytest.approx(radius)


def test_standard_metric_nut() -> None:
    result = plan("an M8 hex nut")
    prism, hole = ops(result.graph, "prism")[0], ops(result.graph, "hole")[0]
    assert prism.circumradius * math.sqrt(3) == pytest.approx(13) and prism.height == 6.8
    assert hole.diameter == 8
    assert any("ISO 4032" in n for n in result.notes)


@pytest.mark.parametrize(
    ("prompt", "base", "height"),
    [
        ("a square pyramid with a 30 mm base and a height of 25 mm", (30, 30), 25),
        ("a rectangular pyramid with a 40 x 30 base and 50 mm tall", (40, 30), 50),
        ("a pyramid, base 20 x 20 mm, 10 mm high", (20, 20), 10),
    ],
)
def test_pyramids(prompt: str, base: tuple[float, float], height: float) -> None:
    pyramid = ops(plan(prompt).graph, "pyramid")[0]
    assert (pyramid.base_length, pyramid.base_width, pyramid.height) == (*base, height)


def test_angle_bracket_with_equal_legs() -> None:
    graph = plan("an angle bracket with 50 mm legs, 40 mm wide and 4 mm thick").graph
    assert bbox(graph) == (50, 40, 50)
    assert op(graph, "upright").height == 46


def test_l_bracket_from_overall_dimensions() -> None:
    graph = plan("an L bracket 60 x 40 x 50 mm, 5 mm thick").graph
    assert bbox(graph) == (60, 40, 50)


def test_flange_with_holes_for_screws_on_a_pcd() -> None:
    result = plan(
        "a flange 120 mm in diameter, 12 mm thick with a 50 mm bore and 8 M10 clearance holes on a 95 mm PCD"
    )
    graph = result.graph
    assert op(graph, "bore").diameter == 50
    holes = next(o for o in ops(graph, "hole") if o.pattern is not None)
    assert (holes.diameter, holes.pattern.count, holes.pattern.diameter) == (11, 8, 95)


@pytest.mark.parametrize(
    ("prompt", "gear"),
    [
        ("a gear with 30 teeth, module 1.5, 8 mm thick with an 8 mm bore", (1.5, 30, 8, 20, 8)),
        (
            "a spur gear, 24 teeth, 2 mm module, 12 mm face width, 14.5 degree pressure angle",
            (2, 24, 12, 14.5, 0),
        ),
        ("a spur gear with a 40 mm pitch diameter, 20 teeth, 6 mm thick", (2, 20, 6, 20, 0)),
    ],
)
def test_gears(prompt: str, gear: tuple[float, ...]) -> None:
    g = ops(plan(prompt).graph, "spur_gear")[0]
    assert (g.module, g.teeth, g.face_width, g.pressure_angle, g.bore_diameter) == gear


@pytest.mark.parametrize(
    ("prompt", "spring"),
    [
        (
            "a compression spring with 1.5 mm wire, 15 mm outer diameter, 10 coils and a 3 mm pitch",
            (1.5, 13.5, 3, 10),
        ),
        ("a spring: wire 2 mm, mean diameter 20 mm, 8 turns, free length 42 mm", (2, 20, 5, 8)),
    ],
)
def test_springs(prompt: str, spring: tuple[float, ...]) -> None:
    s = ops(plan(prompt).graph, "spring")[0]
    assert (s.wire_diameter, s.mean_diameter, s.pitch, s.turns) == pytest.approx(spring)


@pytest.mark.parametrize(
    ("prompt", "open_faces"),
    [
        ("an enclosure 100 x 60 x 40 mm with 2 mm walls", ["top"]),
        ("a tray 200 x 150 x 30 with 3 mm walls", ["top"]),
        ("a 50 mm cube shelled to 2 mm walls", ["top"]),
        ("a hollow 40 mm cube with 3 mm walls", []),
        ("a box 60 x 40 x 30 with 2 mm walls, open at the top and bottom", ["top", "bottom"]),
    ],
)
def test_shelled_boxes(prompt: str, open_faces: list[str]) -> None:
    shell = ops(plan(prompt).graph, "shell")[0]
    assert shell.open_faces == open_faces


def test_cup_is_a_shelled_cylinder() -> None:
    graph = plan("a cup 60 mm diameter, 80 mm tall, 3 mm wall").graph
    assert [n.operation.op for n in graph.nodes] == ["cylinder", "shell"]


def test_open_box_with_a_thicker_bottom_is_pocketed() -> None:
    graph = plan("an open box 80 x 60 x 40 with 2 mm walls and a 5 mm thick bottom").graph
    cavity = ops(graph, "pocket")[0]
    assert (cavity.profile.length, cavity.profile.width, cavity.depth) == (76, 56, 35)


def test_lying_cylinder() -> None:
    graph = plan("a rod 10 mm diameter 50 mm long lying along X").graph
    assert ops(graph, "cylinder")[0].axis == "x"
    assert bbox(graph) == (50, 10, 10)
