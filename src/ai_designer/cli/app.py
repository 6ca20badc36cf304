"""The `ai-designer` command line (Typer + Rich).

Each command group lives in its own module and registers itself on :data:`app`.
Heavy imports (FreeCAD runner, LangGraph, litellm) happen inside the commands so
that `ai-designer --help` starts fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ai_designer import __version__

app = typer.Typer(
    name="ai-designer",
    help="Turn a sentence into a real, editable CAD part (FCStd, STEP, STL).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"ai-designer {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Turn a sentence into a real, editable CAD part (FCStd, STEP, STL)."""


def _register_commands() -> None:
    # Imported for their side effect of adding commands to `app`.
    from ai_designer.cli import (  # noqa: F401
        design_cmd,
        doctor,
        exec_cmd,
        export_cmd,
        inspect_cmd,
        mcp_cmd,
        schema_cmd,
        serve_cmd,
        shell_cmd,
        worker_cmd,
    )


def main() -> None:
    """Entry point of the `ai-designer` console script."""
    _register_commands()
    app()
