"""Shared fixtures. Each test runs with a clean, key-free environment by default."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ai_designer.config import get_settings
from ai_designer.llm.loader import load_litellm
from helpers.openai_stub import OpenAIStub

_PROVIDER_VARS = (
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "GEMINI_API_KEY",
    "GOOGLE_API_KEY",
    "DEEPSEEK_API_KEY",
    "LLM_API_BASE",
    "LLM_API_KEY",
    "REDIS_URL",
)
_INTEGRATION_DIR = Path(__file__).parent / "integration"
_SERVICE_MARKERS = frozenset({"freecad", "redis", "serial"})


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``integration`` what `make test-unit` leaves out: tests/integration/, real services, serial."""
    for item in items:
        needs_service = any(mark.name in _SERVICE_MARKERS for mark in item.iter_markers())
        if needs_service or item.path.is_relative_to(_INTEGRATION_DIR):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(autouse=True)
def _no_real_providers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Nothing in the suite may reach a real LLM provider or a stray Redis."""
    for var in _PROVIDER_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AI_DESIGNER_ENV_FILE", os.devnull)
    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def openai_stub() -> Iterator[OpenAIStub]:
    """A local OpenAI-compatible server replaying scripted answers (see tests/helpers/openai_stub.py).

    Pair it with ``helpers.openai_stub.stub_settings(openai_stub, planner=[...])`` to point an
    LLMProvider at it through litellm's real HTTP path. litellm is imported first (once per
    process): its import takes seconds, which must not count against a stage's LLM timeout in a
    pytest-xdist worker that has not imported it yet.
    """
    load_litellm()
    with OpenAIStub() as stub:
        yield stub
