"""The designs and script runs an MCP server keeps, one folder each under its root.

``ROOT/designs/<id>/`` is a design folder exactly as `ai-designer design --out` writes it
(so `ai-designer show|refine|export ROOT/designs/<id>` work on it too), run by the CLI's own
machinery; ``ROOT/scripts/<id>/`` holds the files of one `run_script` call. One FreeCAD
runner serves every call; one lock per design keeps two changes of it from overlapping.
"""

from __future__ import annotations

import asyncio
import re
import threading
import uuid
from collections.abc import Sequence
from pathlib import Path

from ai_designer.cli.runtime import arun_revision
from ai_designer.config import Settings
from ai_designer.errors import StateError
from ai_designer.exporting import ensure_artifact
from ai_designer.freecad.runner import FreeCADRunner
from ai_designer.logging import get_logger
from ai_designer.orchestration.events import EventListener
from ai_designer.orchestration.service import new_design, refinement_of, with_material
from ai_designer.schemas.design import DesignState, PlannerChoice
from ai_designer.schemas.execution import ExecutionResult
from ai_designer.schemas.task_graph import TaskGraph
from ai_designer.workspace import DesignWorkspace

log = get_logger(__name__)

#: Ids this server hands out (12 hex digits); anything else is refused before touching the disk.
ID_PATTERN = re.compile(r"^[0-9a-f]{12}$")


def new_id() -> str:
    """A fresh design or script-run id."""
    return uuid.uuid4().hex[:12]


class DesignLibrary:
    """Creates, changes, reads and exports the designs under one root folder."""

    def __init__(self, root: Path, settings: Settings, runner: FreeCADRunner | None = None) -> None:
        """``runner`` is made from ``settings`` on first use when not given."""
        self.root = root.expanduser().resolve()
        self.settings = settings
        self._runner = runner
        self._runner_lock = threading.Lock()
        self._locks: dict[str, asyncio.Lock] = {}

    # ------------------------------------------------------------------ engine

    @property
    def runner(self) -> FreeCADRunner:
        """The FreeCAD runner; FreeCADNotFoundError (with what to install) when there is no FreeCAD."""
        with self._runner_lock:
            if self._runner is None:
                self._runner = FreeCADRunner.from_settings(self.settings)
            return self._runner

    def close(self) -> None:
        """Stop the FreeCAD workers."""
        with self._runner_lock:
            if self._runner is not None:
                self._runner.close()
                self._runner = None

    # ------------------------------------------------------------------ folders

    def folder(self, design_id: str) -> Path:
        """The folder of a design; StateError for an id this server would not have made."""
        return self._under("designs", design_id, "design")

    def script_folder(self, run_id: str) -> Path:
        """The folder of a script run."""
        return self._under("scripts", run_id, "script run")

    def _under(self, kind: str, item_id: str, what: str) -> Path:
        if not ID_PATTERN.fullmatch(item_id):
            raise StateError(
                f"'{item_id}' is not a {what} id (ids are 12 hex digits).",
                hint="list_designs shows the ids of the designs there are.",
            )
        return self.root / kind / item_id

    def load(self, design_id: str) -> DesignState:
        """The current state of a design; StateError when there is no such design."""
        workspace = DesignWorkspace(self.folder(design_id))
        if not workspace.is_design():
            raise StateError(
                f"There is no design {design_id}.", hint="list_designs shows the designs there are."
            )
        return workspace.load()

    def designs(self, limit: int) -> list[DesignState]:
        """The most recently changed designs, newest first (damaged folders are skipped)."""
        found: list[DesignState] = []
        base = self.root / "designs"
        for folder in base.iterdir() if base.is_dir() else []:
            if not ID_PATTERN.fullmatch(folder.name) or not DesignWorkspace(folder).is_design():
                continue
            try:
                found.append(DesignWorkspace(folder).load())
            except StateError as exc:
                log.warning("design_unreadable", folder=str(folder), error=exc.message)
        found.sort(key=lambda s: s.updated_at, reverse=True)
        return found[:limit]

    def _lock(self, design_id: str) -> asyncio.Lock:
        return self._locks.setdefault(design_id, asyncio.Lock())

    # ------------------------------------------------------------------ runs

    async def create(
        self,
        prompt: str | None,
        plan: TaskGraph | None,
        planner: PlannerChoice,
        formats: Sequence[str],
        listeners: Sequence[EventListener] = (),
        material: str | None = None,
    ) -> DesignState:
        """Design a part from words or a plan; returns the final state of its first revision.
        ``material`` (for the mass) stands over one the words name."""
        design_id = new_id()
        folder = self.folder(design_id)
        state = new_design(
            prompt,
            output_dir=str(folder),
            planner=planner,
            formats=formats,
            max_iterations=self.settings.max_iterations,
            design_id=design_id,
            plan=plan,
        )
        state = with_material(state, material)
        try:
            DesignWorkspace(folder).check_writable()
        except StateError as exc:
            raise StateError(
                exc.message,
                hint="Start the server with another --root (or MCP_ROOT), or fix its permissions.",
            ) from exc
        async with self._lock(design_id):
            return await arun_revision(state, self.settings, self.runner, listeners)

    async def refine(
        self,
        design_id: str,
        change: str | None,
        plan: TaskGraph | None,
        planner: PlannerChoice | None,
        listeners: Sequence[EventListener] = (),
        material: str | None = None,
    ) -> DesignState:
        """A new revision of a design: the change in words, or a replacement plan (``material``:
        a new material for the mass)."""
        folder = self.folder(design_id)
        async with self._lock(design_id):
            previous = self.load(design_id)
            state = with_material(refinement_of(previous, change, planner, plan), material)
            state = state.model_copy(update={"output_dir": str(folder)})  # wherever the root moved
            return await arun_revision(state, self.settings, self.runner, listeners)

    async def artifact(self, design_id: str, fmt: str, view: str = "iso") -> Path:
        """The current revision's file in ``fmt`` (made from its script when it was not written)."""
        async with self._lock(design_id):
            state = self.load(design_id)
            return await ensure_artifact(state, self.folder(design_id), fmt, self.runner, view)

    async def run_script(self, code: str, formats: Sequence[str]) -> tuple[str, ExecutionResult]:
        """Run a FreeCAD script through the script policy and the sandbox, as `ai-designer exec` does.

        Raises ScriptRejectedError (listing every violation) when the policy refuses it.
        """
        run_id = new_id()
        folder = self.script_folder(run_id)
        result = await self.runner.arun(code, folder, formats, {"source": "mcp run_script"})
        return run_id, result
