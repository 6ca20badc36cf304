"""Looking at FreeCAD from outside: measuring a STEP file, editing a saved model, finding the worker running
a job."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any


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


_EDIT_FCSTD = """
import json, sys
import FreeCAD as App
path, edits, radius = sys.argv[-3], json.loads(sys.argv[-2]), float(sys.argv[-1])
doc = App.openDocument(path)
sheet = next(o for o in doc.Objects if o.TypeId == 'Spreadsheet::Sheet')
for alias, value in edits.items():
    sheet.set(alias, str(value))
doc.recompute()
final = next(o for o in doc.Objects if hasattr(o, 'Shape') and not o.InList and o.Shape.Solids)
box = final.Shape.BoundBox
centres = sorted({
    (round(f.Surface.Center.x - box.Center.x, 3) + 0.0, round(f.Surface.Center.y - box.Center.y, 3) + 0.0)
    for f in final.Shape.Faces
    if f.Surface.__class__.__name__ == 'Cylinder' and abs(f.Surface.Radius - radius) < 1e-6
})
broken = [o.Name for o in doc.Objects if 'Invalid' in o.State or 'Error' in o.State]
size = [box.XLength, box.YLength, box.ZLength]
print('M=' + json.dumps({'size': size, 'centres': centres, 'broken': broken}))
"""


def edited_fcstd(fcstd: Path, edits: dict[str, float], hole_diameter: float, work: Path) -> dict[str, Any]:
    """Open a saved model in freecadcmd, set spreadsheet cells (alias → value), recompute, and measure
    the finished part: its size, the (x, y) centres of its holes of ``hole_diameter`` as offsets
    from the centre of its bounding box (the axes of those cylindrical faces, to 0.001 mm), and broken
    objects."""
    script = work / "edit_fcstd.py"
    script.write_text(_EDIT_FCSTD)
    args = [str(fcstd), json.dumps(edits), str(hole_diameter / 2)]
    proc = subprocess.run(
        ["freecadcmd", str(script), *args], capture_output=True, text=True, timeout=300, cwd=work
    )
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("M=")), None)
    assert line is not None, proc.stdout + proc.stderr
    result: dict[str, Any] = json.loads(line[2:])
    result["centres"] = [tuple(c) for c in result["centres"]]
    return result


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
