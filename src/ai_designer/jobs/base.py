"""The design queue as the API sees it: submit, cancel, export on demand, how full it is.

:class:`~ai_designer.jobs.local.LocalQueue` runs designs in the serving process (no Redis);
:class:`~ai_designer.jobs.redis_queue.RedisDesignQueue` puts them on the Redis queue that
``ai-designer worker`` processes consume. Both end in the same
:class:`~ai_designer.jobs.work.DesignWork`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from pydantic import BaseModel

from ai_designer.errors import AIDesignerError
from ai_designer.schemas.design import DesignState

#: How long DELETE waits for a cancelled run to wind down.
CANCEL_WAIT_S = 10.0


class QueueFullError(AIDesignerError):
    """The queue holds as many designs as it may; context holds ``retry_after_s``."""

    default_hint = "The server is busy: try again after the number of seconds in the Retry-After header."


class QueueStats(BaseModel):
    """How busy the designs' workers are."""

    queued: int
    running: int
    workers: int


def export_key(design_id: str, revision: int, name: str) -> str:
    """One on-demand export: however many ask for it at once, it is made once."""
    return f"export:{design_id}:{revision}:{name}"


class DesignQueue(ABC):
    """Where the API hands designs to workers."""

    @abstractmethod
    async def start(self) -> None:
        """Begin (in-process: start the workers)."""

    @abstractmethod
    async def submit(self, state: DesignState) -> None:
        """Store the run's first state and queue it.

        Raises QueueFullError when the queue is full, DesignBusyError when the design is
        queued or running already, StoreUnavailableError when Redis is down.
        """

    @abstractmethod
    async def cancel(self, design_id: str) -> bool:
        """Cancel the design's queued or running job and wait (a little) for it; False if none."""

    @abstractmethod
    async def export(self, state: DesignState, revision: int, fmt: str, view: str) -> None:
        """Have a worker make a file of ``revision`` that was not written, and wait for it."""

    @abstractmethod
    async def stats(self) -> QueueStats:
        """Queue depth, designs running, workers alive."""

    @abstractmethod
    async def close(self) -> None:
        """Stop (in-process: drain the running designs, see DRAIN_GRACE_S)."""
