"""Which models each agent role may use, and the litellm Router configuration built from Settings.

Every role (planner, generator, validator, vision) has a list of litellm model
names in Settings, primary first. A model is *usable* when its provider has
credentials:

* ``openai/<name>`` goes to ``LLM_API_BASE`` (with ``LLM_API_KEY``) when that
  is set (Ollama, vLLM, LM Studio, OpenRouter...), otherwise to OpenAI with
  ``OPENAI_API_KEY``;
* ``anthropic/``, ``gemini/``, ``deepseek/`` use their own key;
* any other prefix (``ollama_chat/``, ``hosted_vllm/``, ``openrouter/``...) is
  usable only with ``LLM_API_BASE``, which it is sent to.

Unusable models are left out. A text role (planner, generator, validator)
left with nothing borrows the usable models of the other text roles, so one
key is enough; the vision role never borrows (it needs a multimodal model).

Each usable model becomes a Router model group ``<role>/<index>`` and the
role's groups are chained as ``fallbacks`` in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr

from ai_designer.config import PROVIDER_KEY_FIELDS, Settings
from ai_designer.schemas.llm import LLM_ROLES, LLMRole

#: The settings variable holding each role's model list.
ROLE_VARIABLES: dict[LLMRole, str] = {
    "planner": "PLANNER_MODELS",
    "generator": "GENERATOR_MODELS",
    "validator": "VALIDATOR_MODELS",
    "vision": "VISION_MODELS",
}
TEXT_ROLES: tuple[LLMRole, ...] = ("planner", "generator", "validator")

#: Seconds a deployment is left out after failing more than ``allowed_fails`` times in a minute.
COOLDOWN_S = 30.0


@dataclass(frozen=True)
class RoleRoute:
    """The models one role will try, in order, and the Router groups they are in."""

    role: LLMRole
    models: tuple[str, ...]
    borrowed: bool = False

    @property
    def groups(self) -> tuple[str, ...]:
        """Router model group names, primary first."""
        return tuple(f"{self.role}/{i}" for i in range(len(self.models)))

    @property
    def primary_group(self) -> str:
        """The group a request is sent to (the Router falls back from there)."""
        return self.groups[0]


def _secret(value: SecretStr | None) -> str | None:
    if value is None:
        return None
    text = value.get_secret_value().strip()
    return text or None


def _provider(model: str) -> str:
    return model.split("/", 1)[0] if "/" in model else ""


def is_usable(model: str, settings: Settings) -> bool:
    """True when ``model``'s provider has what it needs (a key, or LLM_API_BASE)."""
    provider = _provider(model)
    if settings.llm_api_base and (provider == "openai" or provider not in PROVIDER_KEY_FIELDS):
        return bool(provider)
    field = PROVIDER_KEY_FIELDS.get(provider)
    return field is not None and _secret(getattr(settings, field)) is not None


def resolve_routes(settings: Settings) -> dict[LLMRole, RoleRoute]:
    """The usable models of each role (roles with none are absent)."""
    own = {
        role: tuple(dict.fromkeys(m for m in getattr(settings, f"{role}_models") if is_usable(m, settings)))
        for role in LLM_ROLES
    }
    shared_text = tuple(dict.fromkeys(m for role in TEXT_ROLES for m in own[role]))
    routes: dict[LLMRole, RoleRoute] = {}
    for role in LLM_ROLES:
        if own[role]:
            routes[role] = RoleRoute(role, own[role])
        elif role in TEXT_ROLES and shared_text:
            routes[role] = RoleRoute(role, shared_text, borrowed=True)
    return routes


def _deployment_params(model: str, settings: Settings) -> dict[str, Any]:
    """litellm_params for one model, with its credentials (call only when building the Router)."""
    provider = _provider(model)
    if settings.llm_api_base and (provider == "openai" or provider not in PROVIDER_KEY_FIELDS):
        # OpenAI-compatible servers often need no key, but the OpenAI client insists on one.
        return {
            "model": model,
            "api_base": settings.llm_api_base,
            "api_key": _secret(settings.llm_api_key) or "not-needed",
        }
    key = _secret(getattr(settings, PROVIDER_KEY_FIELDS[provider]))
    return {"model": model, "api_key": key}


def router_kwargs(settings: Settings, routes: dict[LLMRole, RoleRoute]) -> dict[str, Any]:
    """Keyword arguments for ``litellm.Router``. Holds secrets: pass straight to the Router, never log."""
    model_list = [
        {"model_name": group, "litellm_params": _deployment_params(model, settings)}
        for route in routes.values()
        for group, model in zip(route.groups, route.models, strict=True)
    ]
    fallbacks = [
        {route.primary_group: list(route.groups[1:])} for route in routes.values() if len(route.groups) > 1
    ]
    retries = settings.llm_max_retries
    return {
        "model_list": model_list,
        "fallbacks": fallbacks,
        "num_retries": retries,
        "timeout": settings.llm_timeout_s,
        # After every attempt of one call has failed, leave that model out for a while so the
        # next calls go straight to the fallback instead of waiting on retries again.
        "allowed_fails": max(retries, 0),
        "cooldown_time": COOLDOWN_S,
    }
