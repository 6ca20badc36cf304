"""Every few-shot example compiles and builds, in real FreeCAD, the solid it promises.

The planner learns from these examples, so a broken one would teach a broken
pattern: each graph is compiled with the deterministic compiler (custom nodes
get their reference code) and run in the session's shared freecadcmd batch;
the result must recompute to valid solids with no failed object, the stated
solid count and bounding box, and a volume inside the bounds the graph
analysis derives.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_designer.agents.prompts.few_shot_examples import EXAMPLES, FewShotExample
from ai_designer.cad.compiler import compile_graph
from ai_designer.cad.expectations import derive_expectations
from ai_designer.errors import FreeCADError
from ai_designer.freecad.path_resolver import find_freecad
from ai_designer.schemas.task_graph import CustomOp, TaskGraph
from helpers.freecad_batch import BATCH

pytestmark = pytest.mark.freecad


def with_reference_code(example: FewShotExample) -> TaskGraph:
    """The example's graph with its custom nodes' reference code filled in, as the generator would."""
    nodes = []
    for node in example.graph.nodes:
        if isinstance(node.operation, CustomOp):
            code = example.custom_code[node.id]
            node = node.model_copy(update={"operation": node.operation.model_copy(update={"code": code})})
        nodes.append(node)
    return example.graph.model_copy(update={"nodes": nodes})


def case_name(example: FewShotExample) -> str:
    return f"few_shot_{example.name}"


for _example in EXAMPLES:
    BATCH.add(case_name(_example), compile_graph(with_reference_code(_example)).code)


@pytest.fixture(scope="module")
def freecadcmd() -> Path:
    try:
        return find_freecad(probe_version=False).executable
    except FreeCADError:
        pytest.skip("freecadcmd is not installed")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_example_builds_the_solid_it_promises(example: FewShotExample, freecadcmd: Path) -> None:
    result = BATCH.results(freecadcmd)[case_name(example)]
    assert result.error is None, result.error
    built = result.built
    assert built is not None
    assert built.valid and not built.broken, built.broken
    expected = example.graph.expected
    assert built.solids == expected.solids
    assert expected.bbox is not None
    assert built.size == pytest.approx(expected.bbox, abs=expected.bbox_tolerance)
    derived = derive_expectations(example.graph)
    if derived.volume_min is not None:
        assert built.volume >= derived.volume_min
    if derived.volume_max is not None:
        assert built.volume <= derived.volume_max
