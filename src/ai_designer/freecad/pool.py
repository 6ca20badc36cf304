"""A pool of pre-started FreeCAD worker pairs, each used for exactly one job.

The pool keeps ``size`` pairs (model and measure process) imported and waiting
on stdin. A pair taken for a job is replaced on a background thread once that
job ends (:meth:`WorkerPool.release`), or after :data:`REFILL_DELAY_S` if the
job runs longer: starting two FreeCAD processes takes a core each for half a
second, which would otherwise slow down the very job that took the pair. A
one-shot command that runs a single job makes its pool with ``replace=False``:
a replacement would only compete for the cores and be stopped at exit. When
no ready pair is there (pool size 0, or more concurrent jobs than the pool
holds), the job waits for a pair that is starting, or gets one started on the
spot: a cold start.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from ai_designer.errors import FreeCADConnectionError
from ai_designer.freecad.job_workers import JobWorkers
from ai_designer.logging import get_logger

REFILL_DELAY_S = 1.0
#: how long :meth:`WorkerPool.close` waits for pairs it stopped while they were starting
CLOSE_TIMEOUT_S = 10.0


def _log() -> Any:
    # Looked up per call: a logger bound at import time would miss configure_logging().
    return get_logger("ai_designer.freecad.pool")


class WorkerPool:
    """Thread-safe pool of ready :class:`JobWorkers` pairs."""

    def __init__(
        self, spawn: Callable[[], JobWorkers], size: int, startup_timeout_s: float, replace: bool = True
    ) -> None:
        self._spawn = spawn
        self._size = size
        self._replace = replace
        self._startup_timeout_s = startup_timeout_s
        self._ready: list[JobWorkers] = []
        self._starting = 0
        self._starting_pairs: list[JobWorkers] = []  # spawned, not ready yet
        self._threads: set[threading.Thread] = set()
        self._closed = False
        self._changed = threading.Condition()
        self._refill()

    def _refill(self) -> None:
        """Start pairs until ready + starting reaches the pool size (call with or without the lock)."""
        with self._changed:
            missing = 0 if self._closed else self._size - len(self._ready) - self._starting
            self._starting += max(missing, 0)
        for _ in range(max(missing, 0)):
            # Started under the lock, so that close() never sees a thread it cannot join yet.
            with self._changed:
                if self._closed:
                    self._starting -= 1
                    continue
                thread = threading.Thread(target=self._start_one, name="freecad-worker-start", daemon=True)
                self._threads.add(thread)
                thread.start()

    def _start_one(self) -> None:
        workers: JobWorkers | None = None
        try:
            workers = self._spawn()
            with self._changed:
                closed = self._closed
                if not closed:
                    self._starting_pairs.append(workers)
            if closed:
                raise FreeCADConnectionError("The FreeCAD runner closed while a worker pair started.")
            workers.wait_ready(self._startup_timeout_s)
        except Exception as exc:  # a background thread: report, never die silently
            if not self._closed:
                _log().warning("freecad_worker_start_failed", error=str(exc))
            if workers is not None:
                workers.dispose()
            workers = None
        with self._changed:
            self._starting -= 1
            self._starting_pairs = [p for p in self._starting_pairs if p is not workers]
            self._threads.discard(threading.current_thread())
            if workers is not None and not self._closed:
                self._ready.append(workers)
                workers = None
            self._changed.notify_all()
        if workers is not None:  # the pool closed while it was starting
            workers.dispose()

    def acquire(self) -> tuple[JobWorkers, bool]:
        """A ready pair and whether it had to be started for this job (a cold start).

        Call :meth:`release` when the job ends, so that the pool starts its replacement.
        """
        with self._changed:
            if self._closed:
                raise FreeCADConnectionError("The FreeCAD runner is closed.", hint="Create a new runner.")
            waited = not self._ready and self._starting > 0
            if waited:  # a pair is on its way: quicker than starting one more next to it
                self._changed.wait_for(
                    lambda: bool(self._ready) or self._starting == 0, self._startup_timeout_s
                )
            workers, dead = None, []
            while self._ready and workers is None:
                candidate = self._ready.pop(0)
                if candidate.alive():
                    workers = candidate
                else:
                    dead.append(candidate)
        for candidate in dead:
            candidate.dispose()
        if self._replace:
            timer = threading.Timer(REFILL_DELAY_S, self._refill)
            timer.daemon = True
            timer.start()
        if workers is not None:
            return workers, waited
        cold = self._spawn()
        try:
            cold.wait_ready(self._startup_timeout_s)
        except FreeCADConnectionError:
            cold.dispose()
            raise
        return cold, True

    def release(self) -> None:
        """A job that took a pair ended: start the replacements now (unless the pool does not
        replace pairs: a one-shot command, whose later jobs, if any, start their pair cold)."""
        if self._replace:
            self._refill()

    def wait_ready(self, timeout_s: float) -> bool:
        """Start what is missing, then block until the pool holds ``size`` ready pairs (or nothing
        more is starting: a start failed)."""
        self._refill()  # a job that just ended may not have asked for its replacement yet
        with self._changed:
            self._changed.wait_for(
                lambda: len(self._ready) >= self._size or self._starting == 0, timeout=timeout_s
            )
            return len(self._ready) >= self._size

    @property
    def ready_count(self) -> int:
        """Pairs ready right now."""
        with self._changed:
            return len(self._ready)

    def close(self) -> None:
        """Stop idle pairs and pairs still starting, and wait until their folders are gone.

        A command-line run exits right after this: a pair left starting on a daemon
        thread would die with the process and leave its private folders behind.
        """
        with self._changed:
            self._closed = True
            idle, self._ready = self._ready, []
            starting, threads = list(self._starting_pairs), list(self._threads)
            self._changed.notify_all()
        for workers in starting:
            workers.kill("closed")  # its thread sees it fail to start, and disposes of it
        for workers in idle:
            workers.dispose()
        deadline = time.monotonic() + CLOSE_TIMEOUT_S
        for thread in threads:
            thread.join(max(deadline - time.monotonic(), 0.0))
