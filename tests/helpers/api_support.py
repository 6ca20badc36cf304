"""Helpers for API tests: settings, a scripted pipeline, a WebSocket reader, polling."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from ai_designer.config import Settings, load_settings
from ai_designer.orchestration.events import EventEmitter
from ai_designer.schemas.design import DesignState, DesignStatus


def api_settings(tmp_path: Path, **overrides: Any) -> Settings:
    """Settings for a test app: designs under tmp_path, no auth, no rate limits or quotas, and the
    designs run inside the app (with Redis too: an in-process worker of the Redis queue)."""
    values: dict[str, Any] = {
        "output_dir": tmp_path / "designs",
        "rate_limit_requests": 0,
        "quota_designs": 0,
        "embedded_worker": True,
    }
    values.update(overrides)
    return load_settings(**values)


class ScriptedPipeline:
    """Stands in for DesignPipeline: emits the four stages, then completes (no FreeCAD, no planner).

    ``gate``, when given, is waited for before the run completes (a threading.Event, so a test
    thread can release a run going on in the app's event loop).
    """

    def __init__(self, gate: threading.Event | None = None) -> None:
        self.gate = gate

    async def run(self, state: DesignState, emitter: EventEmitter) -> DesignState:
        for stage in ("planner", "generator", "executor", "validator"):
            emitter.emit("stage_started", stage=stage, revision=state.revision, message=f"{stage} started")
            await asyncio.sleep(0.01)
        if self.gate is not None:
            await asyncio.to_thread(self.gate.wait, 60)
        emitter.emit("design_completed", stage="finish", revision=state.revision, message="design completed")
        return state.model_copy(update={"status": DesignStatus.COMPLETED, "stage": "finish"})


@dataclass
class Watched:
    """What a WebSocket client saw."""

    events: list[dict[str, Any]] = field(default_factory=list)
    close_code: int | None = None
    close_reason: str = ""

    @property
    def kinds(self) -> list[str]:
        return [e["kind"] for e in self.events]

    @property
    def seqs(self) -> list[int]:
        return [e["seq"] for e in self.events]


def watch(
    client: TestClient, design_id: str, headers: dict[str, str] | None = None, query: str = ""
) -> Watched:
    """Read the design's WebSocket until the server closes it."""
    seen = Watched()
    url = f"/api/v1/ws/design/{design_id}" + (f"?{query}" if query else "")
    with client.websocket_connect(url, headers=headers or {}) as ws:
        while True:
            try:
                seen.events.append(ws.receive_json())
            except WebSocketDisconnect as closed:
                seen.close_code, seen.close_reason = closed.code, closed.reason
                return seen


def wait_until(predicate: Callable[[], Any], timeout_s: float = 60.0, every_s: float = 0.05) -> Any:
    """Poll until ``predicate()`` is truthy; return its value (AssertionError on timeout)."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout_s} s")
        time.sleep(every_s)


class SpinningRunner:
    """Gives FreeCAD a script that never ends instead of the real one: a run to cancel."""

    SCRIPT = "import FreeCAD\nx = 0\nwhile x >= 0:\n    x += 1\n"

    def __init__(self, real: Any) -> None:
        self.real = real

    async def arun(self, script: str, out_dir: Path, formats: set[str], metadata: dict[str, str]) -> Any:
        return await self.real.arun(self.SCRIPT, out_dir, formats, metadata)


class GatedRunner:
    """Holds every job until ``gate`` is set, then runs it for real; counts finished jobs."""

    def __init__(self, real: Any, gate: threading.Event) -> None:
        self.real = real
        self.gate = gate
        self.waiting = 0
        self.finished = 0

    async def arun(self, script: str, out_dir: Path, formats: set[str], metadata: dict[str, str]) -> Any:
        self.waiting += 1
        await asyncio.to_thread(self.gate.wait, 120)
        self.waiting -= 1
        try:
            return await self.real.arun(script, out_dir, formats, metadata)
        finally:
            self.finished += 1
