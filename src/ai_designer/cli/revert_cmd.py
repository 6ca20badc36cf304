"""`ai-designer undo` and `ai-designer revert`: go back to an earlier revision, as a new one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ai_designer.cli.app import command
from ai_designer.cli.common import cli_settings, console, user_errors

FolderArg = Annotated[Path, typer.Argument(metavar="DIR", help="A design folder.")]


def _revert(folder: Path, to: int | None) -> None:
    from ai_designer.cli.summary import print_summary
    from ai_designer.workspace import DesignWorkspace

    cli_settings()
    with user_errors():
        state = DesignWorkspace(folder).revert(to)
    print_summary(state, console, plan_lines=0)


@command(examples=("ai-designer undo out/plate",))
def undo(folder: FolderArg) -> None:
    """Go back to the previous completed revision (as a new revision; nothing is deleted)."""
    _revert(folder, None)


@command(examples=("ai-designer revert out/plate --to 2", "ai-designer revert out/plate"))
def revert(
    folder: FolderArg,
    to: Annotated[
        int | None,
        typer.Option(
            "--to", min=1, metavar="N", help="The revision to go back to (default: the one before)."
        ),
    ] = None,
) -> None:
    """Go back to revision N (as a new revision; `show DIR` lists them, nothing is deleted)."""
    _revert(folder, to)
