"""The API's guard rails: API keys, rate limits, invalid requests, problem bodies, request ids.

The pipeline is scripted here (no FreeCAD): these tests are about the HTTP layer, run with
the in-memory store and with a real Redis.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from ai_designer.api.app import create_app
from ai_designer.orchestration.events import EventEmitter
from ai_designer.schemas.design import MAX_PROMPT_CHARS, DesignState
from ai_designer.store.memory import MemoryStore
from helpers.api_support import ScriptedPipeline, api_settings, watch

KEY = "test-key-3b9f6c"
PROBLEM = "application/problem+json"


def client_for(tmp_path: Path, request: pytest.FixtureRequest, **settings: Any) -> TestClient:
    if getattr(request, "param", "memory") == "redis":
        settings["redis_url"] = request.getfixturevalue("redis_url")
    app = create_app(api_settings(tmp_path, **settings), runner=object(), pipeline=ScriptedPipeline())  # type: ignore[arg-type]
    return TestClient(app)


@pytest.fixture(params=["memory", "redis"])
def secured(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[TestClient]:
    digest = hashlib.sha256(KEY.encode()).hexdigest()
    with client_for(tmp_path, request, api_keys=[digest]) as client:
        yield client


@pytest.fixture(params=["memory", "redis"])
def limited(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[TestClient]:
    with client_for(tmp_path, request, rate_limit_requests=3, rate_limit_window_s=60) as client:
        yield client


@pytest.fixture
def client(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[TestClient]:
    with client_for(tmp_path, request) as the_client:
        yield the_client


def assert_problem(response: Any, status: int, *words: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"] and body["type"].startswith("urn:ai-designer:problem:")
    assert body["detail"] and "Traceback" not in response.text
    text = (body["detail"] + " " + body.get("hint", "")).lower()
    for word in words:
        assert word.lower() in text, (word, body)
    return body


# ------------------------------------------------------------------ auth


def test_requests_without_a_valid_key_are_refused(secured: TestClient) -> None:
    missing = assert_problem(
        secured.post("/api/v1/design", json={"prompt": "a 20 mm cube"}), 401, "X-API-Key"
    )
    assert missing["hint"]
    wrong = secured.get("/api/v1/design/abc123", headers={"X-API-Key": "not-the-key"})
    assert_problem(wrong, 401, "not valid")
    assert wrong.headers["www-authenticate"] == "APIKey"
    hashed = hashlib.sha256(KEY.encode()).hexdigest()
    assert_problem(secured.get("/api/v1/design/abc123", headers={"X-API-Key": hashed}), 401)


def test_a_valid_key_opens_every_route_and_ops_routes_need_none(secured: TestClient) -> None:
    headers = {"X-API-Key": KEY}
    accepted = secured.post("/api/v1/design", json={"prompt": "a 20 mm cube"}, headers=headers)
    assert accepted.status_code == 202, accepted.text
    design_id = accepted.json()["design_id"]
    seen = watch(secured, design_id, headers=headers)
    assert seen.close_code == 1000 and seen.kinds[-1] == "design_completed"
    assert secured.get(f"/api/v1/design/{design_id}", headers=headers).json()["status"] == "completed"
    assert secured.get(f"/api/v1/design/{design_id}/audit", headers=headers).status_code == 200
    for path in ("/health", "/ready", "/metrics", "/openapi.json"):
        assert secured.get(path).status_code == 200, path


def test_websocket_needs_the_key_too(secured: TestClient) -> None:
    design_id = secured.post("/api/v1/design", json={"prompt": "a cube"}, headers={"X-API-Key": KEY}).json()[
        "design_id"
    ]
    refused = watch(secured, design_id)
    assert refused.close_code == 4401 and refused.events == []
    assert "API key" in refused.close_reason
    by_query = watch(secured, design_id, query=f"api_key={KEY}")
    assert by_query.close_code == 1000 and by_query.kinds[-1] == "design_completed"


# ------------------------------------------------------------------ rate limits


def test_rate_limit_answers_429_with_retry_after(limited: TestClient) -> None:
    submitted = limited.post("/api/v1/design", json={"prompt": "a 20 mm cube"})
    path = submitted.json()["links"]["self"]
    answers = [submitted, limited.get(path), limited.get(path)]
    assert [a.status_code for a in answers] == [202, 200, 200]
    assert [a.headers["ratelimit-remaining"] for a in answers] == ["2", "1", "0"]
    assert answers[0].headers["ratelimit-limit"] == "3"
    refused = limited.get(path)
    assert_problem(refused, 429, "too many requests", "retry-after")
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert limited.get("/health").status_code == 200, "operations routes are not limited"
    assert watch(limited, "abc123").close_code == 4429, "the WebSocket counts against the same limit"


def test_each_key_has_its_own_limit(tmp_path: Path) -> None:
    keys = ["key-one-aaaaaaaa", "key-two-bbbbbbbb"]
    digests = [hashlib.sha256(k.encode()).hexdigest() for k in keys]
    settings = api_settings(tmp_path, api_keys=digests, rate_limit_requests=2)
    with TestClient(create_app(settings, runner=object(), pipeline=ScriptedPipeline())) as client:  # type: ignore[arg-type]
        for _ in range(2):
            assert client.get("/api/v1/design/abc123", headers={"X-API-Key": keys[0]}).status_code == 404
        assert client.get("/api/v1/design/abc123", headers={"X-API-Key": keys[0]}).status_code == 429
        assert client.get("/api/v1/design/abc123", headers={"X-API-Key": keys[1]}).status_code == 404


# ------------------------------------------------------------------ invalid requests

BAD_SUBMISSIONS: list[tuple[str, Any, str]] = [
    ("empty prompt", {"prompt": ""}, "body.prompt"),
    ("blank prompt", {"prompt": "   \n\t "}, "empty"),
    ("prompt just over the limit", {"prompt": "a" * (MAX_PROMPT_CHARS + 1)}, "body.prompt"),
    ("number as prompt", {"prompt": 20}, "body.prompt"),
    ("neither prompt nor plan", {"planner": "local"}, "body"),
    ("null prompt", {"prompt": None, "plan": None}, "body.prompt"),
    ("unknown format", {"prompt": "a 20 mm cube", "formats": ["step", "dwg"]}, "body.formats"),
    ("formats not a list", {"prompt": "a 20 mm cube", "formats": "step"}, "body.formats"),
    ("no formats", {"prompt": "a 20 mm cube", "formats": []}, "body.formats"),
    ("unknown planner", {"prompt": "a 20 mm cube", "planner": "magic"}, "body.planner"),
    ("unknown field", {"prompt": "a 20 mm cube", "colour": "red"}, "body.colour"),
    ("unknown material", {"prompt": "a 20 mm cube", "material": "cheese"}, "body.material"),
    ("not an object", ["a 20 mm cube"], "body"),
]


@pytest.mark.parametrize(("case", "body", "where"), BAD_SUBMISSIONS, ids=[c[0] for c in BAD_SUBMISSIONS])
def test_invalid_submissions_get_a_422_problem(client: TestClient, case: str, body: Any, where: str) -> None:
    response = client.post("/api/v1/design", json=body)
    problem = assert_problem(response, 422, where)
    assert len(response.content) < 4000, "the problem never echoes the input back"
    if where.startswith("body") and where != "body":
        assert any(".".join(map(str, e["loc"])).startswith(where) for e in problem["errors"])


def test_broken_json_and_wrong_content_type_are_422(client: TestClient) -> None:
    broken = client.post(
        "/api/v1/design", content=b'{"prompt": ', headers={"content-type": "application/json"}
    )
    assert_problem(broken, 422)
    as_text = client.post("/api/v1/design", content=b"a 20 mm cube", headers={"content-type": "text/plain"})
    assert_problem(as_text, 422)


def test_unknown_and_malformed_ids(client: TestClient) -> None:
    for method, path in [
        ("GET", "/api/v1/design/0123456789ab"),
        ("GET", "/api/v1/design/0123456789ab/audit"),
        ("GET", "/api/v1/design/0123456789ab/export?format=step"),
        ("DELETE", "/api/v1/design/0123456789ab"),
    ]:
        assert_problem(client.request(method, path), 404, "0123456789ab")
    assert_problem(client.post("/api/v1/design/0123456789ab/refine", json={"change": "taller"}), 404)
    assert_problem(client.get("/api/v1/design/bad%20id%21"), 422, "design_id")
    assert_problem(client.get("/api/v1/design/" + "a" * 65), 422, "design_id")
    assert watch(client, "0123456789ab").close_code == 4404


def test_export_format_and_view_are_checked(client: TestClient) -> None:
    design_id = client.post("/api/v1/design", json={"prompt": "a 20 mm cube"}).json()["design_id"]
    watch(client, design_id)
    assert_problem(client.get(f"/api/v1/design/{design_id}/export?format=dwg"), 422, "format")
    assert_problem(client.get(f"/api/v1/design/{design_id}/export"), 422, "format")
    assert_problem(client.get(f"/api/v1/design/{design_id}/export?format=png&view=side"), 422, "view")


def test_unknown_routes_and_methods_are_problems(client: TestClient) -> None:
    assert_problem(client.get("/api/v2/design"), 404, "/api/v1")
    assert_problem(client.put("/api/v1/design"), 405)


def test_request_and_correlation_ids_are_echoed(client: TestClient) -> None:
    response = client.get("/api/v1/design/0123456789ab", headers={"X-Request-ID": "req-42"})
    assert response.headers["x-request-id"] == "req-42"
    assert response.headers["x-correlation-id"] == "req-42"
    assert response.json()["request_id"] == "req-42"
    chained = client.get("/health", headers={"X-Correlation-ID": "flow-7", "X-Request-ID": "bad id!"})
    assert chained.headers["x-correlation-id"] == "flow-7"
    assert chained.headers["x-request-id"] != "bad id!" and len(chained.headers["x-request-id"]) == 32


def test_cors_allows_only_configured_origins(tmp_path: Path) -> None:
    settings = api_settings(tmp_path, cors_origins=["https://cad.example.com"])
    with TestClient(create_app(settings, runner=object(), pipeline=ScriptedPipeline())) as client:  # type: ignore[arg-type]
        preflight = {"Access-Control-Request-Method": "POST"}
        allowed = client.options("/api/v1/design", headers={"Origin": "https://cad.example.com", **preflight})
        assert allowed.headers["access-control-allow-origin"] == "https://cad.example.com"
        other = client.options("/api/v1/design", headers={"Origin": "https://evil.example", **preflight})
        assert "access-control-allow-origin" not in other.headers


# ------------------------------------------------------------------ unexpected failures


class BrokenStore(MemoryStore):
    async def load(self, design_id: str) -> DesignState | None:
        raise RuntimeError("boom: internal detail")


class CrashingPipeline(ScriptedPipeline):
    async def run(self, state: DesignState, emitter: EventEmitter) -> DesignState:
        emitter.emit("stage_started", stage="planner", revision=state.revision)
        raise KeyError("a bug in an agent")


def test_an_unexpected_error_is_a_500_problem_without_internals(tmp_path: Path) -> None:
    app = create_app(
        api_settings(tmp_path), store=BrokenStore(60), runner=object(), pipeline=ScriptedPipeline()
    )  # type: ignore[arg-type]
    with TestClient(app) as client:
        response = client.get("/api/v1/design/abc123", headers={"X-Request-ID": "req-500"})
    assert_problem(response, 500, "unexpected", "req-500")
    assert "boom" not in response.text


def test_a_crashing_run_fails_the_design_with_a_clear_error(tmp_path: Path) -> None:
    app = create_app(api_settings(tmp_path), runner=object(), pipeline=CrashingPipeline())  # type: ignore[arg-type]
    with TestClient(app) as client:
        design_id = client.post("/api/v1/design", json={"prompt": "a 20 mm cube"}).json()["design_id"]
        seen = watch(client, design_id)
        view = client.get(f"/api/v1/design/{design_id}").json()
    assert seen.kinds == ["prompt_received", "stage_started", "design_failed"] and seen.close_code == 1000
    assert (
        view["status"] == "failed" and view["summary"]["error"] == "The design stopped on an internal error."
    )
    assert design_id in view["summary"]["hint"]


def test_without_freecad_the_api_starts_but_is_not_ready(tmp_path: Path) -> None:
    settings = api_settings(tmp_path, freecad_path=tmp_path / "no-freecad-here")
    with TestClient(create_app(settings)) as client:
        assert client.get("/health").status_code == 200
        not_ready = assert_problem(client.get("/ready"), 503, "freecad")
        assert not_ready["checks"]["store"] == "ok" and "freecadcmd" in not_ready["checks"]["freecad"]
        assert_problem(client.post("/api/v1/design", json={"prompt": "a 20 mm cube"}), 503, "freecadcmd")
