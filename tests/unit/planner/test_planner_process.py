"""The offline planner in its own process gives what it gives in process, refusals included."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ai_designer.errors import PlanningError
from ai_designer.planner import LocalPlanner
from ai_designer.planner.process import PlannerProcess

PLATE = "a 60 x 40 x 8 mm plate with four 5 mm holes 6 mm from the corners"


@pytest.fixture(scope="module")
def planner() -> Iterator[PlannerProcess]:
    process = PlannerProcess()
    yield process
    process.close()


def test_plans_and_modifies_like_the_planner_in_process(planner: PlannerProcess) -> None:
    here = LocalPlanner().plan(PLATE)
    there = asyncio.run(planner.plan(PLATE))
    assert there == here
    changed = asyncio.run(planner.modify(there.graph, "make the plate 80 mm long"))
    assert changed == LocalPlanner().modify(here.graph, "make the plate 80 mm long")


def test_a_refusal_keeps_its_message_and_hint(planner: PlannerProcess) -> None:
    with pytest.raises(PlanningError) as here:
        LocalPlanner().plan("a frobnicated widget")
    with pytest.raises(PlanningError) as there:
        asyncio.run(planner.plan("a frobnicated widget"))
    assert (there.value.message, there.value.hint) == (here.value.message, here.value.hint)


def test_a_killed_planner_process_is_replaced() -> None:
    process = PlannerProcess()
    try:
        asyncio.run(process.plan(PLATE))
        pids = _planner_pids(process)
        assert pids and os.getpid() not in pids, "planning happens in a process of its own"
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        result = asyncio.run(process.plan(PLATE))
        assert result.graph.nodes
    finally:
        process.close()


def _planner_pids(process: PlannerProcess) -> list[int]:
    return [p.pid for p in process._pool._processes.values() if p.pid is not None]


def test_planner_processes_exit_when_their_parent_is_killed(tmp_path: Path) -> None:
    pids_file = tmp_path / "pids"
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import asyncio, pathlib, sys, time\n"
            "from ai_designer.planner.process import PlannerProcess\n"
            "p = PlannerProcess()\n"
            "asyncio.run(p.plan('a 10 mm cube'))\n"
            "pids = [q.pid for q in p._pool._processes.values()]\n"
            "pathlib.Path(sys.argv[1]).write_text(' '.join(map(str, pids)))\n"
            "time.sleep(60)\n",
            str(pids_file),
        ]
    )
    try:
        deadline = time.monotonic() + 60
        while not pids_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        pids = [int(p) for p in pids_file.read_text().split()]
        assert pids
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 15
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in pids), "a planner process outlived its SIGKILLed parent"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
