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


def busy_worker_pids() -> list[int]:
    """freecadcmd workers started by this process that have been handed a job (job/script.py exists)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or _parent_pid(int(entry.name)) != os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            busy = (entry / "cwd" / "job" / "script.py").exists()
        except OSError:
            continue
        if b"freecad" in cmdline.lower() and busy:
            found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
