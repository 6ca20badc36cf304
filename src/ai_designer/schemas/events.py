"""One event model for progress and audit: the CLI, the WebSocket and the audit trail all read it."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

EventKind = Literal[
    "prompt_received",
    "refinement_started",
    "stage_started",
    "plan_generated",
    "script_generated",
    "execution_completed",
    "validation_passed",
    "validation_failed",
    "design_completed",
    "design_failed",
    "design_cancelled",
    "design_exported",
    "design_resumed",
]

#: Events after which no more events come for that run.
TERMINAL_KINDS: frozenset[str] = frozenset({"design_completed", "design_failed", "design_cancelled"})


def _now() -> datetime:
    return datetime.now(timezone.utc)


class DesignEvent(BaseModel):
    """Something that happened to a design, in order (``seq`` grows by one per design)."""

    model_config = ConfigDict(extra="forbid")

    design_id: str
    seq: int = 0
    kind: EventKind
    stage: str = ""
    revision: int = 1
    iteration: int = 0
    message: str = ""
    elapsed_s: float = 0.0
    timestamp: datetime = Field(default_factory=_now)
    data: dict[str, Any] = Field(default_factory=dict)

    @property
    def terminal(self) -> bool:
        """True when the run this event belongs to has ended."""
        return self.kind in TERMINAL_KINDS
