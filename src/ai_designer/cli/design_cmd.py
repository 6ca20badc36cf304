"""`ai-designer design`, `ai-designer refine` and `ai-designer resume`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ai_designer.cli.app import command
from ai_designer.cli.common import (
    Interrupted,
    cli_settings,
    console,
    err_console,
    fail,
    safe,
    user_errors,
)

if TYPE_CHECKING:
    from ai_designer.config import Settings
    from ai_designer.freecad.runner import FreeCADRunner
    from ai_designer.schemas.design import DesignState
    from ai_designer.schemas.task_graph import TaskGraph

PlannerOpt = Annotated[
    str,
    typer.Option("--planner", metavar="NAME", help="auto (offline first, LLM if needed), local, or llm."),
]
FormatOpt = Annotated[
    str,
    typer.Option(
        "--format", "-f", metavar="FORMATS", help="Comma-separated: step,stl,fcstd,brep,png,obj,3mf,glb,dxf."
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the report as JSON (for scripts).")]
MaterialOpt = Annotated[
    str | None,
    typer.Option(
        "--material",
        "-m",
        metavar="NAME",
        help="What the part is made of, for its mass: steel (default), aluminium, brass, abs, pla, ...",
    ),
]

EXIT_NEEDS_REVIEW = 2
#: Plan lines printed after a design or refine (show and explain print them all).
PLAN_LINES = 6


def _planner(value: str) -> str:
    if value not in ("auto", "local", "llm"):
        raise fail(f"Unknown planner '{value}'.", "Use --planner auto, local or llm.", code=2)
    return value


def finish(state: DesignState, as_json: bool) -> None:
    """Print the outcome and exit with 0 (completed), 2 (needs review) or 1 (failed).

    The result goes to stdout; an error is printed once, on stderr.
    """
    from ai_designer.cli.summary import outcome_hint, print_summary
    from ai_designer.orchestration.report import build_report
    from ai_designer.schemas.design import DesignStatus

    if as_json:
        typer.echo(json.dumps(build_report(state), indent=2, default=str))
    else:
        print_summary(state, console, with_error=False, plan_lines=PLAN_LINES)
    if state.status == DesignStatus.COMPLETED:
        return
    code = EXIT_NEEDS_REVIEW if state.status == DesignStatus.NEEDS_REVIEW else 1
    message = state.error.message if state.error else f"The design ended as {state.status.value}."
    raise fail(message, outcome_hint(state), code=code)


@command(
    examples=(
        'ai-designer design "a 60 x 40 x 8 mm plate with four 5 mm holes 6 mm from the corners" -o out/plate',
        'ai-designer design "a 20 mm cube with 2 mm fillets" -o out/cube -f step,stl -m aluminium',
        'ai-designer design "a flange, 80 mm across, 10 mm thick, 6 M8 holes on a 60 mm circle" --explain',
        "ai-designer design --plan plan.json -o out/mine --json",
    )
)
def design(
    prompt: Annotated[
        str | None,
        typer.Argument(
            metavar="PROMPT",
            help='What to make, e.g. "a 20 mm cube with 2 mm fillets" (optional with --plan).',
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", metavar="DIR", help="Folder to write the design into (new or empty)."),
    ] = None,
    plan: Annotated[
        Path | None,
        typer.Option(
            "--plan",
            metavar="FILE",
            help="Build this plan (TaskGraph JSON, see `ai-designer schema task-graph`) as it is.",
        ),
    ] = None,
    planner: PlannerOpt = "auto",
    formats: FormatOpt = "step,stl,fcstd,brep,png",
    material: MaterialOpt = None,
    as_json: JsonOpt = False,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain", help="Print how the request was read (plan, notes) and stop: nothing is built."
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace a design already in DIR, once the new one has succeeded."),
    ] = False,
) -> None:
    """Design a part from a sentence (or a plan) and write FCStd, STEP, STL, previews, script and report.

    Exit codes: 0 done, 1 failed, 2 built but not matching the plan (kept for review), 130 interrupted.
    """
    settings = cli_settings()
    if prompt is None and plan is None:
        raise fail(
            "Say what to make, or give a plan.",
            'e.g. ai-designer design "a 20 mm cube" --out out/cube, or --plan plan.json.',
            code=2,
        )
    if explain:
        from ai_designer.cli.explain_cmd import explain_request

        with user_errors():
            explain_request(prompt, _read_plan_file(plan) if plan else None, settings, as_json)
        return
    if out is None:
        raise fail(
            "Say where to write the design: --out DIR.", "e.g. --out out/cube (a new or empty folder).", 2
        )
    from ai_designer.schemas.design import DesignStatus

    with user_errors(), _early_runner(settings) as runner:
        from ai_designer.cli.progress import ProgressPrinter
        from ai_designer.cli.runtime import run_revision, tidy_unfinished
        from ai_designer.orchestration.service import new_design, with_material
        from ai_designer.workspace import DesignWorkspace

        target = DesignWorkspace(out)
        if target.is_design() and not force:
            raise fail(
                f"{out} already holds a design.",
                f'Use `ai-designer refine {out} "<change>"`, another --out folder, or --force to replace it.',
            )
        target.check_new_design_folder()
        state = new_design(
            prompt,
            output_dir=str(out.resolve()),
            planner=_planner(planner),  # type: ignore[arg-type]
            formats=formats.split(","),
            max_iterations=settings.max_iterations,
            plan=_read_plan_file(plan) if plan is not None else None,
        )
        state = with_material(state, material)
        try:
            target.check_writable()
            replacing = target if target.is_design() else None
            if replacing is not None:
                state = state.model_copy(
                    update={"output_dir": str(target.replacement(state.design_id).root.resolve())}
                )
            progress = ProgressPrinter(err_console)
            try:
                final = run_revision(state, settings, [progress], runner=runner, replacing=replacing)
            finally:
                progress.stop()
        except KeyboardInterrupt as exc:
            if not isinstance(exc, Interrupted):  # stopped before the run began
                tidy_unfinished(out)
            raise
    if replacing is not None and final.status != DesignStatus.COMPLETED:
        err_console.print(f"[yellow]The design in {safe(out)} was not changed.[/]")
    finish(final, as_json)


@command(
    examples=(
        'ai-designer refine out/plate "make it 8 mm thick"',
        'ai-designer refine out/plate "make the center hole 25 mm" --json',
        'ai-designer refine out/plate "add 1 mm chamfers on the top edges" --material brass',
    )
)
def refine(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="A design folder written by `ai-designer design`.")
    ],
    change: Annotated[str, typer.Argument(metavar="CHANGE", help='The change, e.g. "make it 15 mm tall".')],
    planner: Annotated[
        str | None, typer.Option("--planner", metavar="NAME", help="auto, local or llm.")
    ] = None,
    material: MaterialOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Change a design: a new revision in place (the previous one is kept under revisions/)."""
    settings = cli_settings()
    with user_errors(), _early_runner(settings) as runner:
        from ai_designer.cli.progress import ProgressPrinter
        from ai_designer.cli.runtime import run_revision
        from ai_designer.orchestration.service import refinement_of, with_material
        from ai_designer.workspace import DesignWorkspace

        workspace = DesignWorkspace(folder)
        previous = workspace.load()
        workspace.check_writable()
        state = refinement_of(previous, change, _planner(planner) if planner else None)  # type: ignore[arg-type]
        state = with_material(state, material).model_copy(  # the folder named, wherever it moved
            update={"output_dir": str(folder.resolve())}
        )
        progress = ProgressPrinter(err_console)
        try:
            final = run_revision(state, settings, [progress], runner=runner)
        finally:
            progress.stop()
    finish(final, as_json)


