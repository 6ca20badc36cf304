"""`ai-designer shell`: an interactive session — a request, then follow-up changes.

At a terminal the prompt has line editing and a history kept across sessions (prompt_toolkit:
arrows, Ctrl-R search, Emacs keys); Ctrl-C clears the line (or stops a running design) and
Ctrl-D leaves. Piped input is read line by line, so a session can be scripted.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ai_designer.cli.app import command
from ai_designer.cli.common import cli_settings, console, err_console, print_error, safe

if TYPE_CHECKING:
    from ai_designer.config import Settings
    from ai_designer.freecad.runner import FreeCADRunner
    from ai_designer.workspace import DesignWorkspace

HELP = """\
Type a part description to start, then changes to refine it. Commands:
  show                     the current revision in full: plan, checks, feature tree, revisions
  explain                  the plan in plain words
  export FORMAT FILE       write step|stl|fcstd|brep|png|obj|3mf|glb|dxf to FILE
  undo                     go back to the previous completed revision
  revert N                 go back to revision N
  help                     this text
  quit                     leave (also Ctrl-D); Ctrl-C clears the line or stops a running design"""
PROMPT = "design> "


def _reader(settings: Settings) -> Callable[[], str]:
    """A function returning the next line typed (EOFError at the end, KeyboardInterrupt on Ctrl-C)."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return lambda: input()
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory

    history = settings.history_file.parent / "shell_history"
    history.parent.mkdir(parents=True, exist_ok=True)
    session: PromptSession[str] = PromptSession(history=FileHistory(str(history)))
    return lambda: session.prompt(PROMPT)


@command(
    examples=("ai-designer shell", "ai-designer shell --out out/bracket"),
)
def shell(
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", metavar="DIR", help="Design folder (default: new, in OUTPUT_DIR)."),
    ] = None,
) -> None:
    """Interactive design session: type a request, then follow-up changes, export, undo, show."""
    from ai_designer.errors import AIDesignerError
    from ai_designer.freecad.runner import FreeCADRunner
    from ai_designer.workspace import DesignWorkspace

    settings = cli_settings()
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    workspace = DesignWorkspace(out or settings.output_dir / f"shell-{stamp}")
    read = _reader(settings)
    console.print(f"ai-designer shell · designs go to {safe(workspace.root)} · type 'help'")
    with FreeCADRunner.from_settings(settings) as runner:
        while True:
            try:
                line = read().strip()
            except EOFError:
                console.print()
                break
            except KeyboardInterrupt:
                continue  # Ctrl-C: the line is dropped, the session goes on
            if line.lower() in ("quit", "exit"):
                break
            try:
                _handle(line, workspace, settings, runner)
            except AIDesignerError as exc:
                print_error(exc.message, exc.hint)
            except KeyboardInterrupt:
                err_console.print("[yellow]stopped[/]; the design is as it was before this step.")


def _handle(line: str, workspace: DesignWorkspace, settings: Settings, runner: FreeCADRunner) -> None:
    """Carry out one line of the session."""
    from ai_designer.cli.explain_cmd import print_design_plan
    from ai_designer.cli.inspect_cmd import print_details
    from ai_designer.cli.summary import print_summary

    words = line.split()
    word = words[0].lower() if words else ""
    if not line:
        return
    if line.lower() == "help":
        console.print(HELP)
    elif line.lower() == "show":
        print_details(workspace.load(), console)
    elif line.lower() == "explain":
        print_design_plan(workspace.load(), workspace.root)
    elif line.lower() == "undo":
        print_summary(workspace.revert(), console, plan_lines=0)
    elif word == "revert" and len(words) == 2 and words[1].isdigit():
        print_summary(workspace.revert(int(words[1])), console, plan_lines=0)
    elif word == "export" and len(words) <= 3:
        _export(line, workspace, runner)
    else:
        _run(line, workspace, settings, runner)


def _export(line: str, workspace: DesignWorkspace, runner: FreeCADRunner) -> None:
    import asyncio

    from ai_designer.exporting import copy_to, ensure_artifact

    parts = shlex.split(line)
    if len(parts) != 3:
        console.print("usage: export FORMAT FILE")
        return
    made = asyncio.run(ensure_artifact(workspace.load(), workspace.root, parts[1].lower(), runner))
    console.print(f"wrote {safe(copy_to(made, Path(parts[2])))}")


def _run(request: str, workspace: DesignWorkspace, settings: Settings, runner: FreeCADRunner) -> None:
    """Design (first line) or refine (later lines), then a compact summary."""
    from ai_designer.cli.design_cmd import PLAN_LINES
    from ai_designer.cli.progress import ProgressPrinter
    from ai_designer.cli.runtime import run_revision
    from ai_designer.cli.summary import outcome_hint, print_summary
    from ai_designer.orchestration.service import new_design, refinement_of

    if workspace.is_design():
        state = refinement_of(workspace.load(), request)
        state = state.model_copy(update={"output_dir": str(workspace.root.resolve())})
    else:
        workspace.check_new_design_folder()
        workspace.check_writable()
        state = new_design(
            request, output_dir=str(workspace.root.resolve()), max_iterations=settings.max_iterations
        )
    progress = ProgressPrinter(err_console)
    try:
        final = run_revision(state, settings, [progress], runner=runner)
    finally:
        progress.stop()
    print_summary(final, console, with_error=False, plan_lines=PLAN_LINES)
    if final.error:
        print_error(final.error.message, outcome_hint(final))
