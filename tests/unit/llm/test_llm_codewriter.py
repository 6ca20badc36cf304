"""LLMCodeWriter: policy-checked custom-node code, with one correction round."""

from __future__ import annotations

import pytest

from ai_designer.agents.llm_codewriter import LLMCodeWriter, assigns_result, extract_code
from ai_designer.agents.prompts.few_shot_examples import EXAMPLES
from ai_designer.errors import GenerationError
from ai_designer.llm.provider import LLMProvider
from ai_designer.schemas.design import UsageReport
from ai_designer.schemas.task_graph import BoxOp, CustomOp, TaskGraph, TaskNode
from ai_designer.schemas.validation import ValidationIssue
from helpers.openai_stub import OpenAIStub, stub_settings

GOOD = """\
import Part
from FreeCAD import Vector

side = 40.0
result = Part.makeLoft(
    [Part.makePolygon([Vector(-20, -20, 0), Vector(20, -20, 0), Vector(20, 20, 0), Vector(-20, 20, 0),
                       Vector(-20, -20, 0)]),
     Part.Wire(Part.makeCircle(10, Vector(0, 0, 30)))],
    True,
)
"""
BREAKS_POLICY = "import os\nimport Part\nos.system('ls')\nresult = Part.makeBox(1, 1, 1)\n"


def graph() -> TaskGraph:
    return TaskGraph(
        title="duct",
        nodes=[
            TaskNode(id="flange", operation=BoxOp(length=60, width=60, height=4)),
            TaskNode(
                id="transition",
                label="Transition",
                operation=CustomOp(description="Loft from a 40 mm square at z=0 to a 20 mm circle at z=30"),
            ),
        ],
    )


@pytest.fixture
def writer(openai_stub: OpenAIStub) -> LLMCodeWriter:
    return LLMCodeWriter(LLMProvider(stub_settings(openai_stub, generator=["coder-a"])))


async def test_policy_violation_gets_a_correction_round(
    openai_stub: OpenAIStub, writer: LLMCodeWriter
) -> None:
    openai_stub.reply("coder-a", f"```python\n{BREAKS_POLICY}```")
    openai_stub.reply("coder-a", f"Here is the fixed version:\n```python\n{GOOD}```\nIt lofts the sections.")
    report = UsageReport()
    g = graph()

    code = await writer.write(g.node("transition"), g, [], None, report.record)

    assert code == GOOD
    assert report.total.calls == 2
    first, second = openai_stub.requests
    assert "Loft from a 40 mm square" in first.messages[-1]["content"]
    assert first.messages[0]["role"] == "system" and "result" in first.messages[0]["content"]
    correction = second.messages[-1]["content"]
    assert "line 1, column 0 [import]" in correction
    assert second.messages[-2]["content"].startswith("```python\nimport os")


async def test_two_rejected_rounds_raise_generation_error(
    openai_stub: OpenAIStub, writer: LLMCodeWriter
) -> None:
    openai_stub.reply("coder-a", BREAKS_POLICY).reply("coder-a", BREAKS_POLICY).reply("coder-a", GOOD)
    g = graph()

    with pytest.raises(GenerationError) as failed:
        await writer.write(g.node("transition"), g, [], None, UsageReport().record)

    assert failed.value.context["node_id"] == "transition"
    assert any("[import]" in p for p in failed.value.context["problems"])
    assert len(openai_stub.requests) == 2  # at most two rounds


async def test_code_without_result_is_sent_back(openai_stub: OpenAIStub, writer: LLMCodeWriter) -> None:
    openai_stub.reply("coder-a", "```python\nimport Part\nshape = Part.makeBox(1, 2, 3)\n```")
    openai_stub.reply("coder-a", GOOD)
    g = graph()

    code = await writer.write(g.node("transition"), g, [], None, UsageReport().record)

    assert code == GOOD
    assert "never assigns the final Part.Shape to `result`" in openai_stub.requests[1].messages[-1]["content"]


async def test_refine_sends_the_issues_and_the_previous_code(
    openai_stub: OpenAIStub, writer: LLMCodeWriter
) -> None:
    openai_stub.reply("coder-a", GOOD)
    g = graph()
    issues = [
        ValidationIssue(
            category="execution",
            message="Part.OCCError: BRep_API: command not done",
            node_id="transition",
        ),
        ValidationIssue(
            category="geometry", message="bounding box Z is 25.0, expected 30.0", suggestion="z=30"
        ),
    ]

    await writer.write(g.node("transition"), g, issues, "result = old_shape\n", UsageReport().record)

    task = openai_stub.requests[0].messages[-1]["content"]
    assert "The previous code for this node:\n```python\nresult = old_shape\n```" in task
    assert "(node transition) Part.OCCError: BRep_API: command not done" in task
    assert "A boolean operation failed" in task  # the diagnosis of a known FreeCAD failure
    assert "bounding box Z is 25.0, expected 30.0 Fix: z=30" in task


async def test_a_non_custom_node_is_a_bug(writer: LLMCodeWriter) -> None:
    g = graph()
    with pytest.raises(GenerationError):
        await writer.write(g.node("flange"), g, [], None, UsageReport().record)


def test_code_extraction() -> None:
    assert extract_code("```python\na = 1\n```") == "a = 1\n"
    assert extract_code("```py\nx\n```\n```python\nresult = 1\nb = 2\n```") == "result = 1\nb = 2\n"
    assert extract_code("result = 2") == "result = 2\n"
    assert assigns_result("result: object = 1")
    assert not assigns_result("results = 1")
    assert not assigns_result("result = (")


def test_few_shot_custom_code_passes_the_policy() -> None:
    from ai_designer.agents.script_validator import check_script

    for example in EXAMPLES:
        for code in example.custom_code.values():
            assert check_script(code).ok, example.name
            assert assigns_result(code)


async def test_code_reaching_other_objects_is_sent_back(
    openai_stub: OpenAIStub, writer: LLMCodeWriter
) -> None:
    tamper = "import FreeCAD as App\nimport Part\nApp.ActiveDocument.getObject('flange').Length = 500\n"
    openai_stub.reply("coder-a", f"```python\n{tamper}result = Part.makeBox(1, 2, 3)\n```")
    openai_stub.reply("coder-a", GOOD)
    g = graph()

    code = await writer.write(g.node("transition"), g, [], None, UsageReport().record)

    assert code == GOOD
    correction = openai_stub.requests[1].messages[-1]["content"]
    assert "line 3 [contract]: `ActiveDocument`" in correction and "`getObject`" in correction
