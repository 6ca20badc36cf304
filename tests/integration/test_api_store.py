"""The DesignStore contract, against the in-memory store and a real Redis."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import redis

from ai_designer.errors import StoreUnavailableError
from ai_designer.schemas.design import DesignState, DesignStatus
from ai_designer.schemas.events import DesignEvent
from ai_designer.store.base import DesignStore
from ai_designer.store.memory import MemoryStore
from ai_designer.store.redis import RedisStore
from helpers.redis_server import RedisServer, free_port, redis_server_path

TTL_S = 3600


def make_state(design_id: str = "abc123", **changes: object) -> DesignState:
    return DesignState(design_id=design_id, prompt="a 20 mm cube", original_prompt="a 20 mm cube", **changes)


def event(design_id: str, kind: str = "stage_started", **fields: object) -> DesignEvent:
    return DesignEvent(design_id=design_id, kind=kind, **fields)  # type: ignore[arg-type]


@pytest.fixture(params=["memory", "redis"])
async def store(request: pytest.FixtureRequest) -> AsyncIterator[DesignStore]:
    if request.param == "memory":
        the_store: DesignStore = MemoryStore(TTL_S)
    else:
        the_store = RedisStore.from_url(request.getfixturevalue("redis_url"), TTL_S)
    yield the_store
    await the_store.close()


async def test_state_round_trip_update_and_delete(store: DesignStore) -> None:
    assert await store.load("abc123") is None
    assert await store.update(make_state()) is False, "update must not create a design"
    state = make_state()
    await store.save(state)
    assert await store.load("abc123") == state
    assert await store.update(make_state(status=DesignStatus.COMPLETED)) is True
    loaded = await store.load("abc123")
    assert loaded is not None and loaded.status == DesignStatus.COMPLETED
    assert await store.delete("abc123") is True
    assert await store.load("abc123") is None
    assert await store.delete("abc123") is False


async def test_events_are_numbered_across_revisions_and_kept_in_order(store: DesignStore) -> None:
    await store.save(make_state())
    numbered = [
        await store.append_event(event("abc123", "prompt_received", seq=1)),
        await store.append_event(event("abc123", "stage_started", stage="planner", seq=7)),
        await store.append_event(event("abc123", "design_completed", seq=2)),
        await store.append_event(event("abc123", "refinement_started", revision=2, seq=1)),
    ]
    assert [e.seq for e in numbered] == [1, 2, 3, 4], "the store numbers events, whatever they carried"
    trail = await store.events("abc123")
    assert [(e.seq, e.kind) for e in trail] == [
        (1, "prompt_received"),
        (2, "stage_started"),
        (3, "design_completed"),
        (4, "refinement_started"),
    ]
    assert await store.events("other") == []
    await store.delete("abc123")
    assert await store.events("abc123") == []
    assert (await store.append_event(event("abc123"))).seq == 1, "numbering restarts after delete"


async def test_subscribers_get_events_appended_after_subscribing(store: DesignStore) -> None:
    await store.append_event(event("abc123", "prompt_received"))
    async with store.subscribe("abc123") as live, store.subscribe("abc123") as other:
        assert await live.get(0.05) is None, "nothing from before subscribing"
        await store.append_event(event("abc123", "stage_started", stage="planner"))
        await store.append_event(event("zzz999", "stage_started"))
        await store.append_event(event("abc123", "design_completed"))
        for subscription in (live, other):
            first = await subscription.get(2)
            second = await subscription.get(2)
            assert first is not None and second is not None
            assert [(first.kind, first.seq), (second.kind, second.seq)] == [
                ("stage_started", 2),
                ("design_completed", 3),
            ]
            assert await subscription.get(0.05) is None


async def test_counters_count_and_expire(store: DesignStore) -> None:
    assert [await store.increment("ratelimit:k:1", 1) for _ in range(3)] == [1, 2, 3]
    assert await store.increment("ratelimit:other:1", 1) == 1
    await asyncio.sleep(1.2)
    assert await store.increment("ratelimit:k:1", 1) == 1


async def test_redis_keys_expire_with_the_design(redis_url: str) -> None:
    store = RedisStore.from_url(redis_url, 120)
    try:
        await store.save(make_state())
        await store.append_event(event("abc123"))
        with redis.Redis.from_url(redis_url) as client:
            for key in ("design:abc123:state", "design:abc123:audit", "design:abc123:seq"):
                assert 0 < client.ttl(key) <= 120, key
            assert client.type("design:abc123:audit") == b"stream"
    finally:
        await store.close()


async def test_memory_designs_expire() -> None:
    store = MemoryStore(ttl_s=1)
    await store.save(make_state())
    await store.append_event(event("abc123"))
    await asyncio.sleep(1.1)
    assert await store.load("abc123") is None
    assert await store.events("abc123") == []


@pytest.mark.skipif(redis_server_path() is None, reason="redis-server is not installed")
async def test_redis_down_raises_store_unavailable_then_recovers(tmp_path: Path) -> None:
    server = RedisServer(tmp_path / "redis", port=free_port())
    store = RedisStore.from_url(server.url, TTL_S)
    try:
        for call in (store.ping(), store.load("abc123"), store.save(make_state()), store.increment("k", 5)):
            with pytest.raises(StoreUnavailableError) as caught:
                await call
            assert "Redis" in caught.value.message and "REDIS_URL" in caught.value.hint
        server.start()
        await store.ping()
        await store.save(make_state())
        assert await store.load("abc123") is not None
    finally:
        await store.close()
        server.stop()
