"""Fillets and chamfers on edges picked by the feature that made them, in real FreeCAD.

Volumes by hand: a chamfer of size c along a convex edge removes c^2 / 2 per unit length (a ring's
triangle travels on the radius of its centroid, r + c / 3); around a rectangular pocket's rim the
bevels meet in four corner pyramids of c^3 / 3; a fillet of radius r in a concave edge adds
r^2 (1 - pi / 4) per unit length, its centroid (10 - 3 pi) / (3 (4 - pi)) r out from the corner.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pytest

from ai_designer.agents.script_validator import check_script
from ai_designer.cad.compiler import compile_graph
from ai_designer.cad.expectations import derive_expectations
from ai_designer.schemas.task_graph import TaskGraph
from helpers.freecad_batch import BATCH, CaseResult
from helpers.task_graphs import at, graph, node

PI = math.pi
PLATE = node("plate", "box", length=60, width=40, height=10)
SPANDREL = 1 - PI / 4  # area of a radius-1 fillet's cross-section
SPANDREL_CENTROID = (10 - 3 * PI) / (3 * (4 - PI))


@dataclass(frozen=True)
class Case:
    name: str
    graph: TaskGraph
    volume: float
    size: tuple[float, float, float]


def case(name: str, nodes: list[dict[str, Any]], volume: float, size: tuple[float, float, float]) -> Case:
    return Case(name, graph(*nodes), volume, size)


CASES = [
    # only the pocket's rim (on the plate's top), not its floor or corners: c^2 (L + W) + 4 c^3 / 3
    case("chamfer_a_pocket_rim", [
        PLATE,
        node("pocket", "pocket", target="plate", depth=5,
             profile={"shape": "rectangle", "length": 20, "width": 10}),
        node("bevel", "chamfer", target="pocket", size=1, edges=[{"of": "pocket", "meets": "plate"}]),
    ], 24000 - 1000 - (30 + 4 / 3), (60, 40, 10)),
    # both rims of a through hole, nothing else
    case("chamfer_both_rims_of_a_hole", [
        PLATE,
        node("hole", "hole", target="plate", diameter=10, at=[[0, 0]]),
        node("bevel", "chamfer", target="hole", size=1, edges=[{"of": "hole", "meets": "plate"}]),
    ], 24000 - PI * 25 * 10 - 2 * 0.5 * 2 * PI * (5 + 1 / 3), (60, 40, 10)),
    # a concave fillet where the shank meets the head adds a ring on radius 4 + centroid
    case("fillet_where_the_shank_meets_the_head", [
        node("head", "cylinder", radius=10, height=5),
        node("shank", "cylinder", radius=4, height=20, placement=at(0, 0, 5)),
        node("bolt", "boolean", operation="union", operands=["head", "shank"]),
        node("neck", "fillet", target="bolt", radius=1, edges=[{"of": "shank", "meets": "head"}]),
    ], PI * 100 * 5 + PI * 16 * 20 + 2 * PI * (4 + SPANDREL_CENTROID) * SPANDREL, (20, 20, 25)),
    # the base of a round boss (the bottom side of the boss's own solid)
    case("fillet_the_base_of_a_boss", [
        PLATE,
        node("boss", "boss", target="plate", height=8, profile={"shape": "circle", "radius": 5}),
        node("root", "fillet", target="boss", radius=1, edges=[{"of": "boss", "face": "bottom"}]),
    ], 24000 + PI * 25 * 8 + 2 * PI * (5 + SPANDREL_CENTROID) * SPANDREL, (60, 40, 18)),
]  # fmt: skip

for _case in CASES:
    BATCH.add(f"feature_edges:{_case.name}", compile_graph(_case.graph).code)


@pytest.mark.freecad
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_only_the_features_edges_are_treated(case: Case, freecad_batch: dict[str, CaseResult]) -> None:
    result = freecad_batch[f"feature_edges:{case.name}"]
    assert result.error is None, result.error
    built = result.built
    assert built is not None and built.broken == [], built and built.broken
    assert built.valid and built.solids == 1
    assert built.volume == pytest.approx(case.volume, rel=1e-5)
    assert built.size == pytest.approx(case.size, abs=1e-3)
    expected = derive_expectations(case.graph)
    if expected.volume_min is not None:
        assert built.volume >= expected.volume_min
    if expected.volume_max is not None:
        assert built.volume <= expected.volume_max


def test_every_case_is_what_the_policy_allows() -> None:
    for c in CASES:
        check = check_script(compile_graph(c.graph).code)
        assert check.ok, f"{c.name}: {check.describe()}"
