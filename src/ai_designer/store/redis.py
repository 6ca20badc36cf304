"""The Redis design store: state as JSON with a TTL, a Streams audit trail, Pub/Sub live events.

Keys of a design ``ID`` (all expire ``ttl_s`` after the last write)::

    design:ID:state    the DesignState as JSON
    design:ID:audit    the audit trail, a stream (XADD), one entry per event
    design:ID:seq      the last event number
    design:ID:events   the Pub/Sub channel of live events (not a key)

Connections are short-timeout and retried a little; when Redis is down every call raises
StoreUnavailableError at once, and the client reconnects by itself when Redis is back.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress

from pydantic import ValidationError
from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import RedisError

from ai_designer.errors import StateError, StoreUnavailableError
from ai_designer.schemas.design import DesignState
from ai_designer.schemas.events import DesignEvent
from ai_designer.store.base import DesignStore, EventSubscription

_CONNECT_TIMEOUT_S = 2.0
_SOCKET_TIMEOUT_S = 5.0
_SUBSCRIBE_CONFIRM_S = 5.0


def _key(design_id: str, part: str) -> str:
    return f"design:{design_id}:{part}"


@contextmanager
def _reachable() -> Iterator[None]:
    """Turn any Redis failure into StoreUnavailableError (never showing the URL: it may hold a password)."""
    try:
        yield
    except (RedisError, OSError) as exc:
        raise StoreUnavailableError(
            f"The design store (Redis) is unavailable: {type(exc).__name__}: {exc}"
        ) from exc


class _PubSubSubscription(EventSubscription):
    def __init__(self, pubsub: PubSub) -> None:
        self.pubsub = pubsub

    async def get(self, timeout_s: float) -> DesignEvent | None:
        with _reachable():
            message = await self.pubsub.get_message(ignore_subscribe_messages=True, timeout=timeout_s)
        if message is None or message.get("type") != "message":
            return None
        return DesignEvent.model_validate_json(message["data"])


class RedisStore(DesignStore):
    """Designs in Redis, shared by every API process using the same server."""

    def __init__(self, client: Redis, ttl_s: int) -> None:
        self.client = client
        self.ttl_s = ttl_s

    @classmethod
    def from_url(cls, url: str, ttl_s: int) -> RedisStore:
        """A store on the Redis at ``url``, failing fast (a few hundred ms of retries) when it is down."""
        client = Redis.from_url(
            url,
            socket_connect_timeout=_CONNECT_TIMEOUT_S,
            socket_timeout=_SOCKET_TIMEOUT_S,
            retry=Retry(ExponentialBackoff(cap=0.25, base=0.05), retries=2),
            health_check_interval=30,
        )
        return cls(client, ttl_s)

    async def save(self, state: DesignState) -> None:
        await self._set(state, only_existing=False)

    async def update(self, state: DesignState) -> bool:
        return await self._set(state, only_existing=True)

    async def _set(self, state: DesignState, *, only_existing: bool) -> bool:
        design_id = state.design_id
        with _reachable():
            async with self.client.pipeline(transaction=True) as pipe:
                pipe.set(_key(design_id, "state"), state.model_dump_json(), ex=self.ttl_s, xx=only_existing)
                pipe.expire(_key(design_id, "audit"), self.ttl_s)
                pipe.expire(_key(design_id, "seq"), self.ttl_s)
                written, _, _ = await pipe.execute()
        return bool(written)

    async def load(self, design_id: str) -> DesignState | None:
        with _reachable():
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
        with _reachable():
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
        with _reachable():
            entries = await self.client.xrange(_key(design_id, "audit"))
        found = [DesignEvent.model_validate_json(fields[b"event"]) for _, fields in entries or () if fields]
        return sorted(found, key=lambda e: e.seq)

    @asynccontextmanager
    async def subscribe(self, design_id: str) -> AsyncIterator[EventSubscription]:
        pubsub = self.client.pubsub()
        try:
            with _reachable():
                await pubsub.subscribe(_key(design_id, "events"))
                # Wait for the confirmation: from here on no published event can be missed.
                await pubsub.get_message(timeout=_SUBSCRIBE_CONFIRM_S)
            yield _PubSubSubscription(pubsub)
        finally:
            with suppress(RedisError, OSError):
                await pubsub.aclose()  # type: ignore[no-untyped-call]

    async def increment(self, key: str, ttl_s: int) -> int:
        with _reachable():
            async with self.client.pipeline(transaction=True) as pipe:
                pipe.incr(key)
                pipe.expire(key, ttl_s, nx=True)
                count, _ = await pipe.execute()
        return int(count)

    async def delete(self, design_id: str) -> bool:
        with _reachable():
            removed = await self.client.delete(
                _key(design_id, "state"), _key(design_id, "audit"), _key(design_id, "seq")
            )
        return int(removed) > 0

    async def ping(self) -> None:
        with _reachable():
            await self.client.ping()

    async def close(self) -> None:
        with suppress(RedisError, OSError):
            await self.client.aclose()
