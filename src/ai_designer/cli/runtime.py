"""Running one revision from the CLI: engine, checkpoints, pipeline, files, history.

While a revision runs, ``DIR/.run.json`` names its checkpoint thread; if the process
dies, `ai-designer resume DIR` continues from the last finished stage.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from ai_designer.cli.common import Interrupted
from ai_designer.config import Settings
from ai_designer.errors import StateError
from ai_designer.freecad.runner import FreeCADRunner
from ai_designer.history import record
from ai_designer.orchestration.checkpoint import sqlite_checkpointer
from ai_designer.orchestration.events import EventEmitter, EventListener
from ai_designer.orchestration.report import build_report
from ai_designer.orchestration.service import build_pipeline, run_design
from ai_designer.schemas.design import DesignState, DesignStatus
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


def _finish(final: DesignState, workspace: DesignWorkspace) -> DesignState:
    workspace.save(final, build_report(final))
    (workspace.root / RUN_MARKER).unlink(missing_ok=True)
    return final


def _has_checkpoint(folder: Path, thread_id: str) -> bool:
    """True when the run on ``thread_id`` saved at least one stage (so it can be resumed)."""
    path = folder / CHECKPOINT_FILE
    if not path.is_file():
        return False
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT 1 FROM checkpoints WHERE thread_id = ? LIMIT 1", (thread_id,)).fetchone()
    except sqlite3.Error:
        return False
    return row is not None


def _after_interrupt(state: DesignState, replacing: bool) -> Interrupted:
    """Tidy the folder after Ctrl-C; the interruption, saying whether `resume` can continue it.

    A run that saved no stage yet leaves nothing behind (an empty folder it made goes too), and
    an interrupted `design --force` drops its half-built replacement: the old design stays.
    """
    folder = Path(state.output_dir or ".")
    if replacing:
        shutil.rmtree(folder, ignore_errors=True)
        return Interrupted(None)
    if _has_checkpoint(folder, f"{state.design_id}:{state.revision}"):
        return Interrupted(folder)
    (folder / RUN_MARKER).unlink(missing_ok=True)  # nothing to resume: do not promise it
    tidy_unfinished(folder)
    return Interrupted(None)


def _quiet_late_loop_errors() -> None:
    """After Ctrl-C, a worker thread of the interrupted run (aiosqlite's) may still try to hand a
    result to the event loop that asyncio.run has closed; that is expected, not worth a traceback."""
    previous = threading.excepthook
    if getattr(previous, "quiet_late_loop_errors", False):
        return

    def hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is RuntimeError and str(args.exc_value) == "Event loop is closed":
            return
        previous(args)

    hook.quiet_late_loop_errors = True  # type: ignore[attr-defined]
    threading.excepthook = hook


def tidy_unfinished(folder: Path) -> None:
    """Remove what a first run that never finished left in ``folder`` (the folder too, when that
    leaves it empty); a folder holding a design is left as it is."""
    workspace = DesignWorkspace(folder)
    if folder.is_dir() and not workspace.is_design():
        workspace.clear()
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty: other files stay


async def arun_revision(
    state: DesignState,
    settings: Settings,
    runner: FreeCADRunner,
    listeners: Sequence[EventListener] = (),
    record_history: bool = True,
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
    final = _finish(await _run(state, settings, runner, listeners), workspace)
    if record_history:
        record(settings.history_file, final, workspace.root)
    return final


def run_revision(
    state: DesignState,
    settings: Settings,
    listeners: Sequence[EventListener] = (),
    runner: FreeCADRunner | None = None,
    replacing: DesignWorkspace | None = None,
) -> DesignState:
    """Run the pipeline for ``state`` and write the design folder; returns the final state.

    Pass a runner started early so its FreeCAD worker warms up while the request is planned.
    With ``replacing`` (design --force), ``state`` is built in a folder of its own and replaces
    that design only if it completes (see :func:`settle_replacement`). Ctrl-C raises
    :class:`~ai_designer.cli.common.Interrupted`, saying whether `resume` can continue.
    """
    folder = Path(state.output_dir or ".")
    owned = runner is None
    engine = runner if runner is not None else FreeCADRunner.from_settings(settings)
    try:
        final = asyncio.run(arun_revision(state, settings, engine, listeners, record_history=False))
    except KeyboardInterrupt:
        _quiet_late_loop_errors()
        raise _after_interrupt(state, replacing is not None) from None
    finally:
        if owned:
            engine.close()
    if replacing is not None:
        final = settle_replacement(replacing, DesignWorkspace(folder), final)
        if final.status == DesignStatus.FAILED:
            return final  # dropped: no folder holds it, so history does not list it
    record(settings.history_file, final, Path(final.output_dir or folder))
    return final


def settle_replacement(target: DesignWorkspace, built: DesignWorkspace, final: DesignState) -> DesignState:
    """After a `design --force` run: a completed design replaces the old one; a design that needs
    review is kept beside it (``DIR.attempt-<id>``); a failed one is dropped. The old design is
    untouched unless the new one completed."""
    if final.status == DesignStatus.COMPLETED:
        return target.replace_with(built, final)
    if final.status == DesignStatus.NEEDS_REVIEW:
        _, moved = built.move_to(
            target.root.with_name(f"{target.root.name}.attempt-{final.design_id}"), final
        )
        return moved
    shutil.rmtree(built.root, ignore_errors=True)
    return final


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
    except KeyboardInterrupt:
        raise Interrupted(folder) from None
    finally:
        if owned:
            engine.close()
    final = _finish(final, workspace)
    record(settings.history_file, final, folder)
    return final
