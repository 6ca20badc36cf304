"""Running one revision from the CLI: engine, checkpoints, pipeline, files, history."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

from ai_designer.config import Settings
from ai_designer.freecad.runner import FreeCADRunner
from ai_designer.history import record
from ai_designer.orchestration.checkpoint import sqlite_checkpointer
from ai_designer.orchestration.events import EventListener
from ai_designer.orchestration.report import build_report
from ai_designer.orchestration.service import build_pipeline, run_design
from ai_designer.schemas.design import DesignState
from ai_designer.workspace import DesignWorkspace

CHECKPOINT_FILE = ".checkpoints.sqlite"


async def _run(
    state: DesignState, settings: Settings, runner: FreeCADRunner, listeners: Sequence[EventListener]
) -> DesignState:
    folder = Path(state.output_dir or ".")
    async with sqlite_checkpointer(folder / CHECKPOINT_FILE) as checkpointer:
        pipeline = build_pipeline(settings, runner, checkpointer)
        return await run_design(pipeline, state, listeners)


def run_revision(
    state: DesignState,
    settings: Settings,
    listeners: Sequence[EventListener] = (),
    runner: FreeCADRunner | None = None,
) -> DesignState:
    """Run the pipeline for ``state`` and write the design folder; returns the final state.

    A FreeCAD worker is started first, so it warms up while the request is planned.
    """
    workspace = DesignWorkspace(Path(state.output_dir or "."))
    owned = runner is None
    engine = runner if runner is not None else FreeCADRunner.from_settings(settings)
    try:
        final = asyncio.run(_run(state, settings, engine, listeners))
    finally:
        if owned:
            engine.close()
    workspace.save(final, build_report(final))
    record(settings.history_file, final, workspace.root)
    return final
