"""Building the LLM-backed agents from settings (none when no provider is configured)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ai_designer.agents.base import CustomCodeWriter, GraphPlanner, IntentReviewer
from ai_designer.config import Settings
from ai_designer.errors import LLMNotConfiguredError
from ai_designer.logging import get_logger

log = get_logger(__name__)


@dataclass
class LLMAgents:
    """The LLM planner, code writer and reviewers; empty in offline mode."""

    planner: GraphPlanner | None = None
    code_writer: CustomCodeWriter | None = None
    reviewers: list[IntentReviewer] = field(default_factory=list)


def llm_agents(settings: Settings) -> LLMAgents:
    """The LLM agents for ``settings``; offline (all empty) when no provider is usable.

    litellm is only imported here, when a provider is configured, so offline runs never load it.
    """
    if not settings.llm_configured:
        return LLMAgents()
    from ai_designer.agents.llm_codewriter import LLMCodeWriter
    from ai_designer.agents.llm_planner import LLMPlanner
    from ai_designer.agents.llm_review import LLMIntentReviewer, VisionReviewer
    from ai_designer.llm.provider import LLMProvider

    try:
        provider = LLMProvider(settings)
    except LLMNotConfiguredError as exc:
        log.warning("llm_unusable", providers=settings.configured_providers(), reason=exc.message)
        return LLMAgents()
    reviewers: list[IntentReviewer] = [LLMIntentReviewer(provider)]
    if settings.vision_review and provider.available("vision"):
        reviewers.append(VisionReviewer(provider))
    return LLMAgents(planner=LLMPlanner(provider), code_writer=LLMCodeWriter(provider), reviewers=reviewers)
