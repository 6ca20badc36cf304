"""The reaper never holds a thread that has not started, even when Ctrl-C lands mid-dispose."""

from __future__ import annotations

import threading

import pytest

from ai_designer.freecad.job_workers import JobWorkers, Reaper


class _Workers:
    """Just the two calls the reaper makes on a job's workers."""

    def __init__(self) -> None:
        self.killed = False
        self.disposed = threading.Event()

    def kill(self, reason: str) -> None:
        self.killed = True

    def dispose(self) -> None:
        self.disposed.set()


def _as_job(workers: _Workers) -> JobWorkers:
    return workers  # type: ignore[return-value]


def test_disposal_runs_in_the_background_and_join_waits_for_it() -> None:
    reaper = Reaper()
    workers = _Workers()
    reaper.dispose(_as_job(workers))
    reaper.join(5.0)
    assert workers.killed and workers.disposed.is_set()


def test_ctrl_c_while_starting_the_tidy_thread_leaves_join_usable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def interrupted_start(self: threading.Thread) -> None:
        raise KeyboardInterrupt

    reaper = Reaper()
    workers = _Workers()
    monkeypatch.setattr(threading.Thread, "start", interrupted_start)
    with pytest.raises(KeyboardInterrupt):
        reaper.dispose(_as_job(workers))
    monkeypatch.undo()
    reaper.join(1.0)  # raised "cannot join thread before it is started" before the fix
    assert workers.killed
