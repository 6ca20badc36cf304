"""The ai-designer MCP server: tools and resources over stdio or streamable HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from mcp.server.mcpserver import MCPServer

from ai_designer import __version__
from ai_designer.config import Settings
from ai_designer.errors import FreeCADError
from ai_designer.logging import get_logger
from ai_designer.mcp.library import DesignLibrary
from ai_designer.mcp.resources import register_resources
from ai_designer.mcp.tools import register_tools

log = get_logger(__name__)

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]

INSTRUCTIONS = """\
ai-designer turns a description or a plan into a real, editable FreeCAD part (FCStd, STEP, STL),
built in a sandbox and measured against what was planned.
- Best results: call get_plan_language once, write a plan (TaskGraph JSON) with every dimension
  worked out, and pass it to create_design as `plan`. A plan with problems is refused with every
  problem listed: fix them all and send the whole plan again.
- Or pass a plain description as `prompt` (the server's own planner handles common parts).
- get_design returns the plan that was built; edit it and pass it to refine_design, or describe a
  change in words. export_design gives STEP/STL/FCStd/BREP/PNG files; preview shows the part.
- run_script runs your own FreeCAD script in the same sandbox.
"""


def build_server(library: DesignLibrary, log_level: LogLevel = "WARNING") -> MCPServer[Any]:
    """An MCP server whose tools and resources work on ``library``."""
    server: MCPServer[Any] = MCPServer(
        "ai-designer",
        title="ai-designer",
        version=__version__,
        instructions=INSTRUCTIONS,
        log_level=log_level,
    )
    register_tools(server, library)
    register_resources(server, library)
    return server


def serve(
    settings: Settings,
    root: Path,
    *,
    port: int | None = None,
    host: str = "127.0.0.1",
    log_level: LogLevel = "WARNING",
) -> None:
    """Serve on stdio, or on streamable HTTP at ``http://host:port/mcp`` when ``port`` is given.

    The FreeCAD worker is started at once so the first design does not wait for it; without
    FreeCAD the server still starts, and each tool that needs it says what to install.
    """
    library = DesignLibrary(root, settings)
    try:
        library.runner  # noqa: B018 - starts the worker pool now
    except FreeCADError as exc:
        log.warning("freecad_unavailable", error=exc.message, hint=exc.hint)
    server = build_server(library, log_level)
    try:
        if port is None:
            server.run("stdio")
        else:
            server.run("streamable-http", host=host, port=port)
    finally:
        library.close()
