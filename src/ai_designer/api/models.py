"""Request and response bodies of the REST API (the OpenAPI document is generated from these)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator, model_validator

from ai_designer.cad.materials import DENSITY_G_CM3, material_name
from ai_designer.cad.parameters import PlanParameter, plan_parameters
from ai_designer.cad.readback import explain
from ai_designer.errors import PlanningError
from ai_designer.orchestration.report import DesignSummary, build_report
from ai_designer.orchestration.service import completed_graph
from ai_designer.schemas.design import (
    MAX_PROMPT_CHARS,
    DesignState,
    DesignStatus,
    PlannerChoice,
    Revision,
)
from ai_designer.schemas.events import DesignEvent
from ai_designer.schemas.execution import DEFAULT_FORMATS, EXPORT_FORMATS, ExecutionResult, ExportFormat
from ai_designer.schemas.task_graph import TaskGraph

API_PREFIX = "/api/v1"
#: What a design id may look like: it names a folder, so nothing else is accepted.
DESIGN_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"

PreviewView = Literal["iso", "top", "front", "right", "bottom", "section"]


PLAN_FIELD_TEXT = (
    "A plan in the plan language (a TaskGraph JSON object: `ai-designer schema task-graph` or the MCP "
    "tool get_plan_language describes it). It is checked like a planned one (every problem listed, "
    "naming its node) and built as it is, with the same geometric checks."
)


def _one_of_required(first: str, second: str) -> Any:
    """A JSON Schema editor: ``first`` or ``second`` (or both) must be given, neither as null."""

    def edit(schema: dict[str, Any]) -> None:
        for name in (first, second):
            prop = schema["properties"][name]
            given = [v for v in prop.pop("anyOf") if v.get("type") != "null"]
            prop.update(given[0])
            prop.pop("default", None)
        schema["anyOf"] = [{"required": [first]}, {"required": [second]}]

    return edit


def _not_null(value: Any) -> Any:
    if value is None:
        raise ValueError("leave the field out rather than sending null")
    return value


MATERIAL_FIELD_TEXT = (
    "What the part is made of, for its mass (steel, stainless, aluminium, brass, abs, pla, ...). "
    "It stands over a material the words name; left out, the words' material or steel (assumed)."
)


#: A material by its table name (other spellings, "Aluminum", "stainless steel", are accepted too).
MaterialName = Annotated[str, WithJsonSchema({"type": "string", "enum": sorted(DENSITY_G_CM3)})]


def _known_material(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return material_name(value)
    except PlanningError as exc:
        raise ValueError(f"{exc.message} {exc.hint}") from None


class DesignRequest(BaseModel):
    """A new design: what to make (in words, as a plan, or both), which planner, which files."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_one_of_required("prompt", "plan"))

    prompt: str | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_PROMPT_CHARS,
        description="The part in words, with dimensions. Optional with `plan` (then: what the part is for).",
        examples=["a 20 mm cube"],
    )
    plan: dict[str, Any] | None = Field(default=None, description=PLAN_FIELD_TEXT)
    planner: PlannerChoice = Field(
        default="auto", description="auto: offline parser first, LLM if needed; local: offline only; llm."
    )
    formats: list[ExportFormat] = Field(
        default_factory=lambda: list(DEFAULT_FORMATS),
        min_length=1,
        max_length=len(EXPORT_FORMATS),
        description="Files to write when the design completes.",
    )
    material: MaterialName | None = Field(default=None, description=MATERIAL_FIELD_TEXT)

    _given = field_validator("prompt", "plan", mode="before")(_not_null)
    _material = field_validator("material")(_known_material)

    @model_validator(mode="after")
    def _words_or_plan(self) -> DesignRequest:
        if self.prompt is None and self.plan is None:
            raise ValueError("give the part in words (prompt), a plan, or both")
        return self


