"""`ai-designer mcp --http PORT`: a real server process, the MCP SDK's client over streamable HTTP."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from mcp import Client

from helpers.mcp_scenario import design_round_trip, server_env
from helpers.redis_server import free_port
from helpers.served import served as running

pytestmark = [pytest.mark.freecad, pytest.mark.timeout(600)]

CLI = str(Path(sys.executable).with_name("ai-designer"))


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/mcp"
    args = [CLI, "mcp", "--http", str(port), "--root", str(tmp_path / "root")]
    with running(args, server_env(tmp_path), tmp_path / "server.log", url, timeout_s=60):
        yield url


async def test_design_refine_export_and_bad_plans(served: str, tmp_path: Path) -> None:
    async with Client(served) as client:
        await design_round_trip(client, tmp_path)


def test_foreign_hosts_are_refused(served: str) -> None:
    """DNS-rebinding protection: a page on another origin cannot drive the local server."""
    answer = httpx.post(
        served,
        headers={"Host": "evil.example", "Content-Type": "application/json"},
        json={"jsonrpc": "2.0", "id": 1, "method": "ping"},
        timeout=10,
    )
    assert answer.status_code in (400, 403, 421)
