"""What the validator says about a result: scores, concrete issues, and the routing decision."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Score = Annotated[float, Field(ge=0.0, le=1.0)]
Decision = Literal["pass", "refine", "replan", "fail"]

PASS_THRESHOLD = 0.8
REFINE_THRESHOLD = 0.4


class GeometryCheck(BaseModel):
    """One measured check (no LLM involved)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    passed: bool
    expected: str = ""
    actual: str = ""
    detail: str = ""


class ValidationIssue(BaseModel):
    """A concrete problem the generator or planner can act on."""

    model_config = ConfigDict(extra="forbid")

    severity: Literal["error", "warning", "info"] = "error"
    category: Literal["geometry", "execution", "intent", "completeness", "vision", "script"] = "geometry"
    message: str
    node_id: str | None = None
    suggestion: str = ""


class ValidationResult(BaseModel):
    """Scores in three dimensions, the issues found, and what to do next."""

    model_config = ConfigDict(extra="forbid")

    geometric_accuracy: Score
    intent_match: Score
    completeness: Score
    issues: list[ValidationIssue] = Field(default_factory=list)
    checks: list[GeometryCheck] = Field(default_factory=list)
    decision: Decision
    reviewers: list[str] = Field(
        default_factory=list, description="Which reviews ran: geometry, llm, vision."
    )

    @property
    def score(self) -> float:
        """The overall score the decision is based on (the weakest dimension)."""
        return min(self.geometric_accuracy, self.intent_match, self.completeness)


def decide(score: float) -> Decision:
    """pass above 0.8, refine from 0.4 to 0.8, fail below 0.4."""
    if score > PASS_THRESHOLD:
        return "pass"
    if score >= REFINE_THRESHOLD:
        return "refine"
    return "fail"
