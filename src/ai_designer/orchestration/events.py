"""Emitting design events: numbering them and fanning them out to listeners."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from ai_designer.logging import get_logger
from ai_designer.schemas.events import DesignEvent, EventKind

EventListener = Callable[[DesignEvent], None]
log = get_logger(__name__)


class EventEmitter:
    """Numbers the events of one design and hands each to every listener.

    A listener that raises is logged and skipped: progress display must never
    break a design.
    """

    def __init__(
        self, design_id: str, listeners: list[EventListener] | None = None, start_seq: int = 0
    ) -> None:
        self.design_id = design_id
        self.listeners = list(listeners or [])
        self._seq = start_seq
        self._t0 = time.monotonic()

    def emit(
        self,
        kind: EventKind,
        *,
        stage: str = "",
        revision: int = 1,
        iteration: int = 0,
        message: str = "",
        **data: Any,
    ) -> DesignEvent:
        """Build the next event and deliver it."""
        self._seq += 1
        event = DesignEvent(
            design_id=self.design_id,
            seq=self._seq,
            kind=kind,
            stage=stage,
            revision=revision,
            iteration=iteration,
            message=message,
            elapsed_s=round(time.monotonic() - self._t0, 4),
            data=data,
        )
        for listener in self.listeners:
            try:
                listener(event)
            except Exception as exc:  # a listener must not break the pipeline
                log.warning("event_listener_failed", error=repr(exc), kind=kind)
        return event
