"""LLMPlanner through the real provider and litellm, answered by the local stub."""

from __future__ import annotations

import json

import pytest

from ai_designer.agents.llm_planner import LLMPlanner, PlannerReply
from ai_designer.agents.prompts import PROMPT_VERSION
from ai_designer.errors import InvalidTaskGraphError
from ai_designer.llm.provider import LLMProvider
from ai_designer.schemas.design import UsageReport
from ai_designer.schemas.task_graph import BoxOp, GridPattern, HoleOp, TaskGraph, TaskNode
from helpers.openai_stub import OpenAIStub, stub_settings

PROMPT = "A 60 x 40 x 8 mm plate with four 5 mm holes 6 mm from the corners"


def plate(hole_diameter: float = 5.0) -> TaskGraph:
    return TaskGraph(
        title="plate",
        nodes=[
            TaskNode(id="plate", operation=BoxOp(length=60, width=40, height=8)),
            TaskNode(
                id="holes",
                operation=HoleOp(
                    target="plate",
                    diameter=hole_diameter,
                    pattern=GridPattern(columns=2, rows=2, pitch_u=48, pitch_v=28),
                ),
            ),
        ],
    )


def answer(graph: TaskGraph, reasoning: str = "WORKING: 60-12=48, 40-12=28") -> str:
    return json.dumps({"reasoning": reasoning, "graph": graph.model_dump(mode="json")})


@pytest.fixture
def planner(openai_stub: OpenAIStub) -> LLMPlanner:
    return LLMPlanner(LLMProvider(stub_settings(openai_stub, planner=["planner-a"])))


async def test_a_good_plan_comes_back_validated_without_the_reasoning(
    openai_stub: OpenAIStub, planner: LLMPlanner
) -> None:
    openai_stub.reply("planner-a", answer(plate()))
    report = UsageReport()

    graph, source = await planner.plan(PROMPT, None, report.record)

    assert graph == plate()
    assert "WORKING" not in graph.model_dump_json()
    assert source.planner == "llm"
    assert source.notes == ["planned by openai/planner-a", f"prompt version {PROMPT_VERSION}"]
    assert report.total.calls == 1
    (request,) = openai_stub.requests
    system = request.messages[0]
    assert system["role"] == "system"
    # the plan language, compact: signatures and conventions, not the raw JSON Schema
    assert "\nhole(target: id, diameter: mm>0" in system["content"] and "## Conventions" in system["content"]
    assert '"$defs"' not in system["content"] and '"HoleOp"' not in system["content"]
    assert request.messages[-1] == {"role": "user", "content": f"Request: {PROMPT}"}
    # worked examples sit between the system prompt and the request, as user/assistant pairs
    roles = [m["role"] for m in request.messages[1:-1]]
    assert roles == ["user", "assistant"] * 3
    example = json.loads(request.messages[2]["content"])
    TaskGraph.model_validate(example["graph"])
    assert request.body["response_format"] == {"type": "json_object"}


async def test_schema_capable_model_gets_no_schema_either(openai_stub: OpenAIStub) -> None:
    """The prompt describes the plan language; the 30 KB schema as response_format would double it."""
    openai_stub.reply("gpt-4o", answer(plate()))
    planner = LLMPlanner(LLMProvider(stub_settings(openai_stub, planner=["gpt-4o"])))

    graph, _ = await planner.plan(PROMPT, None, UsageReport().record)

    assert graph == plate()
    (request,) = openai_stub.requests
    assert request.body["response_format"] == {"type": "json_object"}
    assert "$defs" not in json.dumps(request.body)


async def test_a_bare_graph_is_accepted(openai_stub: OpenAIStub, planner: LLMPlanner) -> None:
    openai_stub.reply("planner-a", plate().model_dump_json())

    graph, _ = await planner.plan(PROMPT, None, UsageReport().record)

    assert graph == plate()


async def test_invalid_json_then_a_successful_repair(openai_stub: OpenAIStub, planner: LLMPlanner) -> None:
    openai_stub.reply("planner-a", '{"reasoning": "plate", "graph": {"nodes": [{"id": "plate", "operation": ')
    openai_stub.reply("planner-a", answer(plate()))
    report = UsageReport()

    graph, _ = await planner.plan(PROMPT, None, report.record)

    assert graph == plate()
    assert report.total.calls == 2
    assert "not valid JSON" in openai_stub.requests[1].messages[-1]["content"]


async def test_plan_problems_get_one_repair_turn(openai_stub: OpenAIStub, planner: LLMPlanner) -> None:
    openai_stub.reply("planner-a", answer(plate(hole_diameter=45)))  # wider than the 40 mm plate
    openai_stub.reply("planner-a", answer(plate()))

    graph, source = await planner.plan(PROMPT, None, UsageReport().record)

    assert graph == plate()
    repair = openai_stub.requests[1].messages[-1]["content"]
    assert "node 'holes'" in repair
    assert "fixed 1 plan problem(s) in a second turn" in source.notes


async def test_a_plan_still_broken_after_the_repair_is_refused(
    openai_stub: OpenAIStub, planner: LLMPlanner
) -> None:
    openai_stub.reply("planner-a", answer(plate(hole_diameter=45)))
    openai_stub.reply("planner-a", answer(plate(hole_diameter=45)))

    with pytest.raises(InvalidTaskGraphError) as failed:
        await planner.plan(PROMPT, None, UsageReport().record)

    assert failed.value.context["nodes"] == ["holes"]
    assert len(openai_stub.requests) == 2


async def test_with_a_base_it_plans_a_modification(openai_stub: OpenAIStub, planner: LLMPlanner) -> None:
    openai_stub.reply("planner-a", answer(plate(hole_diameter=6)))

    graph, source = await planner.plan("make the holes 6 mm", plate(), UsageReport().record)

    assert graph.node("holes").operation.diameter == 6  # type: ignore[union-attr]
    assert source.reason == "the LLM planner changed the previous plan"
    task = openai_stub.requests[0].messages[-1]["content"]
    assert task.startswith("This is the current plan of the part:")
    assert '"diameter":5.0' in task
    assert "Change requested: make the holes 6 mm" in task


def test_reply_model_takes_the_graph_from_the_envelope() -> None:
    reply = PlannerReply.model_validate({"reasoning": "r", "graph": plate().model_dump()})
    assert reply.graph == plate()
    assert PlannerReply.model_validate(plate().model_dump()).reasoning == ""
