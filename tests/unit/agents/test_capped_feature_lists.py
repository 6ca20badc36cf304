"""The validator on lists the engine cut short (worker/bounds.py): a cut list never makes a check pass."""

from __future__ import annotations

from ai_designer.agents.edge_checks import ExpectedEdges
from ai_designer.agents.feature_checks import ExpectedFeature, check_features
from ai_designer.agents.geometry_checks import check_geometry
from ai_designer.agents.prompts.rendering import describe_result
from ai_designer.schemas.execution import (
    BoundingBox,
    ExecutionResult,
    HoleInfo,
    RoundGroup,
    ShapeFeatures,
    ShapeMetrics,
    SlotInfo,
)
from ai_designer.schemas.task_graph import Expectations


def _slot(x: float) -> SlotInfo:
    return SlotInfo(center=(x, 0, 0), axis=(0, 0, 1), direction=(1, 0, 0), width=2, length=6, depth=1)


def _shape(holes: int = 0, slots: int = 0, truncated: dict[str, int] | None = None) -> ShapeMetrics:
    hole = HoleInfo(diameter=5, axis=(0, 0, 1), start=(0, 0, 0), depth=8, through=True)
    return ShapeMetrics.model_validate(
        {
            "volume": 1.0, "area": 1.0, "bbox": BoundingBox(min=(0, 0, 0), max=(1, 1, 1), size=(1, 1, 1)),
            "solids": 1, "shells": 1, "faces": 6, "edges": 12, "vertices": 8, "is_valid": True,
            "holes": [hole] * holes, "through_holes": holes,
            "features": ShapeFeatures(
                slots=[_slot(float(i)) for i in range(slots)],
                rounds=[RoundGroup(radius=1.0 + i, concave=False, faces=4) for i in range(3)],
            ),
            "truncated": truncated or {},
        }
    )  # fmt: skip


def _slot_wanted(x: float) -> ExpectedFeature:
    return ExpectedFeature(node_id="slot", kind="slot", point=(x, 0, 0), normal=(0, 0, 1), width=2, length=6)


def test_the_hole_count_is_the_true_one_when_the_list_was_cut() -> None:
    # 6000 holes, 5000 listed: a plan of 5000 holes must not match
    execution = ExecutionResult(job_id="j", ok=True, final_shape=_shape(5000, truncated={"holes": 6000}))
    check = next(c for c in check_geometry(execution, Expectations(holes=5000)).checks if c.name == "holes")
    assert not check.passed and check.actual == "6000"
    full = ExecutionResult(job_id="j", ok=True, final_shape=_shape(5000))
    assert next(c for c in check_geometry(full, Expectations(holes=5000)).checks if c.name == "holes").passed


def test_a_feature_not_among_a_cut_list_fails_as_not_checkable() -> None:
    shape = _shape(slots=3, truncated={"slots": 9000})
    checks, issues = check_features(shape, [_slot_wanted(500.0)])
    assert not checks[0].passed
    assert "not checkable: only 3 of the part's 9000 slots are listed" in checks[0].actual
    assert issues and "not checkable" in issues[0].message
    # the same part with its whole list: the slot is missing, and the nearest one is named
    checks, _ = check_features(_shape(slots=3), [_slot_wanted(500.0)])
    assert not checks[0].passed and "nearest" in checks[0].actual


def test_a_feature_among_the_listed_entries_of_a_cut_list_is_found() -> None:
    checks, issues = check_features(_shape(slots=3, truncated={"slots": 9000}), [_slot_wanted(1.0)])
    assert checks[0].passed and not issues


def test_a_fillet_whose_faces_may_be_cut_off_is_not_checkable() -> None:
    fillet = ExpectedEdges(node_id="round", kind="fillet", size=9.0, edges=4, concave=False)
    checks, _ = check_features(_shape(truncated={"rounds": 500}), [fillet])
    assert (
        not checks[0].passed
        and "not checkable" in checks[0].actual
        and "500 fillet radii" in checks[0].actual
    )
    found = ExpectedEdges(node_id="round", kind="fillet", size=2.0, edges=4, concave=False)
    checks, _ = check_features(_shape(truncated={"rounds": 500}), [found])
    assert checks[0].passed


def test_the_reviewer_is_told_which_lists_were_cut() -> None:
    execution = ExecutionResult(job_id="j", ok=True, final_shape=_shape(5000, truncated={"holes": 6000}))
    text = describe_result(execution)
    assert "- round holes: 6000" in text
    assert "lists cut short, only their first entries are given: holes (6000 in all)" in text
    assert "cut short" not in describe_result(ExecutionResult(job_id="j", ok=True, final_shape=_shape(3)))