@command(examples=("ai-designer resume out/spring",))
def resume(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="A design folder whose last run was interrupted.")
    ],
    as_json: JsonOpt = False,
) -> None:
    """Continue an interrupted design or refine from its last finished stage."""
    settings = cli_settings()
    with user_errors(), _early_runner(settings) as runner:
        from ai_designer.cli.progress import ProgressPrinter
        from ai_designer.cli.runtime import resume_revision

        progress = ProgressPrinter(err_console)
        try:
            final = resume_revision(folder, settings, [progress], runner=runner)
        finally:
            progress.stop()
    finish(final, as_json)


def _read_plan_file(path: Path) -> TaskGraph:
    from ai_designer.cad.plan_input import read_plan

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"Cannot read {path}: {exc}", "Pass the path of a TaskGraph JSON file.") from exc
    with user_errors():
        return read_plan(text)


@contextmanager
def _early_runner(settings: Settings) -> Iterator[FreeCADRunner]:
    """A FreeCAD runner started before the heavy imports, so its worker boots while we plan.

    Offline, a design or refine runs one FreeCAD job (the compiler would make the same script
    again, so nothing is repaired by a second run): the pair it uses is not replaced, as a
    replacement would only compete for the cores and be stopped at exit. A later job, rare
    offline, starts its pair cold. With an LLM, repair runs may follow: pairs are replaced."""
    from ai_designer.freecad.runner import FreeCADRunner

    runner = FreeCADRunner.from_settings(settings, replace_used_workers=settings.llm_configured)
    try:
        yield runner
    finally:
        runner.close()
