"""`ai-designer mcp` on stdio, driven by the MCP SDK's own client as Claude Desktop would run it."""

from __future__ import annotations

import base64
import math
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from mcp import Client, StdioServerParameters, stdio_client
from mcp.types import BlobResourceContents, EmbeddedResource, ImageContent, TextResourceContents

from helpers.mcp_scenario import (
    PLATE_PLAN,
    call,
    design_round_trip,
    ok,
    plate_volume,
    server_env,
    text_of,
)

pytestmark = [pytest.mark.freecad, pytest.mark.timeout(600)]

CLI = str(Path(sys.executable).with_name("ai-designer"))
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@asynccontextmanager
async def connected(tmp_path: Path) -> AsyncIterator[Client]:
    """A client connected to a fresh `ai-designer mcp` subprocess (entered in the test's own task:
    the SDK's task groups must be left from the task that entered them)."""
    params = StdioServerParameters(
        command=CLI, args=["mcp", "--root", str(tmp_path / "root")], env=server_env(tmp_path)
    )
    with (tmp_path / "server.log").open("w") as log:
        async with Client(stdio_client(params, errlog=log)) as client:
            yield client


async def test_design_refine_export_and_bad_plans(tmp_path: Path) -> None:
    async with connected(tmp_path) as client:
        await design_round_trip(client, tmp_path)
    assert (tmp_path / "history.jsonl").is_file()  # the CLI's history lists MCP designs too


async def test_files_previews_scripts_and_resources(tmp_path: Path) -> None:
    async with connected(tmp_path) as client:
        await _files_previews_scripts_and_resources(client, tmp_path)


async def _files_previews_scripts_and_resources(client: Client, tmp_path: Path) -> None:
    progress: list[str] = []

    async def on_progress(done: float, total: float | None, message: str | None) -> None:
        progress.append(message or "")

    created = await client.call_tool(
        "create_design", {"plan": PLATE_PLAN, "formats": ["step", "png"]}, progress_callback=on_progress
    )
    assert not created.is_error and created.structured_content is not None, text_of(created)
    view = created.structured_content
    design_id = view["summary"]["design_id"]
    assert any(m.startswith("planner: plan by the given planner") for m in progress), progress
    assert any(m.startswith("finish: design completed") for m in progress), progress
    folder = Path(view["folder"])
    assert folder == (tmp_path / "root" / "designs" / design_id).resolve()
    assert (folder / "state.json").is_file() and (folder / "model.step").is_file()

    # A format it was not built with is made on demand, and can come embedded.
    stl = await call(client, "export_design", design_id=design_id, format="stl", embed=True)
    assert not stl.is_error, text_of(stl)
    embedded = next(b for b in stl.content if isinstance(b, EmbeddedResource))
    assert isinstance(embedded.resource, BlobResourceContents)
    assert base64.b64decode(embedded.resource.blob)[80:84] != b""  # binary STL: header, then a count
    assert (folder / "model.stl").is_file()

    picture = await call(client, "preview", design_id=design_id, view="top")
    image = next(b for b in picture.content if isinstance(b, ImageContent))
    assert image.mime_type == "image/png" and base64.b64decode(image.data).startswith(PNG_MAGIC)

    report = await client.read_resource(f"design://{design_id}/report.json")
    text = report.contents[0]
    assert isinstance(text, TextResourceContents) and '"planner": "given"' in text.text
    preview = await client.read_resource(f"design://{design_id}/preview_iso.png")
    blob = preview.contents[0]
    assert isinstance(blob, BlobResourceContents) and blob.mime_type == "image/png"
    templates = {t.uri_template for t in (await client.list_resource_templates()).resource_templates}
    assert {"design://{design_id}/report.json", "design://{design_id}/preview_{view}.png"} <= templates

    readback = await ok(client, "get_design", design_id=design_id)
    assert readback["plan"]["nodes"][0]["operation"] == {"op": "box", "length": 60, "width": 40, "height": 8}
    assert readback["summary"]["volume_mm3"] == pytest.approx(plate_volume(60, 40, 8), rel=1e-4)

    run = await ok(
        client,
        "run_script",
        code="import Part\nresult = Part.makeCylinder(5, 20)\nPart.show(result)\n",
        formats=["step"],
    )
    assert run["ok"] and run["volume_mm3"] == pytest.approx(math.pi * 25 * 20, rel=1e-4)
    assert run["resources"]["model.step"] == f"script://{run['run_id']}/model.step"
    step = await client.read_resource(run["resources"]["model.step"])
    assert isinstance(step.contents[0], BlobResourceContents)


async def test_errors_carry_the_cli_hints(tmp_path: Path) -> None:
    async with connected(tmp_path) as client:
        await _errors_carry_the_cli_hints(client)


async def _errors_carry_the_cli_hints(client: Client) -> None:
    refused = await call(client, "run_script", code="import os\nos.system('true')\n")
    assert refused.is_error and "import os" in text_of(refused) and "→ Remove the listed" in text_of(refused)
    missing = await call(client, "get_design", design_id="0123456789ab")
    assert missing.is_error and "There is no design 0123456789ab" in text_of(missing)
    assert "list_designs" in text_of(missing)
    odd = await call(client, "export_design", design_id="../../etc", format="step")
    assert odd.is_error and "is not a design id" in text_of(odd)
    language = await call(client, "get_plan_language", about="a flange with a bolt circle")
    assert not language.is_error and "hole(target: id, diameter: mm>0" in text_of(language)
