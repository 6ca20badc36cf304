"""`ai-designer show` and `ai-designer history`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.tree import Tree

from ai_designer.cli.app import app
from ai_designer.cli.common import cli_settings, console, user_errors


@app.command()
def show(folder: Annotated[Path, typer.Argument(help="A design folder.")]) -> None:
    """Summary, feature tree, checks and revisions of a design."""
    from ai_designer.cli.summary import print_summary
    from ai_designer.workspace import DesignWorkspace

    cli_settings()
    with user_errors():
        state = DesignWorkspace(folder).load()
    print_summary(state, console)
    if state.execution and state.execution.feature_tree:
        tree = Tree("feature tree")

        def add(branch: Tree, nodes: list) -> None:  # type: ignore[type-arg]
            for node in nodes:
                add(branch.add(f"{node.label} [dim]({node.type_id})[/]"), node.children)

        add(tree, state.execution.feature_tree)
        console.print(tree)
    if state.validation:
        checks = Table(title="checks")
        for col in ("check", "ok", "expected", "actual"):
            checks.add_column(col)
        for c in state.validation.checks:
            checks.add_row(c.name, "[green]yes[/]" if c.passed else "[red]no[/]", c.expected, c.actual)
        console.print(checks)
    if state.history:
        revs = Table(title="earlier revisions")
        for col in ("rev", "kind", "status", "request"):
            revs.add_column(col)
        for r in state.history:
            revs.add_row(str(r.number), r.kind, r.status.value, r.request)
        console.print(revs)


@app.command()
def history(limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 20) -> None:
    """Recent designs: request, status, time and folder."""
    from ai_designer.history import recent

    settings = cli_settings()
    entries = recent(settings.history_file, limit)
    if not entries:
        console.print('No designs yet. Try: ai-designer design "a 20 mm cube" --out out/cube')
        return
    table = Table(title="recent designs")
    for col in ("when (UTC)", "design", "rev", "status", "request"):
        table.add_column(col)
    table.add_column("folder", overflow="fold")
    for e in entries:
        table.add_row(
            e.finished_at.strftime("%Y-%m-%d %H:%M:%S"),
            e.design_id,
            str(e.revision),
            e.status,
            e.request,
            e.folder,
        )
    console.print(table)