class RefineRequest(BaseModel):
    """A change to the last completed revision: in words, or a whole new plan."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_one_of_required("change", "plan"))

    change: str | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_PROMPT_CHARS,
        examples=["make it 30 mm tall"],
        description="The change. Optional with `plan`.",
    )
    plan: dict[str, Any] | None = Field(default=None, description="Replaces the plan. " + PLAN_FIELD_TEXT)
    planner: PlannerChoice | None = Field(default=None, description="Defaults to the design's planner.")
    material: MaterialName | None = Field(
        default=None, description=MATERIAL_FIELD_TEXT + " Defaults to the design's."
    )

    _given = field_validator("change", "plan", mode="before")(_not_null)
    _material = field_validator("material")(_known_material)

    @model_validator(mode="after")
    def _words_or_plan(self) -> RefineRequest:
        if self.change is None and self.plan is None:
            raise ValueError("give the change in words, a new plan, or both")
        return self


class ParametersRequest(BaseModel):
    """New values for rows of the model's Parameters spreadsheet (see a design's ``parameters``)."""

    model_config = ConfigDict(extra="forbid")

    values: dict[str, float] = Field(
        min_length=1,
        max_length=50,
        description="Spreadsheet alias -> new value (mm, or degrees for angles).",
        examples=[{"plate_length": 80}],
    )


class DesignLinks(BaseModel):
    """Where to follow a design."""

    self: str
    events: str = Field(description="WebSocket streaming the design's events.")
    audit: str
    history: str = Field(description="The design's earlier revisions, page by page.")
    export: str = Field(description="Add ?format=step|stl|glb|fcstd|brep|png.")
    parameters: str = Field(description="POST new values of the model's parameters here.")

    @classmethod
    def of(cls, design_id: str) -> DesignLinks:
        """The links of a design."""
        base = f"{API_PREFIX}/design/{design_id}"
        return cls(
            self=base,
            events=f"{API_PREFIX}/ws/design/{design_id}",
            audit=f"{base}/audit",
            history=f"{base}/history",
            export=f"{base}/export",
            parameters=f"{base}/parameters",
        )


def file_link(design_id: str, kind: str) -> str:
    """The download link of a file kind (``step``, ``preview_iso``...)."""
    base = f"{API_PREFIX}/design/{design_id}/export"
    if kind.startswith("preview_"):
        return f"{base}?format=png&view={kind.removeprefix('preview_')}"
    return f"{base}?format={kind}"


def _public_execution(execution: ExecutionResult | None) -> ExecutionResult | None:
    """The execution with file names instead of the worker's paths."""
    if execution is None:
        return None
    return execution.model_copy(
        update={"artifacts": {k: Path(v).name for k, v in execution.artifacts.items()}}
    )


def readback(graph: TaskGraph | None) -> list[str]:
    """The plan in plain words, one line per node (empty without a plan)."""
    return explain(graph) if graph is not None else []


class RevisionView(Revision):
    """An earlier revision, with its plan in plain words."""

    readback: list[str] = Field(default_factory=list, description="The plan in plain words, a line a node.")


def public_revision(revision: Revision) -> RevisionView:
    """A revision as the API shows it: no server paths, the plan read back."""
    public = revision.model_copy(update={"execution": _public_execution(revision.execution)})
    return RevisionView(**dict(public), readback=readback(revision.task_graph))


def public_state(state: DesignState) -> DesignState:
    """The state as the API shows it: no server paths, no history (see the history link)."""
    return state.model_copy(
        update={"output_dir": None, "execution": _public_execution(state.execution), "history": []}
    )


#: A page cursor of the design list: the creation time (ms) and id of the last design seen.
CURSOR_PATTERN = r"^[0-9]{1,15}-[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"


def encode_cursor(position: tuple[int, str]) -> str:
    """The cursor of a position in the design list."""
    return f"{position[0]}-{position[1]}"


def decode_cursor(cursor: str) -> tuple[int, str]:
    """The position a cursor (matching CURSOR_PATTERN) stands for."""
    created, design_id = cursor.split("-", 1)
    return int(created), design_id


class DesignAccepted(BaseModel):
    """A run was accepted and started in the background."""

    design_id: str
    revision: int
    status: DesignStatus
    links: DesignLinks

    @classmethod
    def of(cls, state: DesignState) -> DesignAccepted:
        """The answer to a submitted design or refine."""
        return cls(
            design_id=state.design_id,
            revision=state.revision,
            status=state.status,
            links=DesignLinks.of(state.design_id),
        )


