"""The two processes of one job, started together: the untrusted model process and the trusted measure one."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ai_designer.freecad.worker_process import WorkerProcess


class JobWorkers:
    """A model worker (runs the script) and a measure worker (never does), each used for one job."""

    def __init__(self, start: Callable[[str], WorkerProcess]) -> None:
        self.model = start("model")
        try:
            self.measure = start("measure")
        except BaseException:
            self.model.dispose()
            raise

    @property
    def startup_s(self) -> float | None:
        """How long the slower of the two took to become ready."""
        times = [w.startup_s for w in (self.model, self.measure)]
        return None if None in times else max(t for t in times if t is not None)

    @property
    def ready_info(self) -> dict[str, object]:
        """What the measure worker said when it became ready (FreeCAD version...)."""
        return self.measure.ready_info

    def alive(self) -> bool:
        """True while both processes run."""
        return self.model.alive() and self.measure.alive()

    def wait_ready(self, timeout_s: float) -> None:
        """Block until both have imported FreeCAD; raise WorkerLostError otherwise."""
        deadline = time.monotonic() + timeout_s
        self.model.wait_ready(timeout_s)
        self.measure.wait_ready(max(deadline - time.monotonic(), 0.1))

    def kill(self, reason: str) -> None:
        """Kill both sandboxes (idempotent)."""
        self.model.kill(reason)
        self.measure.kill(reason)

    def dispose(self) -> None:
        """Stop both and delete their folders."""
        self.model.dispose()
        self.measure.dispose()


class Reaper:
    """Tidies up finished jobs off the request's path: their processes take a moment to vanish.

    :meth:`dispose` kills at once (nothing of the job runs after it returns) and
    leaves the waiting and the folder removal to a background thread;
    :meth:`join` waits for all of them, e.g. before a command-line run exits.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._threads: set[threading.Thread] = set()

    def dispose(self, workers: JobWorkers) -> None:
        """Kill ``workers`` now and dispose of them in the background."""
        workers.kill("disposed")

        def tidy() -> None:
            try:
                workers.dispose()
            finally:
                with self._lock:
                    self._threads.discard(threading.current_thread())

        thread = threading.Thread(target=tidy, name="freecad-reaper", daemon=True)
        # Started under the lock so that join() never sees a thread that has not started yet.
        with self._lock:
            thread.start()
            self._threads.add(thread)

    def join(self, timeout_s: float) -> None:
        """Wait until every disposal started so far is done (at most ``timeout_s``)."""
        deadline = time.monotonic() + timeout_s
        with self._lock:
            pending = list(self._threads)
        for thread in pending:
            thread.join(max(deadline - time.monotonic(), 0.0))
