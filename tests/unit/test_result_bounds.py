"""The measure process's result stays small whatever the model made (worker/bounds.py)."""

from __future__ import annotations

import json
from typing import Any

from ai_designer.freecad.worker import bounds
from ai_designer.schemas.execution import ExecutionResult


def _object(index: int, valid: bool = True) -> dict[str, Any]:
    return {
        "name": f"Part{index}",
        "label": "L" * 5000,
        "type_id": "Part::Box",
        "document": "Model",
        "parents": [f"P{i}" for i in range(100)],
        "children": [],
        "state": [],
        "valid": valid,
        "error": None if valid else "E" * 100_000,
    }


def _metrics(holes: int) -> dict[str, Any]:
    hole = {"diameter": 1.0, "axis": [0, 0, 1], "start": [0, 0, 0], "depth": 1.0, "through": True}
    box = {"min": [0, 0, 0], "max": [1, 1, 1], "size": [1, 1, 1]}
    return {
        "volume": 1.0, "area": 6.0, "bbox": box, "solids": 1, "shells": 1, "faces": 6, "edges": 12,
        "vertices": 8, "is_valid": True, "through_holes": holes, "holes": [hole] * holes,
    }  # fmt: skip


def _result(objects: int, invalid: int = 0) -> dict[str, Any]:
    return {
        "job_id": "j",
        "ok": True,
        "warnings": ["w" * 10_000] * 200,
        "objects": [_object(i) for i in range(objects)]
        + [_object(objects + i, False) for i in range(invalid)],
        "feature_tree": [{"name": "N", "label": "L" * 5000, "type_id": "T", "document": "D", "children": []}]
        * 3000,
        "roots": [f"R{i}" for i in range(10_000)],
        "final_shape": _metrics(20_000),
        "per_solid": [_metrics(3) for _ in range(5000)],
    }


def test_a_huge_result_is_cut_to_its_budget_keeping_the_invalid_objects() -> None:
    result = _result(objects=6000, invalid=3)
    bounds.bound_result(result)
    assert len(json.dumps(result)) <= bounds.RESULT_BUDGET_BYTES
    names = [o["name"] for o in result["objects"]]
    assert {"Part6000", "Part6001", "Part6002"} <= set(names)
    assert all(
        len(o["label"]) <= bounds.MAX_TEXT and len(o["parents"]) <= bounds.MAX_NAMES
        for o in result["objects"]
    )
    assert result["final_shape"]["through_holes"] == 20_000  # counts stay exact
    assert len(result["final_shape"]["holes"]) == bounds.MAX_HOLES
    assert len(result["warnings"]) <= bounds.MAX_WARNINGS
    assert any("objects" in w for w in result["warnings"])
    ExecutionResult.model_validate(result)  # still a valid report


def test_an_ordinary_result_is_untouched() -> None:
    result = _result(objects=0)
    result.update(warnings=["one warning"], feature_tree=[], roots=["Box"], per_solid=[_metrics(1)])
    result["final_shape"] = _metrics(4)
    before = json.loads(json.dumps(result))
    bounds.bound_result(result)
    assert result == before
