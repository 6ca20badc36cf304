"""LLM reviews of a built part: one from the measurements, one from the rendered previews.

Both implement :class:`~ai_designer.agents.base.IntentReviewer` and return a
score in [0, 1] plus concrete issues (category ``intent`` or ``vision``) that
the refine loop can act on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ai_designer.agents.base import UsageSink
from ai_designer.agents.feature_checks import expected_features
from ai_designer.agents.geometry_checks import check_geometry
from ai_designer.agents.prompts.system_prompts import INTENT_REVIEW_SYSTEM, VISION_REVIEW_SYSTEM
from ai_designer.agents.prompts.task_prompts import intent_review_prompt, vision_review_prompt
from ai_designer.llm.provider import LLMProvider
from ai_designer.llm.vision import MAX_IMAGE_BYTES, VISION_MAX_SIDE, vision_message
from ai_designer.logging import get_logger
from ai_designer.schemas.execution import PREVIEW_VIEWS, ExecutionResult
from ai_designer.schemas.llm import LLMMessage, LLMRequest
from ai_designer.schemas.task_graph import CustomOp, TaskGraph
from ai_designer.schemas.validation import ValidationIssue

log = get_logger(__name__)

REVIEW_MAX_TOKENS = 2000
MAX_IMAGES = 6
#: A volume interval narrower than this (relative) pins the shape down; wider ones (fillets,
#: overlapping unions) leave room for a wrong shape of the right size.
TIGHT_VOLUME = 0.02


class ReviewIssue(BaseModel):
    """One problem a reviewer found."""

    model_config = ConfigDict(extra="forbid")

    severity: Literal["error", "warning", "info"] = "error"
    message: Annotated[str, Field(min_length=1, max_length=2000)]
    node_id: str | None = None
    suggestion: str = ""


class Review(BaseModel):
    """A reviewer model's verdict."""

    model_config = ConfigDict(extra="forbid")

    score: Annotated[float, Field(ge=0.0, le=1.0)]
    summary: str = ""
    issues: Annotated[list[ReviewIssue], Field(max_length=30)] = Field(default_factory=list)


def _issues(review: Review, category: Literal["intent", "vision"], graph: TaskGraph) -> list[ValidationIssue]:
    known = {n.id for n in graph.nodes}
    return [
        ValidationIssue(
            severity=issue.severity,
            category=category,
            message=issue.message,
            node_id=issue.node_id if issue.node_id in known else None,
            suggestion=issue.suggestion,
        )
        for issue in review.issues
    ]


class LLMIntentReviewer:
    """Compares the measured result (size, volume, holes...) with the request, using the validator models."""

    name = "llm"

    def __init__(self, provider: LLMProvider) -> None:
        """Use ``provider``'s validator models."""
        self._provider = provider

    async def review(
        self, prompt: str, graph: TaskGraph, execution: ExecutionResult, on_usage: UsageSink
    ) -> tuple[float, list[ValidationIssue]]:
        """The intent score and the mismatches found."""
        request = LLMRequest(
            role="validator",
            messages=[
                LLMMessage(role="system", content=INTENT_REVIEW_SYSTEM),
                LLMMessage(role="user", content=intent_review_prompt(prompt, graph, execution)),
            ],
            schema_name="intent_review",
            temperature=0.0,
            max_tokens=REVIEW_MAX_TOKENS,
        )
        review, response = await self._provider.complete_structured(request, Review, on_usage)
        log.info("intent_review", model=response.model, score=review.score, issues=len(review.issues))
        return review.score, _issues(review, "intent", graph)


def _view_rank(path: Path) -> tuple[int, str]:
    stem = path.stem.removeprefix("preview_")
    return (PREVIEW_VIEWS.index(stem) if stem in PREVIEW_VIEWS else len(PREVIEW_VIEWS), path.name)


def geometry_decides(graph: TaskGraph, execution: ExecutionResult) -> bool:
    """True when the measurements settle the result without pictures: a geometric check failed
    (the refine loop acts on it), or they all passed and pinned the part down (overall size, a
    tight volume, every placed feature where the plan puts it, no `custom` node whose shape only
    its code knows)."""
    report = check_geometry(execution, graph.expected, expected_features(graph))
    if report.accuracy < 1.0:
        return True
    expected = graph.expected
    tight = (
        expected.volume_min is not None
        and expected.volume_max is not None
        and expected.volume_max <= expected.volume_min * (1 + TIGHT_VOLUME)
    )
    custom = any(isinstance(n.operation, CustomOp) for n in graph.nodes)
    return expected.bbox is not None and tight and not custom


def preview_images(execution: ExecutionResult) -> list[Path]:
    """The PNG previews of a run, iso view first, at most six.

    Artifacts whose kind starts with ``preview`` or ``png``; a relative path is
    looked up in the folder of the run's other (absolute) artifacts. When none
    is listed, ``preview_*.png`` files in that folder are used.
    """
    paths = [Path(p) for p in execution.artifacts.values()]
    folders = sorted({p.parent for p in paths if p.is_absolute()})
    found: set[Path] = set()
    for kind, value in execution.artifacts.items():
        if not kind.startswith(("preview", "png")) or not value.lower().endswith(".png"):
            continue
        path = Path(value)
        found.update(
            c for c in ([path] if path.is_absolute() else [f / path for f in folders]) if c.is_file()
        )
    if not found:
        found.update(p for folder in folders for p in folder.glob("preview_*.png"))
    usable = [p for p in found if p.stat().st_size <= MAX_IMAGE_BYTES]
    return sorted(usable, key=_view_rank)[:MAX_IMAGES]


class VisionReviewer:
    """Shows the rendered previews, scaled down, to the vision models and asks whether the part
    looks as requested; only when the geometric checks cannot decide (:func:`geometry_decides`)."""

    name = "vision"

    def __init__(self, provider: LLMProvider) -> None:
        """Use ``provider``'s vision models."""
        self._provider = provider

    async def review(
        self, prompt: str, graph: TaskGraph, execution: ExecutionResult, on_usage: UsageSink
    ) -> tuple[float, list[ValidationIssue]]:
        """The visual score and issues; 1.0 with an info note when no preview was rendered or the
        measurements already decide."""
        if geometry_decides(graph, execution):
            note = "The geometric checks decided this result, so the vision review was not needed."
            return 1.0, [ValidationIssue(severity="info", category="vision", message=note)]
        images = preview_images(execution)
        if not images:
            note = "No preview images were rendered, so the vision review was skipped."
            return 1.0, [ValidationIssue(severity="info", category="vision", message=note)]
        request = LLMRequest(
            role="vision",
            messages=[
                LLMMessage(role="system", content=VISION_REVIEW_SYSTEM),
                vision_message(
                    vision_review_prompt(prompt, graph, execution), images, "low", VISION_MAX_SIDE
                ),
            ],
            schema_name="vision_review",
            temperature=0.0,
            max_tokens=REVIEW_MAX_TOKENS,
        )
        review, response = await self._provider.complete_structured(request, Review, on_usage)
        log.info("vision_review", model=response.model, score=review.score, images=len(images))
        return review.score, _issues(review, "vision", graph)
