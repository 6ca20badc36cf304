"""Turn litellm's exceptions into our LLM errors, with a hint that says what to do.

The provider's own message is kept (first line, credentials masked), the
litellm debug tail is dropped.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from ai_designer.errors import LLMConnectionError, LLMError, LLMRateLimitError, LLMResponseError
from ai_designer.llm.models import ROLE_VARIABLES
from ai_designer.logging import redact_secrets
from ai_designer.schemas.llm import LLMRole

_MAX_DETAIL = 300


def _detail(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    for noise in ("litellm.", "OpenAIException - "):
        text = text.replace(noise, "")
    return str(redact_secrets(None, "", {"detail": text})["detail"])[:_MAX_DETAIL]


def map_litellm_error(
    litellm: ModuleType, exc: BaseException, role: LLMRole, models: tuple[str, ...]
) -> LLMError:
    """The :class:`LLMError` subclass for ``exc``, raised after every model of ``role`` was tried."""
    tried = ", ".join(models)
    variable = ROLE_VARIABLES[role]
    status = getattr(exc, "status_code", None)
    detail = _detail(exc)
    context: dict[str, Any] = {
        "role": role,
        "models": list(models),
        "status": status,
        "error_type": type(exc).__name__,
    }

    if isinstance(exc, litellm.RateLimitError) or type(exc).__name__ == "RouterRateLimitError":
        return LLMRateLimitError(
            f"The {role} models ({tried}) are rate limited or cooling down after failures: {detail}",
            hint=f"Wait a minute and retry, or add another provider's model to {variable} as a fallback.",
            **context,
        )
    if isinstance(exc, (litellm.AuthenticationError, litellm.PermissionDeniedError)):
        return LLMError(
            f"The provider refused the credentials for the {role} models ({tried}): {detail}",
            hint="Check the API key of that provider (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, "
            "DEEPSEEK_API_KEY, or LLM_API_KEY for LLM_API_BASE).",
            **context,
        )
    if isinstance(exc, litellm.NotFoundError):
        return LLMError(
            f"A {role} model was not found ({tried}): {detail}",
            hint=f"Check the model names in {variable}; for Ollama, `ollama pull <model>` first "
            "and name it openai/<model> with LLM_API_BASE=http://localhost:11434/v1.",
            **context,
        )
    if isinstance(exc, litellm.ContextWindowExceededError):
        return LLMResponseError(
            f"The request is too long for the {role} models ({tried}): {detail}",
            hint=f"Use a model with a larger context window in {variable}, or shorten the request.",
            **context,
        )
    if isinstance(exc, litellm.ContentPolicyViolationError):
        return LLMResponseError(
            f"The {role} model refused the request on content-policy grounds: {detail}",
            hint="Rephrase the request.",
            **context,
        )
    if isinstance(exc, litellm.Timeout):
        return LLMConnectionError(
            f"The {role} models ({tried}) did not answer in time: {detail}",
            hint="Raise LLM_TIMEOUT_S (local models can be slow), or check that the server is up.",
            **context,
        )
    if isinstance(exc, litellm.BadRequestError):
        return LLMError(
            f"The {role} model rejected the request ({tried}): {detail}",
            hint=f"The model may not support this kind of request (JSON output, images); "
            f"choose another one in {variable}.",
            **context,
        )
    if isinstance(exc, (litellm.APIConnectionError, litellm.APIError, litellm.ServiceUnavailableError)) or (
        isinstance(status, int) and status >= 500
    ):
        return LLMConnectionError(
            f"The {role} models ({tried}) could not be reached or failed: {detail}",
            **context,
        )
    return LLMError(f"Calling the {role} models ({tried}) failed: {detail}", **context)
