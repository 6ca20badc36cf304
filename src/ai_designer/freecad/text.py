"""Make text that came out of a job safe to print: no terminal control of any kind.

A script decides what it prints and what its exceptions say, and object labels
are its to choose. Before such text reaches a terminal, a log, the API or a
report, escape sequences (colours, OSC titles and hyperlinks, cursor moves) are
removed whole, then every remaining control character except newline and tab,
the Unicode line separators and the bidirectional overrides (which make text
read differently from what it is).
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


def strip_controls(text: str) -> str:
    """``text`` without escape sequences and control characters (newline and tab stay)."""
    return _ESCAPES.sub("", text).translate(_REMOVED)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {strip_controls(str(key)): _clean(item) for key, item in value.items()}
    return value


def clean_result(result: ExecutionResult) -> ExecutionResult:
    """A copy of ``result`` whose job-made text (output, errors, names, labels) is safe to print."""
    data = result.model_dump()
    cleaned = {key: value if key in _UNTOUCHED_FIELDS else _clean(value) for key, value in data.items()}
    return type(result).model_validate(cleaned)
