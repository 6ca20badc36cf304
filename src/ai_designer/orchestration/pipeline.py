"""The design pipeline as a LangGraph StateGraph over DesignState.

planner → generator → executor → validator, then by the validator's decision:
finish (pass), generator (refine), planner (replan) or human_review (give up and
keep everything). Every node has a timeout and emits progress events; the
iteration cap and an explicit recursion limit bound the loop.
"""

from __future__ import annotations

import asyncio
import contextvars
import time
from collections.abc import Awaitable, Callable
from typing import Any, cast

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph

from ai_designer.agents.base import BaseAgent
from ai_designer.errors import AIDesignerError, StateError
from ai_designer.logging import get_logger
from ai_designer.orchestration.events import EventEmitter
from ai_designer.orchestration.routing import Route, route_after_validation
from ai_designer.schemas.design import DesignState, DesignStatus, ErrorInfo, utcnow

log = get_logger(__name__)

_EMITTER: contextvars.ContextVar[EventEmitter | None] = contextvars.ContextVar("design_emitter", default=None)

NodeFn = Callable[[DesignState], Awaitable[dict[str, Any]]]

#: The status a design has while each stage runs.
STAGE_STATUS: dict[str, DesignStatus] = {
    "planner": DesignStatus.PLANNING,
    "generator": DesignStatus.GENERATING,
    "executor": DesignStatus.EXECUTING,
    "validator": DesignStatus.VALIDATING,
}


def _changes(old: DesignState, new: DesignState) -> dict[str, Any]:
    """The fields a node changed (LangGraph merges them into the state)."""
    return {
        name: getattr(new, name)
        for name in DesignState.model_fields
        if getattr(new, name) != getattr(old, name)
    }


def recursion_limit(max_iterations: int) -> int:
    """Enough steps for every iteration to visit all four stages twice, and no more."""
    return 8 * max_iterations + 10


def _raise_if_cancelled() -> None:
    """Re-raise a cancellation that ``asyncio.wait_for`` swallowed.

    Before Python 3.12, wait_for returns the result when the stage finished in the same step as
    the cancel arrived (always so for a stage that computes without awaiting, like the offline
    planner): Ctrl-C or a DELETE during such a stage would otherwise be lost.
    """
    task = asyncio.current_task()
    cancelling = getattr(task, "cancelling", None)
    if cancelling is not None and cancelling() > 0:
        raise asyncio.CancelledError


