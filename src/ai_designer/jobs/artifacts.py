"""Where the API finds a design's files: the design folder (one machine) or Redis (any machine).

A worker writes a revision's files into its design folder (the CLI layout), then
:meth:`ArtifactStore.publish` makes them reachable by every API process. In-process
(no Redis) the folder is on the API's own disk and nothing is copied. With Redis the
files go into one hash per design that expires with the design; a file larger than
``ARTIFACT_MAX_BYTES`` is not copied (the API answers that it is too large to serve).
"""

from __future__ import annotations

import asyncio
import shutil
from abc import ABC, abstractmethod
from pathlib import Path

from redis.asyncio import Redis

from ai_designer.logging import get_logger
from ai_designer.schemas.design import DesignState
from ai_designer.store.redis import reachable
from ai_designer.workspace import DesignWorkspace, is_model_file

log = get_logger(__name__)


def _files_key(design_id: str) -> str:
    return f"design:{design_id}:files"


class ArtifactStore(ABC):
    """A design's files, by revision and file name (``model.step``, ``preview_iso.png``...)."""

    @abstractmethod
    async def publish(self, state: DesignState, folder: Path) -> None:
        """Make the files of the state's revision, written under ``folder``, reachable."""

    @abstractmethod
    async def put(self, design_id: str, revision: int, path: Path) -> None:
        """Make one file of a revision reachable (an export made on demand)."""

    @abstractmethod
    async def read(self, design_id: str, revision: int, name: str) -> bytes | None:
        """The file, or None when it is not there."""

    @abstractmethod
    async def delete(self, design_id: str) -> None:
        """Forget every file of the design."""


class FolderArtifacts(ArtifactStore):
    """The design folders under ``root`` (OUTPUT_DIR) of this machine."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self, design_id: str) -> Path:
        """The design's folder (ids are checked by the API to be plain names)."""
        return self.root / design_id

    async def publish(self, state: DesignState, folder: Path) -> None:
        return None  # already in place

    async def put(self, design_id: str, revision: int, path: Path) -> None:
        return None  # already in place

    async def read(self, design_id: str, revision: int, name: str) -> bytes | None:
        path = DesignWorkspace(self.folder(design_id)).revision_dir(revision) / name
        return await asyncio.to_thread(path.read_bytes) if path.is_file() else None

    async def delete(self, design_id: str) -> None:
        await asyncio.to_thread(shutil.rmtree, self.folder(design_id), True)


class RedisArtifacts(ArtifactStore):
    """Files in Redis, one hash per design (field ``<revision>/<name>``), expiring with the design.

    Deleting also removes the design's folder under ``local_root`` when this machine has one.
    """

    def __init__(self, client: Redis, ttl_s: int, max_bytes: int, local_root: Path) -> None:
        self.client = client
        self.ttl_s = ttl_s
        self.max_bytes = max_bytes
        self.local = FolderArtifacts(local_root)

    async def publish(self, state: DesignState, folder: Path) -> None:
        rev = DesignWorkspace(folder).revision_dir(state.revision)
        files = [p for p in rev.iterdir() if p.is_file() and is_model_file(p.name)] if rev.is_dir() else []
        for path in sorted(files):
            await self.put(state.design_id, state.revision, path)

    async def put(self, design_id: str, revision: int, path: Path) -> None:
        size = path.stat().st_size
        if size > self.max_bytes:
            log.warning("artifact_too_large", file=path.name, bytes=size, limit=self.max_bytes)
            return
        data = await asyncio.to_thread(path.read_bytes)
        key = _files_key(design_id)
        with reachable():
            async with self.client.pipeline(transaction=True) as pipe:
                pipe.hset(key, f"{revision}/{path.name}", data)
                pipe.expire(key, self.ttl_s)
                await pipe.execute()

    async def read(self, design_id: str, revision: int, name: str) -> bytes | None:
        with reachable():
            data = await self.client.hget(_files_key(design_id), f"{revision}/{name}")
        return data if isinstance(data, bytes) else None

    async def delete(self, design_id: str) -> None:
        with reachable():
            await self.client.delete(_files_key(design_id))
        await self.local.delete(design_id)
