"""Time the offline planner per request, in a warm process, and how it grows with input length.

For every prompt of the public acceptance cases and the held-out fixture (or --cases FILE) it
plans the request (refusals included: they are timed too) and prints the median and the 90th
percentile per request and per word. Then it plans a description made longer and longer
(1x .. 16x the same sentences) to show whether the time grows linearly with the input.

    .venv/bin/python benchmarks/planner_speed.py [--repeat 3] [--cases FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import time
from pathlib import Path

from ai_designer.errors import AIDesignerError
from ai_designer.planner import LocalPlanner

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CASES = [
    ROOT.parent / "shared" / "acceptance" / "cases.json",
    ROOT / "tests/fixtures/heldout_cases.json",
]
GROWING = (
    "A 100 x 60 x 8 mm plate. Round the four vertical edges with a 6 mm radius. "
    "Drill a 6.5 mm hole near each corner, 10 mm from both edges. "
)


def prompts(files: list[Path]) -> list[str]:
    found: list[str] = []
    for path in files:
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            cases = data["cases"] if isinstance(data, dict) else data
            found += [c["prompt"] for c in cases]
    return found


def plan_time(planner: LocalPlanner, prompt: str) -> float:
    start = time.perf_counter()
    with contextlib.suppress(AIDesignerError):
        planner.plan(prompt)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cases", type=Path, action="append")
    args = parser.parse_args()
    planner = LocalPlanner()
    start = time.perf_counter()
    planner.understands("a 20 mm cube")
    print(f"first request in a new process (grammar built): {1000 * (time.perf_counter() - start):.0f} ms")
    texts = prompts(args.cases or DEFAULT_CASES)
    per_request: list[float] = []
    per_word: list[float] = []
    for text in texts:
        best = min(plan_time(planner, text) for _ in range(args.repeat))
        per_request.append(best)
        per_word.append(best / max(1, len(text.split())))
    per_request.sort()
    p90 = per_request[int(0.9 * (len(per_request) - 1))]
    print(
        f"{len(texts)} requests: median {1000 * statistics.median(per_request):.1f} ms, "
        f"p90 {1000 * p90:.1f} ms, max {1000 * per_request[-1]:.1f} ms, "
        f"median {1000 * statistics.median(per_word):.2f} ms per word"
    )
    print("input length   chars   time     ms per 100 chars")
    for times in (1, 2, 4, 8, 16):
        text = GROWING * times
        took = min(plan_time(planner, text) for _ in range(args.repeat))
        print(f"{times:>4}x        {len(text):>6}   {1000 * took:7.1f}  {100_000 * took / len(text):8.2f}")


if __name__ == "__main__":
    main()
