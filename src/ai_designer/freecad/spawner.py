"""Start worker processes from one long-lived thread.

bubblewrap's ``--die-with-parent`` (PR_SET_PDEATHSIG) fires when the *thread*
that started the process ends, not the process. Workers are started from
short-lived threads (the pool's refills, request threads), so every start is
handed to one daemon thread that lives as long as the service: the sandbox
then dies with the service, and only with it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")


class _Spawner:
    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def _loop(self) -> None:
        while True:
            function, future = self._queue.get()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(function())
            except BaseException as exc:  # handed to the caller, which re-raises it
                future.set_exception(exc)

    def call(self, function: Callable[[], T]) -> T:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():  # first use, or after a fork
                self._thread = threading.Thread(target=self._loop, name="freecad-spawner", daemon=True)
                self._thread.start()
            if threading.current_thread() is self._thread:
                return function()
        future: Future[T] = Future()
        self._queue.put((function, future))
        return future.result()


_SPAWNER = _Spawner()


def on_spawner_thread(function: Callable[[], T]) -> T:
    """Run ``function`` (which starts processes) on the service-long spawner thread; its result."""
    return _SPAWNER.call(function)
