"""A design through the API as a client uses it: real pipeline, real FreeCAD, in-memory store
and real Redis. Submit, watch the WebSocket to the end, download and measure the STEP,
refine, read the audit trail, delete."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from ai_designer.api.app import create_app
from ai_designer.freecad.runner import FreeCADRunner
from helpers.api_support import Watched, api_settings, watch
from helpers.freecad_probe import measure_step

pytestmark = pytest.mark.freecad

RUN_KINDS = ("plan_generated", "script_generated", "execution_completed", "validation_passed")


@pytest.fixture(params=["memory", "redis"])
def client(
    request: pytest.FixtureRequest, tmp_path: Path, shared_freecad_runner: FreeCADRunner
) -> Iterator[TestClient]:
    extra = {"redis_url": request.getfixturevalue("redis_url")} if request.param == "redis" else {}
    app = create_app(api_settings(tmp_path, **extra), runner=shared_freecad_runner)
    with TestClient(app) as the_client:
        yield the_client


def assert_complete_run(seen: Watched, first: str, revision: int) -> None:
    assert seen.close_code == 1000, seen.close_reason
    assert seen.kinds[-1] == "design_completed"
    run = [e for e in seen.events if e["revision"] == revision]
    assert run[0]["kind"] == first
    assert all(kind in [e["kind"] for e in run] for kind in RUN_KINDS), seen.kinds
    assert seen.seqs == sorted(set(seen.seqs)), "each event once, in order"


def download(client: TestClient, design_id: str, tmp_path: Path, fmt: str) -> Path:
    response = client.get(f"/api/v1/design/{design_id}/export", params={"format": fmt})
    assert response.status_code == 200, response.text
    assert f'filename="{design_id}-model.{fmt}"' in response.headers["content-disposition"]
    path = tmp_path / f"{design_id}.{fmt}"
    path.write_bytes(response.content)
    return path


def test_design_refine_export_audit_delete(client: TestClient, tmp_path: Path) -> None:
    submitted = client.post(
        "/api/v1/design", json={"prompt": "a 20 mm cube", "formats": ["step", "stl"], "material": "Aluminum"}
    )
    assert submitted.status_code == 202, submitted.text
    design_id = submitted.json()["design_id"]
    assert submitted.headers["location"] == f"/api/v1/design/{design_id}"

    first_run = watch(client, design_id)
    assert_complete_run(first_run, "prompt_received", 1)
    assert first_run.seqs == list(range(1, len(first_run.seqs) + 1))

    view = client.get(f"/api/v1/design/{design_id}").json()
    assert (view["status"], view["revision"], view["running"]) == ("completed", 1, False)
    assert view["summary"]["size_mm"] == [20.0, 20.0, 20.0]
    assert view["summary"]["material_source"] == "option"
    assert view["summary"]["mass"]["mass_g"] == pytest.approx(8.0 * 2.70)
    assert view["report"]["state"]["task_graph"] is not None

    step = download(client, design_id, tmp_path, "step")
    measured = measure_step(step)
    assert math.isclose(measured["volume"], 8000.0, rel_tol=1e-3) and measured["solids"] == 1
    stl = client.get(f"/api/v1/design/{design_id}/export?format=stl")
    assert stl.status_code == 200 and stl.headers["content-type"] == "model/stl"
    assert client.get(f"/api/v1/design/{design_id}/export?format=brep").status_code == 200, "made on demand"

    refined = client.post(
        f"/api/v1/design/{design_id}/refine", json={"change": "make it 30 mm tall", "material": "brass"}
    )
    assert refined.status_code == 202, refined.text
    assert refined.json()["revision"] == 2
    second_run = watch(client, design_id)
    assert_complete_run(second_run, "refinement_started", 2)
    assert second_run.seqs[: len(first_run.seqs)] == first_run.seqs, "history first, then the new run"

    measured = measure_step(download(client, design_id, tmp_path, "step"))
    assert math.isclose(measured["volume"], 20 * 20 * 30, rel_tol=1e-3)
    assert [round(measured[axis], 3) for axis in "xyz"] == [20.0, 20.0, 30.0]
    mass = client.get(f"/api/v1/design/{design_id}").json()["summary"]["mass"]
    assert (mass["material"], mass["mass_g"]) == ("brass", pytest.approx(12.0 * 8.50))

    trail = client.get(f"/api/v1/design/{design_id}/audit").json()["events"]
    kinds = [e["kind"] for e in trail]
    assert [e["seq"] for e in trail] == list(range(1, len(trail) + 1))
    assert kinds.count("design_exported") == 4 and kinds[-1] == "design_exported"
    assert kinds.index("refinement_started") > kinds.index("design_completed")
    assert trail[-1]["data"]["format"] == "step" and trail[-1]["revision"] == 2

    folder = tmp_path / "designs" / design_id
    assert (folder / "state.json").is_file() and (folder / "revisions" / "2").is_dir()
    assert client.delete(f"/api/v1/design/{design_id}").status_code == 204
    assert client.get(f"/api/v1/design/{design_id}").status_code == 404
    assert not folder.exists()


def test_busy_and_unfinished_designs_answer_409(client: TestClient) -> None:
    design_id = client.post("/api/v1/design", json={"prompt": "a 20 mm cube", "formats": ["step"]}).json()[
        "design_id"
    ]
    busy = client.post(f"/api/v1/design/{design_id}/refine", json={"change": "make it 30 mm tall"})
    export = client.get(f"/api/v1/design/{design_id}/export?format=step")
    assert busy.status_code == 409 and "running" in busy.json()["detail"]
    assert export.status_code == 409, export.text
    assert watch(client, design_id).kinds[-1] == "design_completed"
    assert client.get(f"/api/v1/design/{design_id}/export?format=step").status_code == 200


def test_metrics_count_designs_stages_and_freecad_jobs(client: TestClient) -> None:
    design_id = client.post("/api/v1/design", json={"prompt": "a 20 mm cube", "formats": ["step"]}).json()[
        "design_id"
    ]
    watch(client, design_id)
    client.get(f"/api/v1/design/{design_id}")
    text = client.get("/metrics").text
    assert 'ai_designer_designs_total{outcome="completed"} 1.0' in text
    assert 'ai_designer_stage_duration_seconds_count{stage="executor"} 1.0' in text
    assert 'ai_designer_freecad_job_duration_seconds_count{ok="true"} 1.0' in text
    assert 'route="/api/v1/design/{design_id}"' in text and design_id not in text
