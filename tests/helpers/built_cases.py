"""Checks shared by the tests that compile plans, build them in the shared FreeCAD batch and compare
what was built with hand-computed solids (compiler, sweeps, offsets)."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from ai_designer.agents.script_validator import check_script
from ai_designer.cad.compiler import compile_graph
from ai_designer.cad.expectations import derive_expectations
from ai_designer.schemas.task_graph import TaskGraph
from helpers.freecad_batch import CaseResult, Measurement

#: Sizes are compared to 1 µm (FreeCAD's tight boxes carry ~1e-7 mm of tolerance).
SIZE_TOL = 1e-3


def built_case(runs: dict[str, CaseResult], key: str) -> CaseResult:
    """The batch's result for ``key``: it ran, built something, and no feature broke."""
    result = runs[key]
    assert result.error is None, result.error
    assert result.built is not None
    assert result.built.broken == [], result.built.broken
    return result


def assert_solid(
    measured: Measurement | None,
    volume: float,
    size: tuple[float, float, float] | None = None,
    *,
    rel: float = 1e-6,
    solids: int | None = 1,
) -> None:
    """A valid solid of ``volume`` (relative ``rel``) and tight ``size``, nothing broken."""
    assert measured is not None
    assert measured.broken == [] and measured.valid
    if solids is not None:
        assert measured.solids == solids
    assert measured.volume == pytest.approx(volume, rel=rel)
    if size is not None:
        assert measured.size == pytest.approx(size, abs=SIZE_TOL)


def assert_within_expectations(
    built: Measurement | None, plan: TaskGraph, *, require_min: bool = False, require_max: bool = False
) -> None:
    """What FreeCAD built lies within :func:`derive_expectations` of ``plan`` (``require_*``: that
    volume bound must be known)."""
    assert built is not None
    expected = derive_expectations(plan)
    if expected.bbox is not None:
        assert built.size == pytest.approx(expected.bbox, abs=expected.bbox_tolerance)
    if expected.solids is not None:
        assert built.solids == expected.solids
    assert expected.volume_min is not None or not require_min
    assert expected.volume_max is not None or not require_max
    if expected.volume_min is not None:
        assert built.volume >= expected.volume_min
    if expected.volume_max is not None:
        assert built.volume <= expected.volume_max


def assert_policy_allows(cases: Iterable[tuple[str, TaskGraph]]) -> None:
    """Every compiled plan passes the script policy the engine applies."""
    for name, plan in cases:
        check = check_script(compile_graph(plan).code)
        assert check.ok, f"{name}: {check.describe()}"
