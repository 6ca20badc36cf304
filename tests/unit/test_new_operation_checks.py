"""New operations and feature-scoped edge selectors that cannot work are refused, naming the field."""

from __future__ import annotations

import math
from typing import Any

import pytest

from ai_designer.cad.graph_checks import find_problems
from ai_designer.cad.operations import analyse
from helpers.task_graphs import graph, node


def circle(r: float) -> dict[str, Any]:
    return {"shape": "circle", "radius": r}


def problems(*nodes: dict[str, Any]) -> list[str]:
    return [p.describe() for p in find_problems(graph(*nodes))]


def test_loft_sections_must_go_up() -> None:
    found = problems(
        node("l", "loft", sections=[{"profile": circle(5), "z": 10}, {"profile": circle(4), "z": 10}])
    )
    assert found == [
        "node 'l' (sections[1].z): section 1 is at z=10, not above section 0 (z=10); "
        "list sections bottom to top on distinct planes"
    ]


def test_loft_section_profiles_are_checked() -> None:
    bad = {"shape": "slot", "length": 4, "width": 6}
    found = problems(node("l", "loft", sections=[{"profile": bad, "z": 0}, {"profile": circle(4), "z": 10}]))
    assert len(found) == 1 and found[0].startswith("node 'l' (sections[0].profile.width): slot width 6 mm")


def test_a_bend_tighter_than_the_profile_is_refused() -> None:
    found = problems(node("s", "sweep", profile=circle(6), path={"kind": "arc", "radius": 5, "angle": 90}))
    assert len(found) == 1 and "(path.radius): the bend radius 5 mm" in found[0]


def test_helix_turns_must_not_touch() -> None:
    found = problems(
        node("s", "sweep", profile=circle(3), path={"kind": "helix", "radius": 10, "pitch": 5, "turns": 2})
    )
    assert len(found) == 1 and "(path.pitch)" in found[0] and "neighbouring turns would intersect" in found[0]


def test_polyline_paths_need_room_for_their_mitres_and_no_reversals() -> None:
    reversal = node(
        "s", "sweep", profile=circle(1), path={"kind": "polyline", "points": [[0, 0, 20], [0, 0, 5]]}
    )
    assert "turns 180 deg" in problems(reversal)[0]
    tight = node("p", "pipe", outer_diameter=10, inner_diameter=6, path={
        "kind": "polyline", "points": [[0, 0, 6], [20, 0, 6]]})  # fmt: skip
    assert "the corner mitre reaches 5 mm" in problems(tight)[0]


def test_the_pipe_bore_must_be_narrower_than_the_pipe() -> None:
    found = problems(
        node("p", "pipe", outer_diameter=10, inner_diameter=10, path={"kind": "line", "length": 20})
    )
    assert found == [
        "node 'p' (inner_diameter): inner diameter 10 mm must be less than the outer diameter 10 mm"
    ]


def test_analysis_of_sweeps_matches_pappus() -> None:
    facts = analyse(
        graph(node("s", "sweep", profile=circle(3), path={"kind": "arc", "radius": 50, "angle": 90}))
    )["s"]
    assert facts.volume.lo == pytest.approx(math.pi * 9 * 50 * math.pi / 2)
    assert facts.bbox is not None and facts.bbox.size == pytest.approx((53, 6, 53))


def test_off_centre_polyline_profiles_use_their_first_moment_on_an_arc() -> None:
    square = {
        "shape": "polyline",
        "points": [{"x": 0, "y": 0}, {"x": 4, "y": 0}, {"x": 4, "y": 4}, {"x": 0, "y": 4}],
    }
    facts = analyse(
        graph(node("s", "sweep", profile=square, path={"kind": "arc", "radius": 20, "angle": 180}))
    )["s"]
    # centroid at u = 2: 2 mm nearer the bend centre, so it travels on a radius of 18
    assert facts.volume.lo == pytest.approx(16 * 18 * math.pi)


PLATE = node("plate", "box", length=60, width=40, height=10)


