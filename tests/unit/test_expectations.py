"""derive_expectations: what a graph's part should measure, from hand-computed geometry (pure Python)."""

from __future__ import annotations

import math
from typing import Any

import pytest

from ai_designer.cad.expectations import VOLUME_TOLERANCE, derive_expectations
from ai_designer.cad.gear import GearGeometry
from ai_designer.cad.operations import analyse
from ai_designer.cad.profiles import first_moment_u, profile_area, profile_bounds
from ai_designer.errors import InvalidTaskGraphError
from ai_designer.schemas.task_graph import Expectations, PolylineProfile, TaskGraph

PI = math.pi


def expect(*nodes: dict[str, Any]) -> Expectations:
    return derive_expectations(TaskGraph.model_validate({"nodes": list(nodes)}))


def node(node_id: str, **operation: Any) -> dict[str, Any]:
    return {"id": node_id, "operation": operation}


def assert_volume(e: Expectations, volume: float) -> None:
    """The expected range is the exact volume with the standard slack."""
    assert e.volume_min == pytest.approx(volume * (1 - VOLUME_TOLERANCE), rel=1e-6)
    assert e.volume_max == pytest.approx(volume * (1 + VOLUME_TOLERANCE), rel=1e-6)


def assert_holds(e: Expectations, volume: float) -> None:
    """The expected range holds ``volume``."""
    assert e.volume_min is None or e.volume_min <= volume
    assert e.volume_max is None or volume <= e.volume_max


def test_plate_with_four_holes_is_exact() -> None:
    e = expect(
        node("plate", op="box", length=60, width=40, height=8),
        node(
            "holes",
            op="hole",
            target="plate",
            diameter=5,
            pattern={"kind": "grid", "columns": 2, "rows": 2, "pitch_u": 48, "pitch_v": 28},
        ),
    )
    assert e.bbox == (60, 40, 8) and e.solids == 1 and e.holes == 4
    assert_volume(e, 60 * 40 * 8 - 4 * PI * 2.5**2 * 8)


@pytest.mark.parametrize(
    ("operation", "size", "volume"),
    [
        ({"op": "box", "length": 3, "width": 4, "height": 5}, (3, 4, 5), 60),
        ({"op": "cylinder", "radius": 5, "height": 20, "axis": "x"}, (20, 10, 10), PI * 25 * 20),
        ({"op": "cylinder", "radius": 5, "height": 20, "axis": "y"}, (10, 20, 10), PI * 25 * 20),
        ({"op": "sphere", "radius": 10}, (20, 20, 20), 4 / 3 * PI * 1000),
        ({"op": "sphere", "radius": 10, "hemisphere": True}, (20, 20, 10), 2 / 3 * PI * 1000),
        ({"op": "cone", "radius_bottom": 10, "radius_top": 0, "height": 30}, (20, 20, 30), PI * 100 * 10),
        (
            {"op": "cone", "radius_bottom": 10, "radius_top": 5, "height": 30},
            (20, 20, 30),
            PI * 30 / 3 * (100 + 50 + 25),
        ),
        (
            {"op": "torus", "major_radius": 20, "minor_radius": 5, "axis": "y"},
            (50, 10, 50),
            2 * PI**2 * 20 * 25,
        ),
        (
            {"op": "prism", "sides": 6, "circumradius": 10, "height": 30},
            (20, 10 * math.sqrt(3), 30),
            1.5 * math.sqrt(3) * 100 * 30,
        ),
        (
            {"op": "prism", "sides": 3, "circumradius": 10, "height": 30},
            (15, 10 * math.sqrt(3), 30),
            0.75 * math.sqrt(3) * 100 * 30,
        ),
        (
            {"op": "pyramid", "base_length": 30, "base_width": 20, "height": 15},
            (30, 20, 15),
            30 * 20 * 15 / 3,
        ),
        (
            {
                "op": "pyramid",
                "base_length": 30,
                "base_width": 20,
                "height": 15,
                "top_length": 10,
                "top_width": 8,
            },
            (30, 20, 15),
            15 / 6 * (600 + 80 + 4 * 20 * 14),
        ),
    ],
)
def test_primitives(operation: dict[str, Any], size: tuple[float, float, float], volume: float) -> None:
    e = expect({"id": "solid", "operation": operation})
    assert e.bbox == pytest.approx(size)
    assert e.solids == 1 and e.holes == 0
    assert_volume(e, volume)


