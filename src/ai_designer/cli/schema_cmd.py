"""`ai-designer schema ...`: print the JSON Schemas of the project's contracts."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from ai_designer.cli.app import PlainHelpCommand, app

schema_app = typer.Typer(
    help="Print the JSON Schema of a contract.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(schema_app, name="schema")


@schema_app.command(
    "task-graph",
    cls=PlainHelpCommand,
    epilog="Examples:\n\n\b\n  ai-designer schema task-graph > task-graph.schema.json",
)
def task_graph(
    indent: Annotated[
        int, typer.Option(metavar="N", help="Spaces per indent level (0: one line).", min=0)
    ] = 2,
) -> None:
    """Print the TaskGraph JSON Schema: what planners produce and the compiler turns into FreeCAD."""
    from ai_designer.cad.json_schema import task_graph_json_schema

    typer.echo(json.dumps(task_graph_json_schema(), indent=indent or None, ensure_ascii=False))
