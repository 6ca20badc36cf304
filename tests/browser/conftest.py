"""Fixtures for the web page's tests: a real `ai-designer serve` and Debian's chromium driven by
Playwright (no browser is downloaded)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright

from helpers.processes import Cluster
from helpers.web_page import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, VIEWPORT, start_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    if shutil.which("freecadcmd") is None:
        pytest.skip("freecadcmd is not installed")
    cluster = start_server(tmp_path_factory.mktemp("serve"))
    yield cluster
    cluster.stop_all()


@pytest.fixture(scope="module")
def browser() -> Iterator[BrowserContext]:
    """Debian's chromium, headless, with a fresh profile."""
    if not CHROMIUM.is_file():
        pytest.skip("chromium is not installed (scripts/install-system-deps.sh installs it)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="ai-designer-chromium-") as profile,
        sync_playwright() as playwright,
    ):
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport=VIEWPORT,  # type: ignore[arg-type]
            accept_downloads=True,
        )
        context.set_default_timeout(15_000)  # designs are waited for with DESIGN_TIMEOUT_MS
        expect.set_options(timeout=15_000)
        yield context
        context.close()


@pytest.fixture
def page(browser: BrowserContext) -> Iterator[Page]:
    """A new tab; any script error on it fails the test."""
    tab = browser.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    tab.close()
    assert not errors, errors
