"""The short human summary printed after a design, and by `show`."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ai_designer.orchestration.report import summarize
from ai_designer.schemas.design import DesignState

_STATUS_STYLE = {"completed": "green", "needs_review": "yellow", "failed": "red"}


def print_summary(state: DesignState, console: Console) -> None:
    """Dimensions, volume, checks, planner and files of the current revision."""
    s = summarize(state)
    style = _STATUS_STYLE.get(s.status, "white")
    console.print(
        f"[bold {style}]{s.status}[/] · design {s.design_id} · revision {s.revision}", highlight=False
    )
    console.print(f"  request: {s.request}", highlight=False, markup=False)
    if s.planner:
        console.print(f"  planner: {s.planner} ({s.planner_reason})", highlight=False, markup=False)
    if s.size_mm:
        x, y, z = s.size_mm
        console.print(f"  size:    {x:g} x {y:g} x {z:g} mm", highlight=False)
    if s.volume_mm3 is not None:
        console.print(f"  volume:  {s.volume_mm3:,.1f} mm³   solids: {s.solids}", highlight=False)
    if s.checks_total:
        console.print(
            f"  checks:  {s.checks_passed}/{s.checks_total} passed (decision: {s.decision}, "
            f"iterations: {s.iterations})",
            highlight=False,
        )
    if state.validation:
        for check in state.validation.checks:
            if not check.passed:
                console.print(
                    f"   [red]✗[/] {check.name}: expected {check.expected}, got {check.actual}",
                    highlight=False,
                )
    if s.error:
        console.print(f"  [red]why:[/]     {s.error}", highlight=False)
        if s.hint:
            console.print(f"  [yellow]next:[/]    {s.hint}", highlight=False)
    if s.llm_calls:
        console.print(f"  LLM:     {s.llm_calls} call(s), ${s.llm_cost_usd:.4f}", highlight=False)
    if state.status.value == "completed" and state.output_dir:
        table = Table(show_header=False, box=None, padding=(0, 2))
        for kind, path in sorted(s.files.items()):
            table.add_row(f"  {kind}", path)
        console.print(f"  files in {state.output_dir}:", highlight=False)
        console.print(table)
