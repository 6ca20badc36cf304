"""Redis goes away in the middle of a run and comes back: the API answers 503 meanwhile, then
recovers by itself, without losing the designs it stored or the events of the run."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from ai_designer.api.app import create_app
from ai_designer.freecad.runner import FreeCADRunner
from helpers.api_support import GatedRunner, api_settings, wait_until, watch
from helpers.redis_server import RedisServer

pytestmark = [pytest.mark.redis, pytest.mark.freecad]


def unavailable(response: Any) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert "Redis" in problem["detail"] and "REDIS_URL" in problem["hint"]


def test_redis_restart_during_a_run(
    tmp_path: Path, persistent_redis: RedisServer, shared_freecad_runner: FreeCADRunner
) -> None:
    gate = threading.Event()
    runner = GatedRunner(shared_freecad_runner, gate)
    settings = api_settings(tmp_path, redis_url=persistent_redis.url)
    with TestClient(create_app(settings, runner=runner)) as client:  # type: ignore[arg-type]
        gate.set()
        stored = client.post("/api/v1/design", json={"prompt": "a 20 mm cube"}).json()["design_id"]
        assert watch(client, stored).kinds[-1] == "design_completed"
        gate.clear()

        running = client.post("/api/v1/design", json={"prompt": "a 30 mm cube"}).json()["design_id"]
        wait_until(lambda: runner.waiting == 1)
        # the stage is stored by the run's own task, which may lag the runner call a moment
        wait_until(lambda: client.get(f"/api/v1/design/{running}").json()["stage"] == "executor")

        persistent_redis.kill()
        unavailable(client.get(f"/api/v1/design/{stored}"))
        unavailable(client.get(f"/api/v1/design/{running}/audit"))
        unavailable(client.post("/api/v1/design", json={"prompt": "a 10 mm cube"}))
        assert client.get("/health").status_code == 200
        not_ready = client.get("/ready")
        assert not_ready.status_code == 503 and not_ready.json()["checks"]["freecad"] == "ok"
        assert watch(client, running).close_code == 1013

        gate.set()  # the run finishes while Redis is down; its events and final state wait
        wait_until(lambda: runner.finished == 2)
        persistent_redis.start()

        wait_until(lambda: client.get(f"/api/v1/design/{running}").json()["status"] == "completed")
        assert client.get(f"/api/v1/design/{stored}").json()["status"] == "completed"
        assert client.get("/ready").status_code == 200

        events = client.get(f"/api/v1/design/{running}/audit").json()["events"]
        kinds = [e["kind"] for e in events]
        seqs = [e["seq"] for e in events]
        assert seqs == sorted(set(seqs)), "numbered once each, in order"
        assert kinds[0] == "prompt_received" and kinds[-1] == "design_completed"
        for kind in ("plan_generated", "script_generated", "execution_completed", "validation_passed"):
            assert kind in kinds, kind
        late = watch(client, running)
        assert late.kinds == kinds and late.close_code == 1000
        assert client.get(f"/api/v1/design/{running}/export?format=step").status_code == 200
