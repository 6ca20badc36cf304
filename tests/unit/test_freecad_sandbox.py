"""Host-side pieces of the FreeCAD engine that need no FreeCAD: environment, capture, publishing."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest

from ai_designer.errors import FreeCADError
from ai_designer.freecad.capture import OutputCapture, clean_output
from ai_designer.freecad.publish import publish_all
from ai_designer.freecad.runner import normalize_formats
from ai_designer.freecad.sandbox_env import make_private_dir, worker_environment
from ai_designer.schemas.execution import ExecutionResult

MARKER = b"\n--start--\n"


def test_environment_keeps_only_the_whitelist(tmp_path: Path) -> None:
    base = {
        "PATH": "/usr/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "HOME": "/home/someone",
        "OPENAI_API_KEY": "sk-secret",  # pragma: allowlist secret
        "FAKE_API_KEY": "x",
        "REDIS_URL": "redis://:pw@host",
        "AWS_SECRET_ACCESS_KEY": "y",
        "PYTHONPATH": "/somewhere",
    }
    env = worker_environment(base, tmp_path, 7)
    assert env["PATH"] == "/usr/bin"
    assert env["LC_ALL"] == "C.UTF-8"
    assert env["HOME"] == str(tmp_path / "home")
    assert env["TMPDIR"] == str(tmp_path / "tmp")
    assert env["AI_DESIGNER_WORKER_FD"] == "7"
    for leaked in ("OPENAI_API_KEY", "FAKE_API_KEY", "REDIS_URL", "AWS_SECRET_ACCESS_KEY", "PYTHONPATH"):
        assert leaked not in env
    assert all(str(tmp_path) in env[k] for k in ("HOME", "TMPDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"))


def test_private_dir_is_owner_only(tmp_path: Path) -> None:
    private = make_private_dir(tmp_path)
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    assert {p.name for p in private.iterdir()} == {"home", "tmp", "job"}


def test_capture_drops_startup_output_and_bounds_the_rest() -> None:
    payload = b"startup noise\n" + MARKER + b"A" * 5000 + b"B" * 5000
    capture = OutputCapture(io.BytesIO(payload), 1000, MARKER)
    capture.join(5)
    text, truncated = capture.text()
    assert truncated
    assert "startup" not in text
    assert text.startswith("A" * 500)
    assert text.endswith("B" * 500)
    assert "[9000 bytes truncated]" in text


def test_capture_keeps_a_startup_tail_when_the_job_never_started() -> None:
    capture = OutputCapture(io.BytesIO(b"x" * 10000 + b"ImportError: no FreeCAD"), 1000, MARKER)
    capture.join(5)
    assert capture.text() == ("", False)
    assert capture.startup_tail().endswith("ImportError: no FreeCAD")


def test_clean_output_removes_freecad_progress_and_colours() -> None:
    noisy = "hello\nRecompute......\n\t\t\t(50 %)\t\r\t\t(100 %)\t\r\t\t\t\r\x1b[32;1mdone\x1b[0m\n"
    assert clean_output(noisy) == "hello\ndone\n"


def test_publish_moves_files_atomically_and_only_by_name(tmp_path: Path) -> None:
    source = tmp_path / "job"
    source.mkdir()
    (source / "model.step").write_text("step")
    out = tmp_path / "out" / "nested"
    published = publish_all({"step": "../../model.step"}, source, out)
    assert published == {"step": str(out.resolve() / "model.step")}
    assert (out / "model.step").read_text() == "step"
    assert [p.name for p in out.iterdir()] == ["model.step"]  # no staging file left behind


def test_formats_are_normalized() -> None:
    assert normalize_formats(["PNG", "stp", " fcstd ", "", "step"]) == ["fcstd", "step", "png"]
    with pytest.raises(FreeCADError, match="obj"):
        normalize_formats(["obj"])


def test_execution_result_round_trips_through_json() -> None:
    result = ExecutionResult(
        job_id="j",
        ok=False,
        error="line 3: boom",
        error_kind="exception",
        error_line=3,
        artifacts={"step": "/tmp/model.step"},
        duration_s=0.123456789,
    )
    assert ExecutionResult.model_validate_json(result.model_dump_json()) == result
