"""Features measured on the B-rep: a part built from a plan passes, and the same part with one
pocket, slot or counterbore moved (same volume, size and hole count) fails validation.
Real FreeCAD: the trusted measure process recognises the features."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ai_designer.agents.planning import with_expectations
from ai_designer.agents.prompts.rendering import describe_result
from ai_designer.agents.validator import ValidatorAgent
from ai_designer.cad.compiler import compile_graph
from ai_designer.freecad.runner import FreeCADRunner
from ai_designer.schemas.design import DesignState
from ai_designer.schemas.execution import ExecutionResult
from ai_designer.schemas.task_graph import TaskGraph

pytestmark = pytest.mark.freecad


def bracket(**moved: tuple[float, float]) -> TaskGraph:
    """A plate with rounded corners, chamfered top, a blind pocket, a slot, a counterbored and a
    countersunk hole and a boss; ``moved`` puts a node's feature somewhere else."""

    def at(node: str, where: tuple[float, float]) -> list[float]:
        return list(moved.get(node, where))

    nodes: list[dict[str, Any]] = [
        {"id": "plate", "operation": {"op": "box", "length": 80, "width": 50, "height": 10}},
        {
            "id": "corners",
            "operation": {"op": "fillet", "target": "plate", "radius": 4, "edges": ["vertical"]},
        },
        {"id": "edge", "operation": {"op": "chamfer", "target": "corners", "size": 1, "edges": ["top"]}},
        {
            "id": "pocket",
            "operation": {
                "op": "pocket",
                "target": "edge",
                "profile": {"shape": "rectangle", "length": 20, "width": 12},
                "at": at("pocket", (-20, 5)),
                "depth": 4,
            },
        },
        {
            "id": "slot",
            "operation": {
                "op": "pocket",
                "target": "pocket",
                "profile": {"shape": "slot", "length": 20, "width": 6},
                "at": at("slot", (15, 10)),
            },
        },
        {
            "id": "cbore",
            "operation": {
                "op": "hole",
                "target": "slot",
                "diameter": 5.5,
                "at": [at("cbore", (20, -12))],
                "counterbore": {"diameter": 10, "depth": 5},
            },
        },
        {
            "id": "csink",
            "operation": {
                "op": "hole",
                "target": "cbore",
                "diameter": 4.5,
                "at": [[-20, -12]],
                "countersink": {"diameter": 9},
            },
        },
        {
            "id": "boss",
            "operation": {
                "op": "boss",
                "target": "csink",
                "profile": {"shape": "circle", "radius": 5},
                "at": [0, -12],
                "height": 6,
            },
        },
    ]
    return with_expectations(TaskGraph.model_validate({"title": "bracket", "nodes": nodes}))


def build(runner: FreeCADRunner, graph: TaskGraph, folder: Path) -> ExecutionResult:
    folder.mkdir(parents=True, exist_ok=True)
    result = runner.run(compile_graph(graph).code, folder, [])
    assert result.ok, result.error
    return result


async def validate(plan: TaskGraph, built: ExecutionResult) -> DesignState:
    state = DesignState(
        design_id="d", prompt="a bracket", original_prompt="a bracket", task_graph=plan, execution=built
    )
    return await ValidatorAgent().run(state)


