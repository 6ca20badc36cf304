"""`ai-designer exec`: run your own FreeCAD script through the script policy and the sandbox."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ai_designer.cli.app import command
from ai_designer.cli.common import cli_settings, console, err_console, fail, safe, user_errors

if TYPE_CHECKING:
    from ai_designer.schemas.execution import ExecutionResult
    from ai_designer.schemas.script_check import ScriptCheck

DEFAULT_FORMATS = "fcstd,step,stl,png"


@command("exec", examples=("ai-designer exec my_script.py --out out/mine --format step,stl",))
def exec_script(
    script: Annotated[
        Path,
        typer.Argument(metavar="SCRIPT", help="A FreeCAD Python script (FreeCAD, Part, PartDesign, ...)."),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help="Folder for the model files.")],
    formats: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMATS",
            help="Comma-separated: step, stl, fcstd, brep, png, obj, 3mf, glb, dxf.",
        ),
    ] = DEFAULT_FORMATS,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON.")] = False,
) -> None:
    """Run a script headless in the sandbox and write its model to --out (the script writes no files)."""
    from ai_designer.agents.script_validator import check_script
    from ai_designer.freecad.runner import FreeCADRunner, normalize_formats

    settings = cli_settings()
    with user_errors():
        try:
            code = script.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise fail(f"Cannot read {script}: {exc}", "Pass the path of a UTF-8 Python file.") from exc
        wanted = normalize_formats(formats.split(","))
        verdict = check_script(code)
        if not verdict.ok:
            _report_rejection(script, verdict, as_json)
            raise typer.Exit(1)
        with FreeCADRunner.from_settings(settings, pool_size=0) as runner:
            result = runner.run(code, out, wanted, {"source": script.name})
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
    else:
        _print_summary(script, result)
    if not result.ok:
        raise typer.Exit(1)


def _report_rejection(script: Path, verdict: ScriptCheck, as_json: bool) -> None:
    if as_json:
        payload = {
            "ok": False,
            "error_kind": "rejected",
            "error": f"The script policy refused {script.name}.",
            "violations": [v.model_dump() for v in verdict.violations],
        }
        typer.echo(json.dumps(payload, indent=2))
        return
    count = len(verdict.violations)
    problems = f"{count} problem{'s' if count > 1 else ''}"
    err_console.print(
        f"[bold red]Refused:[/] {safe(script)} breaks the script policy ({problems}); nothing was run.",
        highlight=False,
        soft_wrap=True,
    )
    for violation in verdict.violations:
        err_console.print(
            f"  {script.name}:{violation.describe()}", highlight=False, markup=False, soft_wrap=True
        )


def _print_summary(script: Path, result: ExecutionResult) -> None:
    status = "[bold green]ok[/]" if result.ok else f"[bold red]failed ({result.error_kind})[/]"
    console.print(f"{status} · {safe(script)} · {result.duration_s:.2f} s", highlight=False)
    if result.error:
        console.print(f"  error:   {result.error}", highlight=False, markup=False, soft_wrap=True)
    shape = result.final_shape
    if shape is not None:
        x, y, z = shape.bbox.size
        console.print(f"  size:    {x:g} x {y:g} x {z:g} mm", highlight=False)
        console.print(
            f"  volume:  {shape.volume:,.2f} mm³   solids: {shape.solids}   faces: {shape.faces}   "
            f"through holes: {shape.through_holes}   valid: {'yes' if shape.is_valid else 'NO'}",
            highlight=False,
        )
    for warning in result.warnings:
        console.print(f"  [yellow]warning:[/] {safe(warning)}", highlight=False)
    if result.artifacts:
        console.print("  files:", highlight=False)
        for kind, path in sorted(result.artifacts.items()):
            console.print(f"    {kind:<14} {path}", highlight=False, markup=False, soft_wrap=True)
    if not result.ok and result.stderr.strip():
        console.print("  stderr (last lines):", highlight=False)
        for line in result.stderr.strip().splitlines()[-10:]:
            console.print(f"    {line}", highlight=False, markup=False, soft_wrap=True)
