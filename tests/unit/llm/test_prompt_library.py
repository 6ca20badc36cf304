"""The prompt library without FreeCAD: example counts, checks, derived expectations, prompt contents."""

from __future__ import annotations

import pytest

from ai_designer.agents.prompts import PROMPT_VERSION
from ai_designer.agents.prompts.error_correction import diagnose, execution_error_prompt
from ai_designer.agents.prompts.few_shot_examples import EXAMPLES, FewShotExample, select_examples
from ai_designer.agents.prompts.rendering import graph_json
from ai_designer.agents.prompts.system_prompts import code_writer_system_prompt, planner_system_prompt
from ai_designer.cad.expectations import derive_expectations
from ai_designer.cad.graph_checks import find_problems
from ai_designer.schemas.execution import ExecutionResult, ObjectInfo
from ai_designer.schemas.task_graph import TaskGraph


def test_library_has_10_simple_15_intermediate_5_complex() -> None:
    levels = [e.level for e in EXAMPLES]
    assert (levels.count("simple"), levels.count("intermediate"), levels.count("complex")) == (10, 15, 5)
    assert len({e.name for e in EXAMPLES}) == 30
    assert PROMPT_VERSION


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_example_passes_the_graph_checks_and_states_its_size(example: FewShotExample) -> None:
    assert find_problems(example.graph) == []
    expected = example.graph.expected
    assert expected.bbox is not None
    derived = derive_expectations(example.graph)
    if derived.bbox is not None:  # what the analysis works out agrees with what the example teaches
        assert derived.bbox == pytest.approx(expected.bbox, abs=expected.bbox_tolerance)
    if derived.holes is not None:
        assert derived.holes == expected.holes
    assert TaskGraph.model_validate_json(graph_json(example.graph)) == example.graph
    for node_id in example.custom_code:
        assert example.graph.node(node_id).operation.op == "custom"


def test_examples_are_chosen_by_similarity_with_a_complex_one_included() -> None:
    chosen = select_examples("a round flange with a bore and bolt holes", 4)

    assert chosen[0].name == "flange"
    assert any(e.level == "complex" for e in chosen)
    assert len(chosen) == 4


def test_planner_prompt_carries_the_plan_language_rules_and_format() -> None:
    prompt = planner_system_prompt()

    assert "\nspur_gear(module: mm>0, teeth: int >=6 <=400" in prompt and '"SpurGearOp"' not in prompt
    assert "`top`/`bottom` u is X and v is Y" in prompt
    assert "Arc bulge" in prompt and "Rotation sign" in prompt and "counterbored or countersunk" in prompt
    assert '{"reasoning":' in prompt


def test_code_writer_prompt_lists_the_policy_and_an_example() -> None:
    prompt = code_writer_system_prompt()

    assert "FreeCAD, Mesh, MeshPart, Part, PartDesign, Sketcher, math" in prompt
    assert "Part::FaceMakerBullseye" in prompt
    assert "result = Part.makeLoft(wires, True)" in prompt


def test_execution_errors_are_diagnosed() -> None:
    execution = ExecutionResult(
        job_id="j",
        ok=False,
        error="Part.OCCError: BRep_API: command not done",
        error_kind="exception",
        error_line=12,
        traceback='File "script.py", line 12, in <module>\n    result = body.makeFillet(30, edges)',
        objects=[
            ObjectInfo(name="Fillet", label="Fillet", type_id="Part::Fillet", document="d", valid=False)
        ],
    )

    text = execution_error_prompt(execution)

    assert "failed in FreeCAD (exception): Part.OCCError" in text
    assert "line 12" in text and "Fillet (Part::Fillet): invalid" in text
    assert "A fillet failed" in text and "A boolean operation failed" in text
    assert diagnose("everything fine") == []
