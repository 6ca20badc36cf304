"""Helpers shared by CLI commands: consoles, logging set-up, error display."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

import typer
from rich.console import Console

from ai_designer.config import Settings, get_settings
from ai_designer.errors import AIDesignerError
from ai_designer.logging import configure_logging

console = Console()
err_console = Console(stderr=True)


def cli_settings() -> Settings:
    """Settings for a CLI command, with logging configured from them."""
    settings = get_settings()
    configure_logging(cli_log_level(settings), settings.log_format)
    return settings


def cli_log_level(settings: Settings) -> Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]:
    """The log level of a CLI command: WARNING unless LOG_LEVEL asks for another."""
    # Progress and results are the CLI's output; logs stay quiet unless LOG_LEVEL asks for them.
    level = settings.log_level.upper() if "log_level" in settings.model_fields_set else "WARNING"
    return level if level in ("DEBUG", "INFO", "ERROR", "CRITICAL") else "WARNING"  # type: ignore[return-value]


def fail(message: str, hint: str = "", code: int = 1) -> typer.Exit:
    """Print an error (and what to do) on stderr; return the Exit to raise."""
    err_console.print(f"[bold red]Error:[/] {message}", highlight=False)
    if hint:
        err_console.print(f"[yellow]→ {hint}[/]", highlight=False)
    return typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn project errors into a clear message and a non-zero exit, never a traceback."""
    try:
        yield
    except AIDesignerError as exc:
        raise fail(exc.message, exc.hint) from exc
    except KeyboardInterrupt as exc:
        raise fail(
            "Interrupted; nothing half-written was kept.",
            "`ai-designer resume DIR` continues the run from its last finished stage.",
            code=130,
        ) from exc
