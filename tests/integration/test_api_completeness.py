"""What the queue brought to the API: listing, idempotency, links, history pages, limits and quotas.

The pipeline is scripted (no FreeCAD); in-memory store and real Redis.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from ai_designer.api.app import create_app
from ai_designer.logging import RedactingFilter
from ai_designer.orchestration.events import EventEmitter
from ai_designer.schemas.design import DesignState
from ai_designer.schemas.task_graph import BoxOp, TaskGraph, TaskNode
from helpers.api_support import ScriptedPipeline, api_settings, watch


def make_client(tmp_path: Path, request: pytest.FixtureRequest, **settings: Any) -> TestClient:
    if getattr(request, "param", "memory") == "redis":
        settings["redis_url"] = request.getfixturevalue("redis_url")
    pipeline = settings.pop("pipeline", ScriptedPipeline())
    app = create_app(api_settings(tmp_path, **settings), runner=object(), pipeline=pipeline)  # type: ignore[arg-type]
    return TestClient(app)


@pytest.fixture(params=["memory", "redis"])
def client(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[TestClient]:
    with make_client(tmp_path, request) as the_client:
        yield the_client


def submit(client: TestClient, prompt: str = "a 20 mm cube", **headers: str) -> str:
    answer = client.post("/api/v1/design", json={"prompt": prompt}, headers=headers)
    assert answer.status_code == 202, answer.text
    design_id = str(answer.json()["design_id"])
    watch(client, design_id)
    return design_id


def test_list_is_newest_first_with_cursor_pages_and_a_status_filter(client: TestClient) -> None:
    made = [submit(client, f"a {n + 10} mm cube") for n in range(5)]
    first = client.get("/api/v1/designs", params={"limit": 2}).json()
    assert [d["design_id"] for d in first["designs"]] == made[::-1][:2]
    seen = [d["design_id"] for d in first["designs"]]
    cursor = first["next_cursor"]
    while cursor:
        page = client.get("/api/v1/designs", params={"limit": 2, "cursor": cursor}).json()
        seen += [d["design_id"] for d in page["designs"]]
        cursor = page["next_cursor"]
    assert seen == made[::-1]
    done = client.get("/api/v1/designs", params={"status": "completed"}).json()["designs"]
    assert len(done) == 5 and all(d["links"]["self"].endswith(d["design_id"]) for d in done)
    assert client.get("/api/v1/designs", params={"status": "failed"}).json()["designs"] == []
    assert client.get("/api/v1/designs", params={"cursor": "not a cursor"}).status_code == 422
    client.delete(f"/api/v1/design/{made[0]}")
    assert made[0] not in [d["design_id"] for d in client.get("/api/v1/designs").json()["designs"]]


def test_idempotency_key_gives_the_same_design(client: TestClient) -> None:
    first = client.post("/api/v1/design", json={"prompt": "a 20 mm cube"}, headers={"Idempotency-Key": "k-1"})
    again = client.post("/api/v1/design", json={"prompt": "a 20 mm cube"}, headers={"Idempotency-Key": "k-1"})
    other = client.post("/api/v1/design", json={"prompt": "a 20 mm cube"}, headers={"Idempotency-Key": "k-2"})
    assert first.status_code == again.status_code == other.status_code == 202
    assert first.json()["design_id"] == again.json()["design_id"] != other.json()["design_id"]
    assert len(client.get("/api/v1/designs").json()["designs"]) == 2


class PlanningPipeline(ScriptedPipeline):
    """Completes with a plan, so that the design can be refined."""

    async def run(self, state: DesignState, emitter: EventEmitter) -> DesignState:
        done = await super().run(state, emitter)
        cube = TaskNode(id="cube", operation=BoxOp(length=20, width=20, height=20))
        return done.model_copy(update={"task_graph": TaskGraph(title="cube", nodes=[cube])})


def test_views_hold_links_not_server_paths_and_history_comes_in_pages(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    with make_client(tmp_path, request, pipeline=PlanningPipeline()) as client:
        _check_links_and_history(client, tmp_path)


def _check_links_and_history(client: TestClient, tmp_path: Path) -> None:
    design_id = submit(client)
    for n in range(3):
        client.post(f"/api/v1/design/{design_id}/refine", json={"change": f"make it {30 + n} mm tall"})
        watch(client, design_id)
    view = client.get(f"/api/v1/design/{design_id}")
    assert str(tmp_path) not in view.text, "no server path in the answer"
    body = view.json()
    assert body["revision"] == 4 and body["revisions"] == 3 and body["report"]["state"]["history"] == []
    history = body["links"]["history"]
    first = client.get(history, params={"limit": 2}).json()
    assert [r["number"] for r in first["revisions"]] == [3, 2] and first["next_before"] == 2
    rest = client.get(history, params={"limit": 2, "before": first["next_before"]}).json()
    assert [r["number"] for r in rest["revisions"]] == [1] and rest["next_before"] is None


def test_bodies_over_the_limit_are_refused_at_once(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    with make_client(tmp_path, request, max_request_bytes=2048) as client:
        big = client.post("/api/v1/design", json={"prompt": "x" * 4000})
        assert big.status_code == 413 and "2048 bytes" in big.json()["detail"]

        def chunks() -> Iterator[bytes]:
            yield b'{"prompt": "'
            for _ in range(10):
                yield b"x" * 1000
            yield b'"}'

        streamed = client.post(
            "/api/v1/design", content=chunks(), headers={"content-type": "application/json"}
        )
        assert streamed.status_code == 413


def test_a_full_queue_answers_503_with_retry_after(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    gate = threading.Event()
    settings = {"queue_max_depth": 1, "worker_concurrency": 1, "queue_retry_after_s": 7}
    with make_client(tmp_path, request, pipeline=ScriptedPipeline(gate), **settings) as client:
        running = client.post("/api/v1/design", json={"prompt": "a 10 mm cube"}).json()["design_id"]
        assert client.post("/api/v1/design", json={"prompt": "a 20 mm cube"}).status_code == 202
        full = client.post("/api/v1/design", json={"prompt": "a 30 mm cube"})
        assert full.status_code == 503 and full.headers["retry-after"] == "7", full.text
        assert "queue is full" in full.json()["detail"]
        gate.set()
        watch(client, running)


def test_design_quota_per_caller(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    with make_client(tmp_path, request, quota_designs=2, quota_window_s=600) as client:
        submit(client)
        submit(client)
        refused = client.post("/api/v1/design", json={"prompt": "a 20 mm cube"})
        assert refused.status_code == 429 and "quota" in refused.json()["detail"].lower()
        assert 1 <= int(refused.headers["retry-after"]) <= 600
        assert client.get("/api/v1/designs").status_code == 200, "reads are not part of the quota"


def test_x_forwarded_for_counts_only_from_trusted_proxies(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    for trusted, expect_own_bucket in (([], False), (["testclient"], True)):
        with make_client(tmp_path, request, rate_limit_requests=1, trusted_proxies=trusted) as client:
            assert client.get("/api/v1/designs").status_code == 200
            spoofed = client.get("/api/v1/designs", headers={"X-Forwarded-For": "203.0.113.9"})
            assert (spoofed.status_code == 200) is expect_own_bucket, trusted


def test_api_key_in_a_query_string_is_redacted_from_stdlib_log_lines() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/1.1" %d', None, None
    )
    record.args = ("127.0.0.1:5000", "GET", "/api/v1/ws/design/abc?api_key=s3cret-key&x=1", 101)
    RedactingFilter().filter(record)
    assert "s3cret-key" not in record.getMessage() and "x=1" in record.getMessage()
