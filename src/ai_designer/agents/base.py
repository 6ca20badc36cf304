"""The agent contract and the hooks LLM-backed helpers plug into."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Protocol

from ai_designer.schemas.design import DesignState, ModelUsage, PlanSource
from ai_designer.schemas.execution import ExecutionResult
from ai_designer.schemas.task_graph import TaskGraph, TaskNode
from ai_designer.schemas.validation import ValidationIssue


class BaseAgent(ABC):
    """One step of the pipeline: read the state, return the updated state."""

    name: str = "agent"

    @abstractmethod
    async def run(self, state: DesignState) -> DesignState:
        """Process ``state`` and return a new, updated state (never mutate the input)."""


class UsageSink(Protocol):
    """Receives the token/cost usage of each LLM call (summed into the design's report)."""

    def __call__(self, model: str, usage: ModelUsage, /) -> None: ...


class GraphPlanner(Protocol):
    """Something that turns words into a TaskGraph (the LLM planner implements this)."""

    async def plan(
        self,
        prompt: str,
        base: TaskGraph | None,
        on_usage: UsageSink,
        feedback: Sequence[ValidationIssue] = (),
    ) -> tuple[TaskGraph, PlanSource]:
        """Plan a new part (``base`` None) or a modification of ``base`` described by ``prompt``.

        ``feedback`` (on a replan) lists what was wrong with the result of ``base``.
        """
        ...


class CustomCodeWriter(Protocol):
    """Writes FreeCAD code for a ``custom`` node (the LLM generator implements this)."""

    async def write(
        self,
        node: TaskNode,
        graph: TaskGraph,
        feedback: list[ValidationIssue],
        previous_code: str | None,
        on_usage: UsageSink,
    ) -> str:
        """Return code that assigns a Part.Shape to ``result``.

        ``feedback`` lists what was wrong last time.
        """
        ...


class IntentReviewer(Protocol):
    """Reviews a measured result against the request (LLM review, vision review)."""

    name: str

    async def review(
        self, prompt: str, graph: TaskGraph, execution: ExecutionResult, on_usage: UsageSink
    ) -> tuple[float, list[ValidationIssue]]:
        """Return an intent score in [0, 1] and the issues found."""
        ...
