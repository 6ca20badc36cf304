"""Throughput of the Redis job queue with 1 worker, then 2: designs per second, end to end.

Starts a real redis-server, `ai-designer serve` (enqueue only) and N `ai-designer worker`
processes on loopback, submits the same batch of offline designs (small cubes, BREP only)
for each N, waits until every one has completed, and prints designs/s and the speed-up.
Every worker runs one design at a time (WORKER_CONCURRENCY=1) and one FreeCAD process.
On a 2-core machine shared with other work, 2 workers cannot double the rate.

Usage: .venv/bin/python benchmarks/queue_throughput.py [--designs 40] [--concurrency 1]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from helpers.api_support import wait_until
from helpers.processes import Cluster, process_env
from helpers.redis_server import RedisServer


def run(workers: int, designs: int, concurrency: int, root: Path) -> float:
    """Designs per second with ``workers`` worker processes."""
    redis = RedisServer(root / "redis")
    redis.start()
    cluster = Cluster(
        root,
        process_env(root, REDIS_URL=redis.url, WORKER_CONCURRENCY=str(concurrency), QUEUE_MAX_DEPTH="1000"),
    )
    try:
        cluster.serve()
        for n in range(workers):
            cluster.worker(f"worker-{n}")
        started = time.monotonic()
        for n in range(designs):
            cluster.submit(f"a {10 + n % 20} mm cube", formats=["brep"])

        def done() -> bool:
            page = httpx.get(f"{cluster.base}/api/v1/designs", params={"limit": 100}, timeout=10).json()
            return sum(d["status"] == "completed" for d in page["designs"]) >= min(designs, 100)

        wait_until(done, 1200, 0.25)
        return designs / (time.monotonic() - started)
    finally:
        cluster.stop_all()
        redis.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--designs", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=1)
    args = parser.parse_args()
    rates: dict[int, float] = {}
    for workers in (1, 2):
        with tempfile.TemporaryDirectory(prefix="ai-designer-bench-") as tmp:
            rates[workers] = run(workers, min(args.designs, 100), args.concurrency, Path(tmp))
        print(f"{workers} worker(s): {rates[workers]:.2f} designs/s ({args.designs} designs)", flush=True)
    print(f"speed-up with 2 workers: {rates[2] / rates[1]:.2f}x")


if __name__ == "__main__":
    main()
