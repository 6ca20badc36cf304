"""Latency of a job through the pre-started worker pool next to a cold `freecadcmd script.py`.

For each script, in one run and on the same machine:

* cold    - `freecadcmd script.py` as a fresh process (start-up + imports + script), wall time;
* pool    - FreeCADRunner.run() with a warm worker pair, measuring only (no files): policy check,
            the script in the sandboxed model process, its FCStd handed over, loaded, checked,
            recomputed and measured in the trusted measure process, result;
* pool+io - the same with FCStd, STEP, STL and the four PNG previews written and published.

Usage: .venv/bin/python benchmarks/engine_latency.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from ai_designer.freecad.path_resolver import find_freecad
from ai_designer.freecad.runner import FreeCADRunner
from ai_designer.logging import configure_logging

SCRIPTS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "scripts" / "valid"
CASES = {
    "plate with holes": "plate_four_holes.py",
    "cylinder": "cylinder.py",
    "filleted box": "filleted_box.py",
    "boolean-heavy knob": "boolean_heavy.py",
}
FILES = {"fcstd", "step", "stl", "png"}


def cold_run(executable: Path, script: Path) -> float:
    started = time.perf_counter()
    proc = subprocess.run([str(executable), str(script)], capture_output=True, timeout=300, check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{script.name} failed cold: {proc.stderr[-500:]!r}")
    return elapsed


def pool_run(runner: FreeCADRunner, code: str, formats: set[str], out: Path) -> tuple[float, float]:
    """Wall time of one warm job, and how long its worker had taken to start (hidden by the pool)."""
    runner.wait_ready(60)  # the pool is warm, as between two requests of a real service
    started = time.perf_counter()
    result = runner.run(code, out, formats)
    elapsed = time.perf_counter() - started
    if not result.ok or result.cold_start or result.worker_startup_s is None:
        raise RuntimeError(f"pool job not ok/warm: {result.error}")
    return elapsed, result.worker_startup_s


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    configure_logging("WARNING")
    executable = find_freecad().executable
    rows = []
    startups: list[float] = []
    with FreeCADRunner(executable, pool_size=1) as runner, tempfile.TemporaryDirectory() as tmp:
        for label, name in CASES.items():
            script = SCRIPTS / name
            code = script.read_text()
            cold, pool, pool_io = [], [], []
            for i in range(args.repeat):  # interleaved so machine noise hits all three alike
                cold.append(cold_run(executable, script))
                for formats, timings, tag in ((set(), pool, "m"), (FILES, pool_io, "f")):
                    elapsed, startup = pool_run(runner, code, formats, Path(tmp) / f"{name}-{i}-{tag}")
                    timings.append(elapsed)
                    startups.append(startup)
            rows.append((label, statistics.median(cold), statistics.median(pool), statistics.median(pool_io)))

    print(f"FreeCAD engine latency, median of {args.repeat} runs ({executable})")
    print(f"{'script':<20} {'cold freecadcmd':>16} {'pool':>9} {'ratio':>6} {'pool+files':>11} {'ratio':>6}")
    for label, cold_s, pool_s, io_s in rows:
        print(
            f"{label:<20} {cold_s * 1000:>13.0f} ms {pool_s * 1000:>6.0f} ms {pool_s / cold_s:>6.2f}"
            f" {io_s * 1000:>8.0f} ms {io_s / cold_s:>6.2f}"
        )
    print(
        f"worker start-up (imports, hidden by the pool): median {statistics.median(startups) * 1000:.0f} ms"
    )
    worst = max(pool_s / cold_s for _, cold_s, pool_s, _ in rows)
    print(f"target: pool <= 0.5 x cold; worst ratio {worst:.2f} -> {'met' if worst <= 0.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
