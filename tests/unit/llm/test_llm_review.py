"""The intent and vision reviewers, answered by the local stub."""

from __future__ import annotations

import base64
import struct
import zlib
from pathlib import Path

import pytest

from ai_designer.agents.llm_review import LLMIntentReviewer, VisionReviewer, preview_images
from ai_designer.agents.planning import with_expectations
from ai_designer.llm.png_scale import downscaled_png
from ai_designer.llm.provider import LLMProvider
from ai_designer.schemas.design import UsageReport
from ai_designer.schemas.execution import BoundingBox, ExecutionResult, HoleInfo, ShapeMetrics
from ai_designer.schemas.task_graph import BoxOp, GridPattern, HoleOp, TaskGraph, TaskNode
from helpers.openai_stub import OpenAIStub, stub_settings

PROMPT = "A 60 x 40 x 8 mm plate with four 5 mm holes 6 mm from the corners"


def plan(hole_diameter: float) -> TaskGraph:
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


def measured(hole_diameter: float, artifacts: dict[str, str] | None = None) -> ExecutionResult:
    holes = [
        HoleInfo(diameter=hole_diameter, axis=(0, 0, 1), start=(x, y, 0), depth=8, through=True)
        for x in (6, 54)
        for y in (6, 34)
    ]
    shape = ShapeMetrics(
        volume=60 * 40 * 8 - 4 * 3.14159 * (hole_diameter / 2) ** 2 * 8,
        area=6000.0,
        bbox=BoundingBox(min=(0, 0, 0), max=(60, 40, 8), size=(60, 40, 8)),
        solids=1,
        shells=1,
        faces=10,
        edges=28,
        vertices=16,
        is_valid=True,
        through_holes=4,
        holes=holes,
    )
    return ExecutionResult(job_id="j1", ok=True, final_shape=shape, artifacts=artifacts or {})


def png(path: Path) -> Path:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\x80")))
    return path


async def test_intent_review_finds_a_wrong_hole_size(openai_stub: OpenAIStub) -> None:
    openai_stub.json_reply(
        "reviewer-a",
        {
            "score": 0.55,
            "summary": "Holes are too small.",
            "issues": [
                {
                    "severity": "error",
                    "message": "The request asks for 5 mm holes; the four holes measure 4.00 mm.",
                    "node_id": "holes",
                    "suggestion": "Set the hole diameter to 5 mm.",
                },
                {"severity": "info", "message": "Edges are sharp.", "node_id": "no_such_node"},
            ],
        },
    )
    reviewer = LLMIntentReviewer(LLMProvider(stub_settings(openai_stub, validator=["reviewer-a"])))
    report = UsageReport()

    score, issues = await reviewer.review(PROMPT, plan(4.0), measured(4.0), report.record)

    assert score < 0.8
    wrong, note = issues
    assert wrong.category == "intent" and wrong.severity == "error"
    assert wrong.node_id == "holes" and "5 mm" in wrong.suggestion
    assert note.node_id is None  # unknown ids are dropped
    assert report.total.calls == 1
    sent = openai_stub.requests[0].text()
    assert f"Request: {PROMPT}" in sent
    assert "4 x Ø4.00 mm through, axis Z" in sent  # the measurement the reviewer must compare
    assert "bounding box 60.00 x 40.00 x 8.00 mm" in sent
    assert openai_stub.requests[0].body["response_format"] == {"type": "json_object"}


async def test_vision_review_sends_the_previews(openai_stub: OpenAIStub, tmp_path: Path) -> None:
    for view in ("top", "iso", "front", "right"):
        png(tmp_path / f"preview_{view}.png")
    artifacts = {
        "step": str(tmp_path / "part.step"),
        "preview_top": "preview_top.png",  # relative: found beside the other artifacts
        "preview_iso": str(tmp_path / "preview_iso.png"),
    }
    openai_stub.json_reply(
        "vision-a",
        {"score": 0.6, "issues": [{"message": "Only two holes are visible.", "suggestion": "Add four."}]},
    )
    reviewer = VisionReviewer(LLMProvider(stub_settings(openai_stub, vision=["vision-a"])))

    score, issues = await reviewer.review(PROMPT, plan(5.0), measured(5.0, artifacts), UsageReport().record)

    assert score == 0.6
    assert issues[0].category == "vision" and issues[0].message == "Only two holes are visible."
    (request,) = openai_stub.requests_for("vision-a")
    assert len(request.image_urls()) == 2
    assert all(u.startswith("data:image/png;base64,") for u in request.image_urls())
    assert request.text().index("preview_iso.png") < request.text().index("preview_top.png")


