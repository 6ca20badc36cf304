"""LLMProvider: one async interface to every configured model, over litellm's Router.

    provider = LLMProvider(settings)              # fails fast with LLMNotConfiguredError
    answer = await provider.complete(request, on_usage)
    graph, answer = await provider.complete_structured(request, TaskGraph, on_usage)

Each role's models (see :mod:`ai_designer.llm.models`) form a chain of Router
model groups: a request goes to the primary, is retried with exponential
backoff on rate limits, timeouts and server errors (``LLM_MAX_RETRIES``, each
attempt limited to ``LLM_TIMEOUT_S``), then falls back to the next model; a
model that keeps failing is left out for a cooldown. Failures surface as our
:class:`~ai_designer.errors.LLMError` subclasses. Tokens and cost of every
call, repair turns included, go to the ``on_usage`` sink.

litellm is imported on the first call, not when this module is imported.
"""

from __future__ import annotations

import time
from typing import Any, TypeVar

from pydantic import BaseModel

from ai_designer.agents.base import UsageSink
from ai_designer.config import Settings
from ai_designer.errors import LLMError, LLMNotConfiguredError, LLMResponseError
from ai_designer.llm.caching import mark_stable_prefix
from ai_designer.llm.errors import map_litellm_error
from ai_designer.llm.loader import load_litellm
from ai_designer.llm.models import ROLE_VARIABLES, RoleRoute, resolve_routes, router_kwargs
from ai_designer.llm.structured import (
    JSON_OBJECT_FORMAT,
    StructuredOutputError,
    json_schema_format,
    parse_reply,
    repair_instruction,
    schema_instruction,
)
from ai_designer.logging import get_logger
from ai_designer.schemas.llm import LLMMessage, LLMRequest, LLMResponse, LLMRole, LLMUsage

T = TypeVar("T", bound=BaseModel)

log = get_logger("ai_designer.llm")

_NOT_CONFIGURED = "No LLM provider is configured (no API key, no LLM_API_BASE with a usable model)."


class LLMProvider:
    """Async chat completions for the agent roles, with retries, fallbacks, cost tracking and JSON output."""

    def __init__(self, settings: Settings) -> None:
        """Resolve each role's usable models; raises :class:`LLMNotConfiguredError` when there are none.

        Cheap: litellm is neither imported nor configured until the first call.
        """
        routes = resolve_routes(settings)
        if not routes:
            raise LLMNotConfiguredError(_NOT_CONFIGURED, configured=settings.configured_providers())
        self._settings = settings
        self._routes = routes
        self._router: Any = None
        for route in routes.values():
            if route.borrowed:
                log.info(
                    "llm_role_borrows_models",
                    role=route.role,
                    variable=ROLE_VARIABLES[route.role],
                    models=list(route.models),
                )

    # ------------------------------------------------------------------ configuration

    def models(self, role: LLMRole) -> tuple[str, ...]:
        """The models ``role`` will try, primary first (empty when the role has none)."""
        route = self._routes.get(role)
        return route.models if route else ()

    def available(self, role: LLMRole) -> bool:
        """True when ``role`` has at least one usable model (e.g. whether to run the vision review)."""
        return role in self._routes

    def _route(self, role: LLMRole) -> RoleRoute:
        route = self._routes.get(role)
        if route is None:
            variable = ROLE_VARIABLES[role]
            raise LLMNotConfiguredError(
                f"No usable model for the {role} role: {variable} lists "
                f"{', '.join(getattr(self._settings, f'{role}_models')) or 'nothing'}, "
                "and none of them has a configured provider.",
                hint=f"Set {variable} to a JSON list of models of a configured provider "
                f"(configured: {', '.join(self._settings.configured_providers())}), "
                "or set the key of one of the listed providers.",
                role=role,
            )
        return route

    def _get_router(self) -> Any:
        if self._router is None:
            litellm = load_litellm()
            self._router = litellm.Router(**router_kwargs(self._settings, self._routes))
        return self._router

    # ------------------------------------------------------------------ calls

    async def complete(self, request: LLMRequest, on_usage: UsageSink | None = None) -> LLMResponse:
        """Send ``request`` to its role's models; the answer of the first model that succeeds."""
        return await self._call(request, None, on_usage)

    async def complete_structured(
        self,
        request: LLMRequest,
        model_cls: type[T],
        on_usage: UsageSink | None = None,
        *,
        describe_schema: bool = True,
    ) -> tuple[T, LLMResponse]:
        """Ask for JSON following ``model_cls`` and return it validated, with the answer it came from.

        The schema goes as ``response_format`` when every model of the role
        supports it (otherwise JSON mode, plus the schema in the prompt); a
        provider that answers 400 to the schema is asked again in JSON mode.
        ``describe_schema`` False means the prompt already describes the answer
        (the planner's plan language): then JSON mode, and the schema is sent
        nowhere, which keeps a large schema out of every request.
        A reply that does not validate gets ONE repair turn quoting the
        errors; if that fails too, :class:`LLMResponseError`.
        """
        route = self._route(request.role)
        name = request.schema_name or model_cls.__name__
        response_format = (
            json_schema_format(model_cls, name)
            if describe_schema and self._supports_schema(route)
            else JSON_OBJECT_FORMAT
        )
        if response_format is JSON_OBJECT_FORMAT and describe_schema:
            request = _with_system_note(request, schema_instruction(model_cls))
        try:
            response = await self._call(request, response_format, on_usage)
        except LLMError as exc:
            if response_format is JSON_OBJECT_FORMAT or exc.context.get("status") != 400:
                raise
            # Some providers reject a schema they claim to support; JSON mode still works there.
            log.warning("llm_schema_rejected", role=request.role, schema=name)
            response_format = JSON_OBJECT_FORMAT
            request = (
                _with_system_note(request, schema_instruction(model_cls)) if describe_schema else request
            )
            response = await self._call(request, response_format, on_usage)

        try:
            parsed, data = parse_reply(response.content, model_cls)
        except StructuredOutputError as first:
            log.info("llm_repair_turn", role=request.role, model=response.model, schema=name)
            repair = request.with_turns(
                LLMMessage(role="assistant", content=response.content),
                LLMMessage(role="user", content=repair_instruction(_problems(first, response))),
            )
            response = await self._call(repair, response_format, on_usage)
            try:
                parsed, data = parse_reply(response.content, model_cls)
            except StructuredOutputError as second:
                raise LLMResponseError(
                    f"The {request.role} model ({response.model}) did not return a valid {name} "
                    f"even after a repair turn:\n{second.problems}",
                    role=request.role,
                    model=response.model,
                    problems=second.problems,
                ) from second
        return parsed, response.model_copy(update={"parsed": data})

    async def _call(
        self, request: LLMRequest, response_format: dict[str, Any] | None, on_usage: UsageSink | None
    ) -> LLMResponse:
        route = self._route(request.role)
        router = self._get_router()
        litellm = load_litellm()
        kwargs: dict[str, Any] = {
            "model": route.primary_group,
            "messages": mark_stable_prefix([m.to_openai() for m in request.messages], route.models),
            "temperature": request.temperature,
            "drop_params": True,
        }
        if request.max_tokens is not None:
            kwargs["max_tokens"] = request.max_tokens
        if response_format is not None:
            kwargs["response_format"] = dict(response_format)  # litellm may edit it in place
        started = time.perf_counter()
        try:
            raw = await router.acompletion(**kwargs)
        except Exception as exc:  # litellm raises many unrelated types (openai, httpx, ValueError)
            error = map_litellm_error(litellm, exc, request.role, route.models)
            log.warning(
                "llm_call_failed", role=request.role, error=type(error).__name__, detail=error.message
            )
            raise error from exc
        response = _to_response(litellm, raw, request.role, time.perf_counter() - started)
        log.info(
            "llm_call",
            role=request.role,
            model=response.model,
            prompt_tokens=response.usage.prompt_tokens,
            completion_tokens=response.usage.completion_tokens,
            cached_tokens=response.usage.cached_prompt_tokens,
            cost_usd=None if response.usage.cost_usd is None else round(response.usage.cost_usd, 6),
            latency_s=round(response.latency_s, 3),
            finish_reason=response.finish_reason,
        )
        if on_usage is not None:
            on_usage(response.model, response.usage.as_model_usage())
        if not response.content.strip():
            raise LLMResponseError(
                f"The {request.role} model ({response.model}) returned an empty answer "
                f"(finish reason: {response.finish_reason}).",
                role=request.role,
                model=response.model,
            )
        return response

    def _supports_schema(self, route: RoleRoute) -> bool:
        litellm = load_litellm()
        return all(litellm.supports_response_schema(model=model) for model in route.models)


