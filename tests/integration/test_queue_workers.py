"""The Redis job queue with real processes: `serve` enqueues, `worker` processes run designs.

Each worker has its own design folder, as if on its own machine: the API serves files
through Redis. An LLM reviewer served by the local OpenAI stub answers slowly, so a design
can be caught in the middle of its run (the only fake is the LLM; Redis, FreeCAD and the
processes are real).
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from helpers.api_support import wait_until
from helpers.openai_stub import OpenAIStub, RecordedRequest, StubReply
from helpers.processes import Cluster, process_env
from helpers.redis_server import RedisServer

pytestmark = [pytest.mark.redis, pytest.mark.freecad, pytest.mark.timeout(600)]

REVIEW_S = 4.0


def slow_pass(_request: RecordedRequest) -> StubReply:
    time.sleep(REVIEW_S)
    return StubReply(json.dumps({"score": 1.0, "summary": "matches", "issues": []}))


@pytest.fixture
def reviewer() -> Iterator[OpenAIStub]:
    with OpenAIStub() as stub:
        stub.always("reviewer-a", slow_pass)
        yield stub


def llm_env(stub: OpenAIStub) -> dict[str, str]:
    """Workers whose LLM reviewer (the stub) takes REVIEW_S seconds per design."""
    return {
        "LLM_API_BASE": stub.base_url,
        "LLM_API_KEY": "stub-key",  # pragma: allowlist secret
        "VALIDATOR_MODELS": '["openai/reviewer-a"]',
        "PLANNER_MODELS": '["openai/planner-a"]',
        "GENERATOR_MODELS": '["openai/coder-a"]',
        "LLM_TIMEOUT_S": "30",
        "LLM_MAX_RETRIES": "0",
    }


@pytest.fixture
def cluster(tmp_path: Path, persistent_redis: RedisServer) -> Iterator[Cluster]:
    the_cluster = Cluster(tmp_path, process_env(tmp_path, REDIS_URL=persistent_redis.url))
    try:
        yield the_cluster
    finally:
        the_cluster.stop_all()


def owner_pid(redis_url: str, design_id: str) -> int:
    """The pid of the worker running a design (its saq job names the worker)."""
    import redis

    with redis.Redis.from_url(redis_url) as client:
        raw = client.get(f"saq:job:designs:{design_id}:1")
    assert raw is not None
    return int(json.loads(raw)["worker_id"].rsplit("-", 2)[1])


def kinds(events: list[dict[str, object]]) -> list[object]:
    return [e["kind"] for e in events]


def test_kill_9_of_a_worker_mid_design_another_worker_completes_it(
    cluster: Cluster, persistent_redis: RedisServer, reviewer: OpenAIStub
) -> None:
    cluster.serve()
    workers = [cluster.worker(name, **llm_env(reviewer)) for name in ("worker-a", "worker-b")]
    design_id = cluster.submit(formats=["step"])
    wait_until(lambda: cluster.design(design_id)["stage"] == "validator", 90)
    victim_pid = owner_pid(persistent_redis.url, design_id)
    [victim] = [w for w in workers if w.pid == victim_pid]
    os.kill(victim.pid, signal.SIGKILL)
    killed_at = time.monotonic()

    view = cluster.wait_finished(design_id, 90)
    assert view["status"] == "completed", view
    took_over_s = time.monotonic() - killed_at
    print(f"\ndesign completed by the other worker {took_over_s:.1f} s after kill -9")
    trail = cluster.audit(design_id)
    resumed = [e for e in trail if e["kind"] == "design_resumed"]
    assert len(resumed) == 1 and resumed[0]["data"]["from_checkpoint"] is True, resumed
    assert kinds(trail)[0] == "prompt_received" and kinds(trail)[-1] == "design_completed"
    after_resume = kinds(trail)[kinds(trail).index("design_resumed") :]
    assert "plan_generated" not in after_resume, "resumed after the executor, not re-planned"
    export = f"{cluster.base}/api/v1/design/{design_id}/export"
    step = httpx.get(export, params={"format": "step"}, timeout=120)
    assert step.status_code == 200 and b"ISO-10303-21" in step.content[:200]


def test_sigterm_drains_the_running_design_and_takes_no_new_one(
    cluster: Cluster, reviewer: OpenAIStub
) -> None:
    cluster.serve()
    worker = cluster.worker("worker-a", DRAIN_GRACE_S="60", **llm_env(reviewer))
    running = cluster.submit(formats=["step"])
    wait_until(lambda: cluster.design(running)["stage"] == "validator", 90)
    worker.signal(signal.SIGTERM)
    waiting = cluster.submit(formats=["step"])

    assert worker.process.wait(60) == 0, worker.text()
    assert cluster.design(running)["status"] == "completed", "the running design was finished, not dropped"
    assert cluster.design(waiting)["status"] == "pending", "a draining worker takes no new design"

    cluster.worker("worker-b", **llm_env(reviewer))
    assert cluster.wait_finished(waiting, 90)["status"] == "completed"


def test_redis_restart_with_aof_loses_nothing(
    cluster: Cluster, persistent_redis: RedisServer, reviewer: OpenAIStub
) -> None:
    cluster.serve()
    cluster.worker("worker-a", **llm_env(reviewer))
    designs = [cluster.submit(f"a {size} mm cube", formats=["step"]) for size in (10, 20, 30)]
    wait_until(lambda: cluster.design(designs[0])["stage"] == "validator", 90)

    persistent_redis.kill()
    time.sleep(2)
    persistent_redis.start()

    for design_id in designs:
        view = cluster.wait_finished(design_id, 120)
        assert view["status"] == "completed", view
        trail = cluster.audit(design_id)
        assert kinds(trail)[0] == "prompt_received" and kinds(trail)[-1] == "design_completed"
        seqs = [e["seq"] for e in trail]
        assert seqs == sorted(set(seqs))
    listed = httpx.get(f"{cluster.base}/api/v1/designs", timeout=10).json()["designs"]
    assert {d["design_id"] for d in listed} == set(designs)


def test_100_designs_over_2_workers_none_lost_none_stuck(cluster: Cluster, tmp_path: Path) -> None:
    multiproc = tmp_path / "metrics"
    multiproc.mkdir()
    shared = {"PROMETHEUS_MULTIPROC_DIR": str(multiproc)}
    cluster.serve(**shared)
    for name in ("worker-a", "worker-b"):
        cluster.worker(name, **shared)
    started = time.monotonic()
    designs = [cluster.submit(f"a {10 + n % 20} mm cube", formats=["brep"]) for n in range(100)]

    def all_finished() -> bool:
        page = httpx.get(f"{cluster.base}/api/v1/designs", params={"limit": 100}, timeout=10).json()
        return len(page["designs"]) == 100 and all(d["status"] == "completed" for d in page["designs"])

    wait_until(all_finished, 500, 1.0)
    print(f"\n100 designs over 2 workers: {100 / (time.monotonic() - started):.2f} designs/s")
    statuses = [cluster.design(d)["status"] for d in designs]
    assert statuses.count("completed") == 100
    metrics = httpx.get(f"{cluster.base}/metrics", timeout=10).text
    assert 'ai_designer_designs_total{outcome="completed"} 100.0' in metrics, "workers' counts, summed"
    assert "ai_designer_queue_depth 0.0" in metrics and "ai_designer_workers 2.0" in metrics
