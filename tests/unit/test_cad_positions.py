"""Pattern positions: the numbers the analysis uses equal the expressions the script binds."""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any

import pytest

from ai_designer.cad.expressions import num, scaled, total
from ai_designer.cad.names import NameAllocator
from ai_designer.cad.positions import pattern_position_expressions, pattern_positions
from ai_designer.schemas.task_graph import HoleOp


def evaluate(expression: str, values: dict[str, float]) -> float:
    """Evaluate FreeCAD expression text the way FreeCAD does (unitless angles are degrees)."""
    scope = {
        "Parameters": SimpleNamespace(**values),
        "cos": lambda a: math.cos(math.radians(a)),
        "sin": lambda a: math.sin(math.radians(a)),
    }
    return float(eval(expression, scope))


@pytest.mark.parametrize(
    "pattern",
    [
        {"kind": "linear", "start": [-20, 15], "direction": [3, 4], "count": 4, "spacing": 5},
        {"kind": "grid", "center": [1, -2], "columns": 3, "rows": 2, "pitch_u": 10, "pitch_v": 7},
        {"kind": "circular", "center": [2, 3], "diameter": 40, "count": 7, "start_angle": 15},
    ],
)
def test_expressions_match_numbers(pattern: dict[str, Any]) -> None:
    op = HoleOp.model_validate({"target": "t", "diameter": 1, "pattern": pattern})
    assert op.pattern is not None
    values: dict[str, float] = {}

    def param(field: str, value: float) -> str:
        values[f"p_{field}"] = value
        return f"Parameters.p_{field}"

    expressions = pattern_position_expressions(op.pattern, param)
    numbers = pattern_positions(op.pattern)
    assert len(expressions) == len(numbers)
    for (eu, ev), (u, v) in zip(expressions, numbers, strict=True):
        assert evaluate(eu, values) == pytest.approx(u, abs=1e-9)
        assert evaluate(ev, values) == pytest.approx(v, abs=1e-9)


def test_expression_text() -> None:
    assert num(-0.0) == "0.0" and num(60) == "60.0" and num(0.1) == "0.1"
    assert scaled(1, "P.a") == "P.a" and scaled(-1, "P.a") == "-P.a" and scaled(0, "P.a") == "0.0"
    assert scaled(2, "P.a + 1") == "2.0 * (P.a + 1)"
    assert total(["P.a", "-P.b"], -5) == "P.a - P.b - 5.0"
    assert total([], 0) == "0.0"


def test_names_dodge_reserved_words_and_prefixes() -> None:
    names = NameAllocator(frozenset({"doc"}))
    assert [names.allocate(w) for w in ("plate", "plate", "m", "doc", "in", "round")] == [
        "plate", "plate_2", "m_obj", "doc_obj", "in_obj", "round_obj",
    ]  # fmt: skip
    assert names.prefix("plate") == "plate2"  # "plate" is taken
    assert names.prefix("holes_drill") == "holes_drill"
    assert names.allocate("holes_drill_1") == "xholes_drill_1"  # kept free for run-time objects
    assert names.allocate("holes_drill") == "xholes_drill"
