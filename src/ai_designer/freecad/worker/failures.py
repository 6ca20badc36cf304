"""How a failure is written into a job's result: kind, message, the script line and traceback."""

from __future__ import annotations

import traceback
from typing import Any

SCRIPT_NAME = "script.py"
_TRACEBACK_CHARS = 4000
_MESSAGE_CHARS = 4000


def describe(exc: BaseException) -> str:
    """``Type: message`` of an exception (FreeCAD's dict-carrying exceptions included)."""
    detail = exc.args[0] if exc.args else None
    if isinstance(detail, dict) and detail.get("sErrMsg"):  # FreeCAD's Base exceptions carry a dict
        message = str(detail["sErrMsg"])
    else:
        message = str(exc).strip() or type(exc).__name__
    text = f"{type(exc).__name__}: {message}" if not message.startswith(type(exc).__name__) else message
    return text[:_MESSAGE_CHARS]


def script_line(exc: BaseException) -> int | None:
    """The line of the user script where ``exc`` was raised, if it was."""
    if isinstance(exc, SyntaxError) and exc.filename == SCRIPT_NAME:
        return exc.lineno
    lines = [
        frame.lineno for frame in traceback.extract_tb(exc.__traceback__) if frame.filename == SCRIPT_NAME
    ]
    return lines[-1] if lines else None


def traceback_tail(exc: BaseException) -> str:
    """The traceback from the first frame of the user script on."""
    frames = traceback.extract_tb(exc.__traceback__)
    first = next((i for i, f in enumerate(frames) if f.filename == SCRIPT_NAME), 0)
    text = "Traceback (most recent call last):\n" + "".join(traceback.format_list(frames[first:]))
    text += "".join(traceback.format_exception_only(type(exc), exc))
    return text[-_TRACEBACK_CHARS:]


def fail(result: dict[str, Any], kind: str, message: str, exc: BaseException | None = None) -> None:
    """Mark ``result`` failed with ``kind`` and ``message`` (and where in the script, from ``exc``)."""
    result["ok"] = False
    result["error_kind"] = kind
    result["error"] = message[:_MESSAGE_CHARS]
    if exc is not None:
        result["error_line"] = script_line(exc)
        result["traceback"] = traceback_tail(exc)
        if result["error_line"] is not None:
            result["error"] = f"line {result['error_line']}: {result['error']}"
