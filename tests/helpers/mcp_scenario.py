"""What an MCP client does with ai-designer, run the same way over every transport.

The scenario talks to a real `ai-designer mcp` through the SDK's own ``Client`` and checks
the geometry twice: as the server measured it (get_design) and as FreeCAD reads back the
exported STEP file.
"""

from __future__ import annotations

import base64
import copy
import math
import os
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client
from mcp.types import BlobResourceContents, CallToolResult, ResourceLink, TextContent

from helpers.freecad_probe import measure_step

#: Every call of the scenario finishes within this many seconds (a design takes a few).
CALL_TIMEOUT_S = 120

EXPECTED_TOOLS = {
    "create_design",
    "refine_design",
    "get_design",
    "list_designs",
    "export_design",
    "get_plan_language",
    "run_script",
    "preview",
}

#: A 60 x 40 x 8 mm plate with four 5 mm holes on a 48 x 28 mm grid, as a client's model writes it.
PLATE_PLAN: dict[str, Any] = {
    "title": "mounting plate",
    "nodes": [
        {"id": "plate", "operation": {"op": "box", "length": 60, "width": 40, "height": 8}},
        {
            "id": "holes",
            "operation": {
                "op": "hole",
                "target": "plate",
                "diameter": 5,
                "pattern": {"kind": "grid", "columns": 2, "rows": 2, "pitch_u": 48, "pitch_v": 28},
            },
        },
    ],
    "expected": {"bbox": [60, 40, 8], "holes": 4},
}


def plate_volume(length: float, width: float, height: float) -> float:
    """The plate's volume by hand: the block less four 5 mm holes through it."""
    return length * width * height - 4 * math.pi * 2.5**2 * height


#: Two schema problems (a negative length, an unknown operation) in one plan.
BAD_SCHEMA_PLAN: dict[str, Any] = {
    "nodes": [
        {"id": "plate", "operation": {"op": "box", "length": -60, "width": 40, "height": 8}},
        {"id": "knob", "operation": {"op": "cuboid", "size": 3}},
    ]
}
#: A plan that parses but cannot be built: a hole wider than its plate, a fillet of a missing node.
BAD_GRAPH_PLAN: dict[str, Any] = {
    "nodes": [
        {"id": "plate", "operation": {"op": "box", "length": 20, "width": 20, "height": 5}},
        {"id": "hole", "operation": {"op": "hole", "target": "plate", "diameter": 30, "at": [[0, 0]]}},
        {"id": "round", "operation": {"op": "fillet", "target": "hole", "radius": 9}},
    ]
}


def server_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a server under test: no LLM keys, no .env, history in the test's folder."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.endswith("_API_KEY") and k not in ("LLM_API_BASE", "REDIS_URL")
    }
    return env | {
        "AI_DESIGNER_ENV_FILE": os.devnull,
        "HISTORY_FILE": str(tmp_path / "history.jsonl"),
        "LOG_FORMAT": "json",
    }


async def call(client: Client, tool: str, **arguments: Any) -> CallToolResult:
    """Call a tool, bounded in time."""
    with anyio.fail_after(CALL_TIMEOUT_S):
        return await client.call_tool(tool, arguments)


async def ok(client: Client, tool: str, **arguments: Any) -> dict[str, Any]:
    """The structured result of a call that must succeed."""
    result = await call(client, tool, **arguments)
    assert not result.is_error, text_of(result)
    assert result.structured_content is not None
    return result.structured_content


def text_of(result: CallToolResult) -> str:
    """All the text blocks of a result, joined."""
    return "\n".join(block.text for block in result.content if isinstance(block, TextContent))


def check_measured(view: dict[str, Any], size: tuple[float, float, float], volume: float) -> None:
    """The server's own measurements of a completed design."""
    summary = view["summary"]
    assert summary["status"] == "completed"
    assert summary["size_mm"] == pytest.approx(list(size), abs=1e-3)
    assert summary["volume_mm3"] == pytest.approx(volume, rel=1e-4)
    assert view["checks"] and all(check["passed"] for check in view["checks"])


