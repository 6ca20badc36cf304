"""Real `ai-designer serve` and `ai-designer worker` processes for queue tests and benchmarks."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from helpers.api_support import wait_until
from helpers.redis_server import free_port

CLI = str(Path(sys.executable).with_name("ai-designer"))

#: Short heartbeats and sweeps, so a dead worker's design moves on within seconds.
FAST_QUEUE = {
    "JOB_HEARTBEAT_S": "2",
    "JOB_SWEEP_INTERVAL_S": "1",
    "RECONCILE_INTERVAL_S": "2",
    "RATE_LIMIT_REQUESTS": "0",
    "QUOTA_DESIGNS": "0",
    "FREECAD_POOL_SIZE": "1",
}


def process_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A clean environment: no provider keys, no stray Redis, JSON logs, designs under tmp_path."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.endswith("_API_KEY") and k not in ("LLM_API_BASE", "REDIS_URL", "PROMETHEUS_MULTIPROC_DIR")
    }
    env |= {"AI_DESIGNER_ENV_FILE": os.devnull, "OUTPUT_DIR": str(tmp_path / "designs"), "LOG_FORMAT": "json"}
    return env | FAST_QUEUE | extra


@dataclass
class Proc:
    """One ai-designer process and its log."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def events(self) -> list[dict[str, Any]]:
        """The process's JSON log lines."""
        found = []
        for line in self.text().splitlines():
            if line.startswith("{"):
                try:
                    found.append(json.loads(line))
                except ValueError:
                    continue
        return found

    def signal(self, signum: int) -> None:
        self.process.send_signal(signum)

    def stop(self, timeout_s: float = 60) -> int:
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        return int(self.process.returncode)


@dataclass
class Cluster:
    """An API process and workers sharing one Redis."""

    tmp_path: Path
    env: dict[str, str]
    procs: list[Proc] = field(default_factory=list)
    base: str = ""

    def _start(self, name: str, args: list[str], **extra: str) -> Proc:
        log = self.tmp_path / f"{name}.log"
        env = self.env | extra
        process = subprocess.Popen(
            [CLI, *args], env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True
        )
        proc = Proc(name, process, log)
        self.procs.append(proc)
        return proc

    def serve(self, *args: str, **extra: str) -> Proc:
        """Start `ai-designer serve` (with more ``args``) and wait until /ready."""
        port = free_port()
        proc = self._start("serve", ["serve", "--port", str(port), *args], **extra)
        self.base = f"http://127.0.0.1:{port}"

        def ready() -> bool:
            assert proc.alive(), proc.text()
            try:
                return httpx.get(f"{self.base}/ready", timeout=2).status_code == 200
            except httpx.TransportError:
                return False

        wait_until(ready, 90, 0.2)
        return proc

    def worker(self, name: str, **extra: str) -> Proc:
        """Start `ai-designer worker` with its own design folder (as on another machine)."""
        folder = str(self.tmp_path / f"{name}-designs")
        proc = self._start(name, ["worker"], OUTPUT_DIR=folder, **extra)
        started = lambda: any(e.get("event") == "worker_started" for e in proc.events())  # noqa: E731
        wait_until(lambda: started() or not proc.alive(), 90)
        assert proc.alive(), proc.text()
        return proc

    def submit(self, prompt: str = "a 20 mm cube", **body: Any) -> str:
        answer = httpx.post(f"{self.base}/api/v1/design", json={"prompt": prompt, **body}, timeout=10)
        assert answer.status_code == 202, answer.text
        return str(answer.json()["design_id"])

    def design(self, design_id: str) -> dict[str, Any]:
        answer = httpx.get(f"{self.base}/api/v1/design/{design_id}", timeout=10)
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    def audit(self, design_id: str) -> list[dict[str, Any]]:
        answer = httpx.get(f"{self.base}/api/v1/design/{design_id}/audit", timeout=10)
        assert answer.status_code == 200, answer.text
        return list(answer.json()["events"])

    def wait_finished(self, design_id: str, timeout_s: float) -> dict[str, Any]:
        def finished() -> dict[str, Any] | None:
            view = self.design(design_id)
            return view if not view["running"] else None

        return dict(wait_until(finished, timeout_s, 0.25))

    def stop_all(self) -> None:
        for proc in reversed(self.procs):
            if proc.alive():
                proc.stop()