async def test_the_measure_process_finds_every_feature(
    shared_freecad_runner: FreeCADRunner, tmp_path: Path
) -> None:
    built = build(shared_freecad_runner, bracket(), tmp_path)
    shape = built.final_shape
    assert shape is not None
    slot = next(s for s in shape.features.slots)
    assert (slot.width, slot.length) == (6, 20) and slot.center[:2] == pytest.approx((55, 35))
    cbore = next(h for h in shape.holes if h.counterbore_diameter)
    assert (cbore.diameter, cbore.counterbore_diameter) == (
        5.5,
        10,
    ) and cbore.counterbore_depth == pytest.approx(5)
    csink = next(h for h in shape.holes if h.countersink_diameter)
    assert csink.countersink_diameter == pytest.approx(9) and csink.countersink_angle == pytest.approx(90)
    assert any(
        f.level == pytest.approx(6) and f.center[:2] == pytest.approx((20, 30)) for f in shape.features.flats
    )
    assert [(r.radius, r.concave, r.faces) for r in shape.features.rounds] == [(4.0, False, 4)]
    # the top chamfer: 4 flat bevels along the sides and 4 conical ones round the rounded corners
    assert [(c.width, c.faces) for c in shape.features.chamfers] == [(pytest.approx(1.4142), 8)]

    measured = describe_result(built)  # what the intent reviewer is shown
    for words in (
        "counterbore Ø10.00 x 5.00 deep",
        "countersink Ø9.00 (90°)",
        "slot 20.00 x 6.00 mm, 10.00 deep, axis Z, along X",
        "flat face facing +Z at Z=6.00, 20.00 x 12.00 mm, centre (20.00, 30.00, 6.00)",
        "flat face facing +Z at Z=16.00",  # the boss's top
        "4 rounded edge face(s) of radius 4.00 mm",
        "8 chamfer face(s) 1.41 mm wide (a 45° chamfer of 1.00 mm)",
    ):
        assert words in measured, words

    state = await validate(bracket(), built)

    assert state.validation is not None and state.validation.decision == "pass"
    names = {c.name for c in state.validation.checks}
    assert {"pocket pocket", "slot slot", "hole cbore", "hole csink", "boss boss"} <= names


@pytest.mark.parametrize(
    ("node", "where"),
    [("pocket", (-17, 5)), ("slot", (15, 7)), ("cbore", (22, -12))],
    ids=["pocket", "slot", "cbore"],
)
async def test_a_misplaced_feature_fails_validation(
    shared_freecad_runner: FreeCADRunner, tmp_path: Path, node: str, where: tuple[float, float]
) -> None:
    plan, misplaced = bracket(), bracket(**{node: where})
    built = build(shared_freecad_runner, misplaced, tmp_path)
    assert misplaced.expected == plan.expected  # size, volume and hole count cannot tell them apart

    state = await validate(plan, built)

    assert state.validation is not None and state.validation.decision != "pass"
    failed = [c for c in state.validation.checks if not c.passed]
    assert [c.name.split()[-1] for c in failed] == [node]
    assert [i.node_id for i in state.validation.issues] == [node]


def dome_with_hole(target: str) -> TaskGraph:
    """A hemisphere on a cylinder with a blind hole into the bottom face of ``target``."""
    nodes: list[dict[str, Any]] = [
        {"id": "cylinder", "operation": {"op": "cylinder", "radius": 30, "height": 20}},
        {
            "id": "dome",
            "operation": {
                "op": "sphere",
                "radius": 30,
                "hemisphere": True,
                "placement": {"relative_to": "cylinder", "relation": "on_top_of"},
            },
        },
    ]
    if target == "joined":
        nodes.append(
            {
                "id": "joined",
                "operation": {"op": "boolean", "operation": "union", "operands": ["cylinder", "dome"]},
            }
        )
    nodes.append(
        {
            "id": "hole",
            "operation": {
                "op": "hole",
                "target": target,
                "diameter": 20,
                "depth": 10,
                "face": "bottom",
                "at": [[0, 0]],
            },
        }
    )
    return with_expectations(TaskGraph.model_validate({"title": "dome", "nodes": nodes}))


async def test_a_hole_sealed_in_by_another_shape_fails_validation(
    shared_freecad_runner: FreeCADRunner, tmp_path: Path
) -> None:
    # Same volume, size and hole count either way: only the sealed void tells them apart.
    sealed = await validate(
        dome_with_hole("dome"), build(shared_freecad_runner, dome_with_hole("dome"), tmp_path / "a")
    )
    assert sealed.validation is not None and sealed.validation.decision != "pass"
    failed = [c for c in sealed.validation.checks if not c.passed]
    assert [(c.name, c.actual) for c in failed] == [("sealed cavities", "1")]
    opened = dome_with_hole("joined")
    fine = await validate(opened, build(shared_freecad_runner, opened, tmp_path / "b"))
    assert fine.validation is not None and fine.validation.decision == "pass"
    assert any(c.name == "sealed cavities" for c in fine.validation.checks)
