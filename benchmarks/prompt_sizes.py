"""Print the size of every LLM request a design makes, per role, for a set of prompts.

The requests go through the real provider and litellm to the local OpenAI-compatible stub
(tests/helpers/openai_stub.py), which records them exactly as sent. For every prompt of the
held-out fixture (or --cases FILE) it makes the planner call of a new part, the intent review of
a built part and (once: it does not depend on the prompt) the code writer call of a `custom`
node and the vision review of four previews, then prints per role the median and largest
request in tokens (litellm's counter for --model) and in bytes of the HTTP body.

    .venv/bin/python benchmarks/prompt_sizes.py [--cases FILE] [--limit 40] [--model gpt-4o]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import struct
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from ai_designer.agents.llm_codewriter import LLMCodeWriter
from ai_designer.agents.llm_planner import LLMPlanner
from ai_designer.agents.llm_review import LLMIntentReviewer, VisionReviewer
from ai_designer.agents.prompts.few_shot_examples import EXAMPLES
from ai_designer.llm.loader import load_litellm
from ai_designer.llm.provider import LLMProvider
from ai_designer.logging import configure_logging
from ai_designer.schemas.design import ModelUsage
from ai_designer.schemas.execution import BoundingBox, ExecutionResult, ShapeMetrics
from ai_designer.schemas.task_graph import CustomOp, TaskGraph
from helpers.openai_stub import OpenAIStub, RecordedRequest, stub_settings

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CASES = ROOT / "tests/fixtures/heldout_cases.json"
TARGET_PLANNER_TOKENS = 6000


def prompts(path: Path, limit: int) -> list[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    cases = data["cases"] if isinstance(data, dict) else data
    return [c["prompt"] for c in cases][:limit]


def write_png(path: Path, size: int) -> None:
    """A grey-shaded part on a light background, as the previews look (RGB, ``size`` px square)."""
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            inside = size // 5 < x < 4 * size // 5 and size // 3 < y < 2 * size // 3
            shade = 120 + (x * 60 + y * 30) // size if inside else 250
            row += bytes((shade, shade + 20 if inside else shade, shade + 60 if inside else shade))
        rows.append(bytes(row))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    body = zlib.compress(b"".join(rows), 6)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def execution_of(graph: TaskGraph, folder: Path) -> ExecutionResult:
    """A plausible measured result and the six preview PNGs of 512 px the engine renders."""
    size = graph.expected.bbox or (60.0, 40.0, 8.0)
    shape = ShapeMetrics(
        volume=size[0] * size[1] * size[2] * 0.9,
        area=2 * (size[0] * size[1] + size[1] * size[2] + size[0] * size[2]),
        bbox=BoundingBox(min=(0.0, 0.0, 0.0), max=size, size=size),
        solids=1,
        shells=1,
        faces=14,
        edges=36,
        vertices=24,
        is_valid=True,
    )
    artifacts = {}
    for view in ("iso", "top", "front", "right", "bottom", "section"):
        path = folder / f"preview_{view}.png"
        write_png(path, 512)
        artifacts[f"preview_{view}"] = str(path)
    return ExecutionResult(job_id="bench", ok=True, final_shape=shape, artifacts=artifacts)


def measure(request: RecordedRequest, model: str) -> tuple[int, int]:
    """(tokens of the messages, bytes of the JSON body) of one recorded request."""
    litellm = load_litellm()
    tokens = litellm.token_counter(model=model, messages=request.messages)
    return int(tokens), len(json.dumps(request.body).encode())


def _noop(_model: str, _usage: ModelUsage) -> None:
    pass


async def run(cases: list[str], model: str, planner_model: str) -> dict[str, list[tuple[int, int]]]:
    example = next(e for e in EXAMPLES if e.custom_code)
    plan = example.graph
    node = next(n for n in plan.nodes if isinstance(n.operation, CustomOp))
    plan_answer = json.dumps({"reasoning": "", "graph": plan.model_dump(mode="json")})
    review_answer = json.dumps({"score": 1.0, "summary": "ok", "issues": []})
    sizes: dict[str, list[tuple[int, int]]] = {}
    with OpenAIStub() as stub, tempfile.TemporaryDirectory() as tmp:
        stub.always(planner_model, plan_answer)
        stub.always("coder-a", f"```python\n{example.custom_code[node.id]}```")
        stub.always("reviewer-a", review_answer)
        stub.always("vision-a", review_answer)
        provider = LLMProvider(stub_settings(stub, planner=[planner_model]))
        execution = execution_of(plan, Path(tmp))

        async def record(role: str, call: Any) -> None:
            stub.reset()
            stub.always(planner_model, plan_answer)
            stub.always("coder-a", f"```python\n{example.custom_code[node.id]}```")
            stub.always("reviewer-a", review_answer)
            stub.always("vision-a", review_answer)
            await call
            sizes.setdefault(role, []).extend(measure(r, model) for r in stub.requests)

        for prompt in cases:
            await record("planner", LLMPlanner(provider).plan(prompt, None, _noop))
            await record("review", LLMIntentReviewer(provider).review(prompt, plan, execution, _noop))
        await record("codewriter", LLMCodeWriter(provider).write(node, plan, [], None, _noop))
        await record("vision", VisionReviewer(provider).review(cases[0], plan, execution, _noop))
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--limit", type=int, default=40, help="how many prompts of the file")
    parser.add_argument("--model", default="gpt-4o", help="whose tokenizer counts the tokens")
    parser.add_argument(
        "--planner-model",
        default="planner-a",
        help="planner model (gpt-4o: takes a schema)",
    )
    args = parser.parse_args()
    configure_logging("WARNING")
    cases = prompts(args.cases, args.limit)
    sizes = asyncio.run(run(cases, args.model, args.planner_model))
    print(f"{len(cases)} prompts from {args.cases.name}; tokens counted for {args.model}")
    print(
        f"{'role':<11} {'calls':>5} {'median tok':>10} {'max tok':>8} {'median bytes':>12} {'max bytes':>10}"
    )
    for role, found in sizes.items():
        tokens = [t for t, _ in found]
        body = [b for _, b in found]
        print(
            f"{role:<11} {len(found):>5} {statistics.median(tokens):>10.0f} {max(tokens):>8} "
            f"{statistics.median(body):>12.0f} {max(body):>10}"
        )
    planner = statistics.median(t for t, _ in sizes["planner"])
    verdict = "under" if planner <= TARGET_PLANNER_TOKENS else "OVER"
    print(f"planner input median {planner:.0f} tokens: {verdict} the {TARGET_PLANNER_TOKENS} target")


if __name__ == "__main__":
    main()
