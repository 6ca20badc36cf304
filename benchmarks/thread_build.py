"""Build time and volume of modelled external threads, against the hand-computed volume.

For each case it compiles a plan (a cylinder and a ``thread`` node), runs the
script in ``freecadcmd`` and prints the time the script took, the same for the
plain shaft (so the thread's own cost shows), the measured volume, the hand
computation (shaft less the screw-swept ISO groove, see ai_designer.cad.threads)
and whether the solid is valid and re-reads from STEP as one solid.

    .venv/bin/python benchmarks/thread_build.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from ai_designer.cad.compiler import compile_graph
from ai_designer.cad.threads import ThreadGroove
from ai_designer.schemas.task_graph import TaskGraph

#: (name, shaft diameter, shaft length, shaft axis, nominal, pitch, thread length, end)
CASES = [
    ("M10x1.5 x 20, top", 10.0, 40.0, "z", 10.0, 1.5, 20.0, "top"),
    ("M8x1.25 x 12, bottom, along X", 8.0, 30.0, "x", 8.0, 1.25, 12.0, "bottom"),
    ("M20x2.5 x 30, top", 20.0, 60.0, "z", 20.0, 2.5, 30.0, "top"),
]

RUN = """
import json, os, time
import Part
code = open(os.environ['SCRIPT']).read()
t0 = time.perf_counter()
exec(compile(code, 'model.py', 'exec'))
seconds = time.perf_counter() - t0
shape = doc.getObject(os.environ['FINAL']).Shape
shape.exportStep(os.environ['STEP'])
back = Part.read(os.environ['STEP'])
json.dump({'seconds': seconds, 'volume': shape.Volume, 'valid': shape.isValid(),
           'step_solids': len(back.Solids)}, open(os.environ['OUT'], 'w'))
"""


def plan(diameter: float, length: float, axis: str, thread: dict[str, object] | None) -> TaskGraph:
    nodes: list[dict[str, object]] = [
        {
            "id": "shaft",
            "operation": {"op": "cylinder", "radius": diameter / 2, "height": length, "axis": axis},
        }
    ]
    if thread is not None:
        nodes.append({"id": "thread", "operation": {"op": "thread", "target": "shaft", **thread}})
    return TaskGraph.model_validate({"title": "threaded shaft", "nodes": nodes})


def build(freecad: str, work: Path, graph: TaskGraph) -> dict[str, float]:
    compiled = compile_graph(graph)
    script, out = work / "model.py", work / "out.json"
    script.write_text(compiled.code)
    (work / "run.py").write_text(RUN)
    env = {
        "SCRIPT": str(script),
        "FINAL": compiled.final_object,
        "STEP": str(work / "model.step"),
        "OUT": str(out),
        "PATH": "/usr/bin:/bin",
        "HOME": str(work),
    }
    subprocess.run([freecad, str(work / "run.py")], env=env, cwd=work, capture_output=True, check=False)
    result: dict[str, float] = json.loads(out.read_text())
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    freecad = shutil.which("freecadcmd") or "freecadcmd"
    work = Path(tempfile.mkdtemp(prefix="bench-thread-"))
    print(
        f"{'case':<32} {'build s':>7} {'shaft s':>7} {'volume':>10} {'hand':>10} {'diff %':>7}"
        "  valid  STEP solids"
    )
    for name, diameter, length, axis, nominal, pitch, thread_length, end in CASES:
        thread = {"nominal": nominal, "pitch": pitch, "length": thread_length, "end": end}
        threaded = [build(freecad, work, plan(diameter, length, axis, thread)) for _ in range(args.repeat)]
        plain = [build(freecad, work, plan(diameter, length, axis, None)) for _ in range(args.repeat)]
        hand = math.pi * diameter**2 / 4 * length - ThreadGroove(nominal, pitch).removed_volume(thread_length)
        last = threaded[-1]
        print(
            f"{name:<32} {statistics.median(r['seconds'] for r in threaded):>7.2f} "
            f"{statistics.median(r['seconds'] for r in plain):>7.2f} {last['volume']:>10.2f} {hand:>10.2f} "
            f"{100 * (last['volume'] - hand) / hand:>7.3f}  "
            f"{bool(last['valid'])!s:<5}  {int(last['step_solids'])}"
        )


if __name__ == "__main__":
    main()
