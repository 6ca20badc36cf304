"""TaskGraph validation: structure (networkx) and impossible parameters, every problem named by node."""

from __future__ import annotations

from typing import Any

import pytest

from ai_designer.cad.graph_checks import find_problems, validate_graph
from ai_designer.errors import InvalidTaskGraphError, PlanningError
from ai_designer.schemas.task_graph import TaskGraph

PLATE = {"id": "plate", "operation": {"op": "box", "length": 60, "width": 40, "height": 8}}


def graph(*nodes: dict[str, Any]) -> TaskGraph:
    return TaskGraph.model_validate({"nodes": list(nodes)})


def hole(**fields: Any) -> dict[str, Any]:
    return {
        "id": "holes",
        "operation": {"op": "hole", "target": "plate", "diameter": 5, "at": [[0, 0]], **fields},
    }


def problems(g: TaskGraph) -> list[tuple[str | None, str]]:
    return [(p.node, p.message) for p in find_problems(g)]


def only_problem(g: TaskGraph) -> tuple[str | None, str | None, str]:
    found = find_problems(g)
    assert len(found) == 1, [p.describe() for p in found]
    return found[0].node, found[0].field, found[0].message


def test_a_sound_graph_passes() -> None:
    g = graph(
        PLATE,
        hole(pattern={"kind": "grid", "columns": 2, "rows": 2, "pitch_u": 48, "pitch_v": 28}, at=[]),
        {"id": "round", "operation": {"op": "fillet", "target": "holes", "radius": 3, "edges": ["vertical"]}},
        {
            "id": "post",
            "operation": {
                "op": "cylinder",
                "radius": 4,
                "height": 10,
                "placement": {"relative_to": "round", "relation": "on_top_of"},
            },
        },
        {"id": "all", "operation": {"op": "boolean", "operation": "union", "operands": ["round", "post"]}},
    )
    validate_graph(g)
    assert find_problems(g) == []


def test_the_error_is_a_planning_error_listing_every_problem_with_context() -> None:
    g = graph(
        PLATE,
        {"id": "holes", "operation": {"op": "hole", "target": "plate", "diameter": 70, "at": [[0, 0]]}},
        {"id": "cone", "operation": {"op": "cone", "radius_bottom": 0, "radius_top": 0, "height": 5}},
    )
    with pytest.raises(InvalidTaskGraphError) as caught:
        validate_graph(g)
    error = caught.value
    assert isinstance(error, PlanningError)
    assert "2 problems" in error.message
    assert "node 'holes'" in error.message and "node 'cone'" in error.message
    assert {p["node"] for p in error.context["problems"]} == {"holes", "cone"}
    assert error.context["nodes"] == ["cone", "holes"]
    assert error.to_dict()["type"] == "InvalidTaskGraphError"


# --------------------------------------------------------------------------- structure


def test_duplicate_ids() -> None:
    g = graph(PLATE, PLATE)
    assert only_problem(g)[:2] == ("plate", "id")


@pytest.mark.parametrize(
    ("node", "field"),
    [
        (
            {"id": "h", "operation": {"op": "hole", "target": "nowhere", "diameter": 5, "at": [[0, 0]]}},
            "target",
        ),
        (
            {"id": "u", "operation": {"op": "boolean", "operation": "union", "operands": ["plate", "ghost"]}},
            "operands",
        ),
        (
            {
                "id": "c",
                "operation": {
                    "op": "cylinder",
                    "radius": 1,
                    "height": 1,
                    "placement": {"relative_to": "ghost", "relation": "on_top_of"},
                },
            },
            "placement.relative_to",
        ),
        (
            {"id": "c", "operation": {"op": "cylinder", "radius": 1, "height": 1}, "depends_on": ["ghost"]},
            "depends_on",
        ),
    ],
)
def test_unknown_references(node: dict[str, Any], field: str) -> None:
    found = find_problems(graph(PLATE, node))
    assert [(p.node, p.field) for p in found] == [(node["id"], field)]
    assert "'ghost'" in found[0].message or "'nowhere'" in found[0].message


