"""The design report: a short summary on top of the current revision's state.

A report describes one revision. Earlier revisions are listed by number only: each one's own
report is ``revisions/N/report.json``, so the report does not grow with the history.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from ai_designer.cad.materials import MassProperties, mass_properties
from ai_designer.cad.readback import explain
from ai_designer.schemas.design import DesignState


class DesignSummary(BaseModel):
    """What a user wants to see first."""

    design_id: str
    revision: int
    status: str
    request: str
    planner: str | None = None
    planner_reason: str | None = None
    size_mm: tuple[float, float, float] | None = None
    volume_mm3: float | None = None
    solids: int | None = None
    mass: MassProperties | None = None
    material_source: str = Field(
        default="assumed",
        description="Where the material behind the mass comes from: assumed (none named: steel), request, "
        "option (--material), or vague (the request names a kind of material only: no mass).",
    )
    checks_passed: int = 0
    checks_total: int = 0
    decision: str | None = None
    iterations: int = 0
    readback: list[str] = []
    notes: list[str] = []
    files: dict[str, str] = {}
    llm_calls: int = 0
    llm_prompt_tokens: int = 0
    llm_completion_tokens: int = 0
    llm_cached_prompt_tokens: int = 0
    llm_cost_usd: float | None = Field(
        default=0.0, description="Summed over every LLM call of the design; None when a price is unknown."
    )
    error: str | None = None
    hint: str | None = None


class RevisionEntry(BaseModel):
    """An earlier revision, by reference."""

    number: int
    kind: str
    status: str
    request: str
    report: str


def summarize(state: DesignState) -> DesignSummary:
    """The summary of the current revision."""
    ex = state.execution
    shape = ex.final_shape if ex else None
    checks = state.validation.checks if state.validation else []
    usage = state.usage.total
    return DesignSummary(
        design_id=state.design_id,
        revision=state.revision,
        status=state.status.value,
        request=state.prompt,
        planner=state.plan_source.planner if state.plan_source else None,
        planner_reason=state.plan_source.reason if state.plan_source else None,
        size_mm=tuple(round(v, 6) for v in shape.bbox.size) if shape else None,
        volume_mm3=round(shape.volume, 6) if shape else None,
        solids=shape.solids if shape else None,
        mass=(
            mass_properties(shape.volume, state.material, shape.center_of_mass)
            if shape and state.material_source != "vague"
            else None
        ),
        material_source=state.material_source,
        checks_passed=sum(c.passed for c in checks),
        checks_total=len(checks),
        decision=state.validation.decision if state.validation else None,
        iterations=state.iteration,
        readback=explain(state.task_graph) if state.task_graph else [],
        notes=list(state.plan_source.notes) if state.plan_source else [],
        files=_files(state),
        llm_calls=usage.calls,
        llm_prompt_tokens=usage.prompt_tokens,
        llm_completion_tokens=usage.completion_tokens,
        llm_cached_prompt_tokens=usage.cached_prompt_tokens,
        llm_cost_usd=None if usage.cost_usd is None else round(usage.cost_usd, 6),
        error=state.error.message if state.error else None,
        hint=state.error.hint if state.error else None,
    )


def _files(state: DesignState) -> dict[str, str]:
    """Written files; for a completed design, where they are in the design folder itself."""
    artifacts = dict(state.execution.artifacts) if state.execution else {}
    if state.status.value == "completed" and state.output_dir:
        return {kind: str(Path(state.output_dir) / Path(path).name) for kind, path in artifacts.items()}
    return artifacts


def build_report(state: DesignState) -> dict[str, Any]:
    """report.json: the summary, this revision's state (plan, script, execution, validation, costs,
    versions) and the earlier revisions by number (each has its own report under revisions/)."""
    earlier = [
        RevisionEntry(
            number=r.number,
            kind=r.kind,
            status=r.status.value,
            request=r.request,
            report=f"revisions/{r.number}/report.json",
        ).model_dump(mode="json")
        for r in state.history
    ]
    return {
        "summary": summarize(state).model_dump(mode="json"),
        "state": state.model_dump(mode="json", exclude={"history"}),
        "revisions": earlier,
    }
