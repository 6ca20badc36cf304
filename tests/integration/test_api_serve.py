"""`ai-designer serve` for real: uvicorn, two worker processes sharing Redis, a WebSocket client."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import connect

from helpers.redis_server import free_port
from helpers.served import served as running

CLI = str(Path(sys.executable).with_name("ai-designer"))


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.endswith("_API_KEY") and k not in ("LLM_API_BASE", "REDIS_URL")
    }
    env |= {"AI_DESIGNER_ENV_FILE": os.devnull, "OUTPUT_DIR": str(tmp_path / "designs"), "LOG_FORMAT": "json"}
    return env | extra


def test_several_workers_need_redis(tmp_path: Path) -> None:
    proc = subprocess.run(
        [CLI, "serve", "--workers", "2"], env=_env(tmp_path), capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    assert "REDIS_URL" in proc.stderr and "Traceback" not in proc.stderr


@pytest.fixture
def served(tmp_path: Path, redis_url: str) -> Iterator[str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running(
        [CLI, "serve", "--port", str(port), "--workers", "2"],
        _env(tmp_path, REDIS_URL=redis_url),
        tmp_path / "serve.log",
        f"{base}/ready",
        lambda answer: answer.status_code == 200,
    ):
        yield base


@pytest.mark.freecad
@pytest.mark.redis
def test_two_workers_serve_any_design_stream(served: str) -> None:
    accepted = httpx.post(f"{served}/api/v1/design", json={"prompt": "a 20 mm cube", "formats": ["step"]})
    assert accepted.status_code == 202, accepted.text
    design_id = accepted.json()["design_id"]
    ws_url = served.replace("http://", "ws://") + f"/api/v1/ws/design/{design_id}"
    with connect(ws_url) as ws:
        kinds = [json.loads(message)["kind"] for message in ws]
    assert kinds[0] == "prompt_received" and kinds[-1] == "design_completed"
    for _ in range(4):  # whichever worker answers, it knows the design
        view = httpx.get(f"{served}/api/v1/design/{design_id}").json()
        assert view["status"] == "completed"
    step = httpx.get(f"{served}/api/v1/design/{design_id}/export", params={"format": "step"})
    assert step.status_code == 200 and step.headers["content-type"] == "model/step"
    assert b"ISO-10303-21" in step.content[:200]
