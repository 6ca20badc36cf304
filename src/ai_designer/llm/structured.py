"""Getting a Pydantic object out of a model's reply: JSON extraction, validation, repair prompts."""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

T = TypeVar("T", bound=BaseModel)

_THINK = re.compile(r"<think>.*?</think>", re.S | re.I)
_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.S)
_MAX_PROBLEMS = 25


class StructuredOutputError(ValueError):
    """The reply is not JSON, or not JSON of the expected shape; ``problems`` lists why, one per line."""

    def __init__(self, problems: str) -> None:
        super().__init__(problems)
        self.problems = problems


def extract_json(text: str) -> Any:
    """Decode the JSON in a reply: bare, in a ```json fence, or the outermost ``{...}`` amid prose.

    ``<think>...</think>`` blocks of reasoning models are ignored.
    """
    body = _THINK.sub("", text).strip()
    candidates = [body, *(m.group(1).strip() for m in _FENCE.finditer(body))]
    start, end = body.find("{"), body.rfind("}")
    if 0 <= start < end:
        candidates.append(body[start : end + 1])
    first_error: json.JSONDecodeError | None = None
    for candidate in candidates:
        try:
            return json.loads(candidate)
        except json.JSONDecodeError as exc:
            first_error = first_error or exc
    where = (
        f" (line {first_error.lineno}, column {first_error.colno}: {first_error.msg})" if first_error else ""
    )
    raise StructuredOutputError(f"- the reply is not valid JSON{where}")


def describe_validation_error(error: ValidationError) -> str:
    """One ``- location: message`` line per error (at most 25), as fed back to the model."""
    lines = []
    for item in error.errors(include_url=False)[:_MAX_PROBLEMS]:
        location = ".".join(str(part) for part in item["loc"]) or "(top level)"
        lines.append(f"- {location}: {item['msg']}")
    if error.error_count() > _MAX_PROBLEMS:
        lines.append(f"- ... and {error.error_count() - _MAX_PROBLEMS} more")
    return "\n".join(lines)


def parse_reply(text: str, model_cls: type[T]) -> tuple[T, Any]:
    """The validated object and the decoded JSON, or :class:`StructuredOutputError`."""
    data = extract_json(text)
    try:
        return model_cls.model_validate(data), data
    except ValidationError as exc:
        raise StructuredOutputError(describe_validation_error(exc)) from exc


def json_schema_format(model_cls: type[BaseModel], name: str) -> dict[str, Any]:
    """``response_format`` asking for JSON that follows ``model_cls``'s schema (not OpenAI strict mode,
    which cannot express optional fields with defaults)."""
    return {
        "type": "json_schema",
        "json_schema": {"name": name, "schema": model_cls.model_json_schema(), "strict": False},
    }


JSON_OBJECT_FORMAT: dict[str, Any] = {"type": "json_object"}


def schema_instruction(model_cls: type[BaseModel]) -> str:
    """The instruction appended when the model cannot be given the schema as a response format."""
    schema = json.dumps(model_cls.model_json_schema(), separators=(",", ":"))
    return (
        "Answer with one JSON object and nothing else (no prose, no code fence). "
        f"It must validate against this JSON Schema:\n{schema}"
    )


def repair_instruction(problems: str) -> str:
    """The follow-up turn sent once when a reply did not validate."""
    return (
        "Your previous reply could not be used:\n"
        f"{problems}\n"
        "Reply again with the complete corrected JSON object only, fixing every problem listed."
    )
