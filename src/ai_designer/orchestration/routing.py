"""Where the pipeline goes after the validator (pure functions, tested edge by edge)."""

from __future__ import annotations

from typing import Literal

from ai_designer.schemas.design import DesignState

Route = Literal["finish", "generator", "planner", "human_review"]


def has_regenerable_nodes(state: DesignState) -> bool:
    """True when the graph has LLM-written (custom) nodes a new generation could change."""
    graph = state.task_graph
    return graph is not None and any(n.operation.op == "custom" for n in graph.nodes)


def route_after_validation(state: DesignState, can_replan: bool) -> Route:
    """pass → finish; refine → generator (if something can be regenerated) else replan;
    replan → planner (if an LLM planner is there); fail or out of iterations → human_review.

    The deterministic compiler gives the same script for the same graph, so a
    refine without custom nodes can only be fixed by a new plan.
    """
    validation = state.validation
    if validation is None:
        return "human_review"
    decision = validation.decision
    if decision == "pass":
        return "finish"
    if state.iteration >= state.max_iterations:
        return "human_review"
    execution_failed = state.execution is None or not state.execution.ok
    if decision == "fail" and execution_failed and has_regenerable_nodes(state):
        return "generator"
    if decision == "refine":
        if has_regenerable_nodes(state):
            return "generator"
        return "planner" if can_replan else "human_review"
    if decision == "replan":
        return "planner" if can_replan else "human_review"
    return "human_review"
