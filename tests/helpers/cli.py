"""Running `ai-designer` as a user does: a subprocess, a key-free environment, a history of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CLI = str(Path(sys.executable).with_name("ai-designer"))


def cli_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a CLI run: no provider keys, no .env, history under ``tmp_path``."""
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY") and k != "LLM_API_BASE"}
    env["HISTORY_FILE"] = str(tmp_path / "history.jsonl")
    env["AI_DESIGNER_ENV_FILE"] = os.devnull
    env["COLUMNS"] = "200"
    return env


def cli(
    tmp_path: Path, *args: str, timeout: float = 180, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``ai-designer ARGS`` to its end (``env``: variables set on top of :func:`cli_env`)."""
    return subprocess.run(
        [CLI, *args],
        capture_output=True,
        text=True,
        env={**cli_env(tmp_path), **(env or {})},
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