def test_previews_fall_back_to_files_beside_the_artifacts(tmp_path: Path) -> None:
    for view in ("right", "section", "iso", "front", "top", "extra", "bottom"):
        png(tmp_path / f"preview_{view}.png")
    execution = measured(5.0, {"fcstd": str(tmp_path / "part.FCStd")})

    names = [p.name for p in preview_images(execution)]

    views = ("iso", "top", "front", "right", "bottom", "section")
    assert names == [f"preview_{view}.png" for view in views]


def rgb_png(path: Path, size: int) -> Path:
    """A ``size`` px grey square with a one-pixel dark line down column 1."""
    row = b"".join(bytes([40, 45, 55]) if x == 1 else bytes([200, 200, 200]) for x in range(size))
    rows = b"".join(b"\x00" + row for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows)))
    return path


async def test_vision_review_sends_small_images_in_low_detail(
    openai_stub: OpenAIStub, tmp_path: Path
) -> None:
    rgb_png(tmp_path / "preview_iso.png", 512)
    openai_stub.json_reply("vision-a", {"score": 0.9, "issues": []})
    reviewer = VisionReviewer(LLMProvider(stub_settings(openai_stub, vision=["vision-a"])))

    await reviewer.review(
        PROMPT, plan(5.0), measured(5.0, {"preview_iso": str(tmp_path / "preview_iso.png")}), None
    )

    (request,) = openai_stub.requests_for("vision-a")
    (url,) = request.image_urls()
    sent = base64.b64decode(url.split(",", 1)[1])
    width, height = struct.unpack(">II", sent[16:24])
    assert (width, height) == (256, 256)
    assert len(sent) < (tmp_path / "preview_iso.png").stat().st_size
    image = request.messages[-1]["content"][-1]["image_url"]
    assert image["detail"] == "low"


def test_halving_keeps_thin_dark_lines(tmp_path: Path) -> None:
    data = rgb_png(tmp_path / "p.png", 8).read_bytes()

    small = downscaled_png(data, 4)

    width, height, depth, colour = struct.unpack(">IIBB", small[16:26])
    assert (width, height, depth, colour) == (4, 4, 8, 2)
    length = struct.unpack(">I", small[33:37])[0]
    raw = zlib.decompress(small[41 : 41 + length])
    first_row = raw[1:13]
    assert first_row[:3] == bytes([40, 45, 55]) and first_row[3:6] == bytes([200, 200, 200])
    assert downscaled_png(data, 8) == data and downscaled_png(b"not a png", 4) == b"not a png"


async def test_vision_review_is_skipped_when_the_measurements_decide(
    openai_stub: OpenAIStub, tmp_path: Path
) -> None:
    rgb_png(tmp_path / "preview_iso.png", 16)
    reviewer = VisionReviewer(LLMProvider(stub_settings(openai_stub, vision=["vision-a"])))
    pinned = with_expectations(plan(5.0))  # size, tight volume, four holes where the plan puts them
    execution = measured(5.0, {"preview_iso": str(tmp_path / "preview_iso.png")})
    shape = execution.final_shape
    assert shape is not None
    exact = shape.model_copy(update={"volume": (pinned.expected.volume_min or 0) * 1.001})
    execution = execution.model_copy(update={"final_shape": exact})

    passed = await reviewer.review(PROMPT, pinned, execution, None)
    wrong = await reviewer.review(PROMPT, pinned, measured(4.0, execution.artifacts), None)

    assert passed[0] == wrong[0] == 1.0 and "decided" in passed[1][0].message
    assert openai_stub.requests == []


async def test_vision_review_without_previews_is_neutral(openai_stub: OpenAIStub) -> None:
    reviewer = VisionReviewer(LLMProvider(stub_settings(openai_stub, vision=["vision-a"])))

    score, issues = await reviewer.review(PROMPT, plan(5.0), measured(5.0), UsageReport().record)

    assert score == 1.0
    assert issues[0].severity == "info"
    assert openai_stub.requests == []


@pytest.mark.parametrize("reviewer_cls", [LLMIntentReviewer, VisionReviewer])
def test_reviewer_names(reviewer_cls: type, openai_stub: OpenAIStub) -> None:
    reviewer = reviewer_cls(LLMProvider(stub_settings(openai_stub)))
    assert reviewer.name in ("llm", "vision")
