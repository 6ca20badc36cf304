"""`ai-designer export`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ai_designer.cli.app import command
from ai_designer.cli.common import cli_settings, console, user_errors


@command(
    examples=(
        "ai-designer export out/plate --format stl --to plate.stl",
        "ai-designer export out/plate -f png --view top --to top.png",
    )
)
def export(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="A design folder.")],
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="step, stl, fcstd, brep, png, obj, 3mf, glb or dxf."
        ),
    ],
    to: Annotated[Path, typer.Option("--to", metavar="PATH", help="File (or folder) to write.")],
    view: Annotated[
        str,
        typer.Option("--view", metavar="VIEW", help="For png: iso, top, front, right, bottom or section."),
    ] = "iso",
) -> None:
    """Write the design's model in one format (re-running its script if that format is missing)."""
    import asyncio

    from ai_designer.exporting import copy_to, ensure_artifact, existing_artifact
    from ai_designer.freecad.runner import FreeCADRunner
    from ai_designer.workspace import DesignWorkspace

    settings = cli_settings()
    with user_errors():
        state = DesignWorkspace(folder).load()
        path = existing_artifact(state, folder, fmt.lower(), view)
        if path is None:
            with FreeCADRunner.from_settings(settings) as runner:
                path = asyncio.run(ensure_artifact(state, folder, fmt.lower(), runner, view))
        written = copy_to(path, to)
    console.print(f"wrote {written}", highlight=False)
