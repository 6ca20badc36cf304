"""The event listener of a design run: every event goes to the store (audit trail + live channel).

The pipeline calls listeners synchronously; the recorder queues each event and one task
writes them in order, retrying while the store is unavailable, so a Redis restart during a
run loses nothing. On each ``stage_started`` it also stores the run's progress (status,
stage, iteration) so ``GET /api/v1/design/{id}`` shows where the run is; when that update
finds the design gone (deleted, maybe by another process) it calls ``on_gone``.

Terminal events (design completed, failed, cancelled) are held back until :meth:`finish`:
the run's final state is stored first, so a client that sees the end of a run and then
asks for the design or its files finds them. A run that ended without one (a resumed run
whose graph had already finished) gets one made from its final state.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import suppress

from ai_designer.errors import StoreUnavailableError
from ai_designer.metrics import Metrics
from ai_designer.orchestration.pipeline import STAGE_STATUS
from ai_designer.schemas.design import DesignState, DesignStatus, ErrorInfo, utcnow
from ai_designer.schemas.events import DesignEvent, EventKind
from ai_designer.store.base import DesignStore
from ai_designer.store.retry import until_stored


class EventRecorder:
    """Listener that writes a run's events to the store, in order, from a queue."""

    def __init__(
        self,
        store: DesignStore,
        state: DesignState,
        metrics: Metrics,
        *,
        patience_s: float,
        on_gone: Callable[[], object],
    ) -> None:
        self.store = store
        self.progress = state
        self.metrics = metrics
        self.patience_s = patience_s
        self.on_gone = on_gone
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[DesignEvent | None] = asyncio.Queue()
        self._held: list[DesignEvent] = []
        self._task = asyncio.create_task(self._drain(), name=f"events-{state.design_id}")

    def __call__(self, event: DesignEvent) -> None:
        """Take an event (from any thread); it is written shortly after, in order."""
        self._loop.call_soon_threadsafe(self._queue.put_nowait, event)

    async def settle(self) -> None:
        """Wait until every event taken so far is written, except the terminal ones (held back)."""
        self._loop.call_soon_threadsafe(self._queue.put_nowait, None)
        await asyncio.shield(self._task)

    async def finish(self, final: DesignState) -> None:
        """Write the held-back terminal events (call after :meth:`settle` and storing the final state)."""
        if not self._held:
            self._held.append(terminal_event(final))
        for event in self._held:
            await self._write(event)
        self._held.clear()

    async def _drain(self) -> None:
        while (event := await self._queue.get()) is not None:
            if event.terminal:
                self._held.append(event)
            else:
                await self._write(event)

    async def _write(self, event: DesignEvent) -> None:
        with suppress(StoreUnavailableError):  # logged by until_stored; the run goes on without it
            await self._record(event)

    async def _record(self, event: DesignEvent) -> None:
        stored = await until_stored(
            lambda: self.store.append_event(event),
            what=f"event {event.kind}",
            give_up_after_s=self.patience_s,
        )
        self.metrics.observe_event(stored)
        status = STAGE_STATUS.get(event.stage)
        if event.kind == "stage_started" and status is not None:
            self.progress = self.progress.model_copy(
                update={
                    "status": status,
                    "stage": event.stage,
                    "iteration": event.iteration,
                    "updated_at": utcnow(),
                }
            )
            progress = self.progress
            exists = await until_stored(
                lambda: self.store.update(progress), what="progress", give_up_after_s=self.patience_s
            )
            if not exists:
                self.on_gone()


_TERMINAL_KIND: dict[DesignStatus, EventKind] = {
    DesignStatus.COMPLETED: "design_completed",
    DesignStatus.CANCELLED: "design_cancelled",
}


def ended(
    progress: DesignState, status: DesignStatus, kind: str, message: str, hint: str = ""
) -> DesignState:
    """The run's state, ended with ``status`` and an error saying why."""
    error = ErrorInfo(type=kind, message=message, hint=hint, stage=progress.stage)
    return progress.model_copy(update={"status": status, "error": error, "updated_at": utcnow()})


def terminal_event(state: DesignState) -> DesignEvent:
    """The event that ends the state's run."""
    kind = _TERMINAL_KIND.get(state.status, "design_failed")
    message = state.error.message if state.error else kind
    return DesignEvent(
        design_id=state.design_id,
        kind=kind,
        stage=state.stage,
        revision=state.revision,
        iteration=state.iteration,
        message=message,
    )
