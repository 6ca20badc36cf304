"""LLMPlanner: words (or a change to an existing plan) to a checked TaskGraph, using the planner models.

The model gets the TaskGraph JSON Schema, the modelling rules and a few
relevant worked examples, and answers ``{"reasoning": ..., "graph": ...}``;
the reasoning is dropped. The graph then goes through the same checks as any
plan (:func:`ai_designer.cad.graph_checks.find_problems`); if they find
problems, the model gets ONE turn to fix them before the plan is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ai_designer.agents.base import UsageSink
from ai_designer.agents.prompts import PROMPT_VERSION
from ai_designer.agents.prompts.error_correction import feedback_prompt, plan_problems_prompt
from ai_designer.agents.prompts.few_shot_examples import select_examples
from ai_designer.agents.prompts.system_prompts import planner_system_prompt
from ai_designer.agents.prompts.task_prompts import example_answer, modification_prompt, new_part_prompt
from ai_designer.cad.graph_checks import find_problems, validate_graph
from ai_designer.llm.provider import LLMProvider
from ai_designer.logging import get_logger
from ai_designer.schemas.design import PlanSource
from ai_designer.schemas.llm import LLMMessage, LLMRequest
from ai_designer.schemas.task_graph import TaskGraph
from ai_designer.schemas.validation import ValidationIssue

log = get_logger(__name__)

PLAN_MAX_TOKENS = 8000


class PlannerReply(BaseModel):
    """The planner model's answer: its brief working (discarded) and the plan."""

    model_config = ConfigDict(extra="forbid")

    reasoning: str = Field(default="", max_length=8000, description="Brief working; not part of the plan.")
    graph: TaskGraph

    @model_validator(mode="before")
    @classmethod
    def _accept_a_bare_graph(cls, data: Any) -> Any:
        """Models sometimes answer with the graph itself; take it, dropping any reasoning beside it."""
        if isinstance(data, dict) and "graph" not in data and "nodes" in data:
            graph = {k: v for k, v in data.items() if k != "reasoning"}
            return {"reasoning": str(data.get("reasoning", "")), "graph": graph}
        return data


class LLMPlanner:
    """A :class:`~ai_designer.agents.base.GraphPlanner` backed by the planner models."""

    def __init__(self, provider: LLMProvider, examples: int = 3) -> None:
        """``examples``: how many worked examples (chosen by similarity to the request) go in the prompt."""
        self._provider = provider
        self._examples = examples

    async def plan(
        self,
        prompt: str,
        base: TaskGraph | None,
        on_usage: UsageSink,
        feedback: Sequence[ValidationIssue] = (),
    ) -> tuple[TaskGraph, PlanSource]:
        """Plan a new part, or (``base`` given) the change ``prompt`` describes to that plan.

        Raises :class:`~ai_designer.errors.InvalidTaskGraphError` when the plan still
        has problems after the repair turn, and the provider's LLM errors.
        """
        request = self._request(prompt, base, feedback)
        reply, response = await self._provider.complete_structured(
            request, PlannerReply, on_usage, describe_schema=False
        )
        problems = find_problems(reply.graph)
        if problems:
            log.info("plan_repair_turn", model=response.model, problems=len(problems))
            repair = request.with_turns(
                LLMMessage(role="assistant", content=response.content),
                LLMMessage(role="user", content=plan_problems_prompt([p.describe() for p in problems])),
            )
            reply, response = await self._provider.complete_structured(
                repair, PlannerReply, on_usage, describe_schema=False
            )
            validate_graph(reply.graph)
        notes = [f"planned by {response.model}", f"prompt version {PROMPT_VERSION}"]
        if problems:
            notes.append(f"fixed {len(problems)} plan problem(s) in a second turn")
        reason = "the LLM planner changed the previous plan" if base is not None else "the LLM planner"
        return reply.graph, PlanSource(planner="llm", reason=reason, notes=notes)

    def _request(
        self, prompt: str, base: TaskGraph | None, feedback: Sequence[ValidationIssue]
    ) -> LLMRequest:
        messages = [LLMMessage(role="system", content=planner_system_prompt())]
        for example in select_examples(f"{base.title if base else ''} {prompt}", self._examples):
            messages.append(LLMMessage(role="user", content=new_part_prompt(example.prompt)))
            messages.append(LLMMessage(role="assistant", content=example_answer(example)))
        task = modification_prompt(base, prompt) if base is not None else new_part_prompt(prompt)
        if feedback:
            task += "\n\n" + feedback_prompt(feedback)
        messages.append(LLMMessage(role="user", content=task))
        return LLMRequest(
            role="planner",
            messages=messages,
            schema_name="task_graph_plan",
            temperature=0.1,
            max_tokens=PLAN_MAX_TOKENS,
        )
