"""The planner agent: picks the offline planner or the LLM planner and returns a checked graph."""

from __future__ import annotations

from pydantic import ValidationError

from ai_designer.agents.base import BaseAgent, GraphPlanner, UsageSink
from ai_designer.cad.expectations import derive_expectations
from ai_designer.cad.graph_checks import validate_graph
from ai_designer.cad.sanity import SizeLimits, check_sizes, impossible_sizes
from ai_designer.errors import LLMNotConfiguredError, PlanningError
from ai_designer.planner import LocalPlanner
from ai_designer.planner.material_words import material_words_in
from ai_designer.planner.planner import LocalPlanResult
from ai_designer.planner.process import PlannerProcess
from ai_designer.schemas.design import DesignState, ModelUsage, PlanSource
from ai_designer.schemas.task_graph import Expectations, TaskGraph


def with_expectations(graph: TaskGraph) -> TaskGraph:
    """The graph with ``expected`` derived from its operations, keeping planner values only where
    nothing can be derived (e.g. custom geometry)."""
    derived = derive_expectations(graph)
    merged = {
        field: (
            getattr(derived, field) if getattr(derived, field) is not None else getattr(graph.expected, field)
        )
        for field in Expectations.model_fields
    }
    return graph.model_copy(update={"expected": Expectations(**merged)})


class PlannerAgent(BaseAgent):
    """``auto`` uses the offline planner when it understands the request fully and the LLM
    planner otherwise (if one is configured); ``local`` and ``llm`` force one. A plan that came
    with the request is taken as it is (only the LLM planner may replan it after a failed check)."""

    name = "planner"

    def __init__(
        self,
        local: LocalPlanner | PlannerProcess | None = None,
        llm: GraphPlanner | None = None,
        limits: SizeLimits | None = None,
    ) -> None:
        self.local = local or LocalPlanner()
        self.llm = llm
        self.limits = limits or SizeLimits()

    @property
    def can_replan(self) -> bool:
        """Only an LLM planner can come up with a different plan for the same words."""
        return self.llm is not None

    async def run(self, state: DesignState) -> DesignState:
        usage = state.usage.model_copy(deep=True)

        def on_usage(model: str, u: ModelUsage) -> None:
            usage.record(model, u)

        choice = state.planner_choice
        replanning = state.task_graph is not None and bool(state.feedback)
        if state.given_plan is not None and not (replanning and self.llm is not None):
            graph, source = (
                state.given_plan,
                PlanSource(planner="given", reason="the plan came with the request"),
            )
        elif choice == "llm" or (replanning and self.llm is not None):
            graph, source = _material_unread(
                state, await self._llm_plan(state, on_usage, "asked for the LLM planner")
            )
        else:
            try:
                graph, source = await self._local_plan(state)
            except PlanningError as exc:
                if choice == "local" or self.llm is None:
                    raise
                reason = f"the offline planner did not understand it ({exc.message})"
                graph, source = _material_unread(state, await self._llm_plan(state, on_usage, reason))
        validate_graph(graph)
        check_sizes(graph, self.limits)
        graph = with_expectations(graph)
        state, source = named_material(state, source)
        return state.model_copy(update={"task_graph": graph, "plan_source": source, "usage": usage})

    async def _offline(self, prompt: str, base: TaskGraph | None) -> LocalPlanResult:
        if isinstance(self.local, PlannerProcess):
            return await (self.local.plan(prompt) if base is None else self.local.modify(base, prompt))
        try:
            return self.local.plan(prompt) if base is None else self.local.modify(base, prompt)
        except ValidationError as exc:
            raise impossible_sizes(exc) from exc

    async def _local_plan(self, state: DesignState) -> tuple[TaskGraph, PlanSource]:
        result = await self._offline(state.prompt, state.base_graph)
        reason = (
            "forced with --planner local"
            if state.planner_choice == "local"
            else "the offline planner understood every part of the request"
            + (" that describes the part; the notes name the rest" if result.unused else "")
        )
        return result.graph, PlanSource(
            planner="local",
            reason=reason,
            unused=result.unused,
            notes=result.notes,
            material_words=result.material_words,
            material=result.material,
        )

    async def _llm_plan(
        self, state: DesignState, on_usage: UsageSink, reason: str
    ) -> tuple[TaskGraph, PlanSource]:
        if self.llm is None:
            raise LLMNotConfiguredError("The LLM planner was asked for, but no LLM provider is configured.")
        base = state.base_graph
        if state.feedback and state.task_graph is not None:
            base = state.task_graph  # replan: start from the plan that did not work
        graph, source = await self.llm.plan(state.prompt, base, on_usage, state.feedback)
        if state.feedback:
            reason = "replanning after: " + "; ".join(i.message for i in state.feedback[:3])
        return graph, source.model_copy(update={"reason": reason})


Planned = tuple[TaskGraph, PlanSource]


def _material_unread(state: DesignState, planned: Planned) -> Planned:
    """An LLM plan carries no material: when the request names one, a note says the mass does not
    use it (the material stays as it was: chosen, or assumed)."""
    graph, source = planned
    words = material_words_in(state.prompt)
    if not words or state.material_source == "option":
        return planned
    note = (
        f"the request names {' '.join(words)}, which the LLM plan does not carry: the mass is for "
        f"{state.material} (choose the material with --material)"
    )
    return graph, source.model_copy(update={"notes": [*source.notes, note]})


def named_material(state: DesignState, source: PlanSource) -> tuple[DesignState, PlanSource]:
    """The design's material as the request names it: one material sets it (unless the caller chose
    one: then a different one is noted, and the caller's stays); a kind of material only
    ("plastic") leaves the design without a mass. A request naming none keeps what it had."""
    if not source.material_words:
        return state, source
    if state.material_source == "option":
        if source.material is not None and source.material != state.material:
            note = f"the request names {source.material}; the chosen material, {state.material}, is used"
            source = source.model_copy(update={"notes": [*source.notes, note]})
        return state, source
    if source.material is None:
        return state.model_copy(update={"material_source": "vague"}), source
    return state.model_copy(update={"material": source.material, "material_source": "request"}), source
