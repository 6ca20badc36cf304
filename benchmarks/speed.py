"""Every speed target of issue 17 in one run, as paired ratios (absolute times on a shared machine are noise).

* ``ai-designer --help`` and ``--version``, median wall time;
* the offline planner: ms per request (median, p90) over the public acceptance prompts, and the
  first request of a new process (grammar built or loaded from its cache);
* the CLI: ``ai-designer design`` next to a cold ``freecadcmd model.py`` of the very script it
  wrote, interleaved, with all formats and with ``--format step``;
* the server (``ai-designer serve``, in-process queue): warm latency of a STEP-only design, seen by
  a client polling the API, next to the warm floor (the same script built and exported to STEP
  again and again inside one FreeCAD process). "Warm" is a server idle for ``--pause`` seconds, so
  its pool has replaced the worker pair the previous design used (each job uses fresh sandboxed
  processes); designs sent back to back also wait for that, and are printed beside;
* a burst of designs submitted at once to the server, with 1 design in flight and with N.

``--queue`` adds the Redis queue with 1 and 2 ``ai-designer worker`` processes (queue_throughput.py).

    .venv/bin/python benchmarks/speed.py [--repeat 3] [--burst 20] [--skip cli,server,burst]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from cli_end_to_end import CLI, PROMPTS, timed  # noqa: E402
from planner_speed import plan_time, prompts  # noqa: E402

from helpers.api_support import wait_until  # noqa: E402
from helpers.processes import Cluster, process_env  # noqa: E402

CASES = HERE.parent.parent / "shared" / "acceptance" / "cases.json"
TARGETS = {"help": 0.25, "planner_ms": 50.0, "cli_all": 5.0, "cli_step": 4.0, "server": 3.0, "burst": 1.6}

#: Run inside one freecadcmd: build the script's model and export it to STEP, ``FLOOR_N`` times after
#: one warm-up, and print the times as JSON. The lines a standalone run adds (saving) are cut off.
FLOOR_DRIVER = """
import json, os, time
import FreeCAD as App
import Import
source = open(os.environ["FLOOR_SCRIPT"]).read().split("# --- run on its own")[0]
code = compile(source, "model.py", "exec")
times = []
for n in range(int(os.environ["FLOOR_N"]) + 1):
    start = time.perf_counter()
    exec(code, {"__name__": "floor"})
    doc = App.ActiveDocument
    shown = [o for o in doc.Objects if o.Visibility and hasattr(o, "Shape") and not o.Shape.isNull()]
    Import.export(shown, os.path.join(os.environ["FLOOR_OUT"], "floor.step"))
    times.append(time.perf_counter() - start)
    App.closeDocument(doc.Name)