def test_an_inset_pocket_needs_an_inset() -> None:
    found = problems(PLATE, node("o", "offset_pocket", target="plate", depth=2))
    assert len(found) == 1 and found[0].startswith("node 'o' (inset): without a width")


def test_a_band_wider_than_the_face_is_refused() -> None:
    found = problems(PLATE, node("o", "offset_pocket", target="plate", inset=10, width=12, depth=2))
    assert found == [
        "node 'o' (width): inset 10 mm plus width 12 mm from both edges does not fit in the top face "
        "of 'plate' (60 x 40 mm)"
    ]


def test_a_band_deeper_than_the_part_is_refused() -> None:
    found = problems(PLATE, node("o", "offset_pocket", target="plate", inset=2, width=2, depth=10))
    assert len(found) == 1 and "(depth): a cut 10 mm deep does not fit" in found[0]


def test_band_volume_is_outer_less_inner_rectangle() -> None:
    facts = analyse(graph(PLATE, node("o", "offset_pocket", target="plate", inset=5, width=3, depth=2)))["o"]
    assert facts.volume.lo == pytest.approx(24000 - (50 * 30 - 44 * 24) * 2)
    assert facts.volume.is_exact


def test_feature_edges_must_name_a_step_of_the_target() -> None:
    found = problems(
        PLATE,
        node("pin", "cylinder", radius=2, height=5),
        node("round", "fillet", target="plate", radius=1, edges=[{"of": "pin"}]),
    )
    assert found == [
        "node 'round' (edges): 'pin' is not a step of 'plate' (the part being treated), so it made none "
        "of its edges; name a node the target was built from"
    ]


def test_feature_edges_naming_no_node_are_refused() -> None:
    found = problems(PLATE, node("round", "fillet", target="plate", radius=1, edges=[{"of": "ghost"}]))
    assert found == ["node 'round' (edges): refers to 'ghost', which is not a node of the graph"]


def test_feature_edges_give_no_upper_volume_bound_because_concave_fillets_add() -> None:
    facts = analyse(
        graph(
            node("head", "cylinder", radius=10, height=5),
            node("shank", "cylinder", radius=4, height=20, placement={"offset": [0, 0, 5]}),
            node("bolt", "boolean", operation="union", operands=["head", "shank"]),
            node("neck", "fillet", target="bolt", radius=1, edges=[{"of": "shank", "meets": "head"}]),
        )
    )["neck"]
    assert facts.volume.hi is None


def test_edge_distances_are_spreadsheet_rows_the_api_can_set() -> None:
    from ai_designer.cad.parameters import plan_parameters, set_parameters

    plan = graph(
        PLATE,
        node("holes", "hole", target="plate", diameter=5,
             from_edges=[{"u": 6, "u_from": "both", "v": 6, "v_from": "both"}]),
    )  # fmt: skip
    rows = {row.name: row for row in plan_parameters(plan)}
    assert rows["holes_from_edges_u"].field == "from_edges.0.u" and rows["holes_from_edges_u"].editable
    changed = set_parameters(plan, {"holes_from_edges_u": 8})
    op = changed.node("holes").operation
    assert op.op == "hole" and op.from_edges[0].u == 8


def test_holes_from_the_edges_are_counted_and_checked_against_the_face() -> None:
    found = problems(
        PLATE,
        node("holes", "hole", target="plate", diameter=5,
             from_edges=[{"u": 1, "u_from": "both", "v": 6, "v_from": "min"}]),
    )  # fmt: skip
    assert len(found) == 2 and all("reaches past the edge" in f for f in found)
    corners = [{"u": 6, "u_from": "both", "v": 6, "v_from": "both"}]
    facts = analyse(graph(PLATE, node("holes", "hole", target="plate", diameter=5, from_edges=corners)))
    assert facts["holes"].holes == 4
    assert facts["holes"].volume.lo == pytest.approx(24000 - 4 * math.pi * 6.25 * 10)
