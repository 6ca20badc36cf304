"""The validator's geometric checks, scores and decisions (measurements given, no FreeCAD needed)."""

from __future__ import annotations

import asyncio

import pytest

from ai_designer.agents.base import UsageSink
from ai_designer.agents.geometry_checks import FAILED_CHECK_CAP, check_geometry
from ai_designer.agents.validator import ValidatorAgent
from ai_designer.errors import LLMConnectionError
from ai_designer.schemas.design import DesignState, ModelUsage
from ai_designer.schemas.execution import BoundingBox, ExecutionResult, HoleInfo, ObjectInfo, ShapeMetrics
from ai_designer.schemas.task_graph import BoxOp, Expectations, TaskGraph, TaskNode
from ai_designer.schemas.validation import ValidationIssue

EXPECTED = Expectations(bbox=(60, 40, 8), solids=1, holes=4, volume_min=18500, volume_max=18650)


def measured(
    size: tuple[float, float, float] = (60, 40, 8),
    volume: float = 18571.7,
    holes: int = 4,
    solids: int = 1,
    valid: bool = True,
    failed_object: bool = False,
) -> ExecutionResult:
    shape = ShapeMetrics(
        volume=volume,
        area=1.0,
        bbox=BoundingBox(min=(0, 0, 0), max=size, size=size),
        solids=solids,
        shells=solids,
        faces=10,
        edges=20,
        vertices=12,
        is_valid=valid,
        holes=[HoleInfo(diameter=5, axis=(0, 0, 1), start=(0, 0, 0), depth=8, through=True)] * holes,
        through_holes=holes,
    )
    objects = [
        ObjectInfo(
            name="Fillet",
            label="fillet",
            type_id="Part::Fillet",
            document="Model",
            valid=not failed_object,
            error="BRep_API: command not done" if failed_object else None,
        )
    ]
    return ExecutionResult(job_id="j", ok=True, final_shape=shape, objects=objects)


def test_a_matching_part_passes_every_check() -> None:
    report = check_geometry(measured(), EXPECTED)
    assert report.accuracy == 1.0
    assert {c.name for c in report.checks} == {
        "recompute clean",
        "valid solid",
        "solid count",
        "bounding box",
        "volume",
        "holes",
    }
    assert report.issues == []


@pytest.mark.parametrize(
    ("result", "failing", "words"),
    [
        (measured(volume=17000), "volume", "Volume is 17000.0"),
        (measured(size=(60, 40, 10)), "bounding box", "60.00 x 40.00 x 10.00"),
        (measured(holes=2), "holes", "Expected 4 hole(s), found 2"),
        (measured(solids=2), "solid count", "Expected 1 solid(s), got 2"),
        (measured(valid=False), "valid solid", "invalid"),
        (measured(failed_object=True), "recompute clean", "fillet"),
    ],
)
def test_one_failed_check_is_never_a_pass(result: ExecutionResult, failing: str, words: str) -> None:
    report = check_geometry(result, EXPECTED)
    assert [c.name for c in report.checks if not c.passed] == [failing]
    assert report.accuracy == FAILED_CHECK_CAP
    assert words in report.issues[0].message


def test_any_orientation_bbox() -> None:
    expected = Expectations(bbox=(100, 25, 25), bbox_any_orientation=True)
    assert check_geometry(measured(size=(25, 100, 25)), expected).accuracy == 1.0
    assert check_geometry(measured(size=(25, 100, 26)), expected).accuracy < 1.0


def test_a_failed_run_scores_zero_with_the_error() -> None:
    failed = ExecutionResult(job_id="j", ok=False, error="line 3: NameError: x", error_kind="exception")
    report = check_geometry(failed, EXPECTED)
    assert report.accuracy == 0.0
    assert "line 3: NameError" in report.issues[0].message
    assert report.issues[0].category == "execution"


GRAPH = TaskGraph(
    nodes=[TaskNode(id="plate", operation=BoxOp(length=60, width=40, height=8))], expected=EXPECTED
)


def _state(execution: ExecutionResult) -> DesignState:
    return DesignState(design_id="d", prompt="p", original_prompt="p", task_graph=GRAPH, execution=execution)


class Reviewer:
    name = "llm"

    def __init__(self, score: float = 1.0, fail: bool = False) -> None:
        self.score, self.fail = score, fail

    async def review(
        self, prompt: str, graph: TaskGraph, execution: ExecutionResult, on_usage: UsageSink
    ) -> tuple[float, list[ValidationIssue]]:
        if self.fail:
            raise LLMConnectionError("provider down")
        on_usage(
            "openai/reviewer", ModelUsage(calls=1, prompt_tokens=100, completion_tokens=20, cost_usd=0.01)
        )
        issues = [] if self.score > 0.8 else [ValidationIssue(category="intent", message="holes are 4 mm")]
        return self.score, issues


def _validate(execution: ExecutionResult, *reviewers: Reviewer) -> DesignState:
    return asyncio.run(ValidatorAgent(reviewers).run(_state(execution)))


def test_decisions_without_an_llm() -> None:
    assert _validate(measured()).validation.decision == "pass"  # type: ignore[union-attr]
    assert _validate(measured(volume=17000)).validation.decision == "refine"  # type: ignore[union-attr]
    failed = ExecutionResult(job_id="j", ok=False, error="boom", error_kind="exception")
    assert _validate(failed).validation.decision == "fail"  # type: ignore[union-attr]


def test_a_good_geometry_with_a_bad_intent_review_is_replanned_and_costs_are_counted() -> None:
    state = _validate(measured(), Reviewer(score=0.3))
    assert state.validation is not None
    assert state.validation.decision == "replan"
    assert state.validation.intent_match == 0.3
    assert state.validation.reviewers == ["geometry", "llm"]
    assert state.feedback[0].message == "holes are 4 mm"
    assert state.usage.total.cost_usd == pytest.approx(0.01)


def test_a_reviewer_that_is_down_does_not_sink_a_good_part() -> None:
    state = _validate(measured(), Reviewer(fail=True))
    assert state.validation is not None
    assert state.validation.decision == "pass"
    assert any("unavailable" in i.message and i.severity == "warning" for i in state.validation.issues)
