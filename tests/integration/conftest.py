"""Fixtures for integration tests: real services started as subprocesses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ai_designer.config import load_settings
from ai_designer.errors import FreeCADError
from ai_designer.freecad.path_resolver import find_freecad
from ai_designer.freecad.runner import FreeCADRunner
from helpers.freecad_batch import BATCH, CaseResult
from helpers.redis_server import RedisServer, redis_server_path


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A real redis-server (no persistence) for the whole session, on a free port."""
    if redis_server_path() is None:
        pytest.skip("redis-server is not installed (Debian/Ubuntu: apt-get install redis-server)")
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def persistent_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A Redis of its own, writing every change to its append-only file (so a restart keeps them)."""
    if redis_server_path() is None:
        pytest.skip("redis-server is not installed (Debian/Ubuntu: apt-get install redis-server)")
    server = RedisServer(tmp_path / "redis", persistent=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The URL of the session's Redis, emptied for this test."""
    redis_server.flush()
    return redis_server.url


@pytest.fixture(scope="session")
def shared_freecad_runner() -> Iterator[FreeCADRunner]:
    """One FreeCAD runner (pre-started worker) shared by the API tests."""
    try:
        engine = FreeCADRunner.from_settings(load_settings())
    except FreeCADError:
        pytest.skip("freecadcmd is not installed")
    with engine:
        assert engine.wait_ready(60), "the FreeCAD worker did not start"
        yield engine


@pytest.fixture(scope="session")
def freecad_batch() -> dict[str, CaseResult]:
    """Every script registered on ``helpers.freecad_batch.BATCH``, run together in ONE freecadcmd."""
    try:
        install = find_freecad(probe_version=False)
    except FreeCADError:
        pytest.skip("freecadcmd is not installed")
    return BATCH.results(install.executable)
