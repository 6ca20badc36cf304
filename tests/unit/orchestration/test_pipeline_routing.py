"""Every routing edge of the LangGraph pipeline, with scripted agents (FreeCAD is not the subject here)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from ai_designer.agents.base import BaseAgent
from ai_designer.errors import PlanningError
from ai_designer.orchestration.checkpoint import memory_checkpointer, serializer
from ai_designer.orchestration.events import EventEmitter
from ai_designer.orchestration.pipeline import DesignPipeline, recursion_limit
from ai_designer.orchestration.routing import route_after_validation
from ai_designer.schemas.design import DesignState, DesignStatus, PlanSource
from ai_designer.schemas.events import DesignEvent
from ai_designer.schemas.execution import ExecutionResult
from ai_designer.schemas.task_graph import BoxOp, CustomOp, TaskGraph, TaskNode
from ai_designer.schemas.validation import Decision, ValidationIssue, ValidationResult

BOX = TaskGraph(nodes=[TaskNode(id="box", operation=BoxOp(length=1, width=1, height=1))])
CUSTOM = TaskGraph(nodes=[TaskNode(id="thing", operation=CustomOp(description="a blob"))])


class Planner(BaseAgent):
    name = "planner"

    def __init__(self, graph: TaskGraph = BOX, fail: bool = False) -> None:
        self.graph, self.fail, self.calls = graph, fail, 0

    async def run(self, state: DesignState) -> DesignState:
        self.calls += 1
        if self.fail:
            raise PlanningError("did not understand 'frobnicate'")
        source = PlanSource(planner="local", reason="scripted")
        return state.model_copy(update={"task_graph": self.graph, "plan_source": source})


class Generator(BaseAgent):
    name = "generator"

    def __init__(self) -> None:
        self.calls = 0

    async def run(self, state: DesignState) -> DesignState:
        self.calls += 1
        return state.model_copy(
            update={"generated_script": f"# v{self.calls}", "iteration": state.iteration + 1}
        )


class Executor(BaseAgent):
    name = "executor"

    def __init__(self, ok: bool = True, delay: float = 0.0) -> None:
        self.ok, self.delay = ok, delay

    async def run(self, state: DesignState) -> DesignState:
        await asyncio.sleep(self.delay)
        result = ExecutionResult(job_id="j", ok=self.ok, error=None if self.ok else "boom")
        return state.model_copy(update={"execution": result})


class Validator(BaseAgent):
    name = "validator"

    def __init__(self, decisions: Sequence[Decision]) -> None:
        self.decisions, self.calls = list(decisions), 0

    async def run(self, state: DesignState) -> DesignState:
        decision = self.decisions[min(self.calls, len(self.decisions) - 1)]
        self.calls += 1
        score = {"pass": 1.0, "refine": 0.6, "replan": 0.6, "fail": 0.1}[decision]
        issues = [] if decision == "pass" else [ValidationIssue(message=f"scripted {decision}")]
        result = ValidationResult(
            geometric_accuracy=score, intent_match=score, completeness=1.0, issues=issues, decision=decision
        )
        return state.model_copy(update={"validation": result, "feedback": issues})


def _run(
    validator: Validator,
    *,
    planner: Planner | None = None,
    executor: Executor | None = None,
    can_replan: bool = False,
    max_iterations: int = 5,
    freecad_timeout_s: float = 60.0,
) -> tuple[DesignState, list[DesignEvent], Planner, Generator]:
    planner = planner or Planner()
    generator = Generator()
    pipeline = DesignPipeline(
        planner,
        generator,
        executor or Executor(),
        validator,
        checkpointer=memory_checkpointer(),
        can_replan=can_replan,
        freecad_timeout_s=freecad_timeout_s,
    )
    events: list[DesignEvent] = []
    state = DesignState(design_id="d1", prompt="p", original_prompt="p", max_iterations=max_iterations)
    final = asyncio.run(pipeline.run(state, EventEmitter("d1", [events.append])))
    return final, events, planner, generator


def test_pass_goes_to_the_end() -> None:
    final, events, planner, generator = _run(Validator(["pass"]))
    assert final.status == DesignStatus.COMPLETED
    assert (planner.calls, generator.calls) == (1, 1)
    kinds = [e.kind for e in events]
    assert kinds[-1] == "design_completed"
    assert kinds.count("stage_started") == 4
    assert [e.seq for e in events] == list(range(1, len(events) + 1))


def test_refine_with_custom_nodes_goes_back_to_the_generator() -> None:
    final, _, planner, generator = _run(Validator(["refine", "pass"]), planner=Planner(CUSTOM))
    assert final.status == DesignStatus.COMPLETED
    assert (planner.calls, generator.calls) == (1, 2)
    assert final.iteration == 2


def test_refine_without_regenerable_nodes_replans_when_an_llm_planner_exists() -> None:
    final, _, planner, generator = _run(Validator(["refine", "pass"]), can_replan=True)
    assert final.status == DesignStatus.COMPLETED
    assert (planner.calls, generator.calls) == (2, 2)


def test_refine_without_llm_goes_to_human_review() -> None:
    final, events, _, generator = _run(Validator(["refine"]))
    assert final.status == DesignStatus.NEEDS_REVIEW
    assert generator.calls == 1
    assert final.error is not None and "scripted refine" in final.error.message
    assert events[-1].kind == "design_failed"


def test_replan_goes_to_the_planner() -> None:
    final, _, planner, _ = _run(Validator(["replan", "pass"]), can_replan=True)
    assert final.status == DesignStatus.COMPLETED
    assert planner.calls == 2


def test_fail_goes_to_human_review_and_keeps_everything() -> None:
    final, _, _, _ = _run(Validator(["fail"]))
    assert final.status == DesignStatus.NEEDS_REVIEW
    assert final.task_graph == BOX
    assert final.generated_script == "# v1"
    assert final.execution is not None


def test_failed_execution_of_custom_code_is_regenerated() -> None:
    final, _, _, generator = _run(
        Validator(["fail", "pass"]), planner=Planner(CUSTOM), executor=Executor(ok=False)
    )
    assert final.status == DesignStatus.COMPLETED
    assert generator.calls == 2


def test_iteration_cap_stops_the_loop() -> None:
    final, _, _, generator = _run(Validator(["refine"]), planner=Planner(CUSTOM), max_iterations=3)
    assert final.status == DesignStatus.NEEDS_REVIEW
    assert generator.calls == 3
    assert final.error is not None and "3 iteration" in final.error.message


def test_planner_error_ends_the_run_with_the_message() -> None:
    final, events, _, generator = _run(Validator(["pass"]), planner=Planner(fail=True))
    assert final.status == DesignStatus.FAILED
    assert generator.calls == 0
    assert final.error is not None
    assert "frobnicate" in final.error.message
    assert final.error.stage == "planner"
    assert events[-1].kind == "design_failed"


def test_node_timeout_fails_cleanly() -> None:
    final, _, _, _ = _run(Validator(["pass"]), executor=Executor(delay=5), freecad_timeout_s=-14.9)
    assert final.status == DesignStatus.FAILED
    assert final.error is not None and final.error.type == "TimeoutError"


def test_recursion_limit_covers_the_iteration_cap() -> None:
    assert recursion_limit(5) >= 4 * 5 + 2


@pytest.mark.parametrize(
    ("decision", "custom", "can_replan", "iteration", "expected"),
    [
        ("pass", False, False, 1, "finish"),
        ("refine", True, False, 1, "generator"),
        ("refine", False, True, 1, "planner"),
        ("refine", False, False, 1, "human_review"),
        ("replan", False, True, 1, "planner"),
        ("replan", False, False, 1, "human_review"),
        ("fail", False, True, 1, "human_review"),
        ("refine", True, True, 5, "human_review"),
    ],
)
def test_route_table(
    decision: Decision, custom: bool, can_replan: bool, iteration: int, expected: str
) -> None:
    validation = ValidationResult(geometric_accuracy=1, intent_match=1, completeness=1, decision=decision)
    state = DesignState(
        design_id="d",
        prompt="p",
        original_prompt="p",
        task_graph=CUSTOM if custom else BOX,
        execution=ExecutionResult(job_id="j", ok=True),
        validation=validation,
        iteration=iteration,
    )
    assert route_after_validation(state, can_replan) == expected


def test_runs_without_a_checkpointer_too() -> None:
    pipeline = DesignPipeline(Planner(), Generator(), Executor(), Validator(["pass"]))
    state = DesignState(design_id="d2", prompt="p", original_prompt="p")
    final = asyncio.run(pipeline.run(state, EventEmitter("d2")))
    assert final.status == DesignStatus.COMPLETED


class _MachineDown(Exception):
    """The process died here (kill -9): nothing after this point ran."""


class CrashingSaver(InMemorySaver):
    """A real in-memory saver that 'dies' when it is about to save the step after the generator.

    The generator's own writes are already saved then (LangGraph saves a task's writes as it
    finishes, the step's checkpoint after): the window a kill -9 can hit under load.
    """

    def __init__(self) -> None:
        super().__init__(serde=serializer())
        self.armed = True

    async def aput(self, config: Any, checkpoint: Any, metadata: Any, new_versions: Any) -> Any:
        if self.armed and checkpoint["channel_values"].get("generated_script"):
            self.armed = False
            raise _MachineDown
        return await super().aput(config, checkpoint, metadata, new_versions)


def test_a_run_killed_after_a_stage_wrote_its_result_resumes_from_there() -> None:
    saver = CrashingSaver()
    state = DesignState(design_id="d3", prompt="p", original_prompt="p")

    def pipeline(generator: Generator) -> DesignPipeline:
        return DesignPipeline(Planner(), generator, Executor(), Validator(["pass"]), checkpointer=saver)

    with pytest.raises(_MachineDown):
        asyncio.run(pipeline(Generator()).run(state, EventEmitter("d3"), thread_id="t3"))
    again = Generator()
    final = asyncio.run(pipeline(again).resume("t3", EventEmitter("d3")))
    assert final.status == DesignStatus.COMPLETED  # not the half-done "generating" state
    assert again.calls == 0  # the generator's saved result was used, not run again
