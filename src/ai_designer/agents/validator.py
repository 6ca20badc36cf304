"""The validator agent: geometric checks, then optional LLM/vision reviews, then a decision."""

from __future__ import annotations

from collections.abc import Sequence

from ai_designer.agents.base import BaseAgent, IntentReviewer
from ai_designer.agents.feature_checks import expected_features
from ai_designer.agents.geometry_checks import check_geometry
from ai_designer.cad.expectations import expected_cavities
from ai_designer.errors import AIDesignerError
from ai_designer.logging import get_logger
from ai_designer.schemas.design import DesignState, ModelUsage
from ai_designer.schemas.validation import ValidationIssue, ValidationResult, decide

log = get_logger(__name__)


class ValidatorAgent(BaseAgent):
    """Scores a result in three dimensions and decides pass / refine / replan / fail.

    Without reviewers the geometric checks alone decide: intent is taken as met
    when the geometry matches the plan. A reviewer that fails (provider down) is
    recorded as a warning and does not sink a good part.
    """

    name = "validator"

    def __init__(self, reviewers: Sequence[IntentReviewer] = ()) -> None:
        self.reviewers = list(reviewers)

    async def run(self, state: DesignState) -> DesignState:
        graph = state.task_graph
        if graph is None:
            raise AIDesignerError(
                "The validator ran without a plan.", hint="This is a bug; please report it."
            )
        report = check_geometry(
            state.execution, graph.expected, expected_features(graph), cavities=expected_cavities(graph)
        )
        issues = list(report.issues)
        geometric = report.accuracy
        executed = state.execution is not None and state.execution.ok
        completeness = 1.0 if executed and state.execution and state.execution.final_shape else 0.0
        intent = geometric
        reviewers = ["geometry"]
        usage = state.usage.model_copy(deep=True)

        def on_usage(model: str, u: ModelUsage) -> None:
            usage.record(model, u)

        if executed and state.execution is not None:
            for reviewer in self.reviewers:
                try:
                    score, found = await reviewer.review(
                        state.full_request(), graph, state.execution, on_usage
                    )
                except AIDesignerError as exc:
                    log.warning("review_failed", reviewer=reviewer.name, error=exc.message)
                    issues.append(
                        ValidationIssue(
                            severity="warning",
                            category="intent",
                            message=f"{reviewer.name} unavailable: {exc}",
                        )
                    )
                    continue
                reviewers.append(reviewer.name)
                intent = min(intent, score)
                issues.extend(found)

        score = min(geometric, intent, completeness)
        decision = decide(score)
        if decision != "pass" and any(i.category == "intent" and i.severity == "error" for i in issues):
            decision = "replan" if geometric > 0.8 else decision
        result = ValidationResult(
            geometric_accuracy=round(geometric, 4),
            intent_match=round(intent, 4),
            completeness=completeness,
            issues=issues,
            checks=report.checks,
            decision=decision,
            reviewers=reviewers,
        )
        return state.model_copy(update={"validation": result, "feedback": issues, "usage": usage})
