"""Design runs inside the API process: one asyncio task per running design, one shared pipeline.

A run stores its events as they happen (see recorder.py), then writes the design folder
(``OUTPUT_DIR/<id>/``, the same layout as the CLI), then the final state, then the
terminal event. Cancelling the task (DELETE, shutdown) stops the pipeline; the FreeCAD
runner kills the job's process when the task awaiting it is cancelled. A run whose design
was deleted by another API process notices at its next stage and cancels itself.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from ai_designer.api.errors import DesignBusyError
from ai_designer.metrics import Metrics
from ai_designer.api.recorder import EventRecorder
from ai_designer.errors import AIDesignerError, StoreUnavailableError
from ai_designer.logging import bind_correlation_id, get_logger
from ai_designer.orchestration.pipeline import DesignPipeline
from ai_designer.orchestration.report import build_report
from ai_designer.orchestration.service import run_design
from ai_designer.schemas.design import DesignState, DesignStatus, ErrorInfo, utcnow
from ai_designer.schemas.events import DesignEvent, EventKind
from ai_designer.store.base import DesignStore
from ai_designer.store.retry import until_stored
from ai_designer.workspace import DesignWorkspace

log = get_logger(__name__)

#: How long a finished run keeps retrying to store its events and state while the store is down.
STORE_PATIENCE_S = 300.0
#: How long DELETE waits for a cancelled run to wind down.
CANCEL_WAIT_S = 10.0


class DesignJobs:
    """Starts, tracks and cancels the runs of this process."""

    def __init__(
        self,
        store: DesignStore,
        pipeline: DesignPipeline | None,
        metrics: Metrics,
        *,
        unavailable: AIDesignerError | None = None,
        store_patience_s: float = STORE_PATIENCE_S,
    ) -> None:
        self.store = store
        self.pipeline = pipeline
        self.metrics = metrics
        self.unavailable = unavailable
        self.store_patience_s = store_patience_s
        self._tasks: dict[str, asyncio.Task[DesignState]] = {}
        self._lock = asyncio.Lock()

    def running(self, design_id: str) -> bool:
        """True while a run of the design is going on in this process."""
        return design_id in self._tasks

    async def start(self, state: DesignState) -> None:
        """Store the run's first state and start it in the background.

        Raises DesignBusyError when the design is already running here, the engine's error
        when FreeCAD is unavailable, StoreUnavailableError when the state cannot be stored.
        """
        if self.pipeline is None:
            raise self.unavailable or AIDesignerError("The design engine is not available.")
        design_id = state.design_id
        async with self._lock:
            if self.running(design_id):
                raise DesignBusyError(f"Design {design_id} is already running.")
            await self.store.save(state)
            task = asyncio.create_task(self._run(self.pipeline, state), name=f"design-{design_id}")
            self._tasks[design_id] = task
        task.add_done_callback(lambda done: self._forget(design_id, done))

    def _forget(self, design_id: str, task: asyncio.Task[DesignState]) -> None:
        if self._tasks.get(design_id) is task:
            del self._tasks[design_id]

    def _cancel_soon(self, design_id: str) -> None:
        task = self._tasks.get(design_id)
        if task is not None:
            task.cancel()

    async def cancel(self, design_id: str) -> bool:
        """Cancel the design's run in this process and wait (a little) for it to stop; False if none."""
        task = self._tasks.get(design_id)
        if task is None:
            return False
        task.cancel()
        await asyncio.wait({task}, timeout=CANCEL_WAIT_S)
        return True

    async def shutdown(self) -> None:
        """Cancel every run (the server is stopping)."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=CANCEL_WAIT_S)

    async def _run(self, pipeline: DesignPipeline, state: DesignState) -> DesignState:
        with bind_correlation_id(state.design_id):
            recorder = EventRecorder(
                self.store,
                state,
                self.metrics,
                patience_s=self.store_patience_s,
                on_gone=lambda: self._cancel_soon(state.design_id),
            )
            try:
                final = await run_design(pipeline, state, [recorder])
            except asyncio.CancelledError:
                log.info("design_cancelled")
                ended = _ended(
                    recorder.progress, DesignStatus.CANCELLED, "Cancelled", "The design was cancelled."
                )
                recorder(_terminal(ended, "design_cancelled"))
                await self._finish(ended, recorder)
                raise
            except Exception as exc:  # a bug in an agent must fail the design, not vanish with the task
                log.exception("design_crashed")
                final = _ended(
                    recorder.progress,
                    DesignStatus.FAILED,
                    type(exc).__name__,
                    "The design stopped on an internal error.",
                    hint=f"This is a bug; the server log has the details (correlation id {state.design_id}).",
                )
                recorder(_terminal(final, "design_failed"))
            await self._finish(final, recorder)
            return final

    async def _finish(self, final: DesignState, recorder: EventRecorder) -> None:
        """Write the folder, then the final state, then the terminal event: in that order, so a
        client that sees the run end finds the design and its files."""
        await recorder.settle()
        folder = Path(final.output_dir) if final.output_dir else None
        if folder is not None and final.status != DesignStatus.CANCELLED:
            await asyncio.to_thread(DesignWorkspace(folder).save, final, build_report(final))
        try:
            exists = await until_stored(
                lambda: self.store.update(final), what="final state", give_up_after_s=self.store_patience_s
            )
        except StoreUnavailableError:
            exists = True  # unknown; keep the files
        if not exists and folder is not None:
            await asyncio.to_thread(shutil.rmtree, folder, True)  # deleted meanwhile: leave nothing behind
        await recorder.finish()
        self.metrics.observe_run(final)
        log.info("design_finished", status=final.status.value, revision=final.revision)


def _ended(
    progress: DesignState, status: DesignStatus, kind: str, message: str, hint: str = ""
) -> DesignState:
    error = ErrorInfo(type=kind, message=message, hint=hint, stage=progress.stage)
    return progress.model_copy(update={"status": status, "error": error, "updated_at": utcnow()})


def _terminal(state: DesignState, kind: EventKind) -> DesignEvent:
    message = state.error.message if state.error else kind
    return DesignEvent(
        design_id=state.design_id,
        kind=kind,
        stage=state.stage,
        revision=state.revision,
        iteration=state.iteration,
        message=message,
    )
