"""Helpers shared by CLI commands: consoles, logging set-up, safe text, error display.

Errors are printed once, on stderr; results go to stdout. Any text that did not come from
this program (requests, labels, FreeCAD's messages, paths) goes through :func:`safe` first:
no terminal control characters and no Rich markup reach the screen from it. The consoles
replace no emoji codes, so no text becomes a symbol the program did not print.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer
from rich.console import Console
from rich.markup import escape

from ai_designer.errors import AIDesignerError
from ai_designer.freecad.text import strip_controls

if TYPE_CHECKING:
    from ai_designer.config import Settings

# No emoji codes: ":white_check_mark:" in a job's label stays those characters, it never becomes a tick.
console = Console(highlight=False, emoji=False)
err_console = Console(stderr=True, highlight=False, emoji=False)


def safe(text: object) -> str:
    """``text`` ready to print inside Rich markup: control characters and markup neutralised."""
    return escape(strip_controls(str(text)))


def cli_settings() -> Settings:
    """Settings for a CLI command, with logging configured from them."""
    # Imported here, not at the top: `--help` needs neither (pydantic-settings, structlog).
    from ai_designer.config import get_settings
    from ai_designer.logging import configure_logging

    settings = get_settings()
    configure_logging(cli_log_level(settings), settings.log_format)
    return settings


def cli_log_level(settings: Settings) -> Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]:
    """The log level of a CLI command: WARNING unless LOG_LEVEL asks for another."""
    # Progress and results are the CLI's output; logs stay quiet unless LOG_LEVEL asks for them.
    level = settings.log_level.upper() if "log_level" in settings.model_fields_set else "WARNING"
    return level if level in ("DEBUG", "INFO", "ERROR", "CRITICAL") else "WARNING"  # type: ignore[return-value]


def print_error(message: str, hint: str = "") -> None:
    """An error and what to do about it, on stderr."""
    err_console.print(f"[bold red]Error:[/] {safe(message)}")
    if hint:
        err_console.print(f"[yellow]→ {safe(hint)}[/]")


def fail(message: str, hint: str = "", code: int = 1) -> typer.Exit:
    """Print an error (and what to do) on stderr; return the Exit to raise."""
    print_error(message, hint)
    return typer.Exit(code)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a run; ``resume_folder`` is set when the run can be resumed from there."""

    def __init__(self, resume_folder: Path | None) -> None:
        super().__init__()
        self.resume_folder = resume_folder


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn project errors into a clear message and a non-zero exit, never a traceback."""
    try:
        yield
    except AIDesignerError as exc:
        raise fail(exc.message, exc.hint) from exc
    except KeyboardInterrupt as exc:
        folder = exc.resume_folder if isinstance(exc, Interrupted) else None
        hint = (
            f"`ai-designer resume {folder}` continues the run from its last finished stage."
            if folder is not None
            else "Nothing was saved; run the command again."
        )
        raise fail("Interrupted; nothing half-written was kept.", hint, code=130) from exc
