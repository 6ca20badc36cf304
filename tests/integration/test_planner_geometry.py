"""Sentences planned offline and built in real FreeCAD, measured against independent reference models.

Three sets of cases (tests/fixtures): the public acceptance sample, 116 held-out sentences and
73 engineers' descriptions and step-by-step specs written from reference models the planner
never saw. Every case the planner plans is compiled and registered on the shared FreeCAD batch
(one freecadcmd for all), then its volume, tight bounding box, solid count and probe points are
compared with the reference. A plan that comes out wrong fails; a refusal is allowed for the
engineers' set only, and the number planned there may only go up.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ai_designer.cad.compiler import compile_graph
from ai_designer.errors import PlanningError
from ai_designer.planner import LocalPlanner
from ai_designer.schemas.task_graph import TaskGraph
from helpers.freecad_batch import BATCH, CaseResult

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SETS = ("acceptance_cases.json", "heldout_cases.json", "engineer_cases.json")
#: Engineers' cases the offline planner plans today (a ratchet: raise it, never lower it).
ENGINEER_PLANNED_AT_LEAST = 61
PLANNER = LocalPlanner()


def _load(name: str) -> list[dict[str, Any]]:
    data = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return list(data["cases"] if isinstance(data, dict) else data)


def _plan(case: dict[str, Any]) -> TaskGraph | str:
    try:
        result = PLANNER.plan(case["prompt"])
        for change in case.get("refine", []):
            result = PLANNER.modify(result.graph, change)
    except PlanningError as exc:
        return exc.message
    return result.graph


CASES: list[tuple[str, dict[str, Any], TaskGraph | str]] = []
for _set in SETS:
    for _case in _load(_set):
        _name = f"{_set.split('_')[0]}:{_case['id']}"
        _graph = _plan(_case)
        CASES.append((_name, _case, _graph))
        if isinstance(_graph, TaskGraph):
            BATCH.add(f"planned:{_name}", compile_graph(_graph).code, probes=_case.get("probes", []))


def _bbox_ok(mode: str, got: tuple[float, float, float], want: list[float], tol: float) -> bool:
    if mode == "none":
        return True
    if mode == "xyz":
        return all(abs(g - w) <= tol for g, w in zip(got, want, strict=True))
    if mode == "z":
        flat = all(abs(g - w) <= tol for g, w in zip(sorted(got[:2]), sorted(want[:2]), strict=True))
        return abs(got[2] - want[2]) <= tol and flat
    return all(abs(g - w) <= tol for g, w in zip(sorted(got), sorted(want), strict=True))


@pytest.mark.freecad
@pytest.mark.parametrize(("name", "case", "graph"), CASES, ids=[c[0] for c in CASES])
def test_planned_parts_match_the_reference(
    name: str, case: dict[str, Any], graph: TaskGraph | str, freecad_batch: dict[str, CaseResult]
) -> None:
    if isinstance(graph, str):
        if name.startswith("engineer:"):
            pytest.skip(f"refused (allowed for this set): {graph}")
        pytest.fail(f"the offline planner refused: {graph}")
    result = freecad_batch[f"planned:{name}"]
    assert result.error is None, result.error
    built = result.built
    assert built is not None and built.valid and not built.broken, built
    want = case["expected"]
    assert abs(built.volume - want["volume"]) <= case.get("tol", 0.01) * want["volume"], (built.volume, want)
    assert _bbox_ok(case.get("bbox", "sorted"), built.size, want["bbox"], case.get("bbox_tol", 0.1)), (
        built.size
    )
    assert built.solids == want["solids"]
    wanted_probes = [p[3] for p in case.get("probes", [])]
    assert built.probes == wanted_probes, (case.get("probes"), built.probes)


def test_engineers_descriptions_planned_do_not_go_down() -> None:
    planned = [n for n, _, g in CASES if n.startswith("engineer:") and isinstance(g, TaskGraph)]
    assert len(planned) >= ENGINEER_PLANNED_AT_LEAST, len(planned)
