"""Text of numbers and FreeCAD expressions in emitted scripts.

One formatting rule for every number keeps the compiler deterministic: the
shortest ``repr`` that reads back to the same float (``-0.0`` becomes ``0.0``).
The same text is valid Python and valid FreeCAD expression syntax. Spreadsheet
parameters are unitless numbers, so expressions mix them freely with the
(unitless) coordinates of ``Shape.BoundBox``.
"""

from __future__ import annotations

from collections.abc import Sequence

#: The spreadsheet object every parameter lives in.
SHEET = "Parameters"


def num(value: float) -> str:
    """A float as the shortest text that reads back to it."""
    value = float(value)
    if value == 0:
        return "0.0"
    return repr(value)


def ref(alias: str) -> str:
    """The expression reading a spreadsheet parameter."""
    return f"{SHEET}.{alias}"


def scaled(coefficient: float, expression: str) -> str:
    """``coefficient * expression``, simplified for 0, 1 and -1."""
    if coefficient == 0:
        return "0.0"
    if coefficient == 1:
        return expression
    if coefficient == -1:
        return f"-{_wrap(expression)}"
    return f"{num(coefficient)} * {_wrap(expression)}"


def total(terms: Sequence[str], constant: float = 0.0) -> str:
    """The sum of expression terms plus a constant, without noise terms (``+ 0.0``)."""
    parts = [t for t in terms if t != "0.0"]
    if constant != 0 or not parts:
        parts.append(num(constant))
    text = parts[0]
    for part in parts[1:]:
        text += f" - {part[1:]}" if part.startswith("-") and _is_atom(part[1:]) else f" + {part}"
    return text


def _is_atom(text: str) -> bool:
    return all(ch.isalnum() or ch in "._" for ch in text)


def _wrap(expression: str) -> str:
    return expression if _is_atom(expression) else f"({expression})"
