"""The whole pipeline with an LLM configured: only the provider is faked (HTTP stub), FreeCAD is real.

The LLM planner first plans 4 mm holes where 5 mm were asked for; the intent
reviewer sees the measured 4.00 mm holes, the validator routes to a replan, the
planner fixes the plan and the reviewer passes it.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import pytest

from ai_designer.agents.llm_planner import PlannerReply
from ai_designer.freecad.runner import FreeCADRunner
from ai_designer.orchestration.checkpoint import memory_checkpointer
from ai_designer.orchestration.service import build_pipeline, new_design, run_design
from ai_designer.schemas.design import DesignStatus
from ai_designer.schemas.events import DesignEvent
from ai_designer.schemas.task_graph import BoxOp, CustomOp, HoleOp, TaskGraph, TaskNode
from helpers.openai_stub import OpenAIStub, RecordedRequest, StubReply, stub_settings

pytestmark = pytest.mark.freecad

PROMPT = "a 60 x 40 x 8 mm wavy brass plate with four 5 mm holes 6 mm from the corners, for my robot"
CORNERS = [(24.0, 14.0), (-24.0, 14.0), (24.0, -14.0), (-24.0, -14.0)]


def plate(hole_diameter: float) -> PlannerReply:
    graph = TaskGraph(
        title="mounting plate",
        nodes=[
            TaskNode(id="plate", operation=BoxOp(length=60, width=40, height=8)),
            TaskNode(id="holes", operation=HoleOp(target="plate", diameter=hole_diameter, at=CORNERS)),
        ],
    )
    return PlannerReply(reasoning="box, then four corner holes", graph=graph)


def reviewer(request: RecordedRequest) -> StubReply:
    fixed = re.search(r"Ø5(\.0+)? mm", request.text()) is not None
    review = {"score": 1.0, "summary": "matches", "issues": []}
    if not fixed:
        review = {
            "score": 0.3,
            "summary": "wrong hole size",
            "issues": [
                {
                    "message": "The request asks for 5 mm holes; the four holes measure 4.00 mm.",
                    "node_id": "holes",
                    "suggestion": "Set the hole diameter to 5 mm.",
                }
            ],
        }
    return StubReply(json.dumps(review))


def _run(stub: OpenAIStub, tmp_path: Path, prompt: str, **settings_overrides: object) -> tuple:  # type: ignore[type-arg]
    settings = stub_settings(stub, planner=["planner-a"], generator=["coder-a"], validator=["reviewer-a"])
    events: list[DesignEvent] = []
    with FreeCADRunner.from_settings(settings) as runner:
        pipeline = build_pipeline(settings, runner, memory_checkpointer())
        state = new_design(prompt, output_dir=str(tmp_path), planner="auto")
        final = asyncio.run(run_design(pipeline, state, [events.append]))
    return final, events


def test_wrong_hole_size_is_found_by_review_and_fixed_by_a_replan(
    openai_stub: OpenAIStub, tmp_path: Path
) -> None:
    openai_stub.json_reply("planner-a", plate(4.0))
    openai_stub.json_reply("planner-a", plate(5.0))
    openai_stub.always("reviewer-a", reviewer)

    final, events = _run(openai_stub, tmp_path, PROMPT)

    assert final.status == DesignStatus.COMPLETED, final.error
    assert final.plan_source is not None and final.plan_source.planner == "llm"
    assert "replanning" in final.plan_source.reason
    assert any("names brass, which the LLM plan does not carry" in n for n in final.plan_source.notes)
    assert (final.material, final.material_source) == ("steel", "assumed")
    holes = final.execution.final_shape.holes
    assert len(holes) == 4 and all(h.diameter == pytest.approx(5.0, abs=1e-6) for h in holes)
    assert final.iteration == 2
    kinds = [e.kind for e in events]
    assert kinds.count("plan_generated") == 2
    assert "validation_failed" in kinds and kinds[-1] == "design_completed"
    planner_calls = openai_stub.requests_for("planner-a")
    assert len(planner_calls) == 2
    assert "4.00 mm" in planner_calls[1].text()  # the replan saw the reviewer's finding
    assert final.usage.total.calls == 4  # two plans, two reviews
    assert final.usage.total.prompt_tokens > 0
    assert set(final.usage.by_model) == {"openai/planner-a", "openai/reviewer-a"}


def test_custom_node_code_that_breaks_the_policy_is_rewritten(
    openai_stub: OpenAIStub, tmp_path: Path
) -> None:
    graph = TaskGraph(
        title="wedge",
        nodes=[TaskNode(id="wedge", operation=CustomOp(description="a 20 x 10 x 5 mm wedge"))],
    )
    openai_stub.json_reply("planner-a", PlannerReply(graph=graph))
    openai_stub.reply("coder-a", "```python\nimport os\nresult = Part.makeBox(20, 10, 5)\n```")
    openai_stub.reply("coder-a", "```python\nresult = Part.makeBox(20, 10, 5)\n```")
    openai_stub.always("reviewer-a", StubReply(json.dumps({"score": 0.95, "issues": []})))

    final, _ = _run(openai_stub, tmp_path, "an odd organic wedge thing, please")

    assert final.status == DesignStatus.COMPLETED, final.error
    assert final.execution.final_shape.volume == pytest.approx(1000.0, rel=1e-6)
    second = openai_stub.requests_for("coder-a")[1].text()
    assert "os" in second  # the policy violation was sent back
