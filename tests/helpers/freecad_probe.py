"""Looking at FreeCAD from outside: measuring a STEP file, finding the worker running a job."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path


def measure_step(step: Path) -> dict[str, float]:
    """Volume and bounding-box sizes of a STEP file, read back by freecadcmd itself."""
    code = (
        "import Part, json\n"
        f"s = Part.Shape(); s.read({str(step)!r})\n"
        "b = s.BoundBox\n"
        "print('M=' + json.dumps({'volume': s.Volume, 'x': b.XLength, 'y': b.YLength, 'z': b.ZLength, "
        "'solids': len(s.Solids)}))\n"
    )
    proc = subprocess.run(["freecadcmd", "-c", code], capture_output=True, text=True, timeout=120)
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("M="))
    return json.loads(line[2:])  # type: ignore[no-any-return]


def _parent_pid(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def _children(pid: int) -> list[int]:
    return [
        int(e.name) for e in Path("/proc").iterdir() if e.name.isdigit() and _parent_pid(int(e.name)) == pid
    ]


def _runs_a_script(pid: int) -> bool:
    """A model worker that took a job: it has its role in its environment and a seccomp filter on."""
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return b"AI_DESIGNER_WORKER_ROLE=model" in environ and "\nSeccomp:\t2" in status


def busy_worker_pids() -> list[int]:
    """Worker sandboxes started by this process whose model worker has been handed a job.

    The pid is the one this process started (the sandbox's outer process): killing the job
    ends it.
    """
    found = []
    for pid in _children(os.getpid()):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"freecad" not in cmdline.lower():
            continue
        inside, stack = [], [pid]
        while stack:
            current = stack.pop()
            inside.append(current)
            stack.extend(_children(current))
        if any(_runs_a_script(p) for p in inside):
            found.append(pid)
    return found


def running(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