def test_extrusions_of_each_profile_kind() -> None:
    rounded = expect(
        node(
            "e",
            op="extrude",
            plane="xz",
            distance=5,
            profile={"shape": "rectangle", "length": 40, "width": 20, "corner_radius": 4},
        )
    )
    assert rounded.bbox == (40, 5, 20)
    assert_volume(rounded, (800 - (4 - PI) * 16) * 5)
    disc = expect(
        node(
            "e",
            op="extrude",
            plane="yz",
            distance=5,
            symmetric=True,
            profile={"shape": "circle", "radius": 7},
        )
    )
    assert disc.bbox == (5, 14, 14)
    slot = expect(node("e", op="extrude", distance=5, profile={"shape": "slot", "length": 30, "width": 10}))
    assert slot.bbox == (30, 10, 5)
    assert_volume(slot, (20 * 10 + PI * 25) * 5)
    arch = expect(
        node(
            "e",
            op="extrude",
            distance=5,
            profile={
                "shape": "polyline",
                "points": [
                    {"x": 0, "y": 0},
                    {"x": 20, "y": 0},
                    {"x": 20, "y": 10},
                    {"x": 0, "y": 10, "bulge": 1},
                ],
            },
        )
    )
    assert arch.bbox == pytest.approx((20, 20, 5))
    assert_volume(arch, (200 + PI * 50) * 5)


def test_polyline_arcs_area_bounds_and_moment() -> None:
    # a semicircle of radius 5 on the x axis from (0, 0) to (10, 0), closed by the diameter
    half_disc = PolylineProfile.model_validate(
        {"points": [{"x": 0, "y": 0}, {"x": 10, "y": 0, "bulge": -1}, {"x": 5, "y": 0}]}
    )
    assert profile_area(half_disc) == pytest.approx(PI * 12.5)
    box = profile_bounds(half_disc)
    assert (box.u0, box.v0, box.u1, box.v1) == pytest.approx((0, 0, 10, 5))
    assert first_moment_u(half_disc) == pytest.approx(PI * 12.5 * 5)


def test_revolve_volume_by_pappus_and_partial_bounds() -> None:
    washer = {
        "shape": "polyline",
        "points": [{"x": 5, "y": 0}, {"x": 10, "y": 0}, {"x": 10, "y": 4}, {"x": 5, "y": 4}],
    }
    full = expect(node("r", op="revolve", profile=washer))
    assert full.bbox == (20, 20, 4) and full.holes is None
    assert_volume(full, PI * (100 - 25) * 4)
    quarter = expect(node("r", op="revolve", profile=washer, angle=90))
    assert quarter.bbox == pytest.approx((10, 10, 4))
    assert_volume(quarter, PI * 75 * 4 / 4)


def test_spur_gear_matches_the_reference_volume() -> None:
    e = expect(node("g", op="spur_gear", module=2, teeth=20, face_width=10))
    assert e.bbox == pytest.approx((44, 44, 10), abs=1e-3)
    assert e.volume_min is not None and e.volume_max is not None
    assert 12306.7 * 0.97 < (e.volume_min + e.volume_max) / 2 < 12306.7 * 1.03
    gear = GearGeometry(2, 20, 20)
    assert 2 * gear.tip_radius == 44 and 2 * gear.root_radius == 35
    bored = expect(node("g", op="spur_gear", module=2, teeth=20, face_width=10, bore_diameter=8))
    assert bored.holes == 1
    assert bored.volume_max == pytest.approx(e.volume_max - PI * 16 * 10 * (1 + VOLUME_TOLERANCE) * 1.005)


def test_spring_volume_and_size() -> None:
    e = expect(node("s", op="spring", wire_diameter=2, mean_diameter=20, pitch=5, turns=5))
    assert_holds(e, 990.0)
    assert e.volume_min is not None and e.volume_min > 990 * 0.95
    lead = math.atan2(5, 20 * PI)
    assert e.bbox == pytest.approx((22, 22, 25 + 2 * math.cos(lead)), abs=1e-5)


def test_custom_leaves_everything_unknown() -> None:
    e = expect(node("c", op="custom", description="an organic blob"))
    assert e == Expectations(bbox=None, solids=None, holes=None, volume_min=None, volume_max=None)


