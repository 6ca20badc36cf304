"""Messages from a worker's control pipe: bounded, parsed defensively, typed.

Once the script starts, whatever arrives on the pipe may have been written by
it. Lines are capped, parse errors are :class:`ProtocolError`, and the one
payload the model process sends (:class:`ModelOutcome`: did the script fail,
where) is validated strictly and only ever shown as the script's own text.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_MESSAGE_BYTES = 256 * 1024
_TEXT_CHARS = 16_000


class ProtocolError(Exception):
    """A worker sent something that is not a protocol message."""


def refuse_constant(name: str) -> Any:
    """``parse_constant`` for job JSON: NaN and Infinity are not JSON, and not numbers a report can hold."""
    raise ValueError(f"{name} is not a JSON number")


def parse_message(line: bytes) -> dict[str, Any]:
    """One control message (a JSON object with a string ``event``)."""
    if len(line) > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"a control message is longer than {MAX_MESSAGE_BYTES} bytes")
    try:
        message = json.loads(line.decode("utf-8"), parse_constant=refuse_constant)
    except (ValueError, RecursionError) as exc:
        raise ProtocolError(f"an unreadable control message: {str(exc)[:200]}") from exc
    if not isinstance(message, dict) or not isinstance(message.get("event"), str):
        raise ProtocolError("a control message without an event")
    return message


class ModelOutcome(BaseModel):
    """What the model process says about its script: text for people, never a measurement."""

    model_config = ConfigDict(extra="forbid")

    ok: bool
    error_kind: Literal["exception", "memory"] | None = None
    error: str | None = Field(default=None, max_length=_TEXT_CHARS)
    error_line: int | None = Field(default=None, ge=0)
    traceback: str | None = Field(default=None, max_length=_TEXT_CHARS)
    script_s: float | None = Field(default=None, ge=0)
