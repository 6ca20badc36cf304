"""DELETE on a running design: the run is cancelled, its FreeCAD process killed, its data gone."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from ai_designer.api.app import create_app
from ai_designer.freecad.runner import FreeCADRunner
from helpers.api_support import SpinningRunner, Watched, api_settings, wait_until, watch
from helpers.freecad_probe import busy_worker_pids, running

pytestmark = pytest.mark.freecad


def test_delete_cancels_the_run_and_kills_its_freecad_process(
    tmp_path: Path, shared_freecad_runner: FreeCADRunner
) -> None:
    app = create_app(api_settings(tmp_path), runner=SpinningRunner(shared_freecad_runner))  # type: ignore[arg-type]
    with TestClient(app) as client:
        design_id = client.post("/api/v1/design", json={"prompt": "a 20 mm cube"}).json()["design_id"]
        seen: list[Watched] = []
        watcher = threading.Thread(target=lambda: seen.append(watch(client, design_id)))
        watcher.start()

        path = f"/api/v1/design/{design_id}"
        wait_until(lambda: busy_worker_pids() or not client.get(path).json()["running"], timeout_s=60)
        [pid] = busy_worker_pids()
        view = client.get(path).json()
        assert (view["status"], view["stage"], view["running"]) == ("executing", "executor", True)

        started = time.monotonic()
        deleted = client.delete(path)
        assert deleted.status_code == 204, deleted.text
        assert time.monotonic() - started < 10
        wait_until(lambda: not running(pid), timeout_s=10)
        assert busy_worker_pids() == []

        watcher.join(30)
        assert seen and seen[0].kinds[-1] == "design_cancelled" and seen[0].close_code == 1000
        assert client.get(path).status_code == 404
        assert client.get(f"{path}/audit").status_code == 404
        assert not (tmp_path / "designs" / design_id).exists()
        assert client.delete(path).status_code == 404

    assert shared_freecad_runner.wait_ready(60), "the runner replaced the killed worker"
