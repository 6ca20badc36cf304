"""The offline planner: English part descriptions (and follow-up changes) → TaskGraph, no LLM."""

from ai_designer.agents.local_planner.planner import LocalPlanner, LocalPlanResult

__all__ = ["LocalPlanResult", "LocalPlanner"]
