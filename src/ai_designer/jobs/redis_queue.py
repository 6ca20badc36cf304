"""Designs on a Redis job queue (saq): the API enqueues, ``ai-designer worker`` processes consume.

saq keeps each job under its key (``<design id>:<revision>``, which is also the run's
checkpoint thread, so a revision is queued at most once), delivers it at least once, and
records a heartbeat while it runs: a job whose worker stopped beating for
``JOB_HEARTBEAT_S`` seconds is found by the next sweep of any worker (every
``JOB_SWEEP_INTERVAL_S``) and queued again, up to ``JOB_MAX_ATTEMPTS`` deliveries. DELETE
aborts a job wherever it runs. On-demand exports are jobs too, keyed by design, revision
and file, so concurrent requests share one.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import RedisError
from saq import Job, Status
from saq.queue.redis import RedisQueue

from ai_designer.api.errors import DesignBusyError
from ai_designer.config import Settings
from ai_designer.errors import FreeCADExecutionError
from ai_designer.exporting import artifact_name
from ai_designer.jobs.base import CANCEL_WAIT_S, DesignQueue, QueueFullError, QueueStats, export_key
from ai_designer.logging import get_logger
from ai_designer.schemas.design import DesignState
from ai_designer.store.base import DesignStore
from ai_designer.store.redis import reachable

log = get_logger(__name__)

QUEUE_NAME = "designs"
DESIGN_JOB = "design"
EXPORT_JOB = "export"
#: Job statuses after which nothing more happens to a job.
ENDED = frozenset({Status.COMPLETE, Status.FAILED, Status.ABORTED})
_POLL_S = 0.2
#: The abort reason DELETE gives (the workers tell it from saq's sweeps).
CANCELLED_BY_CLIENT = "cancelled by the client"


class ResilientQueue(RedisQueue):
    """saq's Redis queue, waiting (instead of spinning) while Redis is unreachable, and taking no
    job once :attr:`paused` (a draining worker): a job that a dequeue already in flight brings
    back is put back at the head of the queue."""

    paused = False

    async def dequeue(self, timeout: float = 0.0, poll_interval: float = 0.0) -> Job | None:
        if self.paused:
            await asyncio.sleep(timeout or 1.0)
            return None
        try:
            job = await super().dequeue(timeout, poll_interval)
            if job is not None and self.paused:
                async with self.redis.pipeline(transaction=True) as pipe:
                    pipe.lrem(self._active, 1, job.id)
                    pipe.lpush(self._queued, job.id)
                    await pipe.execute()
                return None
            return job
        except (RedisError, OSError) as exc:
            log.warning("queue_unreachable", error=type(exc).__name__)
            await asyncio.sleep(1.0)
            return None


def open_queue(settings: Settings) -> ResilientQueue:
    """The design queue on REDIS_URL, on a bounded pool of its own (its Pub/Sub reads block)."""
    assert settings.redis_url is not None
    pool = BlockingConnectionPool.from_url(
        settings.redis_url,
        max_connections=settings.redis_max_connections,
        timeout=settings.redis_pool_timeout_s,
        socket_connect_timeout=2.0,
        retry=Retry(ExponentialBackoff(cap=0.25, base=0.05), retries=2),
    )
    return ResilientQueue(Redis(connection_pool=pool), name=QUEUE_NAME)


def job_key(design_id: str, revision: int) -> str:
    """The key of a revision's design job (the same as its checkpoint thread)."""
    return f"{design_id}:{revision}"


def design_job(state: DesignState, settings: Settings) -> Job:
    """The job running one revision of a design."""
    return Job(
        DESIGN_JOB,
        kwargs={"design_id": state.design_id, "revision": state.revision},
        key=job_key(state.design_id, state.revision),
        heartbeat=settings.job_heartbeat_s,
        timeout=settings.job_timeout_s,
        retries=settings.job_max_attempts,
        ttl=settings.design_ttl_s,
    )


async def wait_until_ended(queue: RedisQueue, key: str, timeout_s: float) -> Job | None:
    """The job once it has ended (None if it is gone); TimeoutError after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while True:
        with reachable():
            job = await queue.job(key)
        if job is None or job.status in ENDED:
            return job
        if time.monotonic() > deadline:
            raise asyncio.TimeoutError
        await asyncio.sleep(_POLL_S)


class RedisDesignQueue(DesignQueue):
    """The API side of the Redis queue: enqueue, abort, export, count."""

    def __init__(self, store: DesignStore, queue: ResilientQueue, settings: Settings) -> None:
        self.store = store
        self.queue = queue
        self.settings = settings

    async def start(self) -> None:
        await self.queue.connect()

    async def submit(self, state: DesignState) -> None:
        with reachable():
            depth = await self.queue.count("queued")
        if depth >= self.settings.queue_max_depth:
            raise QueueFullError(
                f"The queue is full ({depth} designs are waiting).",
                retry_after_s=self.settings.queue_retry_after_s,
            )
        await self.store.save(state)
        with reachable():
            job = await self.queue.enqueue(design_job(state, self.settings))
        if job is None:
            raise DesignBusyError(f"Design {state.design_id} is already queued or running.")

    async def cancel(self, design_id: str) -> bool:
        state = await self.store.load(design_id)
        if state is None:
            return False
        key = job_key(design_id, state.revision)
        with reachable():
            job = await self.queue.job(key)
            if job is None or job.status in ENDED:
                return False
            await self.queue.abort(job, CANCELLED_BY_CLIENT)
        try:
            await wait_until_ended(self.queue, key, CANCEL_WAIT_S)
        except asyncio.TimeoutError:
            log.warning("cancel_not_confirmed", design_id=design_id)
        return True

    async def export(self, state: DesignState, revision: int, fmt: str, view: str) -> None:
        key = export_key(state.design_id, revision, artifact_name(fmt, view))
        job = Job(
            EXPORT_JOB,
            kwargs={"design_id": state.design_id, "fmt": fmt, "view": view},
            key=key,
            timeout=int(self.settings.export_wait_s),
            retries=self.settings.job_max_attempts,
            heartbeat=self.settings.job_heartbeat_s * 3,
            ttl=60,
        )
        with reachable():
            await self.queue.enqueue(job)  # None when the same export is already on its way
        try:
            done = await wait_until_ended(self.queue, key, self.settings.export_wait_s)
        except asyncio.TimeoutError as exc:
            raise FreeCADExecutionError(
                f"The {fmt} export did not finish within {self.settings.export_wait_s:.0f} s.",
                hint="The workers are busy or none is running; try again later.",
            ) from exc
        failure: dict[str, Any] = (done.result or {}) if done is not None else {}
        if done is not None and done.status != Status.COMPLETE:
            failure = {"error": f"The {fmt} export job ended as {done.status.value}."}
        if failure.get("error"):
            raise FreeCADExecutionError(
                f"Could not export {fmt}: {failure['error']}", hint=failure.get("hint", "")
            )

    async def stats(self) -> QueueStats:
        with reachable():
            info = await self.queue.info()
        return QueueStats(queued=info["queued"], running=info["active"], workers=len(info["workers"]))

    async def close(self) -> None:
        await self.queue.disconnect()
