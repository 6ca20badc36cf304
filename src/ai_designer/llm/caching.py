"""Prompt caching: mark the stable start of a request where the provider caches only when asked.

Anthropic's Claude models (direct, on Bedrock or Vertex, or behind an
OpenAI-compatible gateway) cache a prompt prefix only up to a block carrying
``cache_control``; litellm passes that marker on in the OpenAI message format.
OpenAI, Gemini and DeepSeek cache long prefixes on their own, so their requests
are left as they are (litellm strips the marker before it reaches api.openai.com,
so a chain mixing both kinds stays valid).

The stable part is the first system message: the role's instructions, the plan
language and the rules, identical on every call of that role, repair turns included.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: The marker Anthropic reads; "ephemeral" is its (5 minute) cache.
CACHE_CONTROL: dict[str, str] = {"type": "ephemeral"}


def caches_on_request(model: str) -> bool:
    """True for models that cache a prompt only where it carries ``cache_control`` (Claude)."""
    name = model.lower()
    return name.startswith("anthropic/") or "claude" in name


def mark_stable_prefix(messages: list[dict[str, Any]], models: Iterable[str]) -> list[dict[str, Any]]:
    """``messages`` (OpenAI format) with a cache breakpoint on the first system message, when any of
    ``models`` caches on request; otherwise ``messages`` unchanged."""
    if not messages or messages[0].get("role") != "system" or not any(map(caches_on_request, models)):
        return messages
    first = dict(messages[0])
    content = first["content"]
    parts: list[dict[str, Any]] = (
        [{"type": "text", "text": content}] if isinstance(content, str) else [dict(p) for p in content]
    )
    parts[-1]["cache_control"] = dict(CACHE_CONTROL)
    first["content"] = parts
    return [first, *messages[1:]]