def test_self_reference() -> None:
    g = graph({"id": "c", "operation": {"op": "cylinder", "radius": 1, "height": 1}, "depends_on": ["c"]})
    assert only_problem(g) == ("c", "depends_on", "refers to itself")


def test_cycles_are_reported_with_their_path() -> None:
    g = graph(
        {"id": "a", "operation": {"op": "box", "length": 1, "width": 1, "height": 1}, "depends_on": ["b"]},
        {"id": "b", "operation": {"op": "box", "length": 1, "width": 1, "height": 1}, "depends_on": ["a"]},
    )
    node, _, message = only_problem(g)
    assert node == "a" and "cycle: a -> b -> a" in message


def test_consuming_the_same_node_twice() -> None:
    g = graph(
        PLATE,
        {"id": "u", "operation": {"op": "boolean", "operation": "union", "operands": ["plate", "plate"]}},
    )
    node, field, message = only_problem(g)
    assert (node, field) == ("u", "operands") and "2 times" in message


def test_a_result_consumed_by_two_nodes() -> None:
    g = graph(PLATE, hole(), {"id": "round", "operation": {"op": "fillet", "target": "plate", "radius": 1}})
    node, _, message = only_problem(g)
    assert node == "plate" and "'holes', 'round'" in message and "chain" in message


def test_relation_and_relative_to_go_together() -> None:
    g = graph(
        PLATE,
        {
            "id": "a",
            "operation": {
                "op": "box",
                "length": 1,
                "width": 1,
                "height": 1,
                "placement": {"relative_to": "plate"},
            },
        },
        {
            "id": "b",
            "operation": {
                "op": "box",
                "length": 1,
                "width": 1,
                "height": 1,
                "placement": {"relation": "on_top_of"},
            },
        },
    )
    assert [(p.node, p.field) for p in find_problems(g)] == [
        ("a", "placement.relation"),
        ("b", "placement.relative_to"),
    ]


def test_parameter_checks_wait_for_a_sound_structure() -> None:
    g = graph(PLATE, PLATE, hole(diameter=500))
    assert [p.field for p in find_problems(g)] == ["id"]


# --------------------------------------------------------------------------- holes


def test_hole_wider_than_the_face() -> None:
    node, field, message = only_problem(graph(PLATE, hole(diameter=45)))
    assert (node, field) == ("holes", "diameter")
    assert "does not fit in the top face of 'plate' (60 x 40 mm)" in message


def test_hole_outside_or_across_the_face_edge() -> None:
    found = find_problems(graph(PLATE, hole(at=[[40, 0], [28, 0], [0, 0]])))
    assert [p.node for p in found] == ["holes", "holes"]
    assert "(40, 0) is outside" in found[0].message
    assert "(28, 0) reaches past the edge" in found[1].message


def test_hole_positions_on_a_round_face_use_the_disc() -> None:
    flange = {"id": "plate", "operation": {"op": "cylinder", "radius": 20, "height": 5}}
    corner = hole(at=[[17, 17]], diameter=4)
    node, _, message = only_problem(graph(flange, corner))
    assert node == "holes" and "disc of diameter 40 mm" in message
    assert problems(graph(flange, hole(at=[[12, 0]], diameter=4))) == []


def test_blind_hole_deeper_than_the_part() -> None:
    node, field, message = only_problem(graph(PLATE, hole(depth=8)))
    assert (node, field) == ("holes", "depth") and "8 mm thick" in message
    assert problems(graph(PLATE, hole(depth=7.5))) == []


def test_hole_depth_follows_the_face() -> None:
    assert problems(graph(PLATE, hole(face="left", depth=50))) == []
    assert only_problem(graph(PLATE, hole(face="left", depth=61)))[1] == "depth"


def test_counterbore_and_countersink_must_be_wider_than_the_hole() -> None:
    cb = only_problem(graph(PLATE, hole(counterbore={"diameter": 5, "depth": 2})))
    assert cb[1] == "counterbore.diameter" and "larger than the hole" in cb[2]
    cs = only_problem(graph(PLATE, hole(countersink={"diameter": 4})))
    assert cs[1] == "countersink.diameter"


