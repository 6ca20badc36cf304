"""Exact volumes after fillets and chamfers on known edges, and the fillet/chamfer checks they allow.

Hand-computed: a straight edge rounded with r loses (1 - pi/4) r² per mm, a chamfer of d loses
d²/2; a round edge of radius R loses that cross-section turned about the axis at its centroid
(Pappus): 2 pi (R - c r) A, c = (5/6 - pi/4) / (1 - pi/4) for a fillet, 1/3 for a chamfer.
FreeCAD's own volumes of such parts are compared in tests/integration/test_edge_checks.py.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from ai_designer.agents.edge_checks import ExpectedEdges
from ai_designer.agents.feature_checks import expected_features
from ai_designer.cad.expectations import VOLUME_TOLERANCE, derive_expectations
from ai_designer.schemas.task_graph import Expectations, TaskGraph

PI = math.pi


def plan(*nodes: dict[str, Any]) -> TaskGraph:
    return TaskGraph.model_validate({"nodes": list(nodes)})


def expect(*nodes: dict[str, Any]) -> Expectations:
    return derive_expectations(plan(*nodes))


def node(node_id: str, **operation: Any) -> dict[str, Any]:
    return {"id": node_id, "operation": operation}


def assert_volume(e: Expectations, volume: float) -> None:
    assert e.volume_min == pytest.approx(volume * (1 - VOLUME_TOLERANCE), rel=1e-9)
    assert e.volume_max == pytest.approx(volume * (1 + VOLUME_TOLERANCE), rel=1e-9)


def assert_wide(e: Expectations, volume: float) -> None:
    """Not exact, but the range holds the true volume."""
    assert e.volume_min is not None and e.volume_max is not None
    assert e.volume_min <= volume <= e.volume_max
    assert e.volume_max - e.volume_min > 0.01 * e.volume_max


PLATE = node("plate", op="box", length=60, width=40, height=8)
HOLE = node("hole", op="hole", target="plate", diameter=6, at=[[0, 0]])


def test_a_drilled_plate_rounded_on_its_vertical_edges_is_exact() -> None:
    fillet = node("round", op="fillet", target="hole", radius=3, edges=["vertical"])
    # 60 x 40 x 8, less the hole (pi 3² 8) and four 8 mm edges of (1 - pi/4) 3² each
    assert_volume(expect(PLATE, HOLE, fillet), 19200 - 72 * PI - 4 * 72 * (1 - PI / 4))


def test_a_drilled_plate_chamfered_on_its_vertical_edges_is_exact() -> None:
    chamfer = node("bevel", op="chamfer", target="hole", size=2, edges=["parallel_z"])
    assert_volume(expect(PLATE, HOLE, chamfer), 19200 - 72 * PI - 4 * 8 * 2)


def test_top_edges_of_a_block_drilled_from_the_front_are_exact() -> None:
    block = node("block", op="box", length=60, width=40, height=20)
    hole = node("hole", op="hole", target="block", face="front", diameter=6, at=[[0, 0]])
    chamfer = node("bevel", op="chamfer", target="hole", size=1, edges=["top"])
    # four top edges (200 mm) of 1/2 mm² each, less 1/3 mm³ at each corner where two meet
    assert_volume(expect(block, hole, chamfer), 48000 - 9 * PI * 40 - (100 - 4 / 3))


@pytest.mark.parametrize(
    ("at", "edges"),
    [
        ([[27, 17]], ["vertical"]),  # the hole reaches into the rounded corner
        ([[0, 0]], ["top"]),  # 'top' also picks the hole's rim
        ([[0, 0]], ["all"]),
    ],
    ids=["hole-in-the-corner", "rim-picked", "all"],
)
def test_a_fillet_that_may_touch_a_hole_keeps_a_range(at: list[list[float]], edges: list[str]) -> None:
    hole = node("hole", op="hole", target="plate", diameter=4, at=at)
    fillet = node("round", op="fillet", target="hole", radius=3, edges=edges)
    e = expect(PLATE, hole, fillet)
    assert e.volume_max is not None and e.volume_max <= (19200 - 32 * PI) * (1 + VOLUME_TOLERANCE)
    assert e.volume_max - (e.volume_min or 0) > 0.01 * e.volume_max


def test_a_rectangular_pocket_keeps_the_range_of_a_vertical_fillet() -> None:
    pocket = node(
        "pocket",
        op="pocket",
        target="plate",
        profile={"shape": "rectangle", "length": 10, "width": 10},
        depth=4,
    )
    fillet = node("round", op="fillet", target="pocket", radius=2, edges=["vertical"])
    # the pocket's four vertical edges are picked too (and filled in): no exact figure
    e = expect(PLATE, pocket, fillet)
    assert e.volume_max is not None and e.volume_max >= (19200 - 400) * (1 - VOLUME_TOLERANCE)
    assert e.volume_max - (e.volume_min or 0) > 0.01 * e.volume_max


def test_a_filleted_disc_rim_is_exact() -> None:
    disc = node("disc", op="cylinder", radius=20, height=20)
    fillet = node("round", op="fillet", target="disc", radius=2, edges=["top"])
    # (1 - pi/4) r² turned at R - c r: 2 pi ((1 - pi/4) r² R - (5/6 - pi/4) r³)
    removed = 2 * PI * ((1 - PI / 4) * 4 * 20 - (5 / 6 - PI / 4) * 8)
    assert_volume(expect(disc, fillet), 8000 * PI - removed)


def test_a_shaft_chamfered_at_both_ends_is_exact() -> None:
    rod = node("rod", op="cylinder", radius=10, height=60, axis="x")
    chamfer = node("ends", op="chamfer", target="rod", size=1, edges=["circular"])
    # two rims: d²/2 turned at R - d/3
    assert_volume(expect(rod, chamfer), 6000 * PI - 2 * PI * (10 - 1 / 3))


def test_a_round_pocket_in_a_cylinder_is_exact() -> None:
    body = node("body", op="cylinder", radius=30, height=50)
    pocket = node("pocket", op="pocket", target="body", profile={"shape": "circle", "radius": 26}, depth=45)
    assert_volume(expect(body, pocket), PI * 900 * 50 - PI * 676 * 45)


@pytest.mark.parametrize(("open_faces", "inner_length"), [(["top"], 48), (["top", "bottom"], 50), ([], 46)])
def test_a_hollowed_cylinder_is_exact(open_faces: list[str], inner_length: float) -> None:
    body = node("body", op="cylinder", radius=30, height=50)
    shell = node("cup", op="shell", target="body", thickness=2, open_faces=open_faces)
    assert_volume(expect(body, shell), PI * 900 * 50 - PI * 28 * 28 * inner_length)


def test_a_cylinder_opened_at_the_side_keeps_a_range() -> None:
    body = node("body", op="cylinder", radius=30, height=50)
    shell = node("cup", op="shell", target="body", thickness=2, open_faces=["front"])
    e = expect(body, shell)
    assert e.volume_max is not None and (e.volume_min or 0) < 0.5 * e.volume_max


def edges_of(graph: TaskGraph) -> list[ExpectedEdges]:
    return [f for f in expected_features(graph) if isinstance(f, ExpectedEdges)]


def test_known_edges_give_the_faces_and_their_side() -> None:
    fillet = node("round", op="fillet", target="hole", radius=3, edges=["vertical"])
    chamfer = node("bevel", op="chamfer", target="plate", size=1, edges=["all"])
    rim = node("rim", op="chamfer", target="rod", size=1, edges=["top", "bottom"])
    rod = node("rod", op="cylinder", radius=5, height=20)
    assert edges_of(plan(PLATE, HOLE, fillet)) == [
        ExpectedEdges(node_id="round", kind="fillet", size=3, edges=4, concave=False)
    ]
    assert edges_of(plan(PLATE, chamfer)) == [
        ExpectedEdges(node_id="bevel", kind="chamfer", size=1, edges=12)
    ]
    assert edges_of(plan(rod, rim))[0].edges == 2
    assert edges_of(plan(rod, rim))[0].width == pytest.approx(math.sqrt(2))


def test_unknown_edges_check_a_fillet_radius_only_and_no_chamfer() -> None:
    upright = node("upright", op="box", length=5, width=30, height=40, placement={"offset": [0, 0, 0]})
    both = node("l", op="boolean", operation="union", operands=["plate", "upright"])
    fillet = node("round", op="fillet", target="l", radius=2, edges=["parallel_y"])
    chamfer = node("bevel", op="chamfer", target="round", size=1, edges=["top"])
    found = edges_of(plan(PLATE, upright, both, fillet, chamfer))
    assert found == [ExpectedEdges(node_id="round", kind="fillet", size=2)]  # concave or convex, any count


def test_a_fillet_on_free_form_edges_is_not_checked() -> None:
    loft = node(
        "loft",
        op="loft",
        sections=[
            {"profile": {"shape": "rectangle", "length": 20, "width": 20}, "z": 0},
            {"profile": {"shape": "circle", "radius": 8}, "z": 30},
        ],
    )
    fillet = node("round", op="fillet", target="loft", radius=1, edges=["bottom"])
    assert edges_of(plan(loft, fillet)) == []


def test_a_fillet_a_later_cut_removes_is_not_checked() -> None:
    fillet = node("round", op="fillet", target="plate", radius=3, edges=["vertical"])
    cutter = node("cutter", op="box", length=10, width=10, height=8)
    cut = node("cut", op="boolean", operation="cut", operands=["cutter", "round"])
    assert edges_of(plan(PLATE, fillet, cutter, cut)) == []


def test_bolt_holes_round_a_bore_are_exact() -> None:
    flange = node("flange", op="cylinder", radius=60, height=15)
    bore = node("bore", op="hole", target="flange", diameter=60, at=[[0, 0]])
    bolts = node(
        "bolts",
        op="hole",
        target="bore",
        diameter=11,
        pattern={"kind": "circular", "diameter": 95, "count": 8},
        at=[],
    )
    # the bolt holes' boxes overlap the bore's box, but not the bore: compared as discs
    assert_volume(expect(flange, bore, bolts), 15 * PI * (3600 - 900 - 8 * 5.5**2))


def test_a_bore_along_a_cone_is_exact() -> None:
    cone = node("plug", op="cone", radius_bottom=20, radius_top=10, height=60)
    bore = node("bore", op="hole", target="plug", diameter=10, at=[[0, 0]])
    frustum = PI * 60 / 3 * (400 + 200 + 100)
    assert_volume(expect(cone, bore), frustum - PI * 25 * 60)


def test_a_bore_through_a_boss_and_its_disc_is_exact() -> None:
    disc = node("disc", op="cylinder", radius=40, height=8)
    boss = node(
        "boss",
        op="cylinder",
        radius=15,
        height=20,
        placement={"relative_to": "disc", "relation": "on_top_of"},
    )
    joined = node("joined", op="boolean", operation="union", operands=["disc", "boss"])
    bore = node("bore", op="hole", target="joined", diameter=12, at=[[0, 0]])
    assert_volume(expect(disc, boss, joined, bore), PI * (1600 * 8 + 225 * 20 - 36 * 28))


def test_a_bore_wider_than_the_boss_keeps_a_range() -> None:
    disc = node("disc", op="cylinder", radius=40, height=8)
    boss = node(
        "boss", op="cylinder", radius=5, height=20, placement={"relative_to": "disc", "relation": "on_top_of"}
    )
    joined = node("joined", op="boolean", operation="union", operands=["disc", "boss"])
    bore = node("bore", op="hole", target="joined", diameter=12, at=[[0, 0]])
    assert_wide(expect(disc, boss, joined, bore), PI * (1600 * 8 - 36 * 8))


ROUNDED = node("round", op="fillet", target="plate", radius=8, edges=["vertical"])


def rounded_outline_removal(area: float, centroid: float, amount: float) -> float:
    """Along the 60 x 40 outline with R8 corners: 4 straight parts, 4 quarter turns at R8 - c d."""
    straight = 2 * (60 + 40) - 8 * 8
    return area * (straight + 2 * PI * (8 - centroid * amount))


def test_a_chamfer_round_the_top_of_a_rounded_plate_is_exact() -> None:
    chamfer = node("bevel", op="chamfer", target="round", size=1, edges=["top"])
    rounded = 19200 - 4 * (1 - PI / 4) * 64 * 8
    assert_volume(expect(PLATE, ROUNDED, chamfer), rounded - rounded_outline_removal(0.5, 1 / 3, 1))


def test_a_fillet_round_both_ends_of_a_rounded_plate_is_exact() -> None:
    fillet = node("soft", op="fillet", target="round", radius=2, edges=["horizontal"])
    rounded = 19200 - 4 * (1 - PI / 4) * 64 * 8
    c = (5 / 6 - PI / 4) / (1 - PI / 4)
    removed = 2 * rounded_outline_removal((1 - PI / 4) * 4, c, 2)
    assert_volume(expect(PLATE, ROUNDED, fillet), rounded - removed)
    assert edges_of(plan(PLATE, ROUNDED, fillet))[-1] == ExpectedEdges(
        node_id="soft", kind="fillet", size=2, edges=16, concave=False
    )


@pytest.mark.parametrize("edges", [["all"], ["front"], ["vertical"]])
def test_other_edges_of_a_rounded_plate_keep_a_range(edges: list[str]) -> None:
    chamfer = node("bevel", op="chamfer", target="round", size=1, edges=edges)
    e = expect(PLATE, ROUNDED, chamfer)
    assert e.volume_max is not None and e.volume_max - (e.volume_min or 0) > 0.01 * e.volume_max
