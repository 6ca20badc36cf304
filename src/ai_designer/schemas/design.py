"""DesignState: the one object that travels through the pipeline, plus its revisions."""

from __future__ import annotations

from datetime import datetime, timezone
from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ai_designer.schemas.execution import DEFAULT_FORMATS, ExecutionResult, ExportFormat
from ai_designer.schemas.task_graph import TaskGraph
from ai_designer.schemas.validation import ValidationIssue, ValidationResult

PlannerChoice = Literal["auto", "local", "llm"]
MAX_PROMPT_CHARS = 4000


def utcnow() -> datetime:
    """Timezone-aware now, the only clock used in state."""
    return datetime.now(timezone.utc)


class DesignStatus(str, Enum):
    """Where a design is in its life."""

    PENDING = "pending"
    PLANNING = "planning"
    GENERATING = "generating"
    EXECUTING = "executing"
    VALIDATING = "validating"
    COMPLETED = "completed"
    NEEDS_REVIEW = "needs_review"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        """True when nothing more will happen to this run."""
        return self in (
            DesignStatus.COMPLETED,
            DesignStatus.NEEDS_REVIEW,
            DesignStatus.FAILED,
            DesignStatus.CANCELLED,
        )


MaterialSource = Literal["assumed", "request", "option", "vague"]


class MaterialWords(BaseModel):
    """What the words of a request say the part is made of."""

    material_words: list[str] = Field(
        default_factory=list, description="The request's words for what the part is made of ('brass')."
    )
    material: str | None = Field(
        default=None,
        description="The material those words name (the material table's name); None when they name only "
        "a kind of material ('plastic') or there are none.",
    )


class PlanSource(MaterialWords):
    """Which planner made the graph, and why that one."""

    model_config = ConfigDict(extra="forbid")

    planner: Literal["local", "llm", "given"] = Field(
        description="local: the offline planner; llm: the LLM planner; given: handed in with the request."
    )
    reason: str
    unused: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class ModelUsage(BaseModel):
    """Tokens and cost of LLM calls, summed.

    ``cost_usd`` is None when the price of any call in the sum is unknown (a model
    litellm has no price for, e.g. a local server): a partial sum would read as the cost.
    """

    model_config = ConfigDict(extra="forbid")

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_prompt_tokens: int = 0
    cost_usd: float | None = 0.0

    def add(self, other: ModelUsage) -> ModelUsage:
        """A new total with ``other`` added."""
        cost = None if self.cost_usd is None or other.cost_usd is None else self.cost_usd + other.cost_usd
        return ModelUsage(
            calls=self.calls + other.calls,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            cached_prompt_tokens=self.cached_prompt_tokens + other.cached_prompt_tokens,
            cost_usd=cost,
        )


class UsageReport(BaseModel):
    """LLM usage of a design, in total and per model."""

    model_config = ConfigDict(extra="forbid")

    total: ModelUsage = Field(default_factory=ModelUsage)
    by_model: dict[str, ModelUsage] = Field(default_factory=dict)

    def record(self, model: str, usage: ModelUsage) -> None:
        """Add one call's usage."""
        self.total = self.total.add(usage)
        self.by_model[model] = self.by_model.get(model, ModelUsage()).add(usage)


class ErrorInfo(BaseModel):
    """Why a run stopped, in words a user can act on."""

    model_config = ConfigDict(extra="forbid")

    type: str
    message: str
    hint: str = ""
    stage: str = ""


class Revision(BaseModel):
    """A finished run of the pipeline: the first design or one refine."""

    model_config = ConfigDict(extra="forbid")

    number: int
    kind: Literal["design", "refine"]
    request: str
    status: DesignStatus
    task_graph: TaskGraph | None = None
    plan_source: PlanSource | None = None
    script: str | None = None
    execution: ExecutionResult | None = None
    validation: ValidationResult | None = None
    iterations: int = 0
    error: ErrorInfo | None = None
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None


class DesignState(BaseModel):
    """Everything known about one design: the run in progress and the revisions before it."""

    model_config = ConfigDict(extra="forbid")

    design_id: str
    prompt: str = Field(description="The request of the current run: the original prompt or a change.")
    original_prompt: str
    revision: int = 1
    kind: Literal["design", "refine"] = "design"
    planner_choice: PlannerChoice = "auto"
    formats: list[ExportFormat] = Field(default_factory=lambda: list(DEFAULT_FORMATS))
    output_dir: str | None = None
    material: str = Field(
        default="steel", description="What the part is made of: the density behind its mass in the report."
    )
    material_source: MaterialSource = Field(
        default="assumed",
        description="assumed: nothing named it (steel); request: named in the request; option: chosen by the "
        "caller (--material); vague: the request names only a kind of material ('plastic'), so no mass "
        "is given.",
    )

    base_graph: TaskGraph | None = Field(default=None, description="The graph being changed by a refine.")
    given_plan: TaskGraph | None = Field(
        default=None,
        description="A plan handed in with the request (design --plan, an MCP client): this run builds it "
        "instead of planning from the words.",
    )
    task_graph: TaskGraph | None = None
    plan_source: PlanSource | None = None
    generated_script: str | None = None
    execution: ExecutionResult | None = None
    validation: ValidationResult | None = None
    feedback: list[ValidationIssue] = Field(default_factory=list)

    iteration: int = 0
    max_iterations: int = 5
    status: DesignStatus = DesignStatus.PENDING
    stage: str = "pending"
    error: ErrorInfo | None = None
    usage: UsageReport = Field(default_factory=UsageReport)
    timings_s: dict[str, float] = Field(
        default_factory=dict, description="Seconds per pipeline stage in this run (summed over iterations)."
    )
    prompt_version: str | None = None
    versions: dict[str, str] = Field(default_factory=dict)
    history: list[Revision] = Field(default_factory=list)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    def full_request(self) -> str:
        """What the part as a whole was asked to be: the original request, the changes that
        completed since, and this run's change (what an intent review must judge against)."""
        if self.kind == "design":
            return self.prompt
        changes = [
            r.request for r in self.history if r.kind == "refine" and r.status == DesignStatus.COMPLETED
        ]
        lines = [self.original_prompt, *(f"then: {c}" for c in changes), f"now: {self.prompt}"]
        return "\n".join(lines)

    def as_revision(self) -> Revision:
        """The current run, frozen as a revision."""
        return Revision(
            number=self.revision,
            kind=self.kind,
            request=self.prompt,
            status=self.status,
            task_graph=self.task_graph,
            plan_source=self.plan_source,
            script=self.generated_script,
            execution=self.execution,
            validation=self.validation,
            iterations=self.iteration,
            error=self.error,
            started_at=self.updated_at,
            finished_at=utcnow(),
        )
