"""LangGraph checkpoints in plain Redis, so that any worker can resume a design another one began.

langgraph-checkpoint-redis (the LangGraph Redis checkpointer) needs the RedisJSON and
RediSearch modules (Redis Stack, or Redis 8 where they are built in). Debian's redis-server
7 has neither, so this saver keeps each thread in plain hashes, readable by every worker
that reaches the same Redis. Only the async interface is implemented: the pipeline runs
with ``ainvoke``.

Keys of a thread (all expire ``ttl_s`` after the thread's last write)::

    ckpt:{thread}:{ns}             hash: checkpoint id -> (type, checkpoint, metadata, parent id)
    ckpt:{thread}:{ns}:w:{id}      hash: "task id|index" -> (task id, channel, type, value, task path)
    ckpt:{thread}:keys             set: every key above (for delete_thread)

Checkpoint ids are time-ordered (uuid6), so the newest is the greatest. A write that finds
Redis unavailable is retried for ``patience_s`` seconds (a Redis restart must not fail a
design), then raises StoreUnavailableError.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any, TypeVar, cast

import ormsgpack
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import (
    WRITES_IDX_MAP,
    BaseCheckpointSaver,
    ChannelVersions,
    Checkpoint,
    CheckpointMetadata,
    CheckpointTuple,
    PendingWrite,
    get_checkpoint_id,
    get_checkpoint_metadata,
    writes_sort_key,
)
from redis.asyncio import Redis

from ai_designer.orchestration.checkpoint import serializer
from ai_designer.store.redis import reachable
from ai_designer.store.retry import until_stored

T = TypeVar("T")


def _thread_key(thread_id: str) -> str:
    return f"ckpt:{thread_id}:keys"


def _checkpoints_key(thread_id: str, ns: str) -> str:
    return f"ckpt:{thread_id}:{ns}"


def _writes_key(thread_id: str, ns: str, checkpoint_id: str) -> str:
    return f"ckpt:{thread_id}:{ns}:w:{checkpoint_id}"


def _bytes(value: bytes | str) -> bytes:
    return value if isinstance(value, bytes) else value.encode()


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


class RedisCheckpointSaver(BaseCheckpointSaver[int]):
    """Checkpoints of the design pipeline in Redis (no modules needed)."""

    def __init__(self, client: Redis, ttl_s: int, *, patience_s: float = 60.0) -> None:
        super().__init__(serde=serializer())
        self.client = client
        self.ttl_s = ttl_s
        self.patience_s = patience_s

    async def _retrying(self, what: str, operation: Callable[[], Awaitable[T]]) -> T:
        async def attempt() -> T:
            with reachable():
                return await operation()

        return await until_stored(attempt, what=what, give_up_after_s=self.patience_s)

    # ------------------------------------------------------------------ reading

    async def aget_tuple(self, config: RunnableConfig) -> CheckpointTuple | None:
        configurable = config["configurable"]
        thread_id = str(configurable["thread_id"])
        ns = str(configurable.get("checkpoint_ns", ""))
        key = _checkpoints_key(thread_id, ns)
        checkpoint_id = get_checkpoint_id(config)
        if checkpoint_id is None:
            ids = await self._retrying("checkpoint ids", lambda: self.client.hkeys(key))
            if not ids:
                return None
            checkpoint_id = max(_text(i) for i in ids)
        chosen = checkpoint_id
        raw = await self._retrying("checkpoint", lambda: self.client.hget(key, chosen))
        if raw is None:
            return None
        return await self._tuple(thread_id, ns, chosen, raw)

    async def alist(
        self,
        config: RunnableConfig | None,
        *,
        filter: dict[str, Any] | None = None,
        before: RunnableConfig | None = None,
        limit: int | None = None,
    ) -> AsyncIterator[CheckpointTuple]:
        if config is None:
            raise ValueError("Listing checkpoints needs a thread_id: there is no index across threads.")
        configurable = config["configurable"]
        thread_id = str(configurable["thread_id"])
        ns = str(configurable.get("checkpoint_ns", ""))
        key = _checkpoints_key(thread_id, ns)
        rows = await self._retrying("checkpoints", lambda: self.client.hgetall(key))
        ordered = sorted(((_text(k), v) for k, v in rows.items()), reverse=True)
        wanted = get_checkpoint_id(config)
        ceiling = get_checkpoint_id(before) if before else None
        count = 0
        for checkpoint_id, raw in ordered:
            if (wanted and checkpoint_id != wanted) or (ceiling and checkpoint_id >= ceiling):
                continue
            found = await self._tuple(thread_id, ns, checkpoint_id, raw)
            if filter and any(found.metadata.get(k) != v for k, v in filter.items()):
                continue
            yield found
            count += 1
            if limit is not None and count >= limit:
                return

    async def _tuple(self, thread_id: str, ns: str, checkpoint_id: str, raw: bytes | str) -> CheckpointTuple:
        type_, blob, metadata, parent = ormsgpack.unpackb(_bytes(raw))
        writes_key = _writes_key(thread_id, ns, checkpoint_id)
        stored = await self._retrying("pending writes", lambda: self.client.hvals(writes_key))
        rows = [ormsgpack.unpackb(_bytes(w)) for w in stored]
        pending: list[PendingWrite] = [
            (task_id, channel, self.serde.loads_typed((w_type, value)))
            for task_id, channel, w_type, value, _path, _idx in sorted(
                rows, key=lambda r: writes_sort_key(r[4], r[0], r[5])
            )
        ]

        def config_of(an_id: str) -> RunnableConfig:
            return {"configurable": {"thread_id": thread_id, "checkpoint_ns": ns, "checkpoint_id": an_id}}

        return CheckpointTuple(
            config_of(checkpoint_id),
            self.serde.loads_typed((type_, blob)),
            cast(CheckpointMetadata, json.loads(metadata)),
            config_of(parent) if parent else None,
            pending,
        )

    # ------------------------------------------------------------------ writing

    async def aput(
        self,
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        configurable = config["configurable"]
        thread_id = str(configurable["thread_id"])
        ns = str(configurable.get("checkpoint_ns", ""))
        type_, blob = self.serde.dumps_typed(checkpoint)
        meta = json.dumps(get_checkpoint_metadata(config, metadata), ensure_ascii=False)
        row = ormsgpack.packb([type_, blob, meta, configurable.get("checkpoint_id")])
        key = _checkpoints_key(thread_id, ns)

        async def write() -> None:
            async with self.client.pipeline(transaction=True) as pipe:
                pipe.hset(key, checkpoint["id"], row)
                self._remember(pipe, thread_id, key)
                await pipe.execute()

        await self._retrying("checkpoint", write)
        return {
            "configurable": {"thread_id": thread_id, "checkpoint_ns": ns, "checkpoint_id": checkpoint["id"]}
        }

    async def aput_writes(
        self,
        config: RunnableConfig,
        writes: Sequence[tuple[str, Any]],
        task_id: str,
        task_path: str = "",
    ) -> None:
        configurable = config["configurable"]
        thread_id = str(configurable["thread_id"])
        ns = str(configurable.get("checkpoint_ns", ""))
        key = _writes_key(thread_id, ns, str(configurable["checkpoint_id"]))
        replace = all(channel in WRITES_IDX_MAP for channel, _ in writes)
        fields: dict[str, bytes] = {}
        for idx, (channel, value) in enumerate(writes):
            index = WRITES_IDX_MAP.get(channel, idx)
            w_type, blob = self.serde.dumps_typed(value)
            fields[f"{task_id}|{index}"] = ormsgpack.packb([task_id, channel, w_type, blob, task_path, index])

        async def write() -> None:
            async with self.client.pipeline(transaction=True) as pipe:
                for field, row in fields.items():
                    if replace:
                        pipe.hset(key, field, row)
                    else:
                        pipe.hsetnx(key, field, row)
                self._remember(pipe, thread_id, key)
                await pipe.execute()

        await self._retrying("checkpoint writes", write)

    def _remember(self, pipe: Any, thread_id: str, key: str) -> None:
        """Add ``key`` to the thread's key set and restart the thread's time to live."""
        pipe.sadd(_thread_key(thread_id), key)
        pipe.expire(key, self.ttl_s)
        pipe.expire(_thread_key(thread_id), self.ttl_s)

    async def adelete_thread(self, thread_id: str) -> None:
        async def delete() -> None:
            keys = await self.client.smembers(_thread_key(thread_id))
            await self.client.delete(_thread_key(thread_id), *keys)

        await self._retrying("checkpoint deletion", delete)
