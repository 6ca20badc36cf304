"""`ai-designer shell`: an interactive session — a request, then follow-up changes."""

from __future__ import annotations

import asyncio
import shlex
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated

import typer

from ai_designer.cli.app import app
from ai_designer.cli.common import cli_settings, console, err_console

HELP = """\
Type a part description to start, then changes to refine it. Commands:
  show                     summary of the current revision
  export FORMAT FILE       write step|stl|fcstd|brep|png to FILE
  undo                     go back to the previous completed revision
  help                     this text
  quit                     leave (also Ctrl-D)"""


@app.command()
def shell(
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Design folder (default: a new one).")
    ] = None,
) -> None:
    """Interactive design session: type a request, then follow-up changes, export, undo, show."""
    from ai_designer.cli.progress import ProgressPrinter
    from ai_designer.cli.runtime import run_revision
    from ai_designer.cli.summary import print_summary
    from ai_designer.errors import AIDesignerError
    from ai_designer.exporting import copy_to, ensure_artifact
    from ai_designer.freecad.runner import FreeCADRunner
    from ai_designer.orchestration.service import new_design, refinement_of
    from ai_designer.workspace import DesignWorkspace

    settings = cli_settings()
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    workspace = DesignWorkspace(out or settings.output_dir / f"shell-{stamp}")
    console.print(f"ai-designer shell · designs go to {workspace.root} · type 'help'", highlight=False)
    with FreeCADRunner.from_settings(settings) as runner:
        while True:
            try:
                line = console.input("[bold cyan]design>[/] ").strip()
            except (EOFError, KeyboardInterrupt):
                console.print()
                break
            if not line:
                continue
            word = line.lower()
            try:
                if word in ("quit", "exit"):
                    break
                if word == "help":
                    console.print(HELP, highlight=False)
                elif word == "show":
                    print_summary(workspace.load(), console)
                elif word == "undo":
                    print_summary(workspace.undo(), console)
                elif word.startswith("export ") and len(line.split()) <= 3:
                    parts = shlex.split(line)
                    if len(parts) != 3:
                        console.print("usage: export FORMAT FILE", highlight=False)
                        continue
                    state = workspace.load()
                    made = asyncio.run(ensure_artifact(state, workspace.root, parts[1].lower(), runner))
                    console.print(f"wrote {copy_to(made, Path(parts[2]))}", highlight=False)
                else:
                    if workspace.is_design():
                        state = refinement_of(workspace.load(), line)
                        state = state.model_copy(update={"output_dir": str(workspace.root.resolve())})
                    else:
                        workspace.check_writable()
                        state = new_design(
                            line,
                            output_dir=str(workspace.root.resolve()),
                            max_iterations=settings.max_iterations,
                        )
                    progress = ProgressPrinter(err_console)
                    try:
                        final = run_revision(state, settings, [progress], runner=runner)
                    finally:
                        progress.stop()
                    print_summary(final, console)
                    if final.error:
                        err_console.print(
                            f"[yellow]{final.error.message}\n→ {final.error.hint}[/]", highlight=False
                        )
            except AIDesignerError as exc:
                err_console.print(f"[red]{exc.message}[/]\n[yellow]→ {exc.hint}[/]", highlight=False)
