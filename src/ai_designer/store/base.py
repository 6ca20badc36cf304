"""The design store: where the API keeps design state, the audit trail, live events and counters.

Two implementations share this interface: :class:`~ai_designer.store.memory.MemoryStore`
(one process, the embedded default) and :class:`~ai_designer.store.redis.RedisStore`
(any number of API and worker processes). Files are kept by an artifact store
(:mod:`ai_designer.jobs.artifacts`).

The store also keeps an index of designs (newest first, for listing) and the set of
designs whose run has not finished (for reconciliation); both follow :meth:`save`,
:meth:`update` and :meth:`delete` by themselves.

Every event of a design gets a number (``seq``) from the store, unique and growing
across all the design's revisions, so a reader merging the audit trail with live
events drops duplicates by ``seq``. A store that cannot be reached raises
:class:`~ai_designer.errors.StoreUnavailableError`; the next call tries again.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

from ai_designer.schemas.design import DesignState, DesignStatus
from ai_designer.schemas.events import DesignEvent

#: A position in the design index: (created_at in ms, design id); listing goes newest first.
IndexPosition = tuple[int, str]


@dataclass(frozen=True)
class DesignPage:
    """One page of the design list, and where the next one starts (None: this was the last)."""

    designs: list[DesignState]
    next: IndexPosition | None


def index_position(state: DesignState) -> IndexPosition:
    """Where a design sits in the index."""
    return int(state.created_at.timestamp() * 1000), state.design_id


def listed(state: DesignState | None, statuses: frozenset[DesignStatus] | None) -> bool:
    """True when a stored design belongs in a list filtered by ``statuses``."""
    return state is not None and (statuses is None or state.status in statuses)


class EventSubscription(ABC):
    """Live events of one design, from the moment of subscribing."""

    @abstractmethod
    async def get(self, timeout_s: float) -> DesignEvent | None:
        """The next event, or None when none came within ``timeout_s``."""


class DesignStore(ABC):
    """State, audit trail, live events and rate counters of designs."""

    @abstractmethod
    async def save(self, state: DesignState) -> None:
        """Store the state (replacing the previous one) and restart the design's time to live."""

    @abstractmethod
    async def update(self, state: DesignState) -> bool:
        """Replace the state only if the design still exists; False when it is gone (deleted, expired)."""

    @abstractmethod
    async def load(self, design_id: str) -> DesignState | None:
        """The stored state, or None when the design does not exist (or expired)."""

    @abstractmethod
    async def append_event(self, event: DesignEvent) -> DesignEvent:
        """Number the event, add it to the audit trail and publish it; returns the numbered event."""

    @abstractmethod
    async def events(self, design_id: str) -> list[DesignEvent]:
        """The audit trail: every event of the design so far, by ``seq``."""

    @abstractmethod
    def subscribe(self, design_id: str) -> AbstractAsyncContextManager[EventSubscription]:
        """Live events of the design; events appended once the context is entered are delivered."""

    @abstractmethod
    async def increment(self, key: str, ttl_s: int) -> int:
        """Add one to a counter and return it; a new counter expires ``ttl_s`` seconds later."""

    @abstractmethod
    async def delete(self, design_id: str) -> bool:
        """Forget the design's state, audit trail and numbering; False when nothing was stored."""

    @abstractmethod
    async def list_designs(
        self, *, after: IndexPosition | None, limit: int, statuses: frozenset[DesignStatus] | None
    ) -> DesignPage:
        """Designs newest first, starting after ``after``, with one of ``statuses`` (None: any).

        A page may hold fewer than ``limit`` designs and still have a next one (the store looks
        at a bounded number of entries per call).
        """

    @abstractmethod
    async def unfinished(self) -> list[str]:
        """Ids of the designs whose run has not finished (queued or running somewhere)."""

    @abstractmethod
    async def remember(self, key: str, value: str, ttl_s: int) -> str | None:
        """Store ``value`` under ``key`` unless something is there; return what was there (or None)."""

    @abstractmethod
    async def lease(self, key: str, owner: str, ttl_s: float) -> bool:
        """Take or renew the lease ``key`` for ``owner``; False while another owner holds it."""

    @abstractmethod
    async def release(self, key: str, owner: str) -> None:
        """Give the lease back (only if ``owner`` holds it)."""

    @abstractmethod
    async def ping(self) -> None:
        """Return when the store answers; StoreUnavailableError otherwise."""

    @abstractmethod
    async def close(self) -> None:
        """Release connections."""
