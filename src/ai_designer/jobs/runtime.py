"""Assembling what runs designs in a process, from settings: FreeCAD, the pipeline, the files, the queue.

The API (in-process worker) and ``ai-designer worker`` build the same
:class:`~ai_designer.jobs.work.DesignWork` here, so both run designs the same way. With
Redis, checkpoints go to Redis (any worker can resume a design) and files are published
to Redis (any API process can serve them); without it, neither leaves the process.
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from dataclasses import dataclass, field

from ai_designer.agents.executor import ScriptRunner
from ai_designer.config import Settings
from ai_designer.errors import AIDesignerError
from ai_designer.freecad.runner import FreeCADRunner
from ai_designer.jobs.artifacts import ArtifactStore, FolderArtifacts, RedisArtifacts
from ai_designer.jobs.offload import StageLoop, offload_stages
from ai_designer.jobs.work import DesignWork, RunsDesigns
from ai_designer.logging import get_logger
from ai_designer.metrics import Metrics
from ai_designer.orchestration.redis_checkpoint import RedisCheckpointSaver
from ai_designer.orchestration.service import build_pipeline
from ai_designer.planner.process import PlannerProcess
from ai_designer.store.base import DesignStore
from ai_designer.store.redis import RedisStore

log = get_logger(__name__)


def worker_name() -> str:
    """This process among all workers: ``host-pid-random`` (pids repeat across restarts; no colons,
    which saq uses as its key separator)."""
    return f"{socket.gethostname().replace(':', '_')}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def artifact_store(settings: Settings, store: DesignStore) -> ArtifactStore:
    """Redis (with the store's connections) when the store is Redis, else the local design folders."""
    local = settings.output_dir.resolve()
    if isinstance(store, RedisStore):
        return RedisArtifacts(store.client, settings.design_ttl_s, settings.artifact_max_bytes, local)
    return FolderArtifacts(local)


@dataclass
class Engine:
    """FreeCAD and the pipeline of this process, or the reason there are none."""

    runner: ScriptRunner | None = None
    pipeline: RunsDesigns | None = None
    error: AIDesignerError | None = None
    _owned: FreeCADRunner | None = None
    _stages: StageLoop | None = field(default=None, repr=False)
    _planner: PlannerProcess | None = field(default=None, repr=False)

    async def close(self) -> None:
        """Stop what this engine started (a runner or pipeline passed in is left alone)."""
        if self._stages is not None:
            self._stages.close()
        if self._planner is not None:
            self._planner.close()
        if self._owned is not None:
            await asyncio.to_thread(self._owned.close)


def open_engine(
    settings: Settings,
    store: DesignStore,
    *,
    runner: ScriptRunner | None = None,
    pipeline: RunsDesigns | None = None,
) -> Engine:
    """FreeCAD (unless given) and the pipeline (unless given), its computing stages on their own thread."""
    engine = Engine(runner=runner, pipeline=pipeline)
    if engine.runner is None:
        try:
            engine._owned = FreeCADRunner.from_settings(settings)
            engine.runner = engine._owned
        except AIDesignerError as exc:
            log.error("freecad_unavailable", error=exc.message)
            engine.error = exc
            return engine
    if engine.pipeline is None:
        checkpointer = (
            RedisCheckpointSaver(store.client, settings.design_ttl_s)
            if isinstance(store, RedisStore)
            else None
        )
        engine._stages = StageLoop()
        engine._planner = PlannerProcess(settings.planner_processes)
        built = build_pipeline(settings, engine.runner, checkpointer, offline=engine._planner)
        engine.pipeline = offload_stages(built, engine._stages)
    return engine


def design_work(
    settings: Settings, store: DesignStore, engine: Engine, metrics: Metrics
) -> DesignWork | None:
    """The design jobs of this process, when it has a pipeline."""
    if engine.pipeline is None:
        return None
    return DesignWork(
        store,
        artifact_store(settings, store),
        engine.pipeline,
        engine.runner,
        metrics,
        output_root=settings.output_dir.resolve(),
        owner=worker_name(),
        lease_s=float(settings.job_heartbeat_s),
    )
