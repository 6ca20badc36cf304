"""Different sentences for the same kinds of parts (the held-out suite uses sentences like these):
each must give the right overall size and a volume computed by hand here."""

from __future__ import annotations

import math

import pytest

from helpers.planner_support import bbox, plan, volume_ok

PI = math.pi


def cyl(d: float, h: float) -> float:
    return PI * d * d / 4 * h


def hexagon_area(flats: float) -> float:
    return math.sqrt(3) / 2 * flats * flats


# prompt, size (x, y, z), volume
PARAPHRASES = [
    ("a 3/4 inch steel rod 6 inches long", (19.05, 19.05, 152.4), cyl(19.05, 152.4)),
    (
        "block 100x50x25 with 2 mm fillets on the vertical edges",
        (100, 50, 25),
        100 * 50 * 25 - 4 * (4 - PI) * 25,
    ),
    (
        "M6 clearance holes at each corner 8 mm from the edges of a 80x80x10 plate",
        (80, 80, 10),
        80 * 80 * 10 - 4 * cyl(6.6, 10),
    ),
    ("a 50 mm ball", (50, 50, 50), PI / 6 * 50**3),
    ("disc Ø60 x 5 with a 20 mm center hole", (60, 60, 5), cyl(60, 5) - cyl(20, 5)),
    ("make me a 25mm cube please", (25, 25, 25), 25**3),
    ("a cube, 1 inch on each side", (25.4, 25.4, 25.4), 25.4**3),
    ("a rectangular block measuring 80 by 30 by 15 mm", (80, 30, 15), 80 * 30 * 15),
    ("a plate 120 mm long, 80 mm wide, 6 mm thick", (120, 80, 6), 120 * 80 * 6),
    ("a cylinder of radius 10 mm and height 40 mm", (20, 20, 40), cyl(20, 40)),
    ("a steel shaft, 25 mm in diameter and 200 mm long", (25, 25, 200), cyl(25, 200)),
    ("a sphere with a diameter of 40 mm", (40, 40, 40), PI / 6 * 40**3),
    ("a pipe, OD 60 mm, wall 5 mm, 150 mm long", (60, 60, 150), cyl(60, 150) - cyl(50, 150)),
    (
        "a washer 30 mm outside diameter, 12 mm inside diameter and 3 mm thick",
        (30, 30, 3),
        cyl(30, 3) - cyl(12, 3),
    ),
    (
        "a 12 mm thick disk, 80 mm across, with a 25 mm hole in the middle",
        (80, 80, 12),
        cyl(80, 12) - cyl(25, 12),
    ),
    ("a cone 50 mm tall with a 30 mm base diameter", (30, 30, 50), PI * 15 * 15 * 50 / 3),
    (
        "a truncated cone, bottom diameter 60, top diameter 30, height 40",
        (60, 60, 40),
        PI * 40 / 3 * (30 * 30 + 30 * 15 + 15 * 15),
    ),
    ("a doughnut with a 40 mm major radius and 8 mm minor radius", (96, 96, 16), 2 * PI * PI * 40 * 64),
    ("a hex prism 30 mm across the flats, 20 mm high", (34.641, 30, 20), hexagon_area(30) * 20),
    (
        "a hexagon nut, 13 mm A/F, 6.5 mm thick, 8 mm hole",
        (15.011, 13, 6.5),
        hexagon_area(13) * 6.5 - cyl(8, 6.5),
    ),
    ("a 40 mm square pyramid 30 mm high", (40, 40, 30), 40 * 40 * 30 / 3),
    (
        "a 100x60x8 plate with a 6 mm hole in each corner, 10 mm from the edges",
        (100, 60, 8),
        100 * 60 * 8 - 4 * cyl(6, 8),
    ),
    (
        "a 120 x 40 x 10 bar with six 8 mm holes evenly spaced along its length",
        (120, 40, 10),
        120 * 40 * 10 - 6 * cyl(8, 10),
    ),
    (
        "a 100 x 100 x 6 plate with a 4 x 4 grid of 5 mm holes on a 20 mm pitch",
        (100, 100, 6),
        100 * 100 * 6 - 16 * cyl(5, 6),
    ),
    (
        "a round flange 150 mm in diameter and 15 mm thick with a 60 mm center bore and eight 12 mm holes "
        "on a 120 mm bolt circle",
        (150, 150, 15),
        cyl(150, 15) - cyl(60, 15) - 8 * cyl(12, 15),
    ),
    (
        "a 60 x 60 x 20 block with a 40 x 40 mm pocket 15 mm deep in the top",
        (60, 60, 20),
        60 * 60 * 20 - 40 * 40 * 15,
    ),
    (
        "a 200 x 100 x 5 plate with a 50 x 30 mm rectangular hole in the middle",
        (200, 100, 5),
        200 * 100 * 5 - 50 * 30 * 5,
    ),
    ("a 30 mm cube with a 10 mm hole through the center along the X axis", (30, 30, 30), 30**3 - cyl(10, 30)),
    (
        "a 40 x 40 x 20 block with a centred 9 mm hole, counterbored 15 mm diameter 8 mm deep",
        (40, 40, 20),
        40 * 40 * 20 - cyl(9, 12) - cyl(15, 8),
    ),
    ("an open box 100 x 80 x 50 with 3 mm walls", (100, 80, 50), 100 * 80 * 50 - 94 * 74 * 47),
    (
        "an L bracket, 60 mm base, 45 mm high, 25 mm wide, 6 mm thick",
        (60, 25, 45),
        60 * 25 * 6 + 6 * 25 * 39,
    ),
    (
        "a 15 mm cylinder 10 mm tall sitting on top of a 30 x 30 x 5 plate",
        (30, 30, 15),
        30 * 30 * 5 + cyl(15, 10),
    ),
    ("four 10 mm cubes in a row, 10 mm apart", (70, 10, 10), 4 * 1000),
    ("a 2 inch long, 1 inch wide, half inch thick block", (50.8, 25.4, 12.7), 50.8 * 25.4 * 12.7),
    (
        "a tube 100 mm long with 20 mm OD and 16 mm ID lying along the X axis",
        (100, 20, 20),
        cyl(20, 100) - cyl(16, 100),
    ),
    (
        "a 50 x 30 x 10 plate with a 20 x 6 slot through the middle",
        (50, 30, 10),
        50 * 30 * 10 - (14 * 6 + PI * 9) * 10,
    ),
    ("a 30 mm cube with 1 mm chamfered edges", (30, 30, 30), None),
    ("a gear: 40 teeth, module 1, 5 mm wide, with a 6 mm bore", (42, 42, 5), None),
    ("a coil spring, wire 1 mm, outside diameter 10 mm, pitch 2 mm, 12 turns", (10, 10, 25), None),
    (
        "a 5 mm thick 80 mm square plate with rounded corners of radius 8",
        (80, 80, 5),
        (80 * 80 - (4 - PI) * 64) * 5,
    ),
]


