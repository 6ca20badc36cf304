"""`ai-designer show` and `ai-designer history`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ai_designer.cli.app import command
from ai_designer.cli.common import cli_settings, console, safe, user_errors

if TYPE_CHECKING:
    from rich.console import Console
    from rich.tree import Tree

    from ai_designer.schemas.design import DesignState
    from ai_designer.schemas.execution import FeatureNode


def _add_features(branch: Tree, nodes: list[FeatureNode]) -> None:
    for node in nodes:
        _add_features(branch.add(f"{safe(node.label)} [dim]({safe(node.type_id)})[/]"), node.children)


def print_details(state: DesignState, out: Console) -> None:
    """Everything about the current revision: summary with the whole plan, feature tree, checks,
    earlier revisions."""
    from rich.table import Table
    from rich.tree import Tree

    from ai_designer.cli.summary import print_summary

    print_summary(state, out)
    if state.execution and state.execution.feature_tree:
        tree = Tree("feature tree")
        _add_features(tree, state.execution.feature_tree)
        out.print(tree)
    if state.validation:
        checks = Table(title="checks")
        for col in ("check", "ok", "expected", "actual"):
            checks.add_column(col)
        for c in state.validation.checks:
            checks.add_row(
                safe(c.name), "[green]yes[/]" if c.passed else "[red]no[/]", safe(c.expected), safe(c.actual)
            )
        out.print(checks)
    if state.history:
        revs = Table(title="earlier revisions")
        for col in ("rev", "kind", "status", "request"):
            revs.add_column(col)
        for r in state.history:
            revs.add_row(str(r.number), r.kind, r.status.value, safe(r.request))
        out.print(revs)


@command(examples=("ai-designer show out/plate",))
def show(folder: Annotated[Path, typer.Argument(metavar="DIR", help="A design folder.")]) -> None:
    """Summary, plan, mass, feature tree, checks and revisions of a design."""
    from ai_designer.workspace import DesignWorkspace

    cli_settings()
    with user_errors():
        state = DesignWorkspace(folder).load()
    print_details(state, console)


@command(examples=("ai-designer history", "ai-designer history -n 5"))
def history(
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, metavar="N", help="How many designs to list, newest first.")
    ] = 20,
) -> None:
    """Recent designs: when, design id, revision, status, folder and request.

    One design per line, the folder whole (never wrapped), so it can be copied.
    """
    from ai_designer.history import recent

    settings = cli_settings()
    entries = recent(settings.history_file, limit)
    if not entries:
        console.print('No designs yet. Try: ai-designer design "a 20 mm cube" --out out/cube')
        return
    for e in entries:
        when = e.finished_at.strftime("%Y-%m-%d %H:%M")
        request = " ".join(e.request.split())
        line = f"{when}  {e.design_id}  r{e.revision:<3} {e.status:<12} {e.folder}  {request}"
        console.print(safe(line), soft_wrap=True)
