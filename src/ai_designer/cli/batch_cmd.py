"""`ai-designer batch FILE`: design every request of a file, one folder each, then a table."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ai_designer.cli.app import command
from ai_designer.cli.common import cli_settings, console, err_console, fail, safe, user_errors
from ai_designer.cli.design_cmd import FormatOpt, MaterialOpt, PlannerOpt

if TYPE_CHECKING:
    from ai_designer.schemas.design import DesignState

BATCH_FILE = "batch.json"
_STATUS_CODE = {"completed": 0, "needs_review": 2}


def read_requests(path: Path) -> list[str]:
    """The requests of a batch file: one a line; blank lines and lines starting with # skipped."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"Cannot read {path}: {exc}", "Give a text file with one request a line.") from exc
    requests = [line.strip() for line in text.splitlines()]
    requests = [r for r in requests if r and not r.startswith("#")]
    if not requests:
        raise fail(f"{path} holds no requests.", "Write one part description a line (# starts a comment).")
    return requests


def folder_name(number: int, request: str) -> str:
    """``03-a-20-mm-cube``: the line number and the first words of the request."""
    slug = re.sub(r"[^a-z0-9]+", "-", request.lower()).strip("-")[:40].rstrip("-")
    return f"{number:02d}-{slug or 'part'}"


def batch_exit_code(statuses: list[str]) -> int:
    """1 if any design failed, else 2 if any needs review, else 0."""
    codes = {_STATUS_CODE.get(s, 1) for s in statuses}
    return 1 if 1 in codes else (2 if 2 in codes else 0)


@command(
    examples=(
        "ai-designer batch parts.txt --out out/parts",
        "ai-designer batch parts.txt --out out/parts --format step --json",
    )
)
def batch(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Requests, one a line (# comments).")],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help="A new or empty folder.")],
    planner: PlannerOpt = "auto",
    formats: FormatOpt = "step,stl,fcstd,brep,png",
    material: MaterialOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Design each request of FILE into its own folder under DIR, then print a summary table.

    The summary is also written to DIR/batch.json. Exit code: 0 all completed, 2 some need review,
    1 some failed.
    """
    from ai_designer.cad.materials import material_name
    from ai_designer.cli.progress import ProgressPrinter
    from ai_designer.cli.runtime import run_revision
    from ai_designer.errors import AIDesignerError
    from ai_designer.freecad.runner import FreeCADRunner
    from ai_designer.orchestration.service import new_design, with_material
    from ai_designer.workspace import DesignWorkspace, atomic_write

    settings = cli_settings()
    requests = read_requests(file)
    rows: list[dict[str, object]] = []
    with user_errors():
        chosen = material_name(material) if material else None
        if out.is_dir() and any(out.iterdir()):
            raise fail(f"{out} is not empty.", f"Choose a new or empty folder, e.g. --out {out / 'batch'}.")
        DesignWorkspace(out).check_writable()
        with FreeCADRunner.from_settings(settings) as runner:
            for number, request in enumerate(requests, start=1):
                folder = out / folder_name(number, request)
                err_console.print(f"[bold][{number}/{len(requests)}][/] {safe(request)}")
                try:
                    state = new_design(
                        request,
                        output_dir=str(folder.resolve()),
                        planner=planner,  # type: ignore[arg-type]
                        formats=formats.split(","),
                        max_iterations=settings.max_iterations,
                    )
                    state = with_material(state, chosen)
                    progress = ProgressPrinter(err_console)
                    try:
                        final = run_revision(state, settings, [progress], runner=runner)
                    finally:
                        progress.stop()
                    rows.append(_row(number, request, folder, final))
                except AIDesignerError as exc:
                    rows.append(_failed_row(number, request, folder, exc.message))
        atomic_write(out / BATCH_FILE, json.dumps(rows, indent=2))
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
    else:
        _print_table(rows, out)
    raise typer.Exit(batch_exit_code([str(r["status"]) for r in rows]))


def _row(number: int, request: str, folder: Path, state: DesignState) -> dict[str, object]:
    from ai_designer.orchestration.report import summarize

    s = summarize(state)
    return {
        "line": number,
        "request": request,
        "status": s.status,
        "folder": str(folder),
        "size_mm": s.size_mm,
        "volume_mm3": s.volume_mm3,
        "mass_g": s.mass.mass_g if s.mass else None,
        "error": s.error,
    }


def _failed_row(number: int, request: str, folder: Path, message: str) -> dict[str, object]:
    return {
        "line": number,
        "request": request,
        "status": "failed",
        "folder": str(folder),
        "size_mm": None,
        "volume_mm3": None,
        "mass_g": None,
        "error": message,
    }


def _print_table(rows: list[dict[str, object]], out: Path) -> None:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE, title=f"designs in {safe(out)}", title_justify="left")
    for col in ("#", "status", "size (mm)"):
        table.add_column(col, no_wrap=True)
    table.add_column("folder", no_wrap=True)
    table.add_column("request / why not")
    for r in rows:
        size = r["size_mm"]
        size_text = " x ".join(f"{v:g}" for v in size) if isinstance(size, (list, tuple)) else ""
        style = {"completed": "green", "needs_review": "yellow"}.get(str(r["status"]), "red")
        what = safe(r["request"]) + (f"\n[red]{safe(r['error'])}[/]" if r["error"] else "")
        name = Path(str(r["folder"])).name
        table.add_row(str(r["line"]), f"[{style}]{r['status']}[/]", size_text, safe(name), what)
    console.print(table)
    done = sum(r["status"] == "completed" for r in rows)
    console.print(f"{done}/{len(rows)} completed; the table is also in {safe(out / BATCH_FILE)}")
