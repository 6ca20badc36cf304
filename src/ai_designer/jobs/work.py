"""One design job, start to end: the code path of every worker, in the API process or elsewhere.

A job names a design and a revision; the state itself is read from the store, so a job
delivered twice (at-least-once delivery) or late does nothing when that revision has
ended. While it runs, the job holds the design's lease in the store and renews it with
every heartbeat: a second delivery finds the lease held and leaves the design alone, and
a worker that lost its lease (it stalled past the lease time and another took over)
hands the design back.

A design that had started elsewhere (its worker died) is resumed from its last
checkpoint when the pipeline has one, otherwise run again; a ``design_resumed`` event
says which. Events go to the store as they happen (see recorder.py); at the end the
design folder is written (``OUTPUT_DIR/<id>/``, the CLI layout), its files are made
reachable by every API process, then the final state, then the terminal event.

Cancelling the job (DELETE) ends the design as cancelled; cancelling it to hand it back
(SIGTERM past the drain grace period, lost lease) leaves it as it is for the next worker.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, cast

from ai_designer.agents.executor import ScriptRunner
from ai_designer.errors import AIDesignerError, FreeCADNotFoundError, StateError, StoreUnavailableError
from ai_designer.exporting import ensure_artifact, last_completed
from ai_designer.jobs.artifacts import ArtifactStore
from ai_designer.jobs.recorder import EventRecorder, ended
from ai_designer.logging import bind_correlation_id, get_logger
from ai_designer.metrics import Metrics
from ai_designer.orchestration.events import EventEmitter
from ai_designer.orchestration.pipeline import DesignPipeline
from ai_designer.orchestration.report import build_report
from ai_designer.orchestration.service import run_design
from ai_designer.schemas.design import DesignState, DesignStatus
from ai_designer.store.base import DesignStore
from ai_designer.store.retry import until_stored
from ai_designer.workspace import DesignWorkspace

log = get_logger(__name__)

#: How long a finished run keeps retrying to store its events and state while the store is down.
STORE_PATIENCE_S = 300.0

Heartbeat = Callable[[], Awaitable[None]]


class RunsDesigns(Protocol):
    """What a job needs from the pipeline (tests may script one)."""

    async def run(self, state: DesignState, emitter: EventEmitter) -> DesignState: ...


@dataclass
class RunControl:
    """Tells a cancelled run whether it is being cancelled (DELETE) or handed back (the worker is
    draining, the queue took the job back, the lease was lost)."""

    handing_back: Callable[[], bool] = field(default=lambda: False)
    lost_lease: bool = False

    @property
    def hand_back(self) -> bool:
        """True when the design must be left for another worker rather than ended."""
        return self.lost_lease or self.handing_back()


def thread_id(state: DesignState) -> str:
    """The checkpoint thread of a revision's run (the pipeline's default: ``<design id>:<revision>``)."""
    return f"{state.design_id}:{state.revision}"


class DesignWork:
    """Runs design jobs and export jobs."""

    def __init__(
        self,
        store: DesignStore,
        artifacts: ArtifactStore,
        pipeline: RunsDesigns,
        runner: ScriptRunner | None,
        metrics: Metrics,
        *,
        output_root: Path,
        owner: str,
        lease_s: float,
        store_patience_s: float = STORE_PATIENCE_S,
    ) -> None:
        self.store = store
        self.artifacts = artifacts
        self.pipeline = pipeline
        self.runner = runner
        self.metrics = metrics
        self.output_root = output_root
        self.owner = owner
        self.lease_s = lease_s
        self.store_patience_s = store_patience_s

    async def run(
        self,
        design_id: str,
        revision: int,
        *,
        heartbeat: Heartbeat | None = None,
        control: RunControl | None = None,
    ) -> str:
        """Run or resume the design's revision; returns what happened, in a word, for the queue's records."""
        state = await self.store.load(design_id)
        if state is None:
            return "gone"
        if state.revision != revision or state.status.finished:
            return "already-ended"
        lease = f"design:{design_id}"
        if not await self.store.lease(lease, self.owner, self.lease_s):
            return "held-elsewhere"
        control = control or RunControl()
        current = asyncio.current_task()
        assert current is not None
        keeper = asyncio.create_task(self._keep(lease, heartbeat, control, current))
        try:
            final = await self._run(state, control)
            return final.status.value
        finally:
            keeper.cancel()
            with suppress(StoreUnavailableError):
                await self.store.release(lease, self.owner)

    async def _keep(
        self, lease: str, heartbeat: Heartbeat | None, control: RunControl, run: asyncio.Task[Any]
    ) -> None:
        """Renew the lease and beat the queue's heartbeat until cancelled; hand back on a lost lease."""
        while True:
            await asyncio.sleep(self.lease_s / 3)
            try:
                held = await self.store.lease(lease, self.owner, self.lease_s)
            except StoreUnavailableError:
                continue  # nobody can take it while Redis is away
            if not held:
                log.warning("design_lease_lost", lease=lease)
                control.lost_lease = True
                run.cancel()
                return
            if heartbeat is not None:
                try:
                    await heartbeat()
                except Exception as exc:  # the queue's bookkeeping must not stop the design
                    log.warning("heartbeat_failed", error=repr(exc))

    async def _run(self, state: DesignState, control: RunControl) -> DesignState:
        folder = self.output_root / state.design_id
        state = state.model_copy(update={"output_dir": str(folder)})
        current = asyncio.current_task()
        with bind_correlation_id(state.design_id):
            recorder = EventRecorder(
                self.store,
                state,
                self.metrics,
                patience_s=self.store_patience_s,
                on_gone=lambda: current.cancel() if current else None,
            )
            try:
                final = await self._pipeline_run(state, recorder)
            except asyncio.CancelledError:
                if control.hand_back:
                    log.info("design_handed_back", lost_lease=control.lost_lease)
                    await recorder.settle()
                    raise
                log.info("design_cancelled")
                cancelled = ended(
                    recorder.progress, DesignStatus.CANCELLED, "Cancelled", "The design was cancelled."
                )
                await self._finish(cancelled, recorder)
                raise
            except Exception as exc:  # a bug in an agent must fail the design, not vanish with the job
                log.exception("design_crashed")
                final = ended(
                    recorder.progress,
                    DesignStatus.FAILED,
                    type(exc).__name__,
                    "The design stopped on an internal error.",
                    hint=f"This is a bug; the server log has the details (correlation id {state.design_id}).",
                )
            await self._finish(final, recorder)
            return final

    async def _pipeline_run(self, state: DesignState, recorder: EventRecorder) -> DesignState:
        if state.status == DesignStatus.PENDING:
            return await run_design(cast(DesignPipeline, self.pipeline), state, [recorder])
        # It had started on a worker that is gone: resume from its checkpoint, or run it again.
        emitter = EventEmitter(state.design_id, [recorder])
        pipeline = self.pipeline if isinstance(self.pipeline, DesignPipeline) else None
        checkpointed = (
            pipeline is not None
            and pipeline.checkpointer is not None
            and await pipeline.checkpointer.aget_tuple({"configurable": {"thread_id": thread_id(state)}})
            is not None
        )
        emitter.emit(
            "design_resumed",
            stage=state.stage,
            revision=state.revision,
            message="resumed from the last checkpoint" if checkpointed else "run again from the start",
            from_checkpoint=checkpointed,
            worker=self.owner,
        )
        self.metrics.jobs_reclaimed.labels(how="resumed" if checkpointed else "rerun").inc()
        if pipeline is not None and checkpointed:
            return await pipeline.resume(thread_id(state), emitter, state.max_iterations)
        return await self.pipeline.run(state, emitter)

    async def _finish(self, final: DesignState, recorder: EventRecorder) -> None:
        """Write the folder, publish its files, count the run, then the final state, then the terminal
        event: in that order, so a client that sees the run end finds the design, its files and its
        count in ``/metrics``."""
        await recorder.settle()
        folder = Path(final.output_dir) if final.output_dir else None
        if folder is not None and final.status != DesignStatus.CANCELLED:
            await asyncio.to_thread(DesignWorkspace(folder).save, final, build_report(final))
            with suppress(StoreUnavailableError):
                await until_stored(
                    lambda: self.artifacts.publish(final, folder),
                    what="files",
                    give_up_after_s=self.store_patience_s,
                )
        self.metrics.observe_run(final)
        try:
            exists = await until_stored(
                lambda: self.store.update(final), what="final state", give_up_after_s=self.store_patience_s
            )
        except StoreUnavailableError:
            exists = True  # unknown; keep the files
        if not exists:  # deleted meanwhile: leave nothing behind
            if folder is not None:
                await asyncio.to_thread(shutil.rmtree, folder, True)
            with suppress(StoreUnavailableError):
                await self.artifacts.delete(final.design_id)
        await recorder.finish(final)
        log.info("design_finished", status=final.status.value, revision=final.revision)

    async def export(self, design_id: str, fmt: str, view: str) -> None:
        """Make a file of the last completed revision that was not written, and publish it."""
        if self.runner is None:
            raise FreeCADNotFoundError("FreeCAD is not available to this worker.")
        state = await self.store.load(design_id)
        if state is None:
            raise StateError(f"There is no design {design_id}.")
        number, _ = last_completed(state)
        path = await ensure_artifact(state, self.output_root / design_id, fmt, self.runner, view)
        await self.artifacts.put(design_id, number, path)


def export_failure(exc: BaseException) -> dict[str, str]:
    """What an export job reports when it could not make the file."""
    if isinstance(exc, AIDesignerError):
        return {"error": exc.message, "hint": exc.hint}
    return {"error": "The export stopped on an internal error.", "hint": "This is a bug; see the worker log."}
