"""Fillets and chamfers checked against the plan, and exact volumes (after them, bolt holes round a
bore, a bore along a cone or through a boss and its disc), in real FreeCAD.

A part built as planned passes, and its measured volume lies within 0.2 % of the exact volume
the analysis now gives after fillets and chamfers on a drilled plate, a block and a shaft. The
same part built with a different fillet radius, chamfer size, edge selection or pocket place
(a script that differs from the plan) fails validation, naming the node.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ai_designer.agents.planning import with_expectations
from ai_designer.agents.validator import ValidatorAgent
from ai_designer.cad.compiler import compile_graph
from ai_designer.cad.operations import analyse, output_facts
from ai_designer.freecad.runner import FreeCADRunner
from ai_designer.schemas.design import DesignState
from ai_designer.schemas.execution import ExecutionResult
from ai_designer.schemas.task_graph import TaskGraph
from ai_designer.schemas.validation import ValidationResult

pytestmark = pytest.mark.freecad


def graph(title: str, nodes: list[dict[str, Any]]) -> TaskGraph:
    return with_expectations(TaskGraph.model_validate({"title": title, "nodes": nodes}))


def drilled_plate(
    radius: float = 3, edges: tuple[str, ...] = ("vertical",), at: tuple[float, float] = (20, 8)
) -> TaskGraph:
    """An 80 x 50 x 10 plate with four 6 mm holes and a 12 mm round pocket ``at``, then its
    vertical edges filleted (the holes and the pocket stay clear of them)."""
    return graph(
        "drilled plate",
        [
            {"id": "plate", "operation": {"op": "box", "length": 80, "width": 50, "height": 10}},
            {
                "id": "holes",
                "operation": {
                    "op": "hole",
                    "target": "plate",
                    "diameter": 6,
                    "at": [[-30, -15], [30, -15], [-30, 15], [30, 15]],
                },
            },
            {
                "id": "pocket",
                "operation": {
                    "op": "pocket",
                    "target": "holes",
                    "profile": {"shape": "circle", "radius": 6},
                    "at": list(at),
                    "depth": 4,
                },
            },
            {
                "id": "corners",
                "operation": {"op": "fillet", "target": "pocket", "radius": radius, "edges": list(edges)},
            },
        ],
    )


def chamfered_block(size: float = 2) -> TaskGraph:
    """A 40 x 30 x 20 block with every edge chamfered."""
    return graph(
        "block",
        [
            {"id": "block", "operation": {"op": "box", "length": 40, "width": 30, "height": 20}},
            {
                "id": "bevel",
                "operation": {"op": "chamfer", "target": "block", "size": size, "edges": ["all"]},
            },
        ],
    )


def shaft(size: float = 1) -> TaskGraph:
    """A 20 mm shaft 60 mm long with both end circles chamfered."""
    return graph(
        "shaft",
        [
            {"id": "rod", "operation": {"op": "cylinder", "radius": 10, "height": 60}},
            {
                "id": "ends",
                "operation": {"op": "chamfer", "target": "rod", "size": size, "edges": ["circular"]},
            },
        ],
    )


def rounded_disc(radius: float = 2) -> TaskGraph:
    """A 40 mm disc 20 mm thick with its top edge filleted."""
    return graph(
        "disc",
        [
            {"id": "disc", "operation": {"op": "cylinder", "radius": 20, "height": 20}},
            {
                "id": "round",
                "operation": {"op": "fillet", "target": "disc", "radius": radius, "edges": ["top"]},
            },
        ],
    )


def cup() -> TaskGraph:
    """A 60 mm cylinder 50 mm tall with a 52 mm round pocket 45 mm deep, its rim rounded, beside a
    hollowed copy (a 2 mm wall, open at the top)."""
    return graph(
        "cups",
        [
            {"id": "body", "operation": {"op": "cylinder", "radius": 30, "height": 50}},
            {
                "id": "pocket",
                "operation": {
                    "op": "pocket",
                    "target": "body",
                    "profile": {"shape": "circle", "radius": 26},
                    "depth": 45,
                },
            },
            {
                "id": "foot",
                "operation": {"op": "fillet", "target": "pocket", "radius": 1, "edges": ["bottom"]},
            },
            {
                "id": "other",
                "operation": {
                    "op": "cylinder",
                    "radius": 30,
                    "height": 50,
                    "placement": {"offset": [80, 0, 0]},
                },
            },
            {"id": "shell", "operation": {"op": "shell", "target": "other", "thickness": 2}},
        ],
    )


def flange() -> TaskGraph:
    """A 120 mm flange with a 60 mm bore and eight 11 mm bolt holes on a 95 mm circle."""
    return graph(
        "flange",
        [
            {"id": "disc", "operation": {"op": "cylinder", "radius": 60, "height": 15}},
            {"id": "bore", "operation": {"op": "hole", "target": "disc", "diameter": 60, "at": [[0, 0]]}},
            {
                "id": "bolts",
                "operation": {
                    "op": "hole",
                    "target": "bore",
                    "diameter": 11,
                    "at": [],
                    "pattern": {"kind": "circular", "diameter": 95, "count": 8},
                },
            },
        ],
    )


def bored_cone() -> TaskGraph:
    """A frustum (40 mm base, 20 mm top, 60 mm tall) with a 10 mm bore along its axis."""
    return graph(
        "plug",
        [
            {"id": "plug", "operation": {"op": "cone", "radius_bottom": 20, "radius_top": 10, "height": 60}},
            {"id": "bore", "operation": {"op": "hole", "target": "plug", "diameter": 10, "at": [[0, 0]]}},
        ],
    )


def bored_hub() -> TaskGraph:
    """A 30 mm boss on an 80 mm disc, a 12 mm bore through both."""
    return graph(
        "hub",
        [
            {"id": "disc", "operation": {"op": "cylinder", "radius": 40, "height": 8}},
            {
                "id": "boss",
                "operation": {
                    "op": "cylinder",
                    "radius": 15,
                    "height": 20,
                    "placement": {"relative_to": "disc", "relation": "on_top_of"},
                },
            },
            {
                "id": "joined",
                "operation": {"op": "boolean", "operation": "union", "operands": ["disc", "boss"]},
            },
            {"id": "bore", "operation": {"op": "hole", "target": "joined", "diameter": 12, "at": [[0, 0]]}},
        ],
    )


def rounded_plate(edges: str = "horizontal") -> TaskGraph:
    """An 80 x 50 x 10 plate with R6 corners, its top and bottom outlines rounded to R2, and a
    60 x 30 x 8 block with R5 corners chamfered 1 mm round its top beside it."""
    return graph(
        "rounded plates",
        [
            {"id": "plate", "operation": {"op": "box", "length": 80, "width": 50, "height": 10}},
            {
                "id": "corners",
                "operation": {"op": "fillet", "target": "plate", "radius": 6, "edges": ["vertical"]},
            },
            {"id": "soft", "operation": {"op": "fillet", "target": "corners", "radius": 2, "edges": [edges]}},
            {
                "id": "block",
                "operation": {
                    "op": "box",
                    "length": 60,
                    "width": 30,
                    "height": 8,
                    "placement": {"offset": [0, 100, 0]},
                },
            },
            {
                "id": "round",
                "operation": {"op": "fillet", "target": "block", "radius": 5, "edges": ["parallel_z"]},
            },
            {"id": "bevel", "operation": {"op": "chamfer", "target": "round", "size": 1, "edges": ["top"]}},
        ],
    )


def build(runner: FreeCADRunner, plan: TaskGraph, folder: Path) -> ExecutionResult:
    folder.mkdir(parents=True, exist_ok=True)
    result = runner.run(compile_graph(plan).code, folder, [])
    assert result.ok, result.error
    return result


async def validate(plan: TaskGraph, built: ExecutionResult) -> ValidationResult:
    state = DesignState(
        design_id="d", prompt="a part", original_prompt="a part", task_graph=plan, execution=built
    )
    validation = (await ValidatorAgent().run(state)).validation
    assert validation is not None
    return validation


PLANS = {
    "drilled plate": drilled_plate,
    "chamfered block": chamfered_block,
    "chamfered shaft": shaft,
    "rounded disc": rounded_disc,
    "cups": cup,
    "rounded plates": rounded_plate,
    "flange": flange,
    "bored cone": bored_cone,
    "bored hub": bored_hub,
}


@pytest.mark.parametrize("name", list(PLANS))
async def test_a_part_built_as_planned_passes_with_an_exact_volume(
    shared_freecad_runner: FreeCADRunner, tmp_path: Path, name: str
) -> None:
    plan = PLANS[name]()
    volume = output_facts(plan, analyse(plan)).volume
    assert volume.is_exact, volume

    built = build(shared_freecad_runner, plan, tmp_path)

    assert built.final_shape is not None
    assert built.final_shape.volume == pytest.approx(volume.lo, rel=0.002)
    validation = await validate(plan, built)
    assert validation.decision == "pass", [c for c in validation.checks if not c.passed]
    edge_checks = [c for c in validation.checks if c.name.split()[0] in ("fillet", "chamfer")]
    assert all(c.passed for c in edge_checks)
    assert edge_checks or not any(n.operation.op in ("fillet", "chamfer") for n in plan.nodes)


@pytest.mark.parametrize(
    ("plan", "built_as", "node", "words"),
    [
        (drilled_plate(), drilled_plate(radius=1), "corners", ["fillet R3 on 4 convex edge(s)", "R1"]),
        (
            chamfered_block(),
            chamfered_block(size=1),
            "bevel",
            ["chamfer 2 mm on 12 edge(s)", "a chamfer of 1.00"],
        ),
        (shaft(), shaft(size=0.5), "ends", ["chamfer 1 mm on 2 edge(s)", "a chamfer of 0.50"]),
        (rounded_disc(), rounded_disc(radius=3), "round", ["fillet R2 on 1 convex edge(s)", "R3"]),
    ],
    ids=["fillet-radius", "block-chamfer", "shaft-chamfer", "disc-fillet"],
)
async def test_a_wrong_fillet_or_chamfer_size_fails_validation(
    shared_freecad_runner: FreeCADRunner,
    tmp_path: Path,
    plan: TaskGraph,
    built_as: TaskGraph,
    node: str,
    words: list[str],
) -> None:
    built = build(shared_freecad_runner, built_as, tmp_path)

    validation = await validate(plan, built)

    assert validation.decision != "pass"
    edge_failures = [
        c for c in validation.checks if not c.passed and c.name.split()[0] in ("fillet", "chamfer")
    ]
    assert [c.name.split()[-1] for c in edge_failures] == [node]
    issue = next(i for i in validation.issues if i.node_id == node)
    for text in words:
        assert text in issue.message, issue.message
    assert issue.suggestion


async def test_a_fillet_on_the_wrong_edges_of_a_drilled_plate_fails_on_volume(
    shared_freecad_runner: FreeCADRunner, tmp_path: Path
) -> None:
    """Rounding every edge instead of the vertical ones still shows R3 faces (at least 4): only
    the exact volume now tells the parts apart (before, anything from the core up passed)."""
    plan = drilled_plate()
    built = build(
        shared_freecad_runner, drilled_plate(edges=("parallel_z", "parallel_x", "parallel_y")), tmp_path
    )

    validation = await validate(plan, built)

    assert validation.decision != "pass"
    failed = [c.name for c in validation.checks if not c.passed]
    assert failed == ["volume"], failed


async def test_a_misplaced_pocket_on_a_filleted_plate_fails_validation(
    shared_freecad_runner: FreeCADRunner, tmp_path: Path
) -> None:
    plan, moved = drilled_plate(), drilled_plate(at=(20, 4))
    assert moved.expected == plan.expected  # same size, volume and hole count
    built = build(shared_freecad_runner, moved, tmp_path)

    validation = await validate(plan, built)

    assert validation.decision != "pass"
    assert [c.name for c in validation.checks if not c.passed] == ["hole pocket"]
    assert [i.node_id for i in validation.issues] == ["pocket"]
