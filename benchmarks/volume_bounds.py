"""How tight the expected volume of planned parts is: the width of the range the validator checks.

Every prompt of the public acceptance cases and the test fixtures (or --cases FILE ...) is planned
with the offline planner (follow-ups applied); the analysis gives the finished part's volume range
[lo, hi] before the measuring tolerance is added. It prints how many plans get an exact volume, a
range at most 1 % wide ((hi - lo) / hi), a wider one or no upper bound, and (with --list) the wide
ones, widest first, with the operations of their plan.

    .venv/bin/python benchmarks/volume_bounds.py [--cases FILE] [--list]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ai_designer.cad.operations import analyse, output_facts
from ai_designer.errors import AIDesignerError
from ai_designer.planner import LocalPlanner
from ai_designer.schemas.task_graph import TaskGraph

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CASES = [
    ROOT.parent / "shared" / "acceptance" / "cases.json",
    ROOT / "tests/fixtures/acceptance_cases.json",
    ROOT / "tests/fixtures/heldout_cases.json",
    ROOT / "tests/fixtures/engineer_cases.json",
]


def cases(files: list[Path]) -> list[tuple[str, dict[str, object]]]:
    """(set:id, case) for every case of the files that exist."""
    found: list[tuple[str, dict[str, object]]] = []
    for path in files:
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            listed = data["cases"] if isinstance(data, dict) else data
            found += [(f"{path.stem}:{c['id']}", c) for c in listed]
    return found


def plan(planner: LocalPlanner, case: dict[str, object]) -> TaskGraph | None:
    """The case's plan after its follow-ups, or None when the planner refuses."""
    try:
        graph = planner.plan(str(case["prompt"])).graph
        for change in case.get("refine", []) or []:  # type: ignore[attr-defined]
            graph = planner.modify(graph, str(change)).graph
    except AIDesignerError:
        return None
    return graph


def width(graph: TaskGraph) -> float | None:
    """(hi - lo) / hi of the part's volume range; None when it has no upper bound."""
    volume = output_facts(graph, analyse(graph)).volume
    if volume.hi is None or volume.hi <= 0:
        return None
    return (volume.hi - volume.lo) / volume.hi


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, action="append")
    parser.add_argument("--list", action="store_true", help="print the plans whose range is over 1 % wide")
    args = parser.parse_args()
    planner = LocalPlanner()
    counts = {"exact": 0, "<=1%": 0, ">1%": 0, "unbounded": 0, "refused": 0}
    wide: list[tuple[float, str, str]] = []
    for name, case in cases(args.cases or DEFAULT_CASES):
        graph = plan(planner, case)
        if graph is None:
            counts["refused"] += 1
            continue
        w = width(graph)
        ops = " ".join(n.operation.op for n in graph.nodes)
        if w is None:
            counts["unbounded"] += 1
            wide.append((float("inf"), name, ops))
        elif w <= 1e-9:
            counts["exact"] += 1
        elif w <= 0.01:
            counts["<=1%"] += 1
        else:
            counts[">1%"] += 1
            wide.append((w, name, ops))
    planned = sum(v for k, v in counts.items() if k != "refused")
    print(f"plans: {planned} (refused {counts['refused']})")
    for key in ("exact", "<=1%", ">1%", "unbounded"):
        print(f"  {key:>9}: {counts[key]:4d}  ({100 * counts[key] / max(planned, 1):.1f} %)")
    if args.list:
        for w, name, ops in sorted(wide, reverse=True):
            print(f"  {'none' if w == float('inf') else f'{100 * w:.1f} %':>8}  {name}: {ops}")


if __name__ == "__main__":
    main()
