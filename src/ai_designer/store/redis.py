"""The Redis design store: state as JSON with a TTL, a Streams audit trail, Pub/Sub live events.

Keys of a design ``ID`` (all expire ``ttl_s`` after the last write)::

    design:ID:state    the DesignState as JSON
    design:ID:audit    the audit trail, a stream (XADD), one entry per event
    design:ID:seq      the last event number
    design:ID:events   the Pub/Sub channel of live events (not a key)

and for all designs: ``designs:index`` (sorted set by creation time, for listing),
``designs:unfinished`` (sorted set of designs whose run has not ended, for reconciliation),
``lease:*`` and ``once:*`` (leases and idempotency keys, with their own expiry).

Connections come from one bounded pool per process (``REDIS_MAX_CONNECTIONS``; a caller
waits up to ``REDIS_POOL_TIMEOUT_S`` for a free one) and are short-timeout and retried a
little; when Redis is down every call raises StoreUnavailableError at once, and the client
reconnects by itself when Redis is back. Live events reach every WebSocket of the process
through ONE Pub/Sub connection (a pattern subscription routed in the process), not one
connection per socket.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager, suppress
from typing import cast

from pydantic import ValidationError
from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import RedisError

from ai_designer.errors import StateError, StoreUnavailableError
from ai_designer.logging import get_logger
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

_CONNECT_TIMEOUT_S = 2.0
_SOCKET_TIMEOUT_S = 5.0
_SUBSCRIBE_CONFIRM_S = 5.0
_EVENT_PATTERN = "design:*:events"
INDEX_KEY = "designs:index"
UNFINISHED_KEY = "designs:unfinished"
#: Index entries looked at per list call (a status filter may skip many).
_LIST_SCAN_CAP = 500
_LIST_BATCH = 100
_LEASE_SCRIPT = """
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
"""
_RELEASE_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

log = get_logger(__name__)


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _key(design_id: str, part: str) -> str:
    return f"design:{design_id}:{part}"


@contextmanager
def reachable() -> Iterator[None]:
    """Turn any Redis failure into StoreUnavailableError (never showing the URL: it may hold a password)."""
    try:
        yield
    except (RedisError, OSError) as exc:
        raise StoreUnavailableError(
            f"The design store (Redis) is unavailable: {type(exc).__name__}: {exc}"
        ) from exc


def client_from_url(url: str, max_connections: int = 64, pool_timeout_s: float = 5.0) -> Redis:
    """A client on a bounded, blocking pool, failing fast (a few hundred ms of retries) when Redis is down."""
    pool = BlockingConnectionPool.from_url(
        url,
        max_connections=max_connections,
        timeout=pool_timeout_s,
        socket_connect_timeout=_CONNECT_TIMEOUT_S,
        socket_timeout=_SOCKET_TIMEOUT_S,
        retry=Retry(ExponentialBackoff(cap=0.25, base=0.05), retries=2),
        health_check_interval=30,
    )
    return Redis(connection_pool=pool)


class _QueueSubscription(EventSubscription):
    def __init__(self, queue: asyncio.Queue[DesignEvent]) -> None:
        self.queue = queue

    async def get(self, timeout_s: float) -> DesignEvent | None:
        try:
            return await asyncio.wait_for(self.queue.get(), timeout_s)
        except asyncio.TimeoutError:
            return None


class EventHub:
    """The process's one Pub/Sub connection: every design's live events, routed to local watchers.

    While Redis is unreachable the reader retries every half second; events published
    meanwhile are missed here, and watchers catch up from the audit trail (see routes/ws.py).
    """

    def __init__(self, client: Redis) -> None:
        self.client = client
        self._watchers: dict[str, set[asyncio.Queue[DesignEvent]]] = {}
        self._reader: asyncio.Task[None] | None = None
        self._subscribed = asyncio.Event()

    async def start(self) -> None:
        """Subscribe (once) and wait for the confirmation; StoreUnavailableError when Redis is down."""
        if self._reader is None or self._reader.done():
            self._subscribed = asyncio.Event()
            self._reader = asyncio.create_task(self._read(), name="design-event-hub")
        try:
            await asyncio.wait_for(self._subscribed.wait(), _SUBSCRIBE_CONFIRM_S)
        except asyncio.TimeoutError as exc:
            raise StoreUnavailableError(
                "The design store (Redis) is unavailable: no Pub/Sub subscription."
            ) from exc

    async def _read(self) -> None:
        pubsub = self.client.pubsub()
        try:
            while True:
                try:
                    if not pubsub.subscribed:
                        await pubsub.psubscribe(_EVENT_PATTERN)
                    message = await pubsub.get_message(timeout=1.0)
                except (RedisError, OSError) as exc:
                    self._subscribed.clear()
                    log.warning("event_hub_reconnecting", error=type(exc).__name__)
                    await asyncio.sleep(0.5)
                    continue
                if message is None:
                    continue
                if message["type"] == "psubscribe":
                    self._subscribed.set()
                elif message["type"] == "pmessage":
                    self._route(message["data"])
        finally:
            with suppress(RedisError, OSError):
                await pubsub.aclose()  # type: ignore[no-untyped-call]

    def _route(self, data: bytes) -> None:
        event = DesignEvent.model_validate_json(data)
        for queue in self._watchers.get(event.design_id, ()):
            queue.put_nowait(event)

    @asynccontextmanager
    async def watch(self, design_id: str) -> AsyncIterator[EventSubscription]:
        """Live events of one design from now on."""
        await self.start()
        queue: asyncio.Queue[DesignEvent] = asyncio.Queue()
        queues = self._watchers.setdefault(design_id, set())
        queues.add(queue)
        try:
            yield _QueueSubscription(queue)
        finally:
            queues.discard(queue)
            if not queues:
                self._watchers.pop(design_id, None)

    async def close(self) -> None:
        """Stop reading."""
        if self._reader is not None:
            self._reader.cancel()
            with suppress(asyncio.CancelledError):
                await self._reader


class RedisStore(DesignStore):
    """Designs in Redis, shared by every API process using the same server."""

    def __init__(self, client: Redis, ttl_s: int) -> None:
        self.client = client
        self.ttl_s = ttl_s
        self.hub = EventHub(client)
        self._lease = client.register_script(_LEASE_SCRIPT)
        self._release = client.register_script(_RELEASE_SCRIPT)

    @classmethod
    def from_url(
        cls, url: str, ttl_s: int, max_connections: int = 64, pool_timeout_s: float = 5.0
    ) -> RedisStore:
        """A store on the Redis at ``url`` (see :func:`client_from_url`)."""
        return cls(client_from_url(url, max_connections, pool_timeout_s), ttl_s)

    async def save(self, state: DesignState) -> None:
        await self._set(state, only_existing=False)

    async def update(self, state: DesignState) -> bool:
        return await self._set(state, only_existing=True)

    async def _set(self, state: DesignState, *, only_existing: bool) -> bool:
        design_id = state.design_id
        with reachable():
            async with self.client.pipeline(transaction=True) as pipe:
                pipe.set(_key(design_id, "state"), state.model_dump_json(), ex=self.ttl_s, xx=only_existing)
                pipe.expire(_key(design_id, "audit"), self.ttl_s)
                pipe.expire(_key(design_id, "seq"), self.ttl_s)
                written, _, _ = await pipe.execute()
            if written:
                await self._index(state)
        return bool(written)

    async def _index(self, state: DesignState) -> None:
        created, design_id = index_position(state)
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.zadd(INDEX_KEY, {design_id: created}, nx=True)
            if state.status.finished:
                pipe.zrem(UNFINISHED_KEY, design_id)
            else:
                pipe.zadd(UNFINISHED_KEY, {design_id: created})
            await pipe.execute()

    async def load(self, design_id: str) -> DesignState | None:
        with reachable():
            raw = await self.client.get(_key(design_id, "state"))
        if raw is None:
            return None
        try:
            return DesignState.model_validate_json(raw)
        except ValidationError as exc:
            raise StateError(
                f"The stored state of design {design_id} is damaged: {str(exc).splitlines()[0]}",
                hint="Delete the design and submit it again.",
            ) from exc

    async def append_event(self, event: DesignEvent) -> DesignEvent:
        design_id = event.design_id
        with reachable():
            seq = int(await self.client.incr(_key(design_id, "seq")))
            numbered = event.model_copy(update={"seq": seq})
            payload = numbered.model_dump_json()
            async with self.client.pipeline(transaction=True) as pipe:
                pipe.xadd(_key(design_id, "audit"), {"seq": seq, "event": payload})
                pipe.expire(_key(design_id, "audit"), self.ttl_s)
                pipe.expire(_key(design_id, "seq"), self.ttl_s)
                pipe.publish(_key(design_id, "events"), payload)
                await pipe.execute()
        return numbered

    async def events(self, design_id: str) -> list[DesignEvent]:
        with reachable():
            entries = await self.client.xrange(_key(design_id, "audit"))
        found = [DesignEvent.model_validate_json(fields[b"event"]) for _, fields in entries or () if fields]
        return sorted(found, key=lambda e: e.seq)

    def subscribe(self, design_id: str) -> AbstractAsyncContextManager[EventSubscription]:
        return self.hub.watch(design_id)

    async def increment(self, key: str, ttl_s: int) -> int:
        with reachable():
            async with self.client.pipeline(transaction=True) as pipe:
                pipe.incr(key)
                pipe.expire(key, ttl_s, nx=True)
                count, _ = await pipe.execute()
        return int(count)

    async def delete(self, design_id: str) -> bool:
        with reachable():
            async with self.client.pipeline(transaction=True) as pipe:
                pipe.delete(_key(design_id, "state"), _key(design_id, "audit"), _key(design_id, "seq"))
                pipe.zrem(INDEX_KEY, design_id)
                pipe.zrem(UNFINISHED_KEY, design_id)
                removed, _, _ = await pipe.execute()
        return int(removed) > 0

    async def list_designs(
        self, *, after: IndexPosition | None, limit: int, statuses: frozenset[DesignStatus] | None
    ) -> DesignPage:
        found: list[DesignState] = []
        position = after
        for _ in range(_LIST_SCAN_CAP // _LIST_BATCH):
            batch = await self._index_after(position, _LIST_BATCH)
            states = await self._load_many([design_id for _, design_id in batch])
            for entry, state in zip(batch, states, strict=True):
                position = entry
                if state is None:
                    with reachable():
                        await self.client.zrem(INDEX_KEY, entry[1])  # expired: drop it from the index
                elif listed(state, statuses):
                    found.append(state)
                    if len(found) == limit:
                        return DesignPage(found, position)
            if len(batch) < _LIST_BATCH:
                return DesignPage(found, None)
        return DesignPage(found, position)

    async def _index_after(self, after: IndexPosition | None, count: int) -> list[IndexPosition]:
        """Index entries strictly after ``after`` (newest first)."""
        top = "+inf" if after is None else after[0]
        with reachable():
            rows = await self.client.zrevrangebyscore(
                INDEX_KEY, top, "-inf", start=0, num=count + 50, withscores=True
            )
        entries = [(int(score), _text(member)) for member, score in cast(list[tuple[bytes, float]], rows)]
        if after is not None:
            entries = [e for e in entries if e < after]
        return entries[:count]

    async def _load_many(self, design_ids: list[str]) -> list[DesignState | None]:
        if not design_ids:
            return []
        with reachable():
            raws = await self.client.mget([_key(d, "state") for d in design_ids])
        return [DesignState.model_validate_json(raw) if raw else None for raw in raws]

    async def unfinished(self) -> list[str]:
        with reachable():
            members = await self.client.zrange(UNFINISHED_KEY, 0, -1)
        return [_text(m) for m in members]

    async def remember(self, key: str, value: str, ttl_s: int) -> str | None:
        with reachable():
            previous = await self.client.set(f"once:{key}", value, ex=ttl_s, nx=True, get=True)
        return _text(previous) if isinstance(previous, (bytes, str)) else None

    async def lease(self, key: str, owner: str, ttl_s: float) -> bool:
        with reachable():
            taken = await self._lease(keys=[f"lease:{key}"], args=[owner, int(ttl_s * 1000)])
        return bool(taken)

    async def release(self, key: str, owner: str) -> None:
        with reachable():
            await self._release(keys=[f"lease:{key}"], args=[owner])

    async def ping(self) -> None:
        with reachable():
            await self.client.ping()

    async def close(self) -> None:
        await self.hub.close()
        with suppress(RedisError, OSError):
            await self.client.aclose()
