"""End-to-end time of `ai-designer design` next to a cold `freecadcmd` run of the script it generated.

For each prompt it runs the real CLI (fresh output folder each time), reads the
report to split the time into Python start-up + planning, FreeCAD and the rest,
then runs `freecadcmd model.py` on the very script the CLI wrote, side by side
in the same loop, and prints medians and the ratio. Also times `ai-designer --help`.

    .venv/bin/python benchmarks/cli_end_to_end.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROMPTS = [
    "a 60 x 40 x 8 mm plate with four 5 mm holes 6 mm from the corners",
    "a cylinder with diameter 30 mm and height 50 mm",
    "a 40 x 30 x 20 mm box with all edges rounded to a 3 mm radius",
    "a flange: a 100 mm diameter disc, 10 mm thick, with a 40 mm center bore and six 8 mm bolt holes "
    "equally spaced on an 80 mm bolt circle",
    "a 50 x 30 x 20 mm block with a 30 x 20 mm pocket 10 mm deep centered in the top face",
]
CLI = str(Path(sys.executable).with_name("ai-designer"))


def timed(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    return time.perf_counter() - t0, proc


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    freecadcmd = shutil.which("freecadcmd") or "freecadcmd"
    work = Path(tempfile.mkdtemp(prefix="bench-cli-"))

    helps = [timed([CLI, "--help"])[0] for _ in range(5)]
    print(f"ai-designer --help: median {statistics.median(helps):.3f} s (target < 0.5 s)")
    print(
        f"{'prompt':<40} {'cli s':>6} {'cold s':>6} {'ratio':>5} {'py+io s':>7} {'plan s':>6} "
        f"{'script s':>8} {'export s':>8}"
    )
    ratios = []
    for i, prompt in enumerate(PROMPTS):
        cli_t, cold_t, parts = [], [], []
        for r in range(args.repeat):
            out = work / f"p{i}-{r}"
            t, proc = timed([CLI, "design", prompt, "--out", str(out), "--json"])
            if proc.returncode != 0:
                print(f"  design failed for {prompt!r}: {proc.stderr[-300:]}")
                break
            state = json.loads(proc.stdout)["state"]
            execution = state["execution"] or {}
            stages = state["timings_s"]
            script_s = execution.get("script_s") or 0.0
            job_s = execution.get("duration_s") or 0.0
            parts.append((t - sum(stages.values()), stages.get("planner", 0.0), script_s, job_s - script_s))
            cli_t.append(t)
            cold, cproc = timed([freecadcmd, str(out / "model.py")])
            if cproc.returncode != 0:
                print(f"  cold run failed: {cproc.stderr[-300:]}")
            cold_t.append(cold)
        if not cli_t:
            continue
        cli_m, cold_m = statistics.median(cli_t), statistics.median(cold_t)
        py_io, plan, script, export = (statistics.median(p[k] for p in parts) for k in range(4))
        ratios.append(cli_m / cold_m)
        print(
            f"{prompt[:40]:<40} {cli_m:6.2f} {cold_m:6.2f} {cli_m / cold_m:5.2f} {py_io:7.2f} {plan:6.3f} "
            f"{script:8.3f} {export:8.3f}"
        )
    if ratios:
        print(f"median ratio CLI / cold freecadcmd: {statistics.median(ratios):.2f} (target <= 1.5)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
