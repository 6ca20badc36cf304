"""What the MCP tools return: designs, design lists and script runs, with resource URIs for their files."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from ai_designer.agents.prompts.rendering import without_defaults
from ai_designer.orchestration.report import DesignSummary, summarize
from ai_designer.schemas.design import DesignState, DesignStatus
from ai_designer.schemas.execution import ExecutionResult
from ai_designer.schemas.validation import GeometryCheck
from ai_designer.workspace import REPORT_FILE, SCRIPT_FILE, is_model_file

DESIGN_SCHEME = "design"
SCRIPT_SCHEME = "script"


def resource_uri(scheme: str, item_id: str, name: str) -> str:
    """The URI a design's (or script run's) file is read at: ``design://<id>/model.step``."""
    return f"{scheme}://{item_id}/{name}"


def _resources(scheme: str, item_id: str, paths: list[str]) -> dict[str, str]:
    names = sorted({Path(p).name for p in paths if is_model_file(Path(p).name)})
    return {name: resource_uri(scheme, item_id, name) for name in names}


class RevisionEntry(BaseModel):
    """An earlier revision of a design."""

    number: int
    kind: str
    request: str
    status: str


class DesignView(BaseModel):
    """A design: what was asked, what was built and measured, and where its files are."""

    summary: DesignSummary
    checks: list[GeometryCheck] = Field(description="Each measured check of the result against the plan.")
    issues: list[str] = Field(default_factory=list, description="Problems the validator reported.")
    resources: dict[str, str] = Field(
        default_factory=dict, description="File name -> resource URI (read them with resources/read)."
    )
    folder: str = Field(description="The design folder on the server's disk.")
    plan: dict[str, Any] | None = Field(
        default=None,
        description="The plan that was built (TaskGraph, defaults left out): edit it and pass it to "
        "refine_design to change the part.",
    )
    revisions: list[RevisionEntry] = Field(default_factory=list)

    @classmethod
    def of(cls, state: DesignState, folder: Path, with_plan: bool = False) -> DesignView:
        """The view of a design's current state; ``with_plan`` adds the plan and earlier revisions."""
        summary = summarize(state)
        files = list(summary.files.values()) if state.status == DesignStatus.COMPLETED else []
        resources = _resources(DESIGN_SCHEME, state.design_id, files)
        resources[REPORT_FILE] = resource_uri(DESIGN_SCHEME, state.design_id, REPORT_FILE)
        if state.status == DesignStatus.COMPLETED and state.generated_script:
            resources[SCRIPT_FILE] = resource_uri(DESIGN_SCHEME, state.design_id, SCRIPT_FILE)
        graph = state.task_graph or state.given_plan
        return cls(
            summary=summary,
            checks=state.validation.checks if state.validation else [],
            issues=[i.message for i in state.validation.issues] if state.validation else [],
            resources=resources,
            folder=str(folder),
            plan=without_defaults(graph) if with_plan and graph is not None else None,
            revisions=[
                RevisionEntry(number=r.number, kind=r.kind, request=r.request, status=r.status.value)
                for r in state.history
            ]
            if with_plan
            else [],
        )


class DesignEntry(BaseModel):
    """One design in a list."""

    design_id: str
    revision: int
    status: str
    request: str = Field(description="The request of the current revision.")
    first_request: str
    size_mm: tuple[float, float, float] | None = None
    updated_at: datetime

    @classmethod
    def of(cls, state: DesignState) -> DesignEntry:
        """The list entry of a design."""
        return cls(
            design_id=state.design_id,
            revision=state.revision,
            status=state.status.value,
            request=state.prompt,
            first_request=state.original_prompt,
            size_mm=summarize(state).size_mm,
            updated_at=state.updated_at,
        )


class ScriptRunView(BaseModel):
    """The outcome of running a script in the sandbox."""

    run_id: str
    ok: bool
    error_kind: str | None = None
    error: str | None = None
    size_mm: tuple[float, float, float] | None = None
    volume_mm3: float | None = None
    solids: int | None = None
    faces: int | None = None
    through_holes: int | None = None
    valid: bool | None = None
    warnings: list[str] = Field(default_factory=list)
    stderr_tail: str = Field(default="", description="The last lines the script printed to stderr.")
    resources: dict[str, str] = Field(default_factory=dict, description="File name -> resource URI.")

    @classmethod
    def of(cls, run_id: str, result: ExecutionResult) -> ScriptRunView:
        """The view of one script run."""
        shape = result.final_shape
        return cls(
            run_id=run_id,
            ok=result.ok,
            error_kind=result.error_kind,
            error=result.error,
            size_mm=tuple(round(v, 4) for v in shape.bbox.size) if shape else None,
            volume_mm3=round(shape.volume, 3) if shape else None,
            solids=shape.solids if shape else None,
            faces=shape.faces if shape else None,
            through_holes=shape.through_holes if shape else None,
            valid=shape.is_valid if shape else None,
            warnings=result.warnings,
            stderr_tail="" if result.ok else "\n".join(result.stderr.strip().splitlines()[-10:]),
            resources=_resources(SCRIPT_SCHEME, run_id, list(result.artifacts.values())),
        )