class DesignReport(BaseModel):
    """The report: the summary, then everything (plan, script, execution, validation, costs)."""

    summary: DesignSummary
    state: DesignState


class DesignView(BaseModel):
    """A design as GET returns it."""

    design_id: str
    status: DesignStatus
    stage: str = Field(description="The stage running now, or the last one of a finished run.")
    revision: int
    running: bool
    created_at: datetime
    updated_at: datetime
    summary: DesignSummary
    report: DesignReport
    links: DesignLinks

    revisions: int = Field(description="Earlier revisions (see links.history).")
    files: dict[str, str] = Field(description="Download links of the current revision's files, by kind.")
    readback: list[str] = Field(description="The current revision's plan in plain words, a line a node.")
    parameters: list[PlanParameter] = Field(
        description="The Parameters spreadsheet of the last completed revision (what links.parameters sets)."
    )

    @classmethod
    def of(cls, state: DesignState) -> DesignView:
        """The view of a stored state."""
        report = DesignReport.model_validate(build_report(state))
        summary = report.summary.model_copy(
            update={"files": {kind: file_link(state.design_id, kind) for kind in report.summary.files}}
        )
        public = DesignReport(summary=summary, state=public_state(state))
        return cls(
            design_id=state.design_id,
            status=state.status,
            stage=state.stage,
            revision=state.revision,
            running=not state.status.finished,
            created_at=state.created_at,
            updated_at=state.updated_at,
            summary=summary,
            report=public,
            links=DesignLinks.of(state.design_id),
            revisions=len(state.history),
            files=summary.files,
            readback=readback(state.task_graph),
            parameters=_parameters(state),
        )


def _parameters(state: DesignState) -> list[PlanParameter]:
    graph = completed_graph(state)
    return plan_parameters(graph) if graph is not None else []


class DesignListItem(BaseModel):
    """A design in the list."""

    design_id: str
    status: DesignStatus
    stage: str
    revision: int
    request: str = Field(description="The request of the current revision (the prompt, or a change).")
    original_request: str = Field(description="The prompt the design started from.")
    created_at: datetime
    updated_at: datetime
    links: DesignLinks

    @classmethod
    def of(cls, state: DesignState) -> DesignListItem:
        """The list entry of a stored state."""
        return cls(
            design_id=state.design_id,
            status=state.status,
            stage=state.stage,
            revision=state.revision,
            request=state.prompt,
            original_request=state.original_prompt,
            created_at=state.created_at,
            updated_at=state.updated_at,
            links=DesignLinks.of(state.design_id),
        )


class DesignList(BaseModel):
    """A page of designs, newest first."""

    designs: list[DesignListItem]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page; null on the last.")


class RevisionPage(BaseModel):
    """A page of a design's earlier revisions, newest first."""

    design_id: str
    revisions: list[RevisionView]
    next_before: int | None = Field(description="Pass as ?before= for the next page; null on the last.")


class AuditTrail(BaseModel):
    """Every event of a design so far, in order."""

    design_id: str
    events: list[DesignEvent]


class Health(BaseModel):
    """The process is alive."""

    status: Literal["ok"] = "ok"
    version: str


class Readiness(BaseModel):
    """The process can take designs: FreeCAD was found and the store answers."""

    status: Literal["ready"] = "ready"
    checks: dict[str, str]


class FieldProblem(BaseModel):
    """One invalid part of a request."""

    loc: list[str | int] = Field(description='Where, e.g. ["body", "prompt"].')
    message: str
    type: str


class Problem(BaseModel):
    """An error, as an RFC 7807 problem document (``application/problem+json``)."""

    type: str = Field(description="A URI naming the kind of problem.")
    title: str
    status: int
    detail: str = Field(description="What went wrong, for a person.")
    hint: str = Field(default="", description="What to do about it.")
    instance: str | None = Field(default=None, description="The request path.")
    request_id: str | None = None
    errors: list[FieldProblem] | None = Field(default=None, description="Invalid request fields.")
    checks: dict[str, str] | None = Field(default=None, description="Readiness checks (GET /ready).")
