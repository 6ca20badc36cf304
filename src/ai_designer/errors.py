"""The exception hierarchy.

Every error the project raises on purpose is an :class:`AIDesignerError`. Each
carries a human message, a ``hint`` that tells the user what to do about it and
a ``context`` dict of structured facts (for logs, reports and API problem
bodies). ``str(error)`` gives the message followed by the hint.
"""

from __future__ import annotations

from typing import Any


class AIDesignerError(Exception):
    """Base of every deliberate error in ai-designer."""

    default_hint: str = ""

    def __init__(self, message: str, *, hint: str | None = None, **context: Any) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint if hint is not None else self.default_hint
        self.context: dict[str, Any] = context

    def __str__(self) -> str:
        return f"{self.message}\n  → {self.hint}" if self.hint else self.message

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly description (type, message, hint, context)."""
        return {
            "type": type(self).__name__,
            "message": self.message,
            "hint": self.hint,
            "context": {k: _jsonable(v) for k, v in self.context.items()},
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


class ConfigurationError(AIDesignerError):
    """A setting is missing or wrong."""

    default_hint = "Check your environment, .env and config/config.yaml (see .env.example)."


class LLMError(AIDesignerError):
    """Talking to a language model failed."""

    default_hint = "Check the provider key and model names (ai-designer doctor lists what is configured)."


class LLMNotConfiguredError(LLMError):
    """An LLM agent was asked for but no provider is configured."""

    default_hint = (
        "Set one of OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, DEEPSEEK_API_KEY, "
        "or LLM_API_BASE for an OpenAI-compatible server such as Ollama (see .env.example)."
    )


class LLMConnectionError(LLMError):
    """The provider could not be reached."""

    default_hint = "Check the network and LLM_API_BASE; the provider may be down."


class LLMRateLimitError(LLMError):
    """The provider refused because of rate limits on every configured model."""

    default_hint = "Wait a moment, or configure a fallback model for this role."


class LLMResponseError(LLMError):
    """The model answered, but not with something usable."""

    default_hint = "Try again, or choose a stronger model for this role."


class FreeCADError(AIDesignerError):
    """Anything wrong on the FreeCAD side."""

    default_hint = "Run `ai-designer doctor` to check the FreeCAD installation."


class FreeCADNotFoundError(FreeCADError):
    """No freecadcmd executable was found."""

    default_hint = (
        "Install FreeCAD (Debian/Ubuntu: `sudo apt-get install -y freecad-python3`) "
        "or set FREECAD_PATH to the freecadcmd executable or its folder."
    )


class FreeCADConnectionError(FreeCADError):
    """A FreeCAD worker could not be started or died before taking the job."""


class FreeCADExecutionError(FreeCADError):
    """A script failed inside FreeCAD: exception, timeout, crash or memory limit."""

    default_hint = "Read the error and the script; fix the script or simplify the part."


class FreeCADRecomputeError(FreeCADError):
    """The document recomputed with errors."""

    default_hint = "One of the features is invalid; the report lists which object failed and why."


class ScriptRejectedError(FreeCADError):
    """The script policy refused a script before anything ran."""

    default_hint = "Remove the listed constructs; only modelling with FreeCAD modules and math is allowed."


class AgentError(AIDesignerError):
    """An agent could not do its part."""


class PlanningError(AgentError):
    """The request could not be turned into a plan."""

    default_hint = (
        "Rephrase the request with explicit dimensions, or configure an LLM provider "
        "(e.g. OPENAI_API_KEY, or LLM_API_BASE for Ollama) to handle free-form requests."
    )


class InvalidTaskGraphError(PlanningError):
    """A TaskGraph is inconsistent or asks for impossible geometry.

    ``context["problems"]`` lists every problem found as ``{"node", "field", "message"}``.
    """

    default_hint = "Fix the listed nodes (ids, references or dimensions) and check the graph again."


class GenerationError(AgentError):
    """A plan could not be turned into a FreeCAD script."""


class ValidationError(AgentError):
    """The validator could not assess a result."""


class StateError(AIDesignerError):
    """Stored design state is missing, corrupt or inconsistent."""

    default_hint = "Check the design directory or id; `ai-designer history` lists recent designs."


class StoreUnavailableError(StateError):
    """The design store (e.g. Redis) cannot be reached."""

    default_hint = "Check REDIS_URL and that the Redis server is running; retry shortly."