@pytest.mark.parametrize(("prompt", "size", "volume"), PARAPHRASES, ids=[p[0][:40] for p in PARAPHRASES])
def test_paraphrase(prompt: str, size: tuple[float, float, float], volume: float | None) -> None:
    graph = plan(prompt).graph
    got = bbox(graph)
    assert sorted(got[:2]) == pytest.approx(sorted(size[:2]), abs=0.01) and got[2] == pytest.approx(
        size[2], abs=0.01
    )
    if volume is not None:
        assert volume_ok(graph, volume), (graph.expected, volume)


MORE = [
    ("cylinder d=30 h=50", (30, 30, 50), cyl(30, 50)),
    ("sphere r=12 mm", (24, 24, 24), PI / 6 * 24**3),
    ("a block l=60, w=40, h=10", (60, 40, 10), 60 * 40 * 10),
    ("a cube of side 20 mm", (20, 20, 20), 8000),
    ("a frustum 40 mm at the base and 10 mm at the top, 30 mm tall", (40, 40, 30), 16493.361),
    ("a washer: OD 24 mm, hole 10.5 mm, thickness 2 mm", (24, 24, 2), 731.598),
    ("a 60x40x8 plate with a 5 mm hole at each corner, 6 mm from the edges", (60, 40, 8), 18571.681),
    ("a 40x30x20 box, all edges filleted with 3 mm radius", (40, 30, 20), 23340.849),
    ("a 30 mm cube, chamfer all edges 2 mm", (30, 30, 30), 26322.667),
    (
        "an L bracket with a 50 mm base leg and a 40 mm vertical leg, 30 mm wide, 5 mm thick",
        (50, 30, 40),
        12750,
    ),
    ("a 100 mm flange, 10 mm thick, 40 mm bore, 6 x 8 mm holes on 80 mm PCD", (100, 100, 10), 62957.517),
    ("a shaft Ø20 x 80 with 1 mm chamfers on both ends", (20, 20, 80), 25072.004),
    ("a spring with 5 coils of 2 mm wire, 20 mm mean diameter and 5 mm pitch", (22, 22, 26.994), 990.082),
    ("a hex nut, 17 mm A/F, 8 mm high, 10 mm bore", (19.63, 17, 8), 1373.932),
    ("a 50 x 30 x 20 block with a centered rectangular pocket 30 x 20, 10 deep", (50, 30, 20), 24000),
    ("a 40 mm diameter, 20 mm high cylinder with the top edge rounded 2 mm", (40, 40, 20), 25027.28),
    ("a pyramid with a 30 x 30 mm square base, 25 mm tall", (30, 30, 25), 7500),
    (
        "an 8 mm thick plate 60 x 60 with a 20 mm square hole through the middle",
        (60, 60, 8),
        (3600 - 400) * 8,
    ),
    (
        "a 40 x 40 x 5 plate with a 10 mm diameter, 20 mm tall pin in the middle",
        (40, 40, 25),
        40 * 40 * 5 + cyl(10, 20),
    ),
]


@pytest.mark.parametrize(("prompt", "size", "volume"), MORE, ids=[p[0][:40] for p in MORE])
def test_more_paraphrases(prompt: str, size: tuple[float, float, float], volume: float) -> None:
    test_paraphrase(prompt, size, volume)