print("FLOOR " + json.dumps(times[1:]))
"""


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def verdict(value: float, target: float, higher_is_better: bool = False) -> str:
    met = value >= target if higher_is_better else value <= target
    return f"target {'>=' if higher_is_better else '<='} {target:g}: {'met' if met else 'NOT met'}"


def bench_help(results: dict[str, Any]) -> None:
    helps, versions = [], []
    for _ in range(7):  # interleaved
        helps.append(timed([CLI, "--help"])[0])
        versions.append(timed([CLI, "--version"])[0])
    results["help_s"] = median(helps)
    print(f"ai-designer --help     median {median(helps):.3f} s   {verdict(median(helps), TARGETS['help'])}")
    print(f"ai-designer --version  median {median(versions):.3f} s")


def bench_planner(results: dict[str, Any], repeat: int) -> None:
    from ai_designer.planner import LocalPlanner

    planner = LocalPlanner()
    started = time.perf_counter()
    planner.understands("a 20 mm cube")
    first = time.perf_counter() - started
    texts = prompts([CASES])
    per_request = sorted(min(plan_time(planner, t) for _ in range(repeat)) for t in texts)
    ms = 1000 * median(per_request)
    results["planner_ms"] = ms
    p90 = per_request[int(0.9 * (len(per_request) - 1))]
    print(f"planner first request in this process: {1000 * first:.0f} ms (grammar built or loaded)")
    print(
        f"planner over {len(texts)} public prompts: median {ms:.1f} ms, p90 {1000 * p90:.1f} ms, "
        f"max {1000 * per_request[-1]:.1f} ms per request   {verdict(ms, TARGETS['planner_ms'])}"
    )


def bench_cli(results: dict[str, Any], repeat: int, work: Path, count: int) -> None:
    freecadcmd = shutil.which("freecadcmd") or "freecadcmd"
    variants = {"all": [], "step": ["--format", "step"]}
    ratios: dict[str, list[float]] = {v: [] for v in variants}
    print(f"{'prompt':<40} {'formats':<7} {'cli s':>6} {'cold s':>6} {'ratio':>6}")
    for i, prompt in enumerate(PROMPTS[:count]):
        times: dict[str, tuple[list[float], list[float]]] = {v: ([], []) for v in variants}
        for r in range(repeat):
            for variant, extra in variants.items():  # interleaved: noise hits both alike
                out = work / f"cli-{i}-{r}-{variant}"
                took, proc = timed([CLI, "design", prompt, "--out", str(out), *extra])
                if proc.returncode != 0:
                    raise SystemExit(f"design failed for {prompt!r}: {proc.stderr[-500:]}")
                cold, cproc = timed([freecadcmd, str(out / "model.py")])
                if cproc.returncode != 0:
                    raise SystemExit(f"cold run failed: {cproc.stderr[-500:]}")
                times[variant][0].append(took)
                times[variant][1].append(cold)
        for variant, (cli, cold) in times.items():
            ratio = median(cli) / median(cold)
            ratios[variant].append(ratio)
            print(f"{prompt[:40]:<40} {variant:<7} {median(cli):6.2f} {median(cold):6.2f} {ratio:6.2f}")
    for variant, target in (("all", "cli_all"), ("step", "cli_step")):
        results[target] = median(ratios[variant])
        print(
            f"CLI / cold freecadcmd, {variant} formats: median ratio {results[target]:.2f}   "
            f"{verdict(results[target], TARGETS[target])}"
        )


def warm_floor(script: Path, work: Path, repeat: int) -> float:
    """Median time to build ``script`` and export STEP inside one warm FreeCAD process."""
    env = os.environ | {
        "FLOOR_SCRIPT": str(script),
        "FLOOR_N": str(max(3, repeat)),
        "FLOOR_OUT": str(work),
    }
    driver = work / "floor_driver.py"
    driver.write_text(FLOOR_DRIVER)
    proc = subprocess.run(
        [shutil.which("freecadcmd") or "freecadcmd", str(driver)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    line = next((x for x in proc.stdout.splitlines() if x.startswith("FLOOR ")), None)
    if line is None:
        raise SystemExit(f"warm floor failed: {proc.stdout[-500:]} {proc.stderr[-500:]}")
    return median(json.loads(line[len("FLOOR ") :]))


def server(root: Path, in_flight: int) -> Cluster:
    env = process_env(
        root,
        WORKER_CONCURRENCY=str(in_flight),
        FREECAD_POOL_SIZE=str(in_flight),
        QUEUE_MAX_DEPTH="1000",
        LOG_LEVEL="WARNING",
    )
    cluster = Cluster(root, env)
    cluster.serve()
    return cluster


def finished(cluster: Cluster, design_id: str) -> dict[str, Any]:
    view = cluster.wait_finished(design_id, 300)
    if view["status"] != "completed":
        raise SystemExit(f"server design {design_id} ended {view['status']}")
    return view


def design_latency(cluster: Cluster, prompt: str) -> float:
    """Seconds from POST to the design seen finished by a client polling every 10 ms."""
    started = time.perf_counter()
    design_id = cluster.submit(prompt, formats=["step"])
    wait_until(lambda: not cluster.design(design_id)["running"], 300, 0.01)
    took = time.perf_counter() - started
    finished(cluster, design_id)
    return took


def bench_server(results: dict[str, Any], repeat: int, work: Path, count: int, pause: float) -> None:
    root = work / "server"
    root.mkdir()
    cluster = server(root, 1)
    ratios = []
    try:
        for _ in range(2):  # warm: imports, grammar, worker pool
            finished(cluster, cluster.submit(PROMPTS[0], formats=["step"]))
        print(f"{'prompt':<40} {'warm s':>8} {'floor s':>7} {'ratio':>6} {'back-to-back s':>14}")
        for i, prompt in enumerate(PROMPTS[:count]):
            latencies, back_to_back = [], []
            for _ in range(repeat):
                time.sleep(pause)
                latencies.append(design_latency(cluster, prompt))
                back_to_back.append(design_latency(cluster, prompt))
            script = work / f"floor-{i}"
            script.mkdir()
            made = subprocess.run(
                [CLI, "design", prompt, "--out", str(script / "d"), "--format", "step"],
                capture_output=True,
                check=False,
            )
            if made.returncode != 0:
                raise SystemExit(f"design failed for {prompt!r}")
            floor = warm_floor(script / "d" / "model.py", script, repeat)
            ratio = median(latencies) / floor
            ratios.append(ratio)
            print(
                f"{prompt[:40]:<40} {median(latencies):8.3f} {floor:7.3f} {ratio:6.2f} "
                f"{median(back_to_back):14.3f}"
            )
    finally:
        cluster.stop_all()
    results["server"] = median(ratios)
    print(
        f"server warm STEP-only / warm floor: median ratio {results['server']:.2f}   "
        f"{verdict(results['server'], TARGETS['server'])}"
    )


def bench_burst(results: dict[str, Any], work: Path, designs: int) -> None:
    cores = os.cpu_count() or 1
    for in_flight in sorted({1, max(2, cores)}):
        root = work / f"burst-{in_flight}"
        root.mkdir()
        cluster = server(root, in_flight)
        try:
            finished(cluster, cluster.submit(PROMPTS[1]))  # warm
            started = time.perf_counter()
            ids = [cluster.submit(f"a {10 + n % 20} mm cube") for n in range(designs)]
            ends = []
            for design_id in ids:
                finished(cluster, design_id)
                ends.append(time.perf_counter() - started)
            rate = designs / max(ends)
        finally:
            cluster.stop_all()
        results[f"burst_{in_flight}"] = rate
        print(
            f"burst of {designs} (all formats), {in_flight} in flight: {rate:.2f} designs/s, "
            f"first done after {min(ends):.1f} s"
            + (f"   {verdict(rate, TARGETS['burst'], True)}" if in_flight > 1 else "")
        )


def bench_queue(designs: int) -> None:
    from queue_throughput import run

    rates = {}
    for workers in (1, 2):
        with tempfile.TemporaryDirectory(prefix="ai-designer-bench-") as tmp:
            rates[workers] = run(workers, designs, 1, Path(tmp))
        print(f"redis queue, {workers} worker(s): {rates[workers]:.2f} designs/s")
    print(f"redis queue speed-up with 2 workers: {rates[2] / rates[1]:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--prompts", type=int, default=3, help="CLI and server prompts (of 5)")
    parser.add_argument("--burst", type=int, default=20)
    parser.add_argument("--pause", type=float, default=2.0, help="idle seconds before a warm design")
    parser.add_argument("--skip", default="", help="comma-separated: help,planner,cli,server,burst")
    parser.add_argument("--queue", action="store_true", help="also the Redis queue with 1 and 2 workers")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()
    skip = set(args.skip.split(","))
    results: dict[str, Any] = {"cores": os.cpu_count()}
    work = Path(tempfile.mkdtemp(prefix="bench-speed-"))
    try:
        if "help" not in skip:
            bench_help(results)
        if "planner" not in skip:
            bench_planner(results, args.repeat)
        if "cli" not in skip:
            bench_cli(results, args.repeat, work, args.prompts)
        if "server" not in skip:
            bench_server(results, args.repeat, work, args.prompts, args.pause)
        if "burst" not in skip:
            bench_burst(results, work, args.burst)
        if args.queue:
            bench_queue(args.burst)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
