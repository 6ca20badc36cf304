"""Running one revision from the CLI: engine, checkpoints, pipeline, files, history.

While a revision runs, ``DIR/.run.json`` names its checkpoint thread; if the process
dies, `ai-designer resume DIR` continues from the last finished stage.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from ai_designer.config import Settings
from ai_designer.errors import StateError
from ai_designer.freecad.runner import FreeCADRunner
from ai_designer.history import record
from ai_designer.orchestration.checkpoint import sqlite_checkpointer
from ai_designer.orchestration.events import EventEmitter, EventListener
from ai_designer.orchestration.report import build_report
from ai_designer.orchestration.service import build_pipeline, run_design
from ai_designer.schemas.design import DesignState
from ai_designer.workspace import DesignWorkspace, atomic_write

CHECKPOINT_FILE = ".checkpoints.sqlite"
RUN_MARKER = ".run.json"


class RunMarker(BaseModel):
    """Which checkpoint thread an unfinished run is on."""

    design_id: str
    revision: int
    thread_id: str
    max_iterations: int


async def _run(
    state: DesignState, settings: Settings, runner: FreeCADRunner, listeners: Sequence[EventListener]
) -> DesignState:
    folder = Path(state.output_dir or ".")
    async with sqlite_checkpointer(folder / CHECKPOINT_FILE) as checkpointer:
        pipeline = build_pipeline(settings, runner, checkpointer)
        return await run_design(pipeline, state, listeners)


async def _resume(
    marker: RunMarker,
    folder: Path,
    settings: Settings,
    runner: FreeCADRunner,
    listeners: Sequence[EventListener],
) -> DesignState:
    async with sqlite_checkpointer(folder / CHECKPOINT_FILE) as checkpointer:
        pipeline = build_pipeline(settings, runner, checkpointer)
        emitter = EventEmitter(marker.design_id, list(listeners))
        return await pipeline.resume(marker.thread_id, emitter, marker.max_iterations)


def _finish(final: DesignState, workspace: DesignWorkspace, settings: Settings) -> DesignState:
    workspace.save(final, build_report(final))
    (workspace.root / RUN_MARKER).unlink(missing_ok=True)
    record(settings.history_file, final, workspace.root)
    return final


async def arun_revision(
    state: DesignState,
    settings: Settings,
    runner: FreeCADRunner,
    listeners: Sequence[EventListener] = (),
) -> DesignState:
    """Run the pipeline for ``state`` and write the design folder; returns the final state.

    For callers inside an event loop (the MCP server); :func:`run_revision` is the blocking form.
    """
    workspace = DesignWorkspace(Path(state.output_dir or "."))
    marker = RunMarker(
        design_id=state.design_id,
        revision=state.revision,
        thread_id=f"{state.design_id}:{state.revision}",
        max_iterations=state.max_iterations,
    )
    atomic_write(workspace.root / RUN_MARKER, marker.model_dump_json())
    final = await _run(state, settings, runner, listeners)
    return _finish(final, workspace, settings)


def run_revision(
    state: DesignState,
    settings: Settings,
    listeners: Sequence[EventListener] = (),
    runner: FreeCADRunner | None = None,
) -> DesignState:
    """Run the pipeline for ``state`` and write the design folder; returns the final state.

    Pass a runner started early so its FreeCAD worker warms up while the request is planned.
    """
    owned = runner is None
    engine = runner if runner is not None else FreeCADRunner.from_settings(settings)
    try:
        return asyncio.run(arun_revision(state, settings, engine, listeners))
    finally:
        if owned:
            engine.close()


def resume_revision(
    folder: Path,
    settings: Settings,
    listeners: Sequence[EventListener] = (),
    runner: FreeCADRunner | None = None,
) -> DesignState:
    """Continue the interrupted run in ``folder`` from its last checkpoint."""
    workspace = DesignWorkspace(folder)
    marker_file = folder / RUN_MARKER
    if not folder.is_dir():
        raise StateError(f"{folder} does not exist.", hint="Give the folder the design was written to.")
    if not marker_file.is_file():
        raise StateError(
            f"There is no interrupted run in {folder}.",
            hint="`resume` continues a design or refine that was stopped before it finished.",
        )
    marker = RunMarker.model_validate_json(marker_file.read_text(encoding="utf-8"))
    owned = runner is None
    engine = runner if runner is not None else FreeCADRunner.from_settings(settings)
    try:
        final = asyncio.run(_resume(marker, folder, settings, engine, listeners))
    finally:
        if owned:
            engine.close()
    return _finish(final, workspace, settings)
