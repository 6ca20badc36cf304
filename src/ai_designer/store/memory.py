"""The in-memory design store: the embedded default when REDIS_URL is unset (one API process)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from ai_designer.schemas.design import DesignState, DesignStatus
from ai_designer.schemas.events import DesignEvent
from ai_designer.store.base import (
    DesignPage,
    DesignStore,
    EventSubscription,
    IndexPosition,
    index_position,
    listed,
)

_COUNTER_SWEEP_AT = 10_000


@dataclass
class _Design:
    state_json: str | None = None
    events: list[DesignEvent] = field(default_factory=list)
    seq: int = 0
    expires_at: float = 0.0
    position: IndexPosition = (0, "")
    finished: bool = True


class _QueueSubscription(EventSubscription):
    def __init__(self, queue: asyncio.Queue[DesignEvent]) -> None:
        self.queue = queue

    async def get(self, timeout_s: float) -> DesignEvent | None:
        try:
            return await asyncio.wait_for(self.queue.get(), timeout_s)
        except asyncio.TimeoutError:
            return None


class MemoryStore(DesignStore):
    """Designs in a dict, with the same time to live and numbering as the Redis store."""

    def __init__(self, ttl_s: int) -> None:
        self.ttl_s = ttl_s
        self._designs: dict[str, _Design] = {}
        self._counters: dict[str, tuple[int, float]] = {}
        self._subscribers: dict[str, set[asyncio.Queue[DesignEvent]]] = {}
        self._values: dict[str, tuple[str, float]] = {}

    def _live(self, design_id: str) -> _Design | None:
        design = self._designs.get(design_id)
        if design is not None and design.expires_at <= time.monotonic():
            del self._designs[design_id]
            return None
        return design

    def _touch(self, design_id: str) -> _Design:
        design = self._live(design_id) or self._designs.setdefault(design_id, _Design())
        design.expires_at = time.monotonic() + self.ttl_s
        return design

    async def save(self, state: DesignState) -> None:
        design = self._touch(state.design_id)
        design.state_json = state.model_dump_json()
        design.position = index_position(state)
        design.finished = state.status.finished

    async def update(self, state: DesignState) -> bool:
        design = self._live(state.design_id)
        if design is None or design.state_json is None:
            return False
        await self.save(state)
        return True

    async def load(self, design_id: str) -> DesignState | None:
        design = self._live(design_id)
        if design is None or design.state_json is None:
            return None
        return DesignState.model_validate_json(design.state_json)

    async def append_event(self, event: DesignEvent) -> DesignEvent:
        design = self._touch(event.design_id)
        design.seq += 1
        numbered = event.model_copy(update={"seq": design.seq})
        design.events.append(numbered)
        for queue in self._subscribers.get(event.design_id, ()):
            queue.put_nowait(numbered)
        return numbered

    async def events(self, design_id: str) -> list[DesignEvent]:
        design = self._live(design_id)
        return list(design.events) if design else []

    @asynccontextmanager
    async def subscribe(self, design_id: str) -> AsyncIterator[EventSubscription]:
        queue: asyncio.Queue[DesignEvent] = asyncio.Queue()
        queues = self._subscribers.setdefault(design_id, set())
        queues.add(queue)
        try:
            yield _QueueSubscription(queue)
        finally:
            queues.discard(queue)
            if not queues:
                self._subscribers.pop(design_id, None)

    async def increment(self, key: str, ttl_s: int) -> int:
        now = time.monotonic()
        count, expires_at = self._counters.get(key, (0, now + ttl_s))
        if expires_at <= now:
            count, expires_at = 0, now + ttl_s
        if len(self._counters) > _COUNTER_SWEEP_AT:
            self._counters = {k: v for k, v in self._counters.items() if v[1] > now}
        self._counters[key] = (count + 1, expires_at)
        return count + 1

    async def list_designs(
        self, *, after: IndexPosition | None, limit: int, statuses: frozenset[DesignStatus] | None
    ) -> DesignPage:
        ordered = sorted(
            (d.position for d_id in list(self._designs) if (d := self._live(d_id)) and d.state_json),
            reverse=True,
        )
        if after is not None:
            ordered = [p for p in ordered if p < after]
        found: list[DesignState] = []
        last: IndexPosition | None = None
        for position in ordered:
            if len(found) == limit:
                break
            state = await self.load(position[1])
            last = position
            if listed(state, statuses):
                assert state is not None
                found.append(state)
        more = last is not None and ordered.index(last) < len(ordered) - 1
        return DesignPage(found, last if more else None)

    async def unfinished(self) -> list[str]:
        return [d_id for d_id in list(self._designs) if (d := self._live(d_id)) and not d.finished]

    def _value(self, key: str) -> str | None:
        value, expires_at = self._values.get(key, ("", 0.0))
        return value if expires_at > time.monotonic() else None

    async def remember(self, key: str, value: str, ttl_s: int) -> str | None:
        existing = self._value(key)
        if existing is None:
            self._values[key] = (value, time.monotonic() + ttl_s)
        return existing

    async def lease(self, key: str, owner: str, ttl_s: float) -> bool:
        holder = self._value(key)
        if holder not in (None, owner):
            return False
        self._values[key] = (owner, time.monotonic() + ttl_s)
        return True

    async def release(self, key: str, owner: str) -> None:
        if self._value(key) == owner:
            del self._values[key]

    async def delete(self, design_id: str) -> bool:
        return self._designs.pop(design_id, None) is not None

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        self._subscribers.clear()
