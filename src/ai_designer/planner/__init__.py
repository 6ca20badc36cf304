"""The offline planner: English part descriptions (and follow-up changes) → TaskGraph, no LLM."""

from ai_designer.planner.planner import LocalPlanner, LocalPlanResult

__all__ = ["LocalPlanResult", "LocalPlanner"]
