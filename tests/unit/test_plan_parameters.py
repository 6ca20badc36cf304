"""A plan's spreadsheet parameters: every row the compiler makes maps to one field of the plan,
and setting a row changes that row alone, in the compiled model too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ai_designer.cad.compiler import compile_graph
from ai_designer.cad.parameters import plan_parameters, set_parameters
from ai_designer.cad.readback import explain
from ai_designer.errors import InvalidTaskGraphError, PlanningError
from ai_designer.planner import LocalPlanner
from ai_designer.schemas.task_graph import TaskGraph

HELDOUT = Path(__file__).resolve().parents[1] / "fixtures" / "heldout_cases.json"
PLATE = "a 60 x 40 x 8 mm plate with four 5 mm holes 6 mm from the corners"


def _plans() -> list[TaskGraph]:
    planner = LocalPlanner()
    prompts = [case["prompt"] for case in json.loads(HELDOUT.read_text())["cases"]]
    return [planner.plan(prompt).graph for prompt in prompts]


def test_every_row_of_every_heldout_plan_can_be_set_alone() -> None:
    rows = changed = 0
    for graph in _plans():
        before = compile_graph(graph).parameters
        listed = plan_parameters(graph)
        assert [row.name for row in listed] == list(before), graph.title
        for row in listed:
            rows += 1
            assert row.editable, f"{graph.title}: {row.name}"
            new_value = round(row.value * 1.01, 6) if row.value else 0.5
            try:
                after = compile_graph(set_parameters(graph, {row.name: new_value})).parameters
            except InvalidTaskGraphError:
                continue  # the new value does not fit (e.g. a fillet as large as its edge allows)
            changed += 1
            assert after == before | {row.name: new_value}, f"{graph.title}: {row.name}"
    assert rows > 300 and changed > 0.9 * rows, (rows, changed)


def test_setting_a_size_moves_nothing_else_and_clears_size_expectations() -> None:
    graph = LocalPlanner().plan(PLATE).graph
    assert [(r.name, r.value, r.unit, r.field) for r in plan_parameters(graph)] == [
        ("plate_length", 60.0, "mm", "length"),
        ("plate_width", 40.0, "mm", "width"),
        ("plate_height", 8.0, "mm", "height"),
        ("holes_from_edges_u", 6.0, "mm", "from_edges.0.u"),
        ("holes_from_edges_v", 6.0, "mm", "from_edges.0.v"),
        ("holes_diameter", 5.0, "mm", "diameter"),
    ]
    longer = set_parameters(graph, {"plate_length": 80, "holes_diameter": 6})
    assert explain(longer) == [
        "plate: box 80 × 40 × 8 mm",
        "holes: 4 × Ø6 hole through, into the top face of plate, at the corners, 6 mm from the edges",
    ]
    inset = set_parameters(graph, {"holes_from_edges_u": 8})
    assert inset.node("holes").operation.from_edges[0].u == 8  # type: ignore[union-attr]
    assert (longer.expected.bbox, longer.expected.volume_min, longer.expected.holes) == (None, None, 4)


def test_nested_fields_and_angles() -> None:
    graph = (
        LocalPlanner()
        .plan("a flange 100 mm diameter 12 mm thick with 6 M8 holes on an 80 mm bolt circle")
        .graph
    )
    rows = {row.name: row for row in plan_parameters(graph)}
    assert rows["holes_pattern_diameter"].field == "pattern.diameter"
    assert rows["holes_pattern_start_angle"].unit == "deg"
    wider = set_parameters(graph, {"holes_pattern_diameter": 70})
    assert "70" in explain(wider)[1]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"plate_lenght": 80}, "The plan has no parameter plate_lenght."),
        ({"plate_length": -5}, "greater than 0"),
        ({"plate_length": float("inf")}, "needs a finite number"),
        ({"holes_diameter": 50}, "a 50 mm hole does not fit"),
    ],
)
def test_bad_values_are_refused_with_the_reason(values: dict[str, float], message: str) -> None:
    graph = LocalPlanner().plan(PLATE).graph
    with pytest.raises(PlanningError) as refused:
        set_parameters(graph, values)
    assert message in refused.value.message
    assert refused.value.hint