async def exported_step(client: Client, design_id: str, folder: Path) -> dict[str, float]:
    """Export the design's STEP, fetch it through its resource, and measure it with FreeCAD."""
    result = await call(client, "export_design", design_id=design_id, format="step")
    assert not result.is_error, text_of(result)
    link = next(block for block in result.content if isinstance(block, ResourceLink))
    assert link.uri == f"design://{design_id}/model.step"
    with anyio.fail_after(CALL_TIMEOUT_S):
        read = await client.read_resource(link.uri)
    contents = read.contents[0]
    assert isinstance(contents, BlobResourceContents) and contents.mime_type == "model/step"
    step = folder / f"{design_id}.step"
    step.write_bytes(base64.b64decode(contents.blob))
    assert step.read_bytes().startswith(b"ISO-10303-21")
    return await anyio.to_thread.run_sync(measure_step, step)


def check_step(measured: dict[str, float], size: tuple[float, float, float], volume: float) -> None:
    """FreeCAD's reading of an exported STEP file."""
    assert (measured["x"], measured["y"], measured["z"]) == pytest.approx(size, abs=1e-3)
    assert measured["volume"] == pytest.approx(volume, rel=1e-4)
    assert measured["solids"] == 1


async def design_round_trip(client: Client, folder: Path) -> None:
    """List the tools; design from words and from a plan; refine in words and with an edited plan;
    export STEP; send two bad plans."""
    with anyio.fail_after(CALL_TIMEOUT_S):
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
    assert set(tools) >= EXPECTED_TOOLS
    assert "plan" in tools["create_design"].input_schema["properties"]

    # From words: the server's offline planner; the material they name gives the mass.
    worded = await ok(
        client, "create_design", prompt="a 50x50x5 mm brass plate with a 10 mm hole through the center"
    )
    disc_volume = 50 * 50 * 5 - math.pi * 5**2 * 5
    check_measured(worded, (50, 50, 5), disc_volume)
    assert worded["summary"]["planner"] == "local"
    assert worded["summary"]["mass"]["mass_g"] == pytest.approx(disc_volume / 1000 * 8.50)

    # From a plan the client's model wrote.
    planned = await ok(client, "create_design", plan=PLATE_PLAN, prompt="a mounting plate for a PCB")
    design_id = planned["summary"]["design_id"]
    check_measured(planned, (60, 40, 8), plate_volume(60, 40, 8))
    assert planned["summary"]["planner"] == "given"
    check_step(await exported_step(client, design_id, folder), (60, 40, 8), plate_volume(60, 40, 8))

    # Refine in words, then with the plan read back and edited.
    thicker = await ok(
        client, "refine_design", design_id=design_id, change="make it 12 mm thick", material="Aluminum"
    )
    assert thicker["summary"]["revision"] == 2
    assert thicker["summary"]["mass"]["mass_g"] == pytest.approx(plate_volume(60, 40, 12) / 1000 * 2.70)
    check_measured(thicker, (60, 40, 12), plate_volume(60, 40, 12))
    plan = (await ok(client, "get_design", design_id=design_id))["plan"]
    longer = copy.deepcopy(plan)
    plate = next(n for n in longer["nodes"] if n["operation"]["op"] == "box")
    plate["operation"]["length"] = 80
    holes = next(n for n in longer["nodes"] if n["operation"]["op"] == "hole")
    holes["operation"]["pattern"]["pitch_u"] = 68
    longer["expected"].pop("volume_min", None)
    longer["expected"].pop("volume_max", None)
    longer["expected"]["bbox"] = [80, 40, 12]
    edited = await ok(client, "refine_design", design_id=design_id, plan=longer)
    assert edited["summary"]["revision"] == 3 and edited["summary"]["planner"] == "given"
    check_measured(edited, (80, 40, 12), plate_volume(80, 40, 12))
    check_step(await exported_step(client, design_id, folder), (80, 40, 12), plate_volume(80, 40, 12))

    # Bad plans come back as tool errors listing every problem, with the CLI's hint.
    schema = await call(client, "create_design", plan=BAD_SCHEMA_PLAN)
    assert schema.is_error
    message = text_of(schema)
    assert "The plan has 2 problems" in message
    assert "node 'plate' (operation.length)" in message and "'cuboid'" in message
    assert "→ Fix every listed problem" in message
    graph = await call(client, "create_design", plan=BAD_GRAPH_PLAN)
    assert graph.is_error
    message = text_of(graph)
    assert "The plan has 2 problems" in message
    assert "node 'hole'" in message and "node 'round'" in message

    listed = (await ok(client, "list_designs"))["result"]
    assert {d["design_id"] for d in listed} == {design_id, worded["summary"]["design_id"]}