def test_holes_with_counterbore_countersink_and_blind_depth() -> None:
    block = node("b", op="box", length=40, width=30, height=20)
    blind = expect(block, node("h", op="hole", target="b", diameter=6, depth=10, at=[[0, 0]]))
    assert_volume(blind, 24000 - PI * 9 * 10)
    cb = expect(
        block,
        node(
            "h",
            op="hole",
            target="b",
            diameter=6,
            face="front",
            at=[[5, 0]],
            counterbore={"diameter": 10, "depth": 4},
        ),
    )
    assert_volume(cb, 24000 - PI * 9 * 30 - PI * (25 - 9) * 4)
    cs = expect(
        block,
        node(
            "h",
            op="hole",
            target="b",
            diameter=6,
            face="left",
            at=[[0, 0]],
            countersink={"diameter": 12, "angle": 90},
        ),
    )
    sink = PI * 3 / 3 * (36 + 18 + 9) - PI * 9 * 3  # frustum 12 -> 6 mm over 3 mm, less the drill
    assert_volume(cs, 24000 - PI * 9 * 40 - sink)
    assert cs.holes == 1


def test_bolt_circle_in_a_flange() -> None:
    e = expect(
        node("f", op="cylinder", radius=30, height=8),
        node(
            "h", op="hole", target="f", diameter=6, pattern={"kind": "circular", "diameter": 40, "count": 6}
        ),
    )
    assert e.holes == 6
    assert_volume(e, PI * 900 * 8 - 6 * PI * 9 * 8)


def test_pockets_and_bosses() -> None:
    block = node("b", op="box", length=60, width=40, height=10)
    pocket = expect(
        block,
        node(
            "p",
            op="pocket",
            target="b",
            depth=4,
            at=[5, 5],
            rotation=90,
            profile={"shape": "rectangle", "length": 20, "width": 10},
        ),
    )
    assert_volume(pocket, 24000 - 800) and pocket.holes == 0
    round_pocket = expect(
        block, node("p", op="pocket", target="b", depth=4, profile={"shape": "circle", "radius": 5})
    )
    assert round_pocket.holes == 1
    boss = expect(
        block,
        node("p", op="boss", target="b", height=12, at=[10, 0], profile={"shape": "circle", "radius": 8}),
    )
    assert boss.bbox == (60, 40, 22) and boss.solids == 1
    assert_volume(boss, 24000 + PI * 64 * 12)


def test_fillets_and_chamfers_on_a_block() -> None:
    block = node("b", op="box", length=20, width=10, height=5)
    everywhere = expect(block, node("f", op="fillet", target="b", radius=1))
    a, b, c = 18, 8, 3
    assert_volume(everywhere, a * b * c + 2 * (a * b + b * c + c * a) + PI * (a + b + c) + 4 / 3 * PI)
    top = expect(block, node("f", op="fillet", target="b", radius=1, edges=["top"]))
    assert_volume(top, 1000 - (1 - PI / 4) * 60 + 4 * (5 / 3 - PI / 2))
    vertical = expect(block, node("f", op="fillet", target="b", radius=1, edges=["vertical"]))
    assert_volume(vertical, 1000 - (1 - PI / 4) * 20)
    chamfer = expect(block, node("f", op="chamfer", target="b", size=1, edges=["top"]))
    assert_volume(chamfer, 1000 - 0.5 * 60 + 4 / 3)
    mixed = expect(block, node("f", op="fillet", target="b", radius=1, edges=["top", "vertical"]))
    assert_volume(mixed, 1000 - (1 - PI / 4) * 80 + 4 * (2 - 7 * PI / 12))  # 3 fillets meet at 4 corners
    assert mixed.bbox == (20, 10, 5)
    bevelled = expect(block, node("f", op="chamfer", target="b", size=1))
    assert_volume(bevelled, 1000 - 0.5 * 140 + 8 * 2 / 3)


def test_rounded_plate_then_holes_stays_exact() -> None:
    e = expect(
        node("plate", op="box", length=60, width=40, height=8),
        node("round", op="fillet", target="plate", radius=3, edges=["vertical"]),
        node(
            "holes",
            op="hole",
            target="round",
            diameter=5,
            pattern={"kind": "grid", "columns": 2, "rows": 2, "pitch_u": 48, "pitch_v": 28},
        ),
    )
    assert_volume(e, 19200 - 4 * 8 * 9 * (1 - PI / 4) - 4 * PI * 6.25 * 8)


def test_shells() -> None:
    block = node("b", op="box", length=40, width=30, height=20)
    assert_volume(expect(block, node("s", op="shell", target="b", thickness=2)), 24000 - 36 * 26 * 18)
    assert_volume(
        expect(block, node("s", op="shell", target="b", thickness=2, open_faces=[])), 24000 - 36 * 26 * 16
    )


