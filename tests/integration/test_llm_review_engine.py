"""The reviewers on a result from the real engine: its measurements and its rendered previews reach the
(stubbed) models."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ai_designer.agents.llm_review import LLMIntentReviewer, VisionReviewer
from ai_designer.errors import FreeCADError
from ai_designer.freecad.path_resolver import find_freecad
from ai_designer.freecad.runner import FreeCADRunner
from ai_designer.llm.provider import LLMProvider
from ai_designer.schemas.design import UsageReport
from ai_designer.schemas.execution import ExecutionResult
from ai_designer.schemas.task_graph import BoxOp, HoleOp, TaskGraph, TaskNode
from helpers.openai_stub import OpenAIStub, stub_settings

pytestmark = pytest.mark.freecad

PROMPT = "A 60 x 40 x 8 mm plate with a 5 mm hole in the middle"
PLATE_WITH_4MM_HOLE = """\
import FreeCAD as App
import Part
from FreeCAD import Vector

doc = App.newDocument("Plate")
plate = Part.makeBox(60, 40, 8).cut(Part.makeCylinder(2.0, 10, Vector(30, 20, -1)))
feature = doc.addObject("Part::Feature", "Plate")
feature.Shape = plate
doc.recompute()
"""
GRAPH = TaskGraph(
    title="plate",
    nodes=[
        TaskNode(id="plate", operation=BoxOp(length=60, width=40, height=8)),
        TaskNode(id="hole", operation=HoleOp(target="plate", diameter=4, at=[(0, 0)])),
    ],
)


@pytest.fixture(scope="module")
def execution(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ExecutionResult]:
    try:
        executable = find_freecad(probe_version=False).executable
    except FreeCADError:
        pytest.skip("freecadcmd is not installed")
    with FreeCADRunner(executable, pool_size=1, timeout_s=60) as runner:
        result = runner.run(PLATE_WITH_4MM_HOLE, Path(tmp_path_factory.mktemp("plate")), ["png"])
    assert result.ok, result.error
    yield result


async def test_reviewers_get_the_engine_measurements_and_previews(
    openai_stub: OpenAIStub, execution: ExecutionResult
) -> None:
    openai_stub.json_reply(
        "reviewer-a",
        {"score": 0.5, "issues": [{"message": "hole is 4 mm, asked 5 mm", "node_id": "hole"}]},
    )
    openai_stub.json_reply("vision-a", {"score": 0.95, "issues": []})
    provider = LLMProvider(stub_settings(openai_stub, validator=["reviewer-a"], vision=["vision-a"]))
    report = UsageReport()

    intent, issues = await LLMIntentReviewer(provider).review(PROMPT, GRAPH, execution, report.record)
    looks, _ = await VisionReviewer(provider).review(PROMPT, GRAPH, execution, report.record)

    assert (intent, looks) == (0.5, 0.95)
    assert issues[0].node_id == "hole"
    measured = openai_stub.requests_for("reviewer-a")[0].text()
    assert "1 x Ø4.00 mm through, axis Z" in measured
    assert "bounding box 60.00 x 40.00 x 8.00 mm" in measured
    (vision,) = openai_stub.requests_for("vision-a")
    assert len(vision.image_urls()) == 6  # iso, top, front, right, bottom, section from the engine
    assert report.total.calls == 2
