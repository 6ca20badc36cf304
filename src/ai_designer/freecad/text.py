"""Make text that came out of a job safe to print: no terminal control of any kind.

A script decides what it prints and what its exceptions say, and object labels
are its to choose. Before such text reaches a terminal, a log, the API or a
report, escape sequences (colours, OSC titles and hyperlinks, cursor moves) are
removed whole, then every remaining control character except newline and tab,
the Unicode line separators and the bidirectional overrides (which make text
read differently from what it is).

Only the job's own output streams and traceback keep their lines. Every other
text of a result (labels, names, errors, warnings) is made one line, so that a
label such as ``"x\n✔ all checks passed"`` cannot start a line of its own in a
message the engine writes around it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ai_designer.schemas.execution import ExecutionResult

_ESCAPES = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL/ST
    r"|\x1b[P^_X][^\x1b]*(?:\x1b\\)?"  # DCS, PM, APC, SOS ... ST
    r"|\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI
    r"|\x9b[0-?]*[ -/]*[@-~]?"  # 8-bit CSI
    r"|\x1b[ -/]*[0-~]?"  # other escapes
)
_REMOVED = dict.fromkeys(
    (
        *range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0),  # C0 (but tab, newline), DEL, C1
        0x2028, 0x2029,  # line and paragraph separators
        *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C,  # bidi controls
    )
)  # fmt: skip
_UNTOUCHED_FIELDS = frozenset({"artifacts", "job_id"})  # paths and ids the service made
_MULTILINE_FIELDS = frozenset({"stdout", "stderr", "traceback"})  # the job's own text, shown as such
_LINE_BREAKS = re.compile(r"[\n\t]+")


def strip_controls(text: str) -> str:
    """``text`` without escape sequences and control characters (newline and tab stay)."""
    return _ESCAPES.sub("", text).translate(_REMOVED)


def one_line(text: str) -> str:
    """``text`` without control characters, its line breaks and tabs turned into single spaces."""
    return _LINE_BREAKS.sub(" ", strip_controls(text))


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {one_line(str(key)): _clean(item) for key, item in value.items()}
    return value


def _clean_field(key: str, value: Any) -> Any:
    if key in _UNTOUCHED_FIELDS:
        return value
    if key in _MULTILINE_FIELDS and isinstance(value, str):
        return strip_controls(value)
    return _clean(value)


def clean_result(result: ExecutionResult) -> ExecutionResult:
    """A copy of ``result`` whose job-made text is safe to print: output streams and traceback
    without control characters, every other text (errors, names, labels) also on one line."""
    data = result.model_dump()
    return type(result).model_validate({key: _clean_field(key, value) for key, value in data.items()})
