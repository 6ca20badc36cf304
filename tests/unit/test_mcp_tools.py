"""The MCP server in memory (the SDK's in-process client): schemas, plan errors, ids, no FreeCAD."""

from __future__ import annotations

from pathlib import Path

import pytest
from mcp import Client, MCPError
from mcp.types import TextResourceContents

from ai_designer.config import load_settings
from ai_designer.mcp.library import DesignLibrary
from ai_designer.mcp.server import build_server
from helpers.mcp_scenario import BAD_GRAPH_PLAN, BAD_SCHEMA_PLAN, EXPECTED_TOOLS, text_of


def _server(tmp_path: Path, **settings: object) -> Client:
    library = DesignLibrary(tmp_path / "root", load_settings(**settings))
    return Client(build_server(library))


async def test_tools_describe_their_arguments_and_results(tmp_path: Path) -> None:
    async with _server(tmp_path) as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
        assert client.instructions and "get_plan_language" in client.instructions
    assert set(tools) == EXPECTED_TOOLS
    create = tools["create_design"]
    assert set(create.input_schema["properties"]) == {"prompt", "plan", "planner", "formats", "material"}
    assert create.output_schema is not None and "summary" in create.output_schema["properties"]
    assert create.annotations is not None and create.annotations.read_only_hint is False
    assert tools["get_design"].annotations is not None and tools["get_design"].annotations.read_only_hint
    assert tools["get_plan_language"].output_schema is None  # plain text for the model


async def test_bad_plans_are_refused_with_every_problem_before_anything_runs(tmp_path: Path) -> None:
    # No FreeCAD is reachable here: a refused plan must not need it.
    async with _server(tmp_path, freecad_path=tmp_path / "no-freecad") as client:
        schema = await client.call_tool("create_design", {"plan": BAD_SCHEMA_PLAN})
        graph = await client.call_tool("create_design", {"plan": BAD_GRAPH_PLAN})
        text = await client.call_tool("create_design", {"plan": '{"nodes": [}'})
    assert schema.is_error and graph.is_error and text.is_error
    assert "node 'plate' (operation.length): Input should be greater than 0" in text_of(schema)
    assert "'cuboid' found using 'op' does not match" in text_of(schema)
    assert "a 30 mm hole does not fit in the top face of 'plate'" in text_of(graph)
    assert "fillet radius 9 mm is too big" in text_of(graph)
    assert "not valid JSON (line 1, column 12" in text_of(text)
    for result in (schema, graph, text):
        assert "→ Fix every listed problem and send the whole plan again" in text_of(result)
    assert not (tmp_path / "root" / "designs").exists()


async def test_without_freecad_a_tool_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FREECAD_PATH", raising=False)
    async with _server(tmp_path, freecad_path=tmp_path / "no-freecad") as client:
        result = await client.call_tool("create_design", {"prompt": "a 20 mm cube"})
        language = await client.call_tool("get_plan_language", {})
    assert result.is_error
    assert "no freecadcmd executable is there" in text_of(result)
    assert "→ Point it at the freecadcmd executable" in text_of(result)
    assert not language.is_error  # what needs no FreeCAD still works


async def test_unknown_designs_and_files(tmp_path: Path) -> None:
    async with _server(tmp_path) as client:
        missing = await client.call_tool("get_design", {"design_id": "0123456789ab"})
        odd = await client.call_tool("preview", {"design_id": "../../etc/passwd"})
        empty = await client.call_tool("create_design", {})
        listed = await client.call_tool("list_designs", {})
        with pytest.raises(MCPError) as not_found:
            await client.read_resource("design://0123456789ab/report.json")
        with pytest.raises(MCPError):
            await client.read_resource("design://0123456789ab/preview_sideways.png")
    assert "There is no design 0123456789ab" in text_of(missing)
    assert "is not a design id" in text_of(odd)
    assert empty.is_error and "The prompt is empty" in text_of(empty)
    assert listed.structured_content == {"result": []}
    assert not_found.value.error.code == -32602


async def test_plan_language_tool_and_resource(tmp_path: Path) -> None:
    async with _server(tmp_path) as client:
        tool = await client.call_tool("get_plan_language", {"about": "a spur gear", "examples": 2})
        resource = await client.read_resource("ai-designer://plan-language")
    text = text_of(tool)
    assert text.count("Request: ") == 2 and "spur_gear" in text
    contents = resource.contents[0]
    assert isinstance(contents, TextResourceContents) and contents.mime_type == "text/markdown"
    reference = "\n\n## Worked examples"
    assert contents.text.split(reference)[0] == text.split(reference)[0]


async def test_a_root_that_cannot_be_written_says_how_to_choose_another(tmp_path: Path) -> None:
    (tmp_path / "root").write_text("a file where the designs folder should be")
    async with _server(tmp_path) as client:
        result = await client.call_tool("create_design", {"prompt": "a 20 mm cube"})
    assert result.is_error and "Cannot write to" in text_of(result)
    assert "→ Start the server with another --root (or MCP_ROOT)" in text_of(result)
