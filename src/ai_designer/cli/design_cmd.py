"""`ai-designer design` and `ai-designer refine`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ai_designer.cli.app import app
from ai_designer.cli.common import cli_settings, console, err_console, fail, user_errors

if TYPE_CHECKING:
    from ai_designer.config import Settings
    from ai_designer.freecad.runner import FreeCADRunner
    from ai_designer.schemas.design import DesignState
    from ai_designer.schemas.task_graph import TaskGraph

PlannerOpt = Annotated[
    str, typer.Option("--planner", help="auto (offline first, LLM if needed), local, or llm.")
]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="Comma-separated: step,stl,fcstd,brep,png.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the report as JSON (for scripts).")]

EXIT_NEEDS_REVIEW = 2


def _planner(value: str) -> str:
    if value not in ("auto", "local", "llm"):
        raise fail(f"Unknown planner '{value}'.", "Use --planner auto, local or llm.", code=2)
    return value


def finish(state: DesignState, as_json: bool) -> None:
    """Print the outcome and exit with 0 (completed), 2 (needs review) or 1 (failed)."""
    from ai_designer.cli.summary import print_summary
    from ai_designer.orchestration.report import build_report
    from ai_designer.schemas.design import DesignStatus

    if as_json:
        typer.echo(json.dumps(build_report(state), indent=2, default=str))
    else:
        print_summary(state, console)
    if state.status == DesignStatus.COMPLETED:
        return
    code = EXIT_NEEDS_REVIEW if state.status == DesignStatus.NEEDS_REVIEW else 1
    message = state.error.message if state.error else f"The design ended as {state.status.value}."
    raise fail(message, state.error.hint if state.error else "", code=code)


@app.command()
def design(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the design into.")],
    prompt: Annotated[
        str | None,
        typer.Argument(help='What to make, e.g. "a 20 mm cube with 2 mm fillets" (optional with --plan).'),
    ] = None,
    plan: Annotated[
        Path | None,
        typer.Option(
            "--plan", help="Build this plan (TaskGraph JSON, see `ai-designer schema task-graph`) as it is."
        ),
    ] = None,
    planner: PlannerOpt = "auto",
    formats: FormatOpt = "step,stl,fcstd,brep,png",
    as_json: JsonOpt = False,
    force: Annotated[bool, typer.Option("--force", help="Replace a design already in --out.")] = False,
) -> None:
    """Design a part from a sentence (or a plan) and write FCStd, STEP, STL, previews, script and report."""
    settings = cli_settings()
    with user_errors(), _early_runner(settings) as runner:
        from ai_designer.cli.progress import ProgressPrinter
        from ai_designer.cli.runtime import run_revision
        from ai_designer.orchestration.service import new_design
        from ai_designer.workspace import DesignWorkspace

        if prompt is None and plan is None:
            raise fail(
                "Say what to make, or give a plan.",
                'e.g. ai-designer design "a 20 mm cube" --out out/cube, or --plan plan.json.',
                code=2,
            )
        workspace = DesignWorkspace(out)
        if workspace.is_design() and not force:
            raise fail(
                f"{out} already holds a design.",
                f'Use `ai-designer refine {out} "<change>"`, another --out folder, or --force to replace it.',
            )
        state = new_design(
            prompt,
            output_dir=str(out.resolve()),
            planner=_planner(planner),  # type: ignore[arg-type]
            formats=formats.split(","),
            max_iterations=settings.max_iterations,
            plan=_read_plan_file(plan) if plan is not None else None,
        )
        workspace.check_writable()
        if force:
            workspace.clear()
        progress = ProgressPrinter(err_console)
        try:
            final = run_revision(state, settings, [progress], runner=runner)
        finally:
            progress.stop()
    finish(final, as_json)


@app.command()
def refine(
    folder: Annotated[Path, typer.Argument(help="A design folder written by `ai-designer design`.")],
    change: Annotated[str, typer.Argument(help='The change, e.g. "make it 15 mm tall".')],
    planner: Annotated[str | None, typer.Option("--planner", help="auto, local or llm.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Change a design: a new revision in place (the previous one is kept under revisions/)."""
    settings = cli_settings()
    with user_errors(), _early_runner(settings) as runner:
        from ai_designer.cli.progress import ProgressPrinter
        from ai_designer.cli.runtime import run_revision
        from ai_designer.orchestration.service import refinement_of
        from ai_designer.workspace import DesignWorkspace

        workspace = DesignWorkspace(folder)
        previous = workspace.load()
        workspace.check_writable()
        state = refinement_of(previous, change, _planner(planner) if planner else None)  # type: ignore[arg-type]
        state = state.model_copy(
            update={"output_dir": str(folder.resolve())}
        )  # the folder named, wherever it moved
        progress = ProgressPrinter(err_console)
        try:
            final = run_revision(state, settings, [progress], runner=runner)
        finally:
            progress.stop()
    finish(final, as_json)


@app.command()
def resume(
    folder: Annotated[Path, typer.Argument(help="A design folder whose last run was interrupted.")],
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
    return read_plan(text)


@contextmanager
def _early_runner(settings: Settings) -> Iterator[FreeCADRunner]:
    """A FreeCAD runner started before the heavy imports, so its worker boots while we plan."""
    from ai_designer.freecad.runner import FreeCADRunner

    runner = FreeCADRunner.from_settings(settings)
    try:
        yield runner
    finally:
        runner.close()
