"""A plan in the REST request body: read with the same checks as a plan from the CLI or MCP, and
built and validated like a planned one (real pipeline, real FreeCAD)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from ai_designer.api.app import create_app
from ai_designer.freecad.runner import FreeCADRunner
from helpers.api_support import api_settings, watch

pytestmark = pytest.mark.freecad

PROMPT = "a 60 x 40 x 8 mm plate with a 10 mm hole in the middle"


@pytest.fixture
def client(tmp_path: Path, shared_freecad_runner: FreeCADRunner) -> Iterator[TestClient]:
    app = create_app(api_settings(tmp_path), runner=shared_freecad_runner)
    with TestClient(app) as the_client:
        yield the_client


def run(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    submitted = client.post("/api/v1/design", json=body)
    assert submitted.status_code == 202, submitted.text
    design_id = submitted.json()["design_id"]
    assert watch(client, design_id).kinds[-1] == "design_completed"
    view: dict[str, Any] = client.get(f"/api/v1/design/{design_id}").json()
    return view


def test_a_plan_in_the_body_is_built_with_the_checks_of_a_planned_one(client: TestClient) -> None:
    planned = run(client, {"prompt": PROMPT, "planner": "local", "formats": ["step"]})
    plan = planned["report"]["state"]["task_graph"]

    given = run(client, {"plan": plan, "formats": ["step"]})

    state = given["report"]["state"]
    assert state["plan_source"]["planner"] == "given"
    assert given["summary"]["request"].startswith("the plan")
    checks = {c["name"]: c for c in state["validation"]["checks"]}
    expected = {c["name"]: c for c in planned["report"]["state"]["validation"]["checks"]}
    assert checks.keys() == expected.keys() and {"bounding box", "volume", "holes"} <= checks.keys()
    assert all(c["passed"] for c in checks.values())
    assert [c["actual"] for c in checks.values()] == [c["actual"] for c in expected.values()]
    assert state["validation"]["decision"] == "pass"


def test_a_refine_can_replace_the_plan(client: TestClient) -> None:
    first = run(client, {"prompt": PROMPT, "planner": "local", "formats": ["step"]})
    plan = first["report"]["state"]["task_graph"]
    plan["nodes"][0]["operation"]["height"] = 12
    plan["expected"]["bbox"][2] = 12
    plan["expected"]["volume_min"] = plan["expected"]["volume_max"] = None

    answer = client.post(f"/api/v1/design/{first['design_id']}/refine", json={"plan": plan})

    assert answer.status_code == 202, answer.text
    assert watch(client, first["design_id"]).kinds[-1] == "design_completed"
    view = client.get(f"/api/v1/design/{first['design_id']}").json()
    assert view["revision"] == 2 and view["summary"]["size_mm"] == [60, 40, 12]
    assert view["report"]["state"]["plan_source"]["planner"] == "given"


def test_a_broken_plan_is_refused_with_every_problem(client: TestClient) -> None:
    plan = {
        "nodes": [
            {"id": "plate", "operation": {"op": "box", "length": 60, "width": 40, "height": 8}},
            {"id": "holes", "operation": {"op": "hole", "target": "nothing", "diameter": 5, "at": [[0, 0]]}},
            {"id": "plate", "operation": {"op": "cylinder", "radius": 5, "height": 8}},
        ]
    }

    answer = client.post("/api/v1/design", json={"prompt": "a plate", "plan": plan})

    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert "2 problems" in detail and "'nothing'" in detail and "used by 2 nodes" in detail, detail


def test_words_or_a_plan_are_needed(client: TestClient) -> None:
    answer = client.post("/api/v1/design", json={"formats": ["step"]})

    assert answer.status_code == 422
    (error,) = answer.json()["errors"]
    assert "a plan, or both" in error["message"]
