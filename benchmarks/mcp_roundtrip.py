"""Time of `ai-designer mcp` as a client sees it, over stdio and over streamable HTTP.

Starts the real server each way, then times with the SDK's client: connecting (start-up and
handshake), listing tools, a design from a prompt, a design from a plan, a plan refused for its
problems, get_design, a STEP export, and an STL export made on demand from the script. Prints
medians over --repeat calls and the size of what the client reads (the plan language, a design).

    .venv/bin/python benchmarks/mcp_roundtrip.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from mcp import Client, StdioServerParameters

CLI = str(Path(sys.executable).with_name("ai-designer"))
PLAN = {
    "title": "mounting plate",
    "nodes": [
        {"id": "plate", "operation": {"op": "box", "length": 60, "width": 40, "height": 8}},
        {
            "id": "holes",
            "operation": {
                "op": "hole",
                "target": "plate",
                "diameter": 5,
                "pattern": {"kind": "grid", "columns": 2, "rows": 2, "pitch_u": 48, "pitch_v": 28},
            },
        },
    ],
}
BAD_PLAN = {"nodes": [{"id": "plate", "operation": {"op": "box", "length": -1, "width": 4, "height": 8}}]}


async def timed(call: Callable[[], Awaitable[Any]]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    value = await call()
    return time.perf_counter() - t0, value


async def session(target: Any, repeat: int, label: str) -> None:
    times: dict[str, list[float]] = {}
    sizes: dict[str, int] = {}
    for _ in range(repeat):
        t0 = time.perf_counter()
        async with Client(target) as client:
            times.setdefault("connect", []).append(time.perf_counter() - t0)
            steps: list[tuple[str, Callable[[], Awaitable[Any]]]] = [
                ("list_tools", client.list_tools),
                ("design (prompt)", lambda: client.call_tool("create_design", {"prompt": "a 20 mm cube"})),
                ("design (plan)", lambda: client.call_tool("create_design", {"plan": PLAN})),
                ("refused plan", lambda: client.call_tool("create_design", {"plan": BAD_PLAN})),
            ]
            for name, step in steps:
                elapsed, _ = await timed(step)
                times.setdefault(name, []).append(elapsed)
            made = await client.call_tool("create_design", {"plan": PLAN, "formats": ["step"]})
            design_id = made.structured_content["summary"]["design_id"]
            for name, tool, arguments in (
                ("get_design", "get_design", {"design_id": design_id}),
                ("export step", "export_design", {"design_id": design_id, "format": "step"}),
                ("export stl (made)", "export_design", {"design_id": design_id, "format": "stl"}),
                ("plan language", "get_plan_language", {}),
            ):
                elapsed, result = await timed(lambda t=tool, a=arguments: client.call_tool(t, a))
                times.setdefault(name, []).append(elapsed)
                sizes[name] = len(json.dumps(result.model_dump(mode="json")))
    print(f"\n{label}")
    for name, values in times.items():
        size = f"  answer {sizes[name]:>7,} bytes" if name in sizes else ""
        print(f"  {name:<20} median {statistics.median(values) * 1000:8.1f} ms{size}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_listening(port: int, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"nothing listens on port {port} after {timeout_s} s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-mcp-"))
    stdio = StdioServerParameters(command=CLI, args=["mcp", "--root", str(root / "stdio")])
    asyncio.run(session(stdio, args.repeat, "stdio (a new server process per connection)"))
    port = free_port()
    server = subprocess.Popen(
        [CLI, "mcp", "--http", str(port), "--root", str(root / "http")], stderr=subprocess.DEVNULL
    )
    try:
        wait_listening(port)
        asyncio.run(session(f"http://127.0.0.1:{port}/mcp", args.repeat, "streamable HTTP (one server)"))
    finally:
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    main()
