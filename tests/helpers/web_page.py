"""The web page's tests: a real `ai-designer serve`, Debian's chromium, and screenshots kept for
review under tests/artifacts/web/ (ignored by git)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from helpers.processes import Cluster, process_env

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
#: A laptop screen.
VIEWPORT = {"width": 1366, "height": 768}
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "web"
#: Bounded waits: a design of a plate takes a few seconds here.
DESIGN_TIMEOUT_MS = 90_000


def start_server(tmp_path: Path, **extra: str) -> Cluster:
    """`ai-designer serve` on a free port, designs under tmp_path, no Redis."""
    cluster = Cluster(tmp_path, process_env(tmp_path, **extra))
    cluster.serve()
    return cluster


def shot(page: Page, name: str) -> Path:
    """Save a screenshot of the whole page for review."""
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    print(f"screenshot: {path}")
    return path
