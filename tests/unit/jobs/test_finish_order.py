"""A finished run is counted in /metrics before any client can see it finished."""

import asyncio
from pathlib import Path

from ai_designer.jobs.artifacts import FolderArtifacts
from ai_designer.jobs.work import DesignWork
from ai_designer.metrics import Metrics
from ai_designer.orchestration.events import EventEmitter
from ai_designer.schemas.design import DesignState, DesignStatus
from ai_designer.store.memory import MemoryStore


class _Completes:
    async def run(self, state: DesignState, emitter: EventEmitter) -> DesignState:
        return state.model_copy(update={"status": DesignStatus.COMPLETED, "stage": "completed"})


def _completed_count(metrics: Metrics) -> float:
    value = metrics.registry.get_sample_value("ai_designer_designs_total", {"outcome": "completed"})
    return value or 0.0


class _WatchingStore(MemoryStore):
    """Records the completed count at the moment the final state becomes visible."""

    def __init__(self, metrics: Metrics) -> None:
        super().__init__(ttl_s=600)
        self.metrics = metrics
        self.count_when_finished: float | None = None

    async def update(self, state: DesignState) -> bool:
        if state.status.finished:
            self.count_when_finished = _completed_count(self.metrics)
        return await super().update(state)


def test_the_run_is_counted_before_its_final_state_is_stored(tmp_path: Path) -> None:
    metrics = Metrics()
    store = _WatchingStore(metrics)
    work = DesignWork(
        store,
        FolderArtifacts(tmp_path / "artifacts"),
        _Completes(),
        None,
        metrics,
        output_root=tmp_path / "out",
        owner="test",
        lease_s=30.0,
    )

    async def scenario() -> str:
        await store.save(DesignState(design_id="d1", prompt="a 10 mm cube", original_prompt="a 10 mm cube"))
        return await work.run("d1", 1)

    assert asyncio.run(scenario()) == "completed"
    assert store.count_when_finished == 1.0
