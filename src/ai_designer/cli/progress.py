"""Live progress on the terminal, fed by the pipeline's events."""

from __future__ import annotations

from rich.console import Console
from rich.status import Status

from ai_designer.cli.common import safe
from ai_designer.schemas.events import DesignEvent

_DONE_KINDS = {
    "plan_generated",
    "script_generated",
    "execution_completed",
    "validation_passed",
    "validation_failed",
}


class ProgressPrinter:
    """Shows the running stage with a spinner and prints a line per finished stage with its timing."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self._status: Status | None = None
        self._stage_started: dict[str, float] = {}

    def __call__(self, event: DesignEvent) -> None:
        if event.kind == "stage_started":
            self._stage_started[event.stage] = event.elapsed_s
            label = f"{event.stage}…" + (
                f" (iteration {event.iteration + 1})" if event.stage == "generator" else ""
            )
            if self._status is None:
                self._status = self.console.status(label)
                self._status.start()
            else:
                self._status.update(label)
        elif event.kind in _DONE_KINDS:
            took = event.elapsed_s - self._stage_started.get(event.stage, event.elapsed_s)
            ok = event.kind not in ("validation_failed",) and event.data.get("ok", True)
            mark = "[green]✓[/]" if ok else "[yellow]![/]"
            self.console.print(
                f" {mark} {event.stage:<9} {took:6.2f}s  {safe(event.message)}", highlight=False
            )
        elif event.terminal:
            self.stop()

    def stop(self) -> None:
        """Remove the spinner."""
        if self._status is not None:
            self._status.stop()
            self._status = None
