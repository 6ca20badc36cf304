"""The executor step: runs the generated script in the sandboxed FreeCAD engine."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Protocol

from ai_designer import __version__
from ai_designer.agents.base import BaseAgent
from ai_designer.errors import AIDesignerError, FreeCADExecutionError, ScriptRejectedError
from ai_designer.schemas.design import DesignState
from ai_designer.schemas.execution import ExecutionResult


class ScriptRunner(Protocol):
    """What the executor needs from the FreeCAD engine."""

    async def arun(
        self, script: str, out_dir: Path, formats: set[str], metadata: dict[str, str]
    ) -> ExecutionResult: ...


def prompt_hash(prompt: str) -> str:
    """A short, stable fingerprint of the request (stored in the files' metadata)."""
    return hashlib.sha256(prompt.encode("utf-8")).hexdigest()[:16]


def revision_dir(state: DesignState) -> Path:
    """Where a revision's files are written (the CLI promotes them to the design folder)."""
    if state.output_dir is None:
        raise AIDesignerError("The design has no output folder.", hint="This is a bug; please report it.")
    return Path(state.output_dir) / "revisions" / str(state.revision)


class ExecutorAgent(BaseAgent):
    """Runs the script; a failing script becomes an ExecutionResult with ``ok`` False so the
    validator can route it to a repair, rather than an exception that ends the design."""

    name = "executor"

    def __init__(self, runner: ScriptRunner) -> None:
        self.runner = runner

    async def run(self, state: DesignState) -> DesignState:
        if state.generated_script is None:
            raise AIDesignerError(
                "The executor ran without a script.", hint="This is a bug; please report it."
            )
        metadata = {
            "request_id": state.design_id,
            "revision": str(state.revision),
            "prompt_hash": prompt_hash(state.prompt),
            "ai_designer_version": __version__,
            "name": state.task_graph.title if state.task_graph else "part",
        }
        out_dir = revision_dir(state)
        out_dir.mkdir(parents=True, exist_ok=True)
        try:
            result = await self.runner.arun(state.generated_script, out_dir, set(state.formats), metadata)
        except (FreeCADExecutionError, ScriptRejectedError) as exc:
            result = _failed_result(state, exc)
        versions = dict(state.versions)
        if result.freecad_version:
            versions["freecad"] = result.freecad_version
        return state.model_copy(update={"execution": result, "versions": versions})


def _failed_result(state: DesignState, exc: AIDesignerError) -> ExecutionResult:
    context: dict[str, Any] = exc.context
    carried = context.get("result")
    if isinstance(carried, ExecutionResult):
        return carried
    kind = "rejected" if isinstance(exc, ScriptRejectedError) else context.get("error_kind", "exception")
    return ExecutionResult(
        job_id=f"{state.design_id}-{state.revision}-{state.iteration}",
        ok=False,
        error=exc.message,
        error_kind=kind,
    )
