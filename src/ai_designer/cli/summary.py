"""The short human summary printed after a design, and by `show`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rich.console import Console

from ai_designer.cli.common import safe
from ai_designer.orchestration.report import DesignSummary, summarize
from ai_designer.schemas.design import DesignState, DesignStatus

_STATUS_STYLE = {"completed": "green", "needs_review": "yellow", "failed": "red"}
#: Plan lines printed after a design or refine; `show` and `explain` print them all.
COMPACT_PLAN_LINES = 6


def quantity(value: float) -> str:
    """A number for people: thousands separated in the everyday range, else 4 significant digits."""
    if value == 0 or 0.1 <= abs(value) < 1e9:
        return f"{value:,.1f}"
    return f"{value:.4g}"


#: How the mass line says where its material comes from.
MATERIAL_FROM = {"assumed": ", assumed: see --material", "request": ", as requested", "option": ""}


def mass_text(grams: float) -> str:
    """A mass in g, kg or t, whichever reads best."""
    if grams >= 1e6:
        return f"{quantity(grams / 1e6)} t"
    if grams >= 1000:
        return f"{grams / 1000:,.3g} kg" if grams < 1e4 else f"{quantity(grams / 1000)} kg"
    return f"{grams:.3g} g"


def files_text(files: dict[str, str]) -> str:
    """The written files as one line: the folder, then the file names."""
    if not files:
        return ""
    paths = [Path(p) for p in files.values()]
    folders = Counter(p.parent for p in paths)
    folder = folders.most_common(1)[0][0]
    names = sorted(p.name for p in paths if not p.name.startswith("preview_"))
    previews = sum(p.name.startswith("preview_") for p in paths)
    if previews:
        names.append(f"{previews} preview PNGs")
    return f"{folder}/  {'  '.join(names)}"


def outcome_hint(state: DesignState) -> str:
    """What to do after a run that did not complete, saying where its files are."""
    if state.error is None:
        return ""
    if state.status != DesignStatus.NEEDS_REVIEW or not state.output_dir:
        return state.error.hint
    folder = Path(state.output_dir)
    kept = folder / "revisions" / str(state.revision)
    good = [r.number for r in state.history if r.status == DesignStatus.COMPLETED]
    top = (
        f"the model files in {folder} are still revision {good[-1]}"
        if good
        else f"no model was promoted to {folder}"
    )
    return (
        f"This attempt's files and report.json are in {kept} (what did not match is listed there); {top}. "
        "Rephrase the request, or configure an LLM provider so the design can be replanned."
    )


def print_plan(lines: list[str], console: Console, limit: int | None = None, label: str = "plan:") -> None:
    """The plan read back in words, one line per node (the first ``limit`` of them)."""
    if limit == 0:
        return
    shown = lines if limit is None else lines[:limit]
    for i, line in enumerate(shown):
        console.print(f"  {label if i == 0 else '':<8} {safe(line)}")
    if len(shown) < len(lines):
        console.print(f"  {'':<8} … and {len(lines) - len(shown)} more (ai-designer explain DIR)")


def print_summary(
    state: DesignState, console: Console, *, with_error: bool = True, plan_lines: int | None = None
) -> None:
    """Status, plan, dimensions, volume, mass, checks and files of the current revision.

    ``with_error`` False leaves the error out (the caller prints it once, on stderr);
    ``plan_lines`` caps the plan read-back (None: every line).
    """
    s = summarize(state)
    style = _STATUS_STYLE.get(s.status, "white")
    console.print(f"[bold {style}]{s.status}[/] · design {safe(s.design_id)} · revision {s.revision}")
    console.print(f"  request: {safe(s.request)}")
    if s.planner:
        console.print(f"  planner: {safe(s.planner)} ({safe(s.planner_reason)})")
    print_plan(s.readback, console, plan_lines)
    for note in s.notes:
        console.print(f"  note:    {safe(note)}")
    _print_measures(s, console)
    if state.validation:
        for check in state.validation.checks:
            if not check.passed:
                expected, actual = safe(check.expected), safe(check.actual)
                console.print(f"   [red]✗[/] {safe(check.name)}: expected {expected}, got {actual}")
    if with_error and state.error:
        console.print(f"  [red]why:[/]     {safe(state.error.message)}")
        hint = outcome_hint(state)
        if hint:
            console.print(f"  [yellow]next:[/]    {safe(hint)}")
    if s.llm_calls:
        cost = "price unknown" if s.llm_cost_usd is None else f"${s.llm_cost_usd:.4f}"
        tokens = f"{s.llm_prompt_tokens} + {s.llm_completion_tokens} tokens"
        console.print(f"  LLM:     {s.llm_calls} call(s), {tokens}, {cost}")
    if state.status == DesignStatus.COMPLETED and s.files:
        console.print(f"  files:   {safe(files_text(s.files))}")


def _print_measures(s: DesignSummary, console: Console) -> None:
    if s.size_mm:
        x, y, z = s.size_mm
        console.print(f"  size:    {x:g} x {y:g} x {z:g} mm")
    if s.volume_mm3 is not None:
        console.print(f"  volume:  {quantity(s.volume_mm3)} mm³   solids: {s.solids}")
    if s.mass is not None:
        com = s.mass.center_of_mass_mm
        where = f"   centre of mass: ({', '.join(f'{round(v, 4) + 0.0:g}' for v in com)}) mm" if com else ""
        source = MATERIAL_FROM.get(s.material_source, "")
        material = f"{s.mass.material}, {s.mass.density_g_cm3:g} g/cm³{source}"
        console.print(f"  mass:    {mass_text(s.mass.mass_g)} ({material}){where}")
    elif s.material_source == "vague" and s.volume_mm3 is not None:
        console.print("  mass:    not given: the request does not say which material (see --material)")
    if s.checks_total:
        console.print(
            f"  checks:  {s.checks_passed}/{s.checks_total} passed (decision: {s.decision}, "
            f"iterations: {s.iterations})"
        )
