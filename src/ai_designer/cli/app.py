"""The `ai-designer` command line (Typer + Rich).

Each command group lives in its own module and registers itself on :data:`app`.
Heavy imports (FreeCAD runner, LangGraph, litellm) happen inside the commands so
that `ai-designer --help` starts fast. Help is click's plain layout (like git and docker):
upper-case placeholders, `-h` and `--help`, and an examples section per command.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperCommand

import ai_designer

app = typer.Typer(
    name="ai-designer",
    help="Turn a sentence into a real, editable CAD part (FCStd, STEP, STL).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog='Start with: ai-designer design "a 20 mm cube with 2 mm fillets" --out out/cube',
)


F = TypeVar("F", bound=Callable[..., Any])


class PlainHelpCommand(TyperCommand):
    """A command whose help names arguments by their placeholder alone: ``PROMPT``, not
    ``{prompt}`` in the usage line or ``PROMPT <str>`` in the list."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:  # typer's vendored click types
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = param.metavar or (param.name or "").upper()
                pieces.append((name if param.required else f"[{name}]") + ("..." if param.nargs != 1 else ""))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        args: list[tuple[str, str]] = []
        opts: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                args.append((param.metavar or (param.name or "").upper(), record[1]))
            else:
                opts.append(record)
        for title, rows in (("Arguments", args), ("Options", opts)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def command(name: str | None = None, *, examples: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Register a command on :data:`app`, with an "Examples:" section printed as written."""
    epilog = "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in examples) if examples else None
    return app.command(name, cls=PlainHelpCommand, epilog=epilog)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"ai-designer {ai_designer.__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Turn a sentence into a real, editable CAD part (FCStd, STEP, STL)."""


def _register_commands() -> None:
    # Imported for their side effect of adding commands to `app`.
    from ai_designer.cli import (  # noqa: F401
        batch_cmd,
        design_cmd,
        doctor,
        exec_cmd,
        explain_cmd,
        export_cmd,
        inspect_cmd,
        mcp_cmd,
        revert_cmd,
        schema_cmd,
        serve_cmd,
        shell_cmd,
        worker_cmd,
    )


def main() -> None:
    """Entry point of the `ai-designer` console script."""
    try:
        _register_commands()
        app()
    except KeyboardInterrupt:  # before a command could take over (e.g. while importing)
        typer.echo("Interrupted; nothing was saved.", err=True)
        raise SystemExit(130) from None
    finally:
        # The interpreter's last garbage collection walks every object a design imported and
        # made (~0.5 s, a sixth of a design); frozen objects are left to the operating system.
        gc.freeze()