def test_counterbore_and_countersink_depths() -> None:
    assert only_problem(graph(PLATE, hole(depth=4, counterbore={"diameter": 9, "depth": 4})))[1] == (
        "counterbore.depth"
    )
    assert only_problem(graph(PLATE, hole(counterbore={"diameter": 9, "depth": 8})))[1] == "counterbore.depth"
    # a 90 degree countersink from 5 to 25 mm is 10 mm deep: more than the 8 mm plate
    assert only_problem(graph(PLATE, hole(countersink={"diameter": 25})))[1] == "countersink.diameter"


def test_a_hole_takes_a_counterbore_or_a_countersink_not_both() -> None:
    both = hole(counterbore={"diameter": 9, "depth": 2}, countersink={"diameter": 9})
    assert only_problem(graph(PLATE, both))[1] == "countersink"


def test_hole_needs_positions_and_sane_patterns() -> None:
    assert only_problem(graph(PLATE, hole(at=[])))[1] == "at"
    zero = {"kind": "linear", "count": 2, "spacing": 5, "direction": [0, 0]}
    assert only_problem(graph(PLATE, hole(at=[], pattern=zero)))[1] == "pattern.direction"
    stacked = {"kind": "linear", "count": 3, "spacing": 0}
    assert only_problem(graph(PLATE, hole(at=[], pattern=stacked)))[1] == "pattern.spacing"
    flat_grid = {"kind": "grid", "columns": 2, "rows": 1, "pitch_u": 0, "pitch_v": 0}
    assert only_problem(graph(PLATE, hole(at=[], pattern=flat_grid)))[1] == "pattern.pitch_u"


def test_pattern_positions_are_checked_against_the_face() -> None:
    wide = {"kind": "circular", "diameter": 50, "count": 4}
    found = find_problems(graph(PLATE, hole(at=[], pattern=wide)))
    assert {p.field for p in found} == {"pattern"} and len(found) == 2  # the two at +-25 in Y


# --------------------------------------------------------------------------- pockets, bosses


def pocket(**fields: Any) -> dict[str, Any]:
    base = {"op": "pocket", "target": "plate", "profile": {"shape": "rectangle", "length": 20, "width": 10}}
    return {"id": "slot", "operation": {**base, **fields}}


def test_pocket_larger_than_the_face() -> None:
    big = pocket(profile={"shape": "circle", "radius": 25})
    node, field, message = only_problem(graph(PLATE, big))
    assert (node, field) == ("slot", "profile") and "not smaller than the top face" in message


def test_pocket_reaching_past_the_face_and_rotated_pockets() -> None:
    assert only_problem(graph(PLATE, pocket(at=[25, 0])))[1] == "at"
    assert problems(graph(PLATE, pocket(at=[0, 0], rotation=90))) == []
    assert only_problem(graph(PLATE, pocket(at=[0, 12], rotation=90)))[1] == "at"


def test_pocket_deeper_than_the_part() -> None:
    assert only_problem(graph(PLATE, pocket(depth=9)))[1] == "depth"
    assert problems(graph(PLATE, pocket(depth=5))) == []


def test_boss_overhanging_the_face() -> None:
    boss = {
        "id": "boss",
        "operation": {
            "op": "boss",
            "target": "plate",
            "height": 5,
            "profile": {"shape": "circle", "radius": 8},
            "at": [25, 0],
        },
    }
    node, _, message = only_problem(graph(PLATE, boss))
    assert node == "boss" and "overhangs" in message


# --------------------------------------------------------------------------- edges, shells


def test_fillet_too_big_for_the_selected_edges_of_a_block() -> None:
    block = {"id": "plate", "operation": {"op": "box", "length": 20, "width": 10, "height": 4}}
    vertical = {
        "id": "f",
        "operation": {"op": "fillet", "target": "plate", "radius": 4.5, "edges": ["vertical"]},
    }
    assert problems(graph(block, vertical)) == []  # vertical edges only need r < 10 / 2
    everything = {"id": "f", "operation": {"op": "fillet", "target": "plate", "radius": 2}}
    node, field, message = only_problem(graph(block, everything))
    assert (node, field) == ("f", "radius") and "less than 2 mm" in message


