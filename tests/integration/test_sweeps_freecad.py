"""Lofts, sweeps and pipes built in real FreeCAD against hand-computed volumes and boxes.

Every case runs in the session's shared freecadcmd batch. Volumes are worked out by hand:
frustums and prismatoids (Simpson's rule is exact for ruled lofts between sections of one
kind), the polynomial FreeCAD interpolates through the sections of a smooth loft, and
Pappus's theorem (area x path length of the centroid) for sweeps and pipes; a mitred
polyline corner adds on the outside what it loses on the inside.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pytest

from ai_designer.cad.compiler import compile_graph
from ai_designer.schemas.task_graph import TaskGraph
from helpers.built_cases import assert_policy_allows, assert_solid, assert_within_expectations, built_case
from helpers.freecad_batch import BATCH, CaseResult
from helpers.task_graphs import graph, node

PI = math.pi
Size = tuple[float, float, float]


def circle(r: float) -> dict[str, Any]:
    return {"shape": "circle", "radius": r}


def rect(length: float, width: float) -> dict[str, Any]:
    return {"shape": "rectangle", "length": length, "width": width}


def frustum(r1: float, r2: float, h: float) -> float:
    return PI * h / 3 * (r1 * r1 + r1 * r2 + r2 * r2)


@dataclass(frozen=True)
class Case:
    name: str
    graph: TaskGraph
    volume: float
    size: Size
    rel: float = 1e-6
    edits: dict[str, float] = field(default_factory=dict)
    edited_volume: float | None = None
    edited_size: Size | None = None


def case(name: str, nodes: list[dict[str, Any]], volume: float, size: Size, **more: Any) -> Case:
    return Case(name, graph(*nodes), volume, size, **more)


HELIX_LEAD = math.atan2(5, 20 * PI)
# a smooth loft through r = 10, 5, 10 at z = 0, 20, 40: r(t) = 10 - 10 t + 5 t^2 for t = z / 20, and
# the integral of r^2 over t in [0, 2] is 280 / 3
SMOOTH_LOFT = PI * 20 * 280 / 3

CASES = [
    case("loft_circles_ruled", [node("l", "loft", ruled=True, sections=[
        {"profile": circle(5), "z": 0}, {"profile": circle(10), "z": 30}])],
         frustum(5, 10, 30), (20, 20, 30),
         edits={"l_s2_z": 40}, edited_volume=frustum(5, 10, 40), edited_size=(20, 20, 40)),
    # prismatoid: A0 = 200, A1 = 60, middle 15 x 8 = 120
    case("loft_rectangles_ruled", [node("l", "loft", ruled=True, sections=[
        {"profile": rect(20, 10), "z": 0}, {"profile": rect(10, 6), "z": 15}])],
         15 / 6 * (200 + 4 * 120 + 60), (20, 10, 15)),
    # square to circle has no closed form; the analysis' prismatoid estimate (middle area from the mean
    # of the square roots of the areas) is within 1% of FreeCAD's 10742.86 mm3
    case("loft_square_to_circle", [node("l", "loft", sections=[
        {"profile": rect(20, 20), "z": 0}, {"profile": circle(10), "z": 30}])],
         30 / 6 * (400 + 4 * ((20 + math.sqrt(PI * 100)) / 2) ** 2 + PI * 100), (20, 20, 30), rel=0.01),
    case("loft_smooth_three_circles", [node("l", "loft", sections=[
        {"profile": circle(10), "z": 0}, {"profile": circle(5), "z": 20}, {"profile": circle(10), "z": 40}])],
         SMOOTH_LOFT, (20, 20, 40)),
    case("sweep_line", [node("s", "sweep", profile=rect(10, 6), path={"kind": "line", "length": 25})],
         1500, (10, 6, 25)),
    # a radius-3 circle on a 50 mm quarter bend: x from -3 to 50, z from 0 to 53
    case("sweep_arc", [node("s", "sweep", profile=circle(3), path={
        "kind": "arc", "radius": 50, "angle": 90})],
         PI * 9 * 50 * PI / 2, (53, 6, 53),
         edits={"s_path_angle": 180}, edited_volume=PI * 9 * 50 * PI, edited_size=(106, 6, 53)),
    case("sweep_polyline", [node("s", "sweep", profile=rect(6, 6), path={
        "kind": "polyline", "points": [[0, 0, 40], [30, 0, 40]]})],
         36 * 70, (33, 6, 43)),
    case("sweep_helix", [node("s", "sweep", profile=circle(1), path={
        "kind": "helix", "radius": 10, "pitch": 5, "turns": 2})],
         PI * 2 * math.hypot(20 * PI, 5), (22, 22, 10 + 2 * math.cos(HELIX_LEAD)), rel=1e-4),
    case("pipe_line", [node("p", "pipe", outer_diameter=10, inner_diameter=8, path={
        "kind": "line", "length": 50})],
         PI * 9 * 50, (10, 10, 50),
         edits={"p_path_length": 100}, edited_volume=PI * 9 * 100, edited_size=(10, 10, 100)),
    case("pipe_u_bend", [node("p", "pipe", outer_diameter=10, inner_diameter=6, path={
        "kind": "arc", "radius": 40, "angle": 180})],
         PI * 16 * 40 * PI, (90, 10, 45)),
    case("pipe_polyline", [node("p", "pipe", outer_diameter=10, inner_diameter=6, path={
        "kind": "polyline", "points": [[0, 0, 40], [40, 0, 40], [40, 30, 40]]})],
         PI * 16 * 110, (50, 35, 45)),
]  # fmt: skip

for _case in CASES:
    BATCH.add(f"sweeps:{_case.name}", compile_graph(_case.graph).code, _case.edits)


def _result(runs: dict[str, CaseResult], name: str) -> CaseResult:
    return built_case(runs, f"sweeps:{name}")


@pytest.mark.freecad
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_freecad_builds_the_hand_computed_solid(case: Case, freecad_batch: dict[str, CaseResult]) -> None:
    built = _result(freecad_batch, case.name).built
    assert_solid(built, case.volume, case.size, rel=case.rel)
    assert built is not None and len(built.visible) == 1


@pytest.mark.freecad
@pytest.mark.parametrize("case", [c for c in CASES if c.edits], ids=lambda c: c.name)
def test_spreadsheet_edits_reshape_the_solid(case: Case, freecad_batch: dict[str, CaseResult]) -> None:
    edited = _result(freecad_batch, case.name).edited
    assert_solid(edited, case.edited_volume, case.edited_size, rel=case.rel, solids=None)


@pytest.mark.freecad
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_expectations_hold_for_what_freecad_built(case: Case, freecad_batch: dict[str, CaseResult]) -> None:
    built = _result(freecad_batch, case.name).built
    assert_within_expectations(built, case.graph, require_min=True, require_max=True)


def test_every_case_is_what_the_policy_allows() -> None:
    assert_policy_allows((c.name, c.graph) for c in CASES)
