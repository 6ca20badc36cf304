"""`ai-designer serve` for real: uvicorn processes, a WebSocket client; with Redis, a worker process runs
the designs; without it, `serve` alone does. A long prompt being planned does not hold up /health."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import connect

from helpers.api_support import wait_until
from helpers.processes import CLI, Cluster, process_env


def test_several_workers_need_redis(tmp_path: Path) -> None:
    proc = subprocess.run(
        [CLI, "serve", "--workers", "2"],
        env=process_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "REDIS_URL" in proc.stderr and "Traceback" not in proc.stderr


def test_worker_needs_redis(tmp_path: Path) -> None:
    env = process_env(tmp_path)
    proc = subprocess.run([CLI, "worker"], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "REDIS_URL" in proc.stderr and "Traceback" not in proc.stderr


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    the_cluster = Cluster(tmp_path, process_env(tmp_path))
    try:
        yield the_cluster
    finally:
        the_cluster.stop_all()


@pytest.mark.freecad
@pytest.mark.redis
def test_two_api_processes_and_a_worker_serve_any_design(cluster: Cluster, redis_url: str) -> None:
    cluster.env["REDIS_URL"] = redis_url
    cluster.serve("--workers", "2")
    cluster.worker("worker-a")
    design_id = cluster.submit(formats=["step"])
    ws_base = cluster.base.replace("http://", "ws://")
    ws_url = f"{ws_base}/api/v1/ws/design/{design_id}?api_key=not-logged-1234"
    with connect(ws_url) as ws:
        kinds = [json.loads(message)["kind"] for message in ws]
    assert kinds[0] == "prompt_received" and kinds[-1] == "design_completed"
    for _ in range(4):  # whichever API process answers, it knows the design
        assert cluster.design(design_id)["status"] == "completed"
    step = httpx.get(f"{cluster.base}/api/v1/design/{design_id}/export", params={"format": "step"})
    assert step.status_code == 200 and step.headers["content-type"] == "model/step"
    assert b"ISO-10303-21" in step.content[:200]
    [serve] = [p for p in cluster.procs if p.name == "serve"]
    assert "not-logged-1234" not in serve.text(), "api_key is redacted from every log line"


@pytest.mark.freecad
def test_a_long_prompt_being_planned_does_not_hold_up_health(cluster: Cluster) -> None:
    # ~8 s of offline planning for this text on the test machine; the planner's time limit
    # (LLM_TIMEOUT_S) is 3 s and must fire on time, while /health keeps answering.
    cluster.env |= {"LLM_TIMEOUT_S": "3"}
    cluster.serve()
    prompt = ("the part should be strong and light and easy to print and nice to look at " * 60)[:4000]
    design_id = cluster.submit(prompt, planner="local")
    latencies: list[float] = []
    during_planning = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        started = time.perf_counter()
        assert httpx.get(f"{cluster.base}/health", timeout=5).status_code == 200
        latencies.append(time.perf_counter() - started)
        view = cluster.design(design_id)
        if not view["running"]:
            break
        during_planning += view["stage"] == "planner"
        time.sleep(0.05)
    print(f"\n/health while planning: {during_planning} probes, max {max(latencies) * 1000:.0f} ms")
    assert during_planning >= 3, "the probes ran while the prompt was being planned"
    assert max(latencies) < 1.0, "generous bound: the serving loop is never blocked by planning"
    view = wait_until(lambda: (v := cluster.design(design_id)) and not v["running"] and v, 60)
    assert view["status"] == "failed" and "longer than 3 s" in view["summary"]["error"], view["summary"]