def test_chamfer_too_big() -> None:
    block = {"id": "plate", "operation": {"op": "box", "length": 20, "width": 10, "height": 4}}
    chamfer = {"id": "c", "operation": {"op": "chamfer", "target": "plate", "size": 5, "edges": ["top"]}}
    assert only_problem(graph(block, chamfer))[1] == "size"


def test_fillet_on_other_shapes_uses_the_smallest_dimension() -> None:
    disc = {"id": "plate", "operation": {"op": "cylinder", "radius": 20, "height": 4}}
    fillet = {"id": "f", "operation": {"op": "fillet", "target": "plate", "radius": 2, "edges": ["top"]}}
    assert only_problem(graph(disc, fillet))[1] == "radius"


def test_shell_too_thick() -> None:
    block = {"id": "plate", "operation": {"op": "box", "length": 40, "width": 30, "height": 20}}
    assert (
        problems(graph(block, {"id": "s", "operation": {"op": "shell", "target": "plate", "thickness": 14}}))
        == []
    )
    thick = {"id": "s", "operation": {"op": "shell", "target": "plate", "thickness": 15}}
    node, field, message = only_problem(graph(block, thick))
    assert (node, field) == ("s", "thickness") and "nothing would be hollow" in message
    # open top: the Z walls are one thickness (bottom) only
    tray = {"id": "plate", "operation": {"op": "box", "length": 100, "width": 100, "height": 4}}
    assert (
        problems(graph(tray, {"id": "s", "operation": {"op": "shell", "target": "plate", "thickness": 3}}))
        == []
    )


def test_shell_needs_one_solid() -> None:
    cube = {"id": "cube", "operation": {"op": "box", "length": 10, "width": 10, "height": 10}}
    row = {"id": "row", "operation": {"op": "linear_pattern", "target": "cube", "count": 2, "spacing": 20}}
    shell = {"id": "s", "operation": {"op": "shell", "target": "row", "thickness": 1}}
    assert only_problem(graph(cube, row, shell))[:2] == ("s", "target")


# --------------------------------------------------------------------------- primitives and profiles


@pytest.mark.parametrize(
    ("operation", "field"),
    [
        ({"op": "cone", "radius_bottom": 0, "radius_top": 0, "height": 5}, "radius_bottom"),
        ({"op": "torus", "major_radius": 5, "minor_radius": 5}, "minor_radius"),
        (
            {"op": "spur_gear", "module": 2, "teeth": 20, "face_width": 5, "bore_diameter": 35},
            "bore_diameter",
        ),
        ({"op": "spring", "wire_diameter": 5, "mean_diameter": 20, "pitch": 5, "turns": 3}, "wire_diameter"),
        ({"op": "spring", "wire_diameter": 2, "mean_diameter": 2, "pitch": 5, "turns": 3}, "wire_diameter"),
        (
            {
                "op": "extrude",
                "distance": 2,
                "profile": {"shape": "rectangle", "length": 10, "width": 6, "corner_radius": 3},
            },
            "profile.corner_radius",
        ),
        (
            {"op": "extrude", "distance": 2, "profile": {"shape": "slot", "length": 6, "width": 6}},
            "profile.width",
        ),
        (
            {
                "op": "extrude",
                "distance": 2,
                "profile": {
                    "shape": "polyline",
                    "points": [{"x": 0, "y": 0}, {"x": 0, "y": 0}, {"x": 5, "y": 5}],
                },
            },
            "profile.points",
        ),
        (
            {
                "op": "extrude",
                "distance": 2,
                "profile": {
                    "shape": "polyline",
                    "points": [{"x": 0, "y": 0}, {"x": 5, "y": 0}, {"x": 10, "y": 0}],
                },
            },
            "profile.points",
        ),
        (
            {
                "op": "revolve",
                "profile": {
                    "shape": "polyline",
                    "points": [{"x": -1, "y": 0}, {"x": 5, "y": 0}, {"x": 5, "y": 5}],
                },
            },
            "profile.points",
        ),
    ],
)
def test_impossible_primitives(operation: dict[str, Any], field: str) -> None:
    node, found_field, _ = only_problem(graph({"id": "thing", "operation": operation}))
    assert (node, found_field) == ("thing", field)


