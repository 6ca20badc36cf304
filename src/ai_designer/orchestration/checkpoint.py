"""Checkpointers for the pipeline: a SQLite file (embedded default) or memory (tests)."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from langgraph.checkpoint.memory import InMemorySaver
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver
from pydantic import BaseModel

from ai_designer.schemas import design, events, execution, task_graph, validation


def _schema_classes() -> list[tuple[str, str]]:
    """(module, class) of every contract model: the only types a checkpoint may revive."""
    allowed: list[tuple[str, str]] = []
    for module in (design, events, execution, task_graph, validation):
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, BaseModel) and obj.__module__ == module.__name__:
                allowed.append((module.__name__, name))
    allowed.append((design.__name__, "DesignStatus"))
    return allowed


def serializer() -> JsonPlusSerializer:
    """A serializer that revives our contract models and nothing else."""
    return JsonPlusSerializer(allowed_msgpack_modules=_schema_classes())


def memory_checkpointer() -> InMemorySaver:
    """Checkpoints in memory (tests, one-shot runs)."""
    return InMemorySaver(serde=serializer())


@asynccontextmanager
async def sqlite_checkpointer(path: Path) -> AsyncIterator[AsyncSqliteSaver]:
    """Checkpoints in a SQLite file, so an interrupted design can be resumed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    async with AsyncSqliteSaver.from_conn_string(str(path)) as saver:
        saver.serde = serializer()
        yield saver