class DesignPipeline:
    """Wires the agents into a LangGraph graph and runs designs through it."""

    def __init__(
        self,
        planner: BaseAgent,
        generator: BaseAgent,
        executor: BaseAgent,
        validator: BaseAgent,
        *,
        llm_timeout_s: float = 30.0,
        freecad_timeout_s: float = 60.0,
        checkpointer: BaseCheckpointSaver[Any] | None = None,
        can_replan: bool = False,
    ) -> None:
        self.can_replan = can_replan
        self.agents: dict[str, BaseAgent] = {
            "planner": planner,
            "generator": generator,
            "executor": executor,
            "validator": validator,
        }
        # FreeCAD enforces its own limit; the node allows a margin for start-up and export.
        self.timeouts = {
            "planner": llm_timeout_s,
            "generator": llm_timeout_s,
            "executor": freecad_timeout_s + 15.0,
            "validator": llm_timeout_s,
        }
        self.checkpointer = checkpointer
        self._compiled: Any = None

    # ------------------------------------------------------------------ graph

    def build(self) -> Any:
        """The compiled LangGraph graph."""
        graph: StateGraph[DesignState] = StateGraph(DesignState)
        for name in self.agents:
            graph.add_node(name, cast(Any, self._node(name)))
        graph.add_node("finish", self._finish)
        graph.add_node("human_review", self._human_review)
        graph.add_edge(START, "planner")
        for name, nxt in (("planner", "generator"), ("generator", "executor"), ("executor", "validator")):
            graph.add_conditional_edges(name, self._after(nxt), {nxt: nxt, "end": END})
        graph.add_conditional_edges(
            "validator",
            self._after_validation,
            {
                "finish": "finish",
                "generator": "generator",
                "planner": "planner",
                "human_review": "human_review",
            },
        )
        graph.add_edge("finish", END)
        graph.add_edge("human_review", END)
        return graph.compile(checkpointer=self.checkpointer)

    @staticmethod
    def _after(nxt: str) -> Callable[[DesignState], str]:
        def route(state: DesignState) -> str:
            return "end" if state.status == DesignStatus.FAILED else nxt

        return route

    def _after_validation(self, state: DesignState) -> Route:
        return route_after_validation(state, self.can_replan)

    # ------------------------------------------------------------------ nodes

    def _emit(self, state: DesignState, kind: Any, stage: str, message: str = "", **data: Any) -> None:
        emitter = _EMITTER.get()
        if emitter is not None:
            emitter.emit(
                kind, stage=stage, revision=state.revision, iteration=state.iteration, message=message, **data
            )

    def _node(self, name: str) -> NodeFn:
        agent = self.agents[name]

        async def node(state: DesignState) -> dict[str, Any]:
            state = state.model_copy(
                update={"status": STAGE_STATUS[name], "stage": name, "updated_at": utcnow()}
            )
            self._emit(state, "stage_started", name, f"{name} started")
            t0 = time.perf_counter()
            try:
                new = await asyncio.wait_for(agent.run(state), timeout=self.timeouts[name])
                _raise_if_cancelled()
            except asyncio.TimeoutError:
                return self._fail(
                    state,
                    name,
                    "TimeoutError",
                    f"The {name} took longer than {self.timeouts[name]:.0f} s.",
                    "Try again, or raise the timeout in settings.",
                )
            except AIDesignerError as exc:
                return self._fail(state, name, type(exc).__name__, exc.message, exc.hint)
            timings = dict(new.timings_s)
            timings[name] = round(timings.get(name, 0.0) + time.perf_counter() - t0, 4)
            new = new.model_copy(update={"timings_s": timings})
            self._after_node(name, new)
            return _changes(state, new) | {"status": new.status, "stage": name, "updated_at": utcnow()}

        node.__name__ = name
        return node

    def _after_node(self, name: str, state: DesignState) -> None:
        if name == "planner" and state.task_graph is not None and state.plan_source is not None:
            self._emit(
                state,
                "plan_generated",
                name,
                f"plan by the {state.plan_source.planner} planner",
                nodes=len(state.task_graph.nodes),
                planner=state.plan_source.planner,
            )
        elif name == "generator":
            self._emit(
                state,
                "script_generated",
                name,
                "script generated",
                lines=(state.generated_script or "").count("\n") + 1,
            )
        elif name == "executor" and state.execution is not None:
            ex = state.execution
            self._emit(
                state,
                "execution_completed",
                name,
                "FreeCAD run finished" if ex.ok else f"FreeCAD run failed: {ex.error}",
                ok=ex.ok,
                duration_s=ex.duration_s,
                error_kind=ex.error_kind,
            )
        elif name == "validator" and state.validation is not None:
            v = state.validation
            kind = "validation_passed" if v.decision == "pass" else "validation_failed"
            self._emit(
                state,
                kind,
                name,
                f"decision: {v.decision}",
                decision=v.decision,
                score=v.score,
                issues=[i.message for i in v.issues][:5],
                checks=[c.model_dump(mode="json") for c in v.checks],
            )

    def _fail(self, state: DesignState, stage: str, type_: str, message: str, hint: str) -> dict[str, Any]:
        log.info("design_stage_failed", stage=stage, error=message)
        error = ErrorInfo(type=type_, message=message, hint=hint, stage=stage)
        self._emit(state, "design_failed", stage, message, error=type_, hint=hint)
        return {"status": DesignStatus.FAILED, "stage": stage, "error": error, "updated_at": utcnow()}

    async def _finish(self, state: DesignState) -> dict[str, Any]:
        self._emit(state, "design_completed", "finish", "design completed")
        return {"status": DesignStatus.COMPLETED, "stage": "finish", "updated_at": utcnow()}

    async def _human_review(self, state: DesignState) -> dict[str, Any]:
        issues = state.validation.issues if state.validation else []
        summary = "; ".join(i.message for i in issues[:5]) or "the result could not be validated"
        out_of_iterations = state.iteration >= state.max_iterations
        message = (
            f"Stopped after {state.iteration} iteration(s) without a result that matches the plan: {summary}"
            if out_of_iterations
            else f"The result does not match the plan and cannot be repaired automatically: {summary}"
        )
        error = ErrorInfo(
            type="NeedsReview",
            message=message,
            hint="Everything produced so far is kept; inspect report.json, rephrase the request, "
            "or configure an LLM provider so the design can be replanned.",
            stage="validator",
        )
        self._emit(state, "design_failed", "human_review", message, needs_review=True)
        return {
            "status": DesignStatus.NEEDS_REVIEW,
            "stage": "human_review",
            "error": error,
            "updated_at": utcnow(),
        }

    # ------------------------------------------------------------------ running

    @property
    def graph(self) -> Any:
        """The compiled graph, built once and shared by concurrent runs."""
        if self._compiled is None:
            self._compiled = self.build()
        return self._compiled

    async def run(
        self, state: DesignState, emitter: EventEmitter, thread_id: str | None = None
    ) -> DesignState:
        """Run one revision of a design to its end and return the final state.

        The emitter is bound in a context variable, so concurrent runs each report to their own.
        """
        config: dict[str, Any] = {
            "recursion_limit": recursion_limit(state.max_iterations),
            "configurable": {"thread_id": thread_id or f"{state.design_id}:{state.revision}"},
        }
        return await self._invoke(state, config, emitter)

    async def resume(self, thread_id: str, emitter: EventEmitter, max_iterations: int = 5) -> DesignState:
        """Continue an interrupted run from its last checkpoint (needs a checkpointer)."""
        if self.checkpointer is None:
            raise AIDesignerError("Resuming needs a checkpointer.", hint="Run with the SQLite checkpointer.")
        config: dict[str, Any] = {
            "recursion_limit": recursion_limit(max_iterations),
            "configurable": {"thread_id": thread_id},
        }
        snapshot = await self.graph.aget_state(config)
        if snapshot.created_at is None:
            raise StateError(
                "The interrupted run stopped before anything was saved; there is nothing to resume.",
                hint="Start the design or refine again.",
            )
        saved = DesignState.model_validate(snapshot.values)
        # No next step and a finished status: only writing the files was cut short. No next
        # step but an unfinished status: the stage had saved its result, the step's checkpoint
        # had not (a kill between the two); invoking again applies that result and goes on.
        if not snapshot.next and saved.status.finished:
            return saved
        return await self._invoke(None, config, emitter)

    async def _invoke(
        self, state: DesignState | None, config: dict[str, Any], emitter: EventEmitter
    ) -> DesignState:
        token = _EMITTER.set(emitter)
        try:
            # "sync": each stage's checkpoint is on disk before the next stage starts, so a
            # run killed at any point resumes from the last stage that finished.
            if self.checkpointer is not None:
                result = await self.graph.ainvoke(state, config=config, durability="sync")
            else:
                result = await self.graph.ainvoke(state, config=config)
        finally:
            _EMITTER.reset(token)
        return DesignState.model_validate(result)
