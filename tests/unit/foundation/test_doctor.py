"""`ai-designer doctor` exit codes, run as a user would (a subprocess)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CLI = [sys.executable, "-m", "ai_designer"]


def _doctor(env_overrides: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    env.update(env_overrides)
    env["COLUMNS"] = "200"
    return subprocess.run([*CLI, "doctor"], env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.mark.freecad
def test_doctor_passes_on_a_working_install(tmp_path: Path) -> None:
    proc = _doctor(
        {"OUTPUT_DIR": str(tmp_path / "out"), "OPENAI_API_KEY": "sk-doctor-test-not-a-real-key-123"}, tmp_path
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0.20" in proc.stdout or "1." in proc.stdout
    assert "openai" in proc.stdout
    assert "sk-doctor-test" not in proc.stdout + proc.stderr


def test_doctor_fails_when_freecad_is_missing(tmp_path: Path) -> None:
    proc = _doctor({"FREECAD_PATH": str(tmp_path / "no-freecad"), "OUTPUT_DIR": str(tmp_path)}, tmp_path)
    assert proc.returncode == 1
    assert "MISSING" in proc.stdout
    assert "FREECAD_PATH" in proc.stdout


def test_doctor_fails_when_output_dir_is_not_writable(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    proc = _doctor({"OUTPUT_DIR": str(blocker / "sub")}, tmp_path)
    assert proc.returncode == 1
    assert "OUTPUT_DIR" in proc.stdout


def test_doctor_fails_when_redis_is_configured_but_down(tmp_path: Path) -> None:
    proc = _doctor({"REDIS_URL": "redis://127.0.0.1:1/0", "OUTPUT_DIR": str(tmp_path)}, tmp_path)
    assert proc.returncode == 1
    assert "Redis" in proc.stdout


@pytest.mark.freecad
def test_doctor_reports_the_sandbox(tmp_path: Path) -> None:
    proc = _doctor({"OUTPUT_DIR": str(tmp_path / "out")}, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for name in ("Sandbox: namespaces", "Sandbox: seccomp", "Sandbox: Landlock", "Sandbox: job limits"):
        assert name in proc.stdout
    assert "bubblewrap works" in proc.stdout


@pytest.mark.freecad
def test_doctor_says_the_landlock_mode_is_weaker(tmp_path: Path) -> None:
    proc = _doctor({"OUTPUT_DIR": str(tmp_path / "out"), "FREECAD_SANDBOX": "landlock"}, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "weaker" in proc.stdout