def test_copies_disjoint_touching_and_overlapping() -> None:
    cube = node("c", op="box", length=10, width=10, height=10)
    apart = expect(cube, node("p", op="linear_pattern", target="c", count=3, spacing=15))
    assert apart.solids == 3 and apart.bbox == (40, 10, 10)
    assert_volume(apart, 3000)
    touching = expect(cube, node("p", op="linear_pattern", target="c", count=3, spacing=10))
    assert touching.solids == 1
    assert_volume(touching, 3000)
    overlapping = expect(cube, node("p", op="linear_pattern", target="c", count=3, spacing=5))
    assert overlapping.solids == 1 and overlapping.bbox == (20, 10, 10)
    assert_holds(overlapping, 2000)
    grid = expect(
        node("c", op="cylinder", radius=3, height=5),
        node("p", op="grid_pattern", target="c", columns=3, rows=2, spacing_x=10, spacing_y=10),
    )
    assert grid.solids == 6 and grid.bbox == (26, 16, 5)


def test_polar_copies() -> None:
    arm = node("a", op="box", length=10, width=4, height=4, placement={"offset": [20, -2, 0]})
    quarter_turns = expect(arm, node("p", op="polar_pattern", target="a", count=4))
    assert quarter_turns.solids == 4 and quarter_turns.bbox == pytest.approx((60, 60, 4))
    pins = expect(
        node("c", op="cylinder", radius=1, height=5, placement={"offset": [50, 0, 0]}),
        node("p", op="polar_pattern", target="c", count=100),
    )
    assert pins.solids == 100 and pins.bbox is None  # 3.6 degree turns: only outer bounds are known
    assert_volume(pins, 100 * PI * 5)


def test_mirrors() -> None:
    cube = node("c", op="box", length=10, width=10, height=10)
    halves = expect(cube, node("m", op="mirror", target="c"))
    assert halves.solids == 1 and halves.bbox == (20, 10, 10)
    moved = node("c", op="box", length=10, width=10, height=10, placement={"offset": [5, 0, 0]})
    apart = expect(moved, node("m", op="mirror", target="c"))
    assert apart.solids == 2 and apart.bbox == (30, 10, 10)


def test_relative_placements_and_unions() -> None:
    base = node("a", op="box", length=40, width=30, height=10)
    post = node(
        "b", op="cylinder", radius=5, height=20, placement={"relative_to": "a", "relation": "on_top_of"}
    )
    stacked = expect(base, post)
    assert stacked.bbox == (40, 30, 30) and stacked.solids == 1
    assert_volume(stacked, 12000 + PI * 25 * 20)
    beside = node(
        "b",
        op="box",
        length=10,
        width=10,
        height=10,
        placement={"relative_to": "a", "relation": "beside_x", "gap": 5},
    )
    two = expect(base, beside)
    assert two.solids == 2 and two.bbox == (55, 30, 10)
    below = node(
        "b", op="box", length=10, width=10, height=4, placement={"relative_to": "a", "relation": "below"}
    )
    assert expect(base, below).bbox == (40, 30, 14)


def test_boolean_cut_of_a_cylinder_through_a_block_counts_a_hole() -> None:
    e = expect(
        node("a", op="box", length=20, width=20, height=10),
        node("t", op="cylinder", radius=4, height=10, placement={"offset": [10, 10, 0]}),
        node("u", op="boolean", operation="cut", operands=["a", "t"]),
    )
    assert e.holes == 1 and e.solids == 1
    assert_volume(e, 4000 - PI * 16 * 10)


def test_rotations() -> None:
    quarter = expect(
        node("a", op="box", length=40, width=10, height=10, placement={"rotation": {"angle": 90}})
    )
    assert quarter.bbox == pytest.approx((10, 40, 10))
    tilted = expect(
        node("a", op="box", length=40, width=10, height=10, placement={"rotation": {"angle": 45}})
    )
    assert tilted.bbox is None and tilted.solids == 1
    assert_volume(tilted, 4000)


def test_separate_outputs_are_separate_solids() -> None:
    e = expect(
        node("a", op="box", length=10, width=10, height=10),
        node("b", op="box", length=10, width=10, height=10, placement={"offset": [20, 0, 0]}),
    )
    assert e.solids == 2 and e.bbox == (30, 10, 10)


def test_analysis_walks_nodes_in_dependency_order() -> None:
    g = TaskGraph.model_validate(
        {
            "nodes": [
                node("holes", op="hole", target="plate", diameter=4, at=[[0, 0]]),
                node("plate", op="box", length=20, width=20, height=2),
            ]
        }
    )
    facts = analyse(g)
    assert facts["holes"].holes == 1 and facts["plate"].holes == 0


def test_invalid_graphs_are_refused() -> None:
    with pytest.raises(InvalidTaskGraphError, match="node 'c'"):
        expect(node("c", op="cone", radius_bottom=0, radius_top=0, height=3))
