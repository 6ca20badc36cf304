"""A server command run as a real process for a test: started, waited for, stopped with Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from helpers.api_support import wait_until


@contextmanager
def served(
    args: list[str],
    env: dict[str, str],
    log_path: Path,
    ready_url: str,
    is_ready: Callable[[httpx.Response], bool] = lambda _: True,
    timeout_s: float = 90,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``args`` until ``ready_url`` answers (and ``is_ready`` accepts the answer); on the way out,
    interrupt it as Ctrl-C would and wait for it (killing it if it hangs)."""
    with log_path.open("w") as log:
        proc = subprocess.Popen(args, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)

        def ready() -> bool:
            try:
                return is_ready(httpx.get(ready_url, timeout=2))
            except httpx.TransportError:
                assert proc.poll() is None, log_path.read_text()
                return False

        try:
            wait_until(ready, timeout_s=timeout_s, every_s=0.2)
            yield proc
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
