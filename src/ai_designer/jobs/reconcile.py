"""Reconciliation: no design is left "running" when no worker will ever finish it.

saq's sweep queues again a job whose worker stopped beating, so a design whose worker
died is picked up by another. This catches what the sweep cannot: a design that is
unfinished in the store but has no live job (its deliveries were used up, Redis lost the
queue, or the job was never enqueued because Redis went away in between). Such a design
is queued again, up to ``JOB_MAX_ATTEMPTS`` times per revision, then failed with a clear
error. Workers run it at start-up and every ``RECONCILE_INTERVAL_S`` seconds.
"""

from __future__ import annotations

from datetime import timedelta

from saq.queue.redis import RedisQueue

from ai_designer.config import Settings
from ai_designer.errors import StoreUnavailableError
from ai_designer.jobs.recorder import ended, terminal_event
from ai_designer.jobs.redis_queue import ENDED, design_job, job_key
from ai_designer.logging import get_logger
from ai_designer.schemas.design import DesignState, DesignStatus, utcnow
from ai_designer.store.base import DesignStore
from ai_designer.store.redis import reachable

log = get_logger(__name__)


class Reconciler:
    """Finds unfinished designs without a live job and requeues or fails them."""

    def __init__(self, store: DesignStore, queue: RedisQueue, settings: Settings) -> None:
        self.store = store
        self.queue = queue
        self.settings = settings
        # A design this recently touched may be on its way into the queue: leave it alone.
        self.settle_s = 2 * settings.job_heartbeat_s + settings.job_sweep_interval_s

    async def run_once(self) -> dict[str, int]:
        """One pass; how many designs were requeued and failed."""
        outcome = {"requeued": 0, "failed": 0}
        try:
            unfinished = await self.store.unfinished()
        except StoreUnavailableError:
            return outcome
        for design_id in unfinished:
            try:
                action = await self._check(design_id)
            except StoreUnavailableError:
                return outcome
            if action:
                outcome[action] += 1
        if any(outcome.values()):
            log.info("reconciled", **outcome)
        return outcome

    async def _check(self, design_id: str) -> str | None:
        state = await self.store.load(design_id)
        if state is None or state.status.finished:
            return None
        if utcnow() - state.updated_at < timedelta(seconds=self.settle_s):
            return None
        with reachable():
            job = await self.queue.job(job_key(design_id, state.revision))
        if job is not None and job.status not in ENDED:
            return None  # queued, running or being retried: saq takes care of it
        attempts = await self.store.increment(
            f"requeues:{design_id}:{state.revision}", self.settings.design_ttl_s
        )
        if attempts <= self.settings.job_max_attempts:
            with reachable():
                await self.queue.enqueue(design_job(state, self.settings))
            log.warning("design_requeued", design_id=design_id, attempt=attempts)
            return "requeued"
        await self._fail(state, attempts - 1)
        return "failed"

    async def _fail(self, state: DesignState, attempts: int) -> None:
        final = ended(
            state,
            DesignStatus.FAILED,
            "WorkerLost",
            f"The design was queued again {attempts} times and never finished: its workers kept stopping.",
            hint="Check the workers' logs (memory, FreeCAD crashes), then submit the design again.",
        )
        if await self.store.update(final):
            await self.store.append_event(terminal_event(final))
        log.error("design_failed_by_reconciliation", design_id=state.design_id)