def _with_system_note(request: LLMRequest, note: str) -> LLMRequest:
    """``request`` with ``note`` added to its first system message (or as a new first message)."""
    messages = list(request.messages)
    first = messages[0]
    if first.role == "system" and isinstance(first.content, str):
        messages[0] = LLMMessage(role="system", content=f"{first.content}\n\n{note}")
    else:
        messages.insert(0, LLMMessage(role="system", content=note))
    return request.model_copy(update={"messages": messages})


def _problems(error: StructuredOutputError, response: LLMResponse) -> str:
    if response.finish_reason == "length":
        return f"{error.problems}\n- the reply was cut off at the length limit: be more concise"
    return error.problems


def _to_response(litellm: Any, raw: Any, role: LLMRole, latency_s: float) -> LLMResponse:
    choice = raw.choices[0]
    hidden: dict[str, Any] = getattr(raw, "_hidden_params", None) or {}
    usage = getattr(raw, "usage", None)
    return LLMResponse(
        role=role,
        content=choice.message.content or "",
        model=str(hidden.get("litellm_model_name") or raw.model),
        usage=LLMUsage(
            prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
            completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
            cached_prompt_tokens=_cached_tokens(usage),
            cost_usd=_cost(litellm, raw, hidden),
        ),
        latency_s=latency_s,
        finish_reason=getattr(choice, "finish_reason", None),
    )


def _cached_tokens(usage: Any) -> int:
    """Prompt tokens served from the provider's cache (OpenAI's ``prompt_tokens_details`` or
    Anthropic's ``cache_read_input_tokens``; 0 when not reported)."""
    details = getattr(usage, "prompt_tokens_details", None)
    cached = getattr(details, "cached_tokens", None) or getattr(usage, "cache_read_input_tokens", None)
    return int(cached or 0)


def _cost(litellm: Any, raw: Any, hidden: dict[str, Any]) -> float | None:
    """The call's price in US dollars, None when litellm knows no price for the model.

    litellm reports 0.0 for a model it has no price for (e.g. a local server); a call
    that used tokens and costs 0.0 is counted as unknown rather than as free.
    """
    cost = hidden.get("response_cost")
    if cost is None:
        try:
            cost = litellm.completion_cost(completion_response=raw)
        except Exception:  # unknown model or provider: litellm has no price for it
            return None
    return float(cost) if cost else None
