"""A pool of pre-started FreeCAD workers, each used for exactly one job.

The pool keeps ``size`` workers imported and waiting on stdin. Taking one
starts its replacement on a background thread. When no ready worker is there
(pool size 0, or more concurrent jobs than the pool holds), the job gets a
worker started on the spot: a cold start.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from ai_designer.errors import FreeCADConnectionError
from ai_designer.freecad.worker_process import WorkerProcess
from ai_designer.logging import get_logger


def _log() -> Any:
    # Looked up per call: a logger bound at import time would miss configure_logging().
    return get_logger("ai_designer.freecad.pool")


class WorkerPool:
    """Thread-safe pool of ready :class:`WorkerProcess` objects."""

    def __init__(self, spawn: Callable[[], WorkerProcess], size: int, startup_timeout_s: float) -> None:
        self._spawn = spawn
        self._size = size
        self._startup_timeout_s = startup_timeout_s
        self._ready: list[WorkerProcess] = []
        self._starting = 0
        self._closed = False
        self._changed = threading.Condition()
        self._refill()

    def _refill(self) -> None:
        """Start workers until ready + starting reaches the pool size (call with or without the lock)."""
        with self._changed:
            missing = 0 if self._closed else self._size - len(self._ready) - self._starting
            self._starting += max(missing, 0)
        for _ in range(max(missing, 0)):
            threading.Thread(target=self._start_one, name="freecad-worker-start", daemon=True).start()

    def _start_one(self) -> None:
        worker: WorkerProcess | None = None
        try:
            worker = self._spawn()
            worker.wait_ready(self._startup_timeout_s)
        except Exception as exc:  # a background thread: report, never die silently
            _log().warning("freecad_worker_start_failed", error=str(exc))
            if worker is not None:
                worker.dispose()
            worker = None
        with self._changed:
            self._starting -= 1
            if worker is not None and not self._closed:
                self._ready.append(worker)
                worker = None
            self._changed.notify_all()
        if worker is not None:  # the pool closed while it was starting
            worker.dispose()

    def acquire(self) -> tuple[WorkerProcess, bool]:
        """A ready worker and whether it had to be started for this job (a cold start)."""
        with self._changed:
            if self._closed:
                raise FreeCADConnectionError("The FreeCAD runner is closed.", hint="Create a new runner.")
            worker, dead = None, []
            while self._ready and worker is None:
                candidate = self._ready.pop(0)
                if candidate.alive():
                    worker = candidate
                else:
                    dead.append(candidate)
        for candidate in dead:
            candidate.dispose()
        self._refill()
        if worker is not None:
            return worker, False
        cold = self._spawn()
        try:
            cold.wait_ready(self._startup_timeout_s)
        except FreeCADConnectionError:
            cold.dispose()
            raise
        return cold, True

    def wait_ready(self, timeout_s: float) -> bool:
        """Block until the pool holds ``size`` ready workers (or nothing more is starting)."""
        with self._changed:
            self._changed.wait_for(
                lambda: len(self._ready) >= self._size or self._starting == 0, timeout=timeout_s
            )
            return len(self._ready) >= self._size

    @property
    def ready_count(self) -> int:
        """Workers ready right now."""
        with self._changed:
            return len(self._ready)

    def close(self) -> None:
        """Stop idle workers; workers still starting stop themselves when ready."""
        with self._changed:
            self._closed = True
            idle, self._ready = self._ready, []
            self._changed.notify_all()
        for worker in idle:
            worker.dispose()
