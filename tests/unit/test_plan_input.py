"""Reading a plan handed in from outside: every problem listed, each on its node."""

from __future__ import annotations

import pytest

from ai_designer.cad.plan_input import MAX_PLAN_CHARS, read_plan
from ai_designer.errors import InvalidTaskGraphError
from helpers.mcp_scenario import BAD_GRAPH_PLAN, BAD_SCHEMA_PLAN, PLATE_PLAN


def _problems(source: object) -> list[dict[str, str | None]]:
    with pytest.raises(InvalidTaskGraphError) as caught:
        read_plan(source)  # type: ignore[arg-type]
    return caught.value.context["problems"]  # type: ignore[no-any-return]


def test_a_good_plan_reads_the_same_from_text_and_from_data() -> None:
    import json

    assert read_plan(PLATE_PLAN) == read_plan(json.dumps(PLATE_PLAN))
    assert read_plan(PLATE_PLAN).outputs() == ["holes"]


def test_schema_problems_name_their_node_and_field() -> None:
    problems = _problems(BAD_SCHEMA_PLAN)
    assert problems[0] == {
        "node": "plate",
        "field": "operation.length",
        "message": "Input should be greater than 0",
    }
    assert problems[1]["node"] == "knob" and problems[1]["field"] == "operation"
    assert len(problems) == 2


def test_union_members_are_not_named_as_fields() -> None:
    plan = {
        "nodes": [
            {"id": "disc", "operation": {"op": "cylinder", "radius": 10, "height": 2}},
            {
                "id": "ring",
                "operation": {
                    "op": "hole",
                    "target": "disc",
                    "diameter": 2,
                    "pattern": {"kind": "circular", "diameter": 12, "count": 0},
                },
            },
        ]
    }
    assert _problems(plan) == [
        {
            "node": "ring",
            "field": "operation.pattern.count",
            "message": "Input should be greater than or equal to 1",
        }
    ]


def test_nodes_without_an_id_are_named_by_position() -> None:
    problems = _problems({"nodes": [{"operation": {"op": "sphere", "radius": 3}}]})
    assert problems == [{"node": "#0", "field": "id", "message": "Field required"}]


def test_graph_problems_come_from_the_same_checks_as_any_plan() -> None:
    problems = _problems(BAD_GRAPH_PLAN)
    assert [p["node"] for p in problems] == ["hole", "round"]


@pytest.mark.parametrize(
    ("source", "says"),
    [
        ("{'nodes': []}", "not valid JSON (line 1, column 2"),
        ("[1, 2]", "a plan is a JSON object with 'nodes', not a list"),
        ({"nodes": []}, "List should have at least 1 item"),
        ({"nodes": [], "colour": "red"}, "Extra inputs are not permitted"),
        (" " * (MAX_PLAN_CHARS + 1), "the limit is"),
    ],
)
def test_what_is_not_a_plan_says_why(source: object, says: str) -> None:
    assert any(says in str(p["message"]) for p in _problems(source))
