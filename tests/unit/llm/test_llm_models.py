"""Per-role model routing and the Router configuration built from Settings (no litellm involved)."""

from __future__ import annotations

from typing import Any

from pydantic import SecretStr

from ai_designer.config import Settings
from ai_designer.llm.models import COOLDOWN_S, is_usable, resolve_routes, router_kwargs


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)


def test_openai_models_go_to_llm_api_base_when_it_is_set() -> None:
    s = settings(
        llm_api_base="http://localhost:11434/v1",
        planner_models=["openai/qwen2.5-coder", "anthropic/claude-3-5-sonnet-20241022"],
        generator_models=["openai/qwen2.5-coder"],
        validator_models=["ollama_chat/llama3.1"],
        vision_models=["openai/llava"],
    )

    routes = resolve_routes(s)
    kwargs = router_kwargs(s, routes)

    assert routes["planner"].models == ("openai/qwen2.5-coder",)  # no Anthropic key: left out
    assert routes["validator"].models == ("ollama_chat/llama3.1",)
    first = kwargs["model_list"][0]
    assert first == {
        "model_name": "planner/0",
        "litellm_params": {
            "model": "openai/qwen2.5-coder",
            "api_base": "http://localhost:11434/v1",
            "api_key": "not-needed",  # pragma: allowlist secret
        },
    }


def test_provider_keys_are_passed_per_deployment_only_when_building_the_router() -> None:
    s = settings(
        openai_api_key=SecretStr("sk-openai"),
        anthropic_api_key=SecretStr("sk-ant"),
        planner_models=["anthropic/claude-3-5-sonnet-20241022", "openai/gpt-4o"],
        llm_max_retries=3,
        llm_timeout_s=12.5,
    )

    routes = resolve_routes(s)
    kwargs = router_kwargs(s, routes)

    planner = [d for d in kwargs["model_list"] if d["model_name"].startswith("planner/")]
    assert [d["litellm_params"]["api_key"] for d in planner] == ["sk-ant", "sk-openai"]
    assert {"planner/0": ["planner/1"]} in kwargs["fallbacks"]
    assert kwargs["num_retries"] == 3
    assert kwargs["allowed_fails"] == 3
    assert kwargs["timeout"] == 12.5
    assert kwargs["cooldown_time"] == COOLDOWN_S
    assert "sk-ant" not in repr(routes)


def test_a_text_role_without_usable_models_borrows_from_the_others() -> None:
    s = settings(
        openai_api_key=SecretStr("sk-openai"),
        planner_models=["anthropic/claude-3-5-sonnet-20241022", "gemini/gemini-1.5-pro"],
        generator_models=["openai/gpt-4o", "deepseek/deepseek-coder"],
        validator_models=["anthropic/claude-3-5-sonnet-20241022", "openai/gpt-4o-mini"],
        vision_models=["gemini/gemini-1.5-pro"],
    )

    routes = resolve_routes(s)

    assert routes["planner"].models == ("openai/gpt-4o", "openai/gpt-4o-mini")
    assert routes["planner"].borrowed
    assert routes["generator"].models == ("openai/gpt-4o",)
    assert not routes["generator"].borrowed
    assert "vision" not in routes  # a vision model must be multimodal: never borrowed


def test_usable_rules() -> None:
    keyed = settings(deepseek_api_key=SecretStr("sk-d"))
    assert is_usable("deepseek/deepseek-chat", keyed)
    assert not is_usable("openai/gpt-4o", keyed)
    assert not is_usable("hosted_vllm/qwen", keyed)  # needs LLM_API_BASE
    assert not is_usable("gpt-4o", keyed)  # no provider prefix
    assert not is_usable("deepseek/deepseek-chat", settings(deepseek_api_key=SecretStr("  ")))
    based = settings(llm_api_base="http://vllm:8000/v1")
    assert is_usable("hosted_vllm/qwen", based)
    assert is_usable("openrouter/anthropic/claude-3.5-sonnet", based)
    assert not is_usable("anthropic/claude-3-5-sonnet-20241022", based)


def test_llm_api_key_is_sent_to_the_compatible_server() -> None:
    s = settings(
        llm_api_base="https://openrouter.ai/api/v1",
        llm_api_key=SecretStr("sk-or-v1-abc"),
        planner_models=["openai/anthropic/claude-3.5-sonnet"],
    )

    (deployment, *_rest) = router_kwargs(s, resolve_routes(s))["model_list"]

    assert deployment["litellm_params"]["api_key"] == "sk-or-v1-abc"  # pragma: allowlist secret
    assert deployment["litellm_params"]["api_base"] == "https://openrouter.ai/api/v1"
