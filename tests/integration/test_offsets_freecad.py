"""Offset pockets and bosses (bands, rims, inset pockets, plateaus) in real FreeCAD, against hand-computed
volumes: an inward offset of a sharp rectangle is a rectangle, of a disc a disc, so each band's area is
``outer - inner`` worked out on paper."""

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
PLATE = node("plate", "box", length=60, width=40, height=10)
DISC = node("disc", "cylinder", radius=20, height=10)


@dataclass(frozen=True)
class Case:
    name: str
    graph: TaskGraph
    volume: float
    size: Size
    edits: dict[str, float] = field(default_factory=dict)
    edited_volume: float | None = None


def case(name: str, nodes: list[dict[str, Any]], volume: float, size: Size, **more: Any) -> Case:
    return Case(name, graph(*nodes), volume, size, **more)


CASES = [
    # band 5 mm in from the edge, 3 wide, 2 deep: (50 x 30 - 44 x 24) x 2
    case("band_in_a_plate", [PLATE, node("o", "offset_pocket", target="plate", inset=5, width=3, depth=2)],
         24000 - (1500 - 1056) * 2, (60, 40, 10),
         edits={"o_width": 5}, edited_volume=24000 - (1500 - 40 * 20) * 2),
    case("inset_pocket", [PLATE, node("o", "offset_pocket", target="plate", inset=5, depth=4)],
         24000 - 1500 * 4, (60, 40, 10), edits={"o_inset": 8}, edited_volume=24000 - 44 * 24 * 4),
    case("rim_along_the_edge", [PLATE, node("o", "offset_boss", target="plate", width=2, height=5)],
         24000 + (2400 - 56 * 36) * 5, (60, 40, 15)),
    case("plateau", [PLATE, node("o", "offset_boss", target="plate", inset=5, height=3)],
         24000 + 1500 * 3, (60, 40, 13)),
    case("ring_groove_in_a_disc", [DISC, node("o", "offset_pocket", target="disc", inset=2, width=3,
                                              depth=2)],
         PI * 400 * 10 - PI * (18 * 18 - 15 * 15) * 2, (40, 40, 10)),
    case("band_on_the_front_face", [PLATE, node("o", "offset_pocket", target="plate", face="front", inset=1,
                                                width=2, depth=1)],
         24000 - (58 * 8 - 54 * 4), (60, 40, 10)),
    # the outline is the face's outer edge: a centre hole stays a hole inside the band
    case("band_around_a_hole", [PLATE, node("h", "hole", target="plate", diameter=10, at=[[0, 0]]),
                                node("o", "offset_pocket", target="h", inset=5, width=3, depth=2)],
         24000 - PI * 25 * 10 - (1500 - 1056) * 2, (60, 40, 10)),
]  # fmt: skip

for _case in CASES:
    BATCH.add(f"offsets:{_case.name}", compile_graph(_case.graph).code, _case.edits)


def _result(runs: dict[str, CaseResult], name: str) -> CaseResult:
    return built_case(runs, f"offsets:{name}")


@pytest.mark.freecad
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_freecad_builds_the_hand_computed_solid(case: Case, freecad_batch: dict[str, CaseResult]) -> None:
    built = _result(freecad_batch, case.name).built
    assert_solid(built, case.volume, case.size)
    assert built is not None and len(built.visible) == 1
    assert_within_expectations(built, case.graph, require_min=True)


@pytest.mark.freecad
@pytest.mark.parametrize("case", [c for c in CASES if c.edits], ids=lambda c: c.name)
def test_inset_and_width_are_spreadsheet_parameters(case: Case, freecad_batch: dict[str, CaseResult]) -> None:
    assert_solid(_result(freecad_batch, case.name).edited, case.edited_volume, solids=None)


def test_every_case_is_what_the_policy_allows() -> None:
    assert_policy_allows((c.name, c.graph) for c in CASES)
