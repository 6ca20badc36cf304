"""`ai-designer doctor`: check the installation and say how to fix what is missing."""

from __future__ import annotations

import typer

from ai_designer.cli.app import command
from ai_designer.cli.common import cli_settings, console


@command(examples=("ai-designer doctor",))
def doctor() -> None:
    """Check Python, FreeCAD, Redis, LLM providers and the output directory."""
    from rich.table import Table

    from ai_designer.doctor import all_required_ok, run_checks

    checks = run_checks(cli_settings())
    table = Table(title="ai-designer doctor", show_lines=False)
    table.add_column("check")
    table.add_column("status")
    table.add_column("detail")
    for c in checks:
        status = "[green]ok[/]" if c.ok else ("[red]MISSING[/]" if c.required else "[yellow]optional[/]")
        detail = c.detail + (f"\n[yellow]fix: {c.fix}[/]" if c.fix and not c.ok else "")
        table.add_row(c.name, status, detail)
    console.print(table)
    if not all_required_ok(checks):
        console.print("[bold red]Something required is missing; see the fixes above.[/]")
        raise typer.Exit(1)
    console.print("[bold green]All required checks passed.[/]")
