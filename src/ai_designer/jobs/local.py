"""The in-process queue: without Redis, ``serve`` runs designs itself, on the workers' code path.

``WORKER_CONCURRENCY`` tasks take designs from a bounded FIFO (``QUEUE_MAX_DEPTH``) and
run each through :class:`~ai_designer.jobs.work.DesignWork`, exactly as ``ai-designer
worker`` does; the pipeline's computing stages run on their own thread (offload.py), so
the serving loop stays free. On shutdown running designs get ``DRAIN_GRACE_S`` to finish.
"""

from __future__ import annotations

import asyncio
from contextlib import suppress

from ai_designer.api.errors import DesignBusyError
from ai_designer.errors import AIDesignerError
from ai_designer.exporting import artifact_name
from ai_designer.jobs.base import CANCEL_WAIT_S, DesignQueue, QueueFullError, QueueStats, export_key
from ai_designer.jobs.work import DesignWork
from ai_designer.logging import get_logger
from ai_designer.schemas.design import DesignState
from ai_designer.store.base import DesignStore

log = get_logger(__name__)


class LocalQueue(DesignQueue):
    """Designs queued and run in this process."""

    def __init__(
        self,
        store: DesignStore,
        work: DesignWork | None,
        *,
        concurrency: int,
        max_depth: int,
        retry_after_s: int,
        drain_grace_s: float,
        export_wait_s: float,
        unavailable: AIDesignerError | None = None,
    ) -> None:
        self.store = store
        self.work = work
        self.concurrency = concurrency
        self.max_depth = max_depth
        self.retry_after_s = retry_after_s
        self.drain_grace_s = drain_grace_s
        self.export_wait_s = export_wait_s
        self.unavailable = unavailable
        self._waiting: asyncio.Queue[tuple[str, int]] = asyncio.Queue()
        self._queued: set[str] = set()
        self._running: dict[str, asyncio.Task[str]] = {}
        self._exports: dict[str, asyncio.Task[None]] = {}
        self._consumers: list[asyncio.Task[None]] = []
        self._closing = False

    async def start(self) -> None:
        self._consumers = [
            asyncio.create_task(self._consume(), name=f"design-worker-{n}") for n in range(self.concurrency)
        ]

    def _engine(self) -> DesignWork:
        if self.work is None:
            raise self.unavailable or AIDesignerError("The design engine is not available.")
        return self.work

    async def submit(self, state: DesignState) -> None:
        self._engine()
        design_id = state.design_id
        if design_id in self._queued:
            raise DesignBusyError(f"Design {design_id} is already queued.")
        if len(self._queued) >= self.max_depth:
            raise QueueFullError(
                f"The queue is full ({self.max_depth} designs are waiting).", retry_after_s=self.retry_after_s
            )
        await self.store.save(state)
        self._queued.add(design_id)
        self._waiting.put_nowait((design_id, state.revision))

    async def _consume(self) -> None:
        work = self._engine()
        while not self._closing:
            design_id, revision = await self._waiting.get()
            if self._closing:
                return
            if design_id not in self._queued:
                continue  # cancelled while it waited
            self._queued.discard(design_id)
            task = asyncio.create_task(work.run(design_id, revision), name=f"design-{design_id}")
            self._running[design_id] = task
            try:
                await asyncio.wait({task})
            finally:
                if self._running.get(design_id) is task:  # a refine may already be running
                    del self._running[design_id]
            if not task.cancelled() and task.exception() is not None:
                log.error("design_job_crashed", design_id=design_id, error=repr(task.exception()))

    async def cancel(self, design_id: str) -> bool:
        if design_id in self._queued:
            self._queued.discard(design_id)
            return True
        task = self._running.get(design_id)
        if task is None:
            return False
        task.cancel()
        await asyncio.wait({task}, timeout=CANCEL_WAIT_S)
        return True

    async def export(self, state: DesignState, revision: int, fmt: str, view: str) -> None:
        work = self._engine()
        key = export_key(state.design_id, revision, artifact_name(fmt, view))
        task = self._exports.get(key)
        if task is None:
            task = asyncio.create_task(work.export(state.design_id, fmt, view))
            self._exports[key] = task
            task.add_done_callback(lambda _: self._exports.pop(key, None))
        await asyncio.wait_for(asyncio.shield(task), self.export_wait_s)

    async def stats(self) -> QueueStats:
        return QueueStats(queued=len(self._queued), running=len(self._running), workers=1)

    async def close(self) -> None:
        """Take no more designs, give the running ones the grace period, then cancel what is left."""
        self._closing = True
        running = list(self._running.values())
        if running:
            log.info("draining", designs=len(running), grace_s=self.drain_grace_s)
            await asyncio.wait(running, timeout=self.drain_grace_s)
        for task in [*self._consumers, *self._running.values(), *self._exports.values()]:
            task.cancel()
        with suppress(asyncio.CancelledError):
            await asyncio.gather(*self._consumers, *running, return_exceptions=True)
