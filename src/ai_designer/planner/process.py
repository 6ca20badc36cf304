"""The offline planner in processes of its own, for long-lived servers.

Parsing is pure Python: on a thread it would hold the serving process's GIL, and a long request
(up to the 4,000-character limit, about 2 s of parsing) would slow every other request of that
process. In a separate process it cannot. The CLI plans one request and keeps the planner in
process.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from pydantic import ValidationError

from ai_designer.cad.sanity import impossible_sizes
from ai_designer.errors import PlanningError
from ai_designer.planner.planner import LocalPlanner, LocalPlanResult
from ai_designer.schemas.task_graph import TaskGraph

_PLANNER: LocalPlanner | None = None
_WARM_UP = "a 10 mm cube"
_PARENT_POLL_S = 1.0


def _planner() -> LocalPlanner:
    global _PLANNER  # one per planner process, made by _warm
    if _PLANNER is None:
        _PLANNER = LocalPlanner()
    return _PLANNER


def _warm(parent: int) -> None:
    """Follow the parent out, and build the grammar before the first request arrives."""
    threading.Thread(target=_exit_with, args=(parent,), name="planner-parent-watch", daemon=True).start()
    _planner().plan(_WARM_UP)


def _exit_with(parent: int) -> None:
    """Exit once ``parent`` is gone (a SIGKILLed server would otherwise leave its planners behind)."""
    while os.getppid() == parent:
        time.sleep(_PARENT_POLL_S)
    os._exit(0)


def _ready() -> None:
    """Nothing: submitted once per process so that the pool spawns them at once."""


def _plan(prompt: str, base: TaskGraph | None) -> LocalPlanResult:
    try:
        return _planner().plan(prompt) if base is None else _planner().modify(base, prompt)
    except ValidationError as exc:  # not picklable: turned into the refusal the caller would make
        raise impossible_sizes(exc) from None


class PlannerProcess:
    """``plan`` and ``modify`` of :class:`LocalPlanner`, run in ``processes`` spawned processes.

    The processes start (and build the grammar) when this is made, off the request path. A
    process that dies is replaced on the next request, which is retried once.
    """

    def __init__(self, processes: int = 1) -> None:
        self._processes = processes
        self._lock = threading.Lock()
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(
            max_workers=self._processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm,
            initargs=(os.getpid(),),
        )
        for _ in range(self._processes):
            pool.submit(_ready)  # spawns the processes now, so the first design does not wait
        return pool

    def _submit(self, prompt: str, base: TaskGraph | None) -> Future[LocalPlanResult]:
        with self._lock:
            try:
                return self._pool.submit(_plan, prompt, base)
            except BrokenProcessPool:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._start()
                return self._pool.submit(_plan, prompt, base)

    async def _run(self, prompt: str, base: TaskGraph | None) -> LocalPlanResult:
        try:
            return await asyncio.wrap_future(self._submit(prompt, base))
        except BrokenProcessPool:
            try:
                return await asyncio.wrap_future(self._submit(prompt, base))
            except BrokenProcessPool as exc:
                raise PlanningError(
                    "The offline planner's process stopped while planning this request.",
                    hint="Try again; if it keeps happening, the request may be too large to plan.",
                ) from exc

    async def plan(self, prompt: str) -> LocalPlanResult:
        """:meth:`LocalPlanner.plan` in a planner process."""
        return await self._run(prompt, None)

    async def modify(self, graph: TaskGraph, change: str) -> LocalPlanResult:
        """:meth:`LocalPlanner.modify` in a planner process."""
        return await self._run(change, graph)

    def close(self) -> None:
        """Stop the processes (a request still being planned is abandoned)."""
        with self._lock:
            self._pool.shutdown(wait=False, cancel_futures=True)
