"""What goes to a language model and what comes back, independent of any provider library."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ai_designer.schemas.design import ModelUsage

#: The agent roles; each has its own list of models (primary first, then fallbacks).
LLMRole = Literal["planner", "generator", "validator", "vision"]
LLM_ROLES: tuple[LLMRole, ...] = ("planner", "generator", "validator", "vision")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TextPart(_Model):
    """A piece of text inside a multi-part message."""

    type: Literal["text"] = "text"
    text: str


class ImageURL(_Model):
    """An image by URL; inline images use a ``data:image/png;base64,...`` URL."""

    url: str
    detail: Literal["auto", "low", "high"] = "auto"


class ImagePart(_Model):
    """An image inside a multi-part message (only vision models accept these)."""

    type: Literal["image_url"] = "image_url"
    image_url: ImageURL


ContentPart = Annotated[TextPart | ImagePart, Field(discriminator="type")]


class LLMMessage(_Model):
    """One chat message: plain text, or text and image parts."""

    role: Literal["system", "user", "assistant"]
    content: str | list[ContentPart]

    def to_openai(self) -> dict[str, Any]:
        """The message in the OpenAI chat format that litellm takes."""
        return self.model_dump(mode="json")


class LLMRequest(_Model):
    """A chat completion request for one agent role."""

    role: LLMRole
    messages: Annotated[list[LLMMessage], Field(min_length=1)]
    schema_name: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9_-]{1,64}$",
        description="Name of the JSON schema the answer must follow (structured calls).",
    )
    temperature: Annotated[float, Field(ge=0.0, le=2.0)] = 0.2
    max_tokens: Annotated[int, Field(ge=1, le=200_000)] | None = 4096

    def with_turns(self, *messages: LLMMessage) -> LLMRequest:
        """The same request with ``messages`` appended (for repair turns)."""
        return self.model_copy(update={"messages": [*self.messages, *messages]})


class LLMUsage(_Model):
    """Tokens and cost of one call, as reported by the provider (cost None when unknown)."""

    prompt_tokens: int = Field(default=0, ge=0)
    completion_tokens: int = Field(default=0, ge=0)
    cached_prompt_tokens: int = Field(default=0, ge=0, description="Prompt tokens read from the cache.")
    cost_usd: float | None = Field(default=0.0, ge=0.0, description="None when no price is known.")

    @property
    def total_tokens(self) -> int:
        """Prompt plus completion tokens."""
        return self.prompt_tokens + self.completion_tokens

    def as_model_usage(self) -> ModelUsage:
        """This call as a :class:`ModelUsage` (one call) for the design's usage report."""
        return ModelUsage(
            calls=1,
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
            cached_prompt_tokens=self.cached_prompt_tokens,
            cost_usd=self.cost_usd,
        )


class LLMResponse(_Model):
    """The answer of one call."""

    role: LLMRole
    content: str
    parsed: Any | None = Field(default=None, description="The decoded JSON of a structured call.")
    model: str = Field(description="The model that actually answered (after any fallback), litellm name.")
    usage: LLMUsage = Field(default_factory=LLMUsage)
    latency_s: float = Field(default=0.0, ge=0.0, description="Wall time including retries and fallbacks.")
    finish_reason: str | None = None
