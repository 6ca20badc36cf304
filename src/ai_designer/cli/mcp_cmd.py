"""`ai-designer mcp`: the MCP server, on stdio or streamable HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ai_designer.cli.app import command
from ai_designer.cli.common import cli_log_level, cli_settings

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@command("mcp", examples=("ai-designer mcp", "ai-designer mcp --http 8765"))
def mcp_server(
    http: Annotated[
        int | None,
        typer.Option(
            "--http", metavar="PORT", min=1, max=65535, help="Serve streamable HTTP on this port (at /mcp)."
        ),
    ] = None,
    host: Annotated[str, typer.Option("--host", metavar="ADDRESS", help="Address for --http.")] = "127.0.0.1",
    root: Annotated[
        Path | None, typer.Option("--root", metavar="DIR", help="Folder for the designs (default: MCP_ROOT).")
    ] = None,
) -> None:
    """Serve the MCP tools (create_design, refine_design, get_design, export_design, ...) on stdio,
    or on streamable HTTP with --http."""
    from ai_designer.mcp.server import serve

    settings = cli_settings()
    if http is not None and host not in LOOPBACK:
        typer.echo(
            f"Warning: the MCP server has no authentication; anyone who can reach {host}:{http} can use it.",
            err=True,
        )
    serve(settings, root or settings.mcp_root, port=http, host=host, log_level=cli_log_level(settings))
