"""The prompt library: system prompts per role, a FreeCAD reference for LLMs, few-shot plans,
per-call task prompts and error-correction prompts.

``PROMPT_VERSION`` changes whenever any prompt text or example changes; the
pipeline records it in each design's report so results can be compared across
prompt revisions.
"""

from __future__ import annotations

PROMPT_VERSION = "2026-12-05.1"

__all__ = ["PROMPT_VERSION"]
