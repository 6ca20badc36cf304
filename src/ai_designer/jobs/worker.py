"""A worker of the Redis queue: ``ai-designer worker``, or inside ``serve`` with EMBEDDED_WORKER=true.

It runs up to ``WORKER_CONCURRENCY`` design jobs at once (so at most that many FreeCAD
processes), beats each job's heartbeat while it runs, reconciles unfinished designs at
start-up and every ``RECONCILE_INTERVAL_S``, and removes old design folders.

:meth:`QueueWorker.drain` (SIGTERM, SIGINT) stops taking jobs at once; the running ones
get ``DRAIN_GRACE_S`` seconds to finish, then are handed back to the queue (another
worker resumes them from their last checkpoint) and the worker exits.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Awaitable, Callable
from contextlib import suppress

from prometheus_client import start_http_server
from saq import Worker
from saq.types import Context

from ai_designer.config import Settings
from ai_designer.errors import AIDesignerError
from ai_designer.jobs.reconcile import Reconciler
from ai_designer.jobs.redis_queue import (
    CANCELLED_BY_CLIENT,
    DESIGN_JOB,
    EXPORT_JOB,
    ResilientQueue,
    open_queue,
)
from ai_designer.jobs.retention import remove_old_designs
from ai_designer.jobs.runtime import design_work, open_engine
from ai_designer.jobs.work import DesignWork, RunControl, export_failure
from ai_designer.logging import bind_correlation_id, get_logger
from ai_designer.metrics import Metrics
from ai_designer.store import store_from_settings

log = get_logger(__name__)

#: How often old design folders are looked for.
RETENTION_EVERY_S = 3600.0


class _Worker(Worker[Context]):
    """saq's worker without its own signal handling (the process decides what a signal means)."""

    SIGNALS = []  # noqa: RUF012 - overrides the class attribute of saq's Worker


async def _every(seconds: float, action: Callable[[], Awaitable[object]], what: str) -> None:
    while True:
        try:
            await action()
        except Exception as exc:  # a periodic chore must never kill the worker
            log.warning("chore_failed", chore=what, error=repr(exc))
        await asyncio.sleep(seconds)


class QueueWorker:
    """Consumes design and export jobs until drained."""

    def __init__(self, settings: Settings, queue: ResilientQueue, work: DesignWork) -> None:
        self.settings = settings
        self.queue = queue
        self.work = work
        self.draining = False
        self.reconciler = Reconciler(work.store, queue, settings)
        self.worker = _Worker(
            queue,
            functions=[(DESIGN_JOB, self._design), (EXPORT_JOB, self._export)],
            id=work.owner,
            concurrency=settings.worker_concurrency,
            timers={"sweep": settings.job_sweep_interval_s, "abort": 1, "schedule": 1, "worker_info": 5},
            dequeue_timeout=1.0,
            shutdown_grace_period_s=max(1, round(settings.drain_grace_s)),
            cancellation_hard_deadline_s=15.0,
            metadata={"owner": work.owner},
        )

    async def _design(self, ctx: Context, *, design_id: str, revision: int) -> str:
        job = ctx["job"]

        def handing_back() -> bool:
            # Only DELETE cancels a design; any other abort (a sweep that raced the job's start)
            # gives the job back to the queue, which delivers it again.
            task = self.worker.job_task_contexts.get(job)
            aborted = task["aborted"] if task else None
            return self.draining or (aborted is not None and aborted != CANCELLED_BY_CLIENT)

        control = RunControl(handing_back=handing_back)
        return await self.work.run(design_id, revision, heartbeat=job.update, control=control)

    async def _export(self, ctx: Context, *, design_id: str, fmt: str, view: str) -> dict[str, str]:
        with bind_correlation_id(design_id):
            try:
                await self.work.export(design_id, fmt, view)
            except Exception as exc:  # reported to the API that asked, which tells the client
                log.warning("export_failed", format=fmt, error=repr(exc))
                return export_failure(exc)
        return {}

    async def run(self) -> None:
        """Work until :meth:`drain` has finished draining."""
        await self.queue.connect()
        chores = [
            asyncio.create_task(
                _every(self.settings.reconcile_interval_s, self.reconciler.run_once, "reconcile")
            ),
            asyncio.create_task(_every(RETENTION_EVERY_S, self._clean, "retention")),
        ]
        log.info("worker_started", owner=self.work.owner, concurrency=self.settings.worker_concurrency)
        try:
            await self.worker.start()
        finally:
            for chore in chores:
                chore.cancel()
            with suppress(asyncio.CancelledError):
                await asyncio.gather(*chores, return_exceptions=True)
            log.info("worker_stopped", owner=self.work.owner)

    async def _clean(self) -> None:
        await asyncio.to_thread(remove_old_designs, self.work.output_root, self.settings.output_retention_s)

    def drain(self) -> None:
        """Take no more jobs; let the running ones finish within the grace period, then hand them back."""
        if not self.draining:
            log.info("worker_draining", grace_s=self.settings.drain_grace_s)
        self.draining = True
        self.queue.paused = True
        self.worker.event.set()


async def run_worker_process(
    settings: Settings, metrics_port: int | None = None, metrics_host: str = "127.0.0.1"
) -> None:
    """``ai-designer worker``: FreeCAD, the pipeline and the queue, until SIGTERM or SIGINT has drained it."""
    store = store_from_settings(settings)
    metrics = Metrics()
    engine = open_engine(settings, store)
    try:
        work = design_work(settings, store, engine, metrics)
        if work is None:
            raise engine.error or AIDesignerError("The design engine is not available.")
        worker = QueueWorker(settings, open_queue(settings), work)
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, worker.drain)
        if metrics_port is not None:
            start_http_server(metrics_port, addr=metrics_host, registry=metrics.scrape_registry())
        await worker.run()
    finally:
        await engine.close()
        await store.close()
