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


def _features(count: int) -> dict[str, Any]:
    slot = {"center": [0, 0, 0], "axis": [0, 0, 1], "direction": [1, 0, 0], "width": 2.0, "length": 6.0,
            "depth": 1.0}  # fmt: skip
    flat = {"normal": [0, 0, 1], "level": 1.0, "center": [0, 0, 1], "size": [1, 1, 0], "area": 1.0}
    return {
        "slots": [slot] * count,
        "flats": [flat] * count,
        "rounds": [{"radius": 1.0 + i, "concave": False, "faces": 1} for i in range(count)],
        "chamfers": [{"width": 1.0 + i, "faces": 1} for i in range(count)],
    }


def test_feature_lists_are_cut_and_their_true_length_kept() -> None:
    # 100 000 slots are 16 MB of result: the job used to fail only at the runner's 8 MB limit
    result = _result(objects=0)
    result["final_shape"] = {**_metrics(2), "features": _features(100_000)}
    result["per_solid"] = [{**_metrics(0), "features": _features(1000)} for _ in range(3)]
    bounds.bound_result(result)
    final = result["final_shape"]
    features = final["features"]
    assert len(features["slots"]) == bounds.MAX_SLOTS
    assert len(features["flats"]) == bounds.MAX_FLATS
    assert len(features["rounds"]) == len(features["chamfers"]) == bounds.MAX_GROUPS
    assert features["rounds"][0]["radius"] == 1.0  # the first ones are kept, in their order
    assert final["truncated"] == {"slots": 100_000, "flats": 100_000, "rounds": 100_000, "chamfers": 100_000}
    # per_solid shares one allowance per list, like holes: the first solid fills it
    assert [len(m["features"]["slots"]) for m in result["per_solid"]] == [bounds.MAX_SLOTS, 0, 0]
    assert [m.get("truncated", {}).get("slots") for m in result["per_solid"]] == [None, 1000, 1000]
    # except the flat faces: each solid lists its largest ones, as the measuring always did
    assert [len(m["features"]["flats"]) for m in result["per_solid"]] == [bounds.MAX_FLATS] * 3
    assert any("100000 slots: only" in w for w in result["warnings"])
    assert any("100000 fillet radii: only" in w for w in result["warnings"])
    assert len(json.dumps(result)) <= bounds.RESULT_BUDGET_BYTES
    shape = ExecutionResult.model_validate(result).final_shape
    assert shape is not None and not shape.listed_all("slots") and shape.total("slots") == 100_000
    assert shape.listed_all("holes") and shape.total("holes") == 2


def test_the_hole_list_keeps_its_true_length() -> None:
    result = _result(objects=0)
    bounds.bound_result(result)
    assert result["final_shape"]["truncated"] == {"holes": 20_000}
    assert "truncated" not in result["per_solid"][0]  # 500 solids of 3 holes: all listed


def test_a_solid_sharing_its_features_with_the_final_shape_is_cut_once() -> None:
    # measure() returns the final shape as a copy of its only solid: both hold one features dict
    solid = {**_metrics(0), "features": _features(300)}
    result = _result(objects=0)
    result.update(final_shape=dict(solid), per_solid=[solid])
    bounds.bound_result(result)
    for metrics in (result["final_shape"], result["per_solid"][0]):
        assert len(metrics["features"]["rounds"]) == bounds.MAX_GROUPS
        assert metrics["truncated"] == {"flats": 300, "rounds": 300, "chamfers": 300}