def test_gear_bore_limit_is_the_root_diameter() -> None:
    ok = {
        "id": "g",
        "operation": {"op": "spur_gear", "module": 2, "teeth": 20, "face_width": 5, "bore_diameter": 34.9},
    }
    assert problems(graph(ok)) == []
    message = only_problem(graph({**ok, "operation": {**ok["operation"], "bore_diameter": 35}}))[2]
    assert "root diameter 35 mm" in message


def test_copies_need_a_direction_and_spacing() -> None:
    cube = {"id": "cube", "operation": {"op": "box", "length": 10, "width": 10, "height": 10}}
    zero = {
        "id": "row",
        "operation": {
            "op": "linear_pattern",
            "target": "cube",
            "count": 2,
            "spacing": 20,
            "direction": [0, 0, 0],
        },
    }
    assert only_problem(graph(cube, zero))[1] == "direction"
    stacked = {
        "id": "row",
        "operation": {
            "op": "grid_pattern",
            "target": "cube",
            "columns": 2,
            "rows": 1,
            "spacing_x": 0,
            "spacing_y": 0,
        },
    }
    assert only_problem(graph(cube, stacked))[1] == "spacing_x"


def test_intersection_of_disjoint_solids_is_empty() -> None:
    a = {"id": "a", "operation": {"op": "box", "length": 10, "width": 10, "height": 10}}
    b = {"id": "b", "operation": {"op": "sphere", "radius": 2, "placement": {"offset": [50, 0, 0]}}}
    common = {"id": "c", "operation": {"op": "boolean", "operation": "intersect", "operands": ["a", "b"]}}
    node, _, message = only_problem(graph(a, b, common))
    assert node == "c" and "do not overlap" in message


def test_checks_follow_sizes_through_the_graph() -> None:
    # a 10 mm cube set on top of the plate, then a hole in the cube's top face: the face is 10 x 10
    cube = {
        "id": "cube",
        "operation": {
            "op": "box",
            "length": 10,
            "width": 10,
            "height": 10,
            "placement": {"relative_to": "plate", "relation": "on_top_of"},
        },
    }
    both = {"id": "both", "operation": {"op": "boolean", "operation": "union", "operands": ["plate", "cube"]}}
    drilled = {
        "id": "drilled",
        "operation": {"op": "hole", "target": "both", "diameter": 4, "depth": 17, "at": [[0, 0]]},
    }
    assert problems(graph(PLATE, cube, both, drilled)) == []  # union is 60 x 40 x 18
    too_deep = {**drilled, "operation": {**drilled["operation"], "depth": 18}}
    assert only_problem(graph(PLATE, cube, both, too_deep))[1] == "depth"


def test_nothing_is_checked_against_unknown_custom_sizes() -> None:
    blob = {"id": "plate", "operation": {"op": "custom", "description": "an organic blob"}}
    assert problems(graph(blob, hole(diameter=500))) == []


def test_a_threaded_hole_is_its_tap_drill_or_its_major_diameter() -> None:
    assert problems(graph(PLATE, hole(diameter=4.2, thread={"nominal": 5, "pitch": 0.8}))) == []
    assert problems(graph(PLATE, hole(diameter=5, thread={"nominal": 5, "pitch": 0.8}))) == []
    too_big = only_problem(graph(PLATE, hole(diameter=5.5, thread={"nominal": 5, "pitch": 0.8})))
    assert too_big[1] == "thread.nominal" and "at most the thread's nominal diameter 5 mm" in too_big[2]
    assert only_problem(graph(PLATE, hole(diameter=2, thread={"nominal": 5, "pitch": 0.8})))[1] == "diameter"
    assert (
        only_problem(graph(PLATE, hole(diameter=4, thread={"nominal": 5, "pitch": 3})))[1] == "thread.pitch"
    )
