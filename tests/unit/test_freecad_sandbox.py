"""Host-side pieces of the FreeCAD engine that need no FreeCAD: environment, capture, job files, text."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from ai_designer.errors import FreeCADError
from ai_designer.freecad import jobfiles
from ai_designer.freecad.capture import OutputCapture, clean_output
from ai_designer.freecad.job_folder import FolderLimits
from ai_designer.freecad.protocol import ModelOutcome, ProtocolError, parse_message
from ai_designer.freecad.publish import publish_all
from ai_designer.freecad.runner import normalize_formats
from ai_designer.freecad.sandbox import WorkerStage, bwrap_argv
from ai_designer.freecad.sandbox_env import make_private_dir, worker_environment
from ai_designer.freecad.text import clean_result, strip_controls
from ai_designer.schemas.execution import ExecutionResult, ObjectInfo

MARKER = b"\n--start--\n"


def test_environment_is_built_not_filtered(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "OPENAI_API_KEY": "sk-secret",  # pragma: allowlist secret
        "REDIS_URL": "redis://:pw@host",
        "LC_ALL": "C.UTF-8",
        "LC_SECRET": "x",
        "PYTHONPATH": "/somewhere",
        "PATH": "/root/.local/bin:/usr/bin",
    }.items():
        monkeypatch.setenv(name, value)
    env = worker_environment("/job", 7, "model")
    assert env["PATH"] == "/usr/bin:/bin"
    assert env["HOME"] == env["FREECAD_USER_HOME"] == "/job"
    assert env["TMPDIR"] == "/job/tmp"
    assert env["LANG"] == "C.UTF-8"
    assert env["AI_DESIGNER_WORKER_FD"] == "7"
    assert env["AI_DESIGNER_WORKER_ROLE"] == "model"
    assert not any(name.startswith("LC_") for name in env)
    assert not {"OPENAI_API_KEY", "REDIS_URL", "PYTHONPATH", "LD_LIBRARY_PATH"} & set(env)
    assert worker_environment("/job", 7, "measure", "/opt/lib")["LD_LIBRARY_PATH"] == "/opt/lib"


def test_private_dir_is_owner_only(tmp_path: Path) -> None:
    private = make_private_dir(tmp_path)
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    assert {p.name for p in private.iterdir()} == {"tmp", "in", "out"}


def test_bwrap_command_isolates_everything(tmp_path: Path) -> None:
    stage = WorkerStage(tmp_path)
    try:
        argv = bwrap_argv("/usr/bin/bwrap", Path("/usr/lib/freecad/bin/freecadcmd"), stage, tmp_path / "job")
        assert stat.S_IMODE(stage.package.stat().st_mode) == 0o755
        assert "sandbox:x:1000" in (stage.root / "etc" / "passwd").read_text()
    finally:
        stage.close()
    for flag in ("--unshare-all", "--die-with-parent", "--new-session"):
        assert flag in argv
    assert argv[argv.index("--cap-drop") + 1] == "ALL"
    assert argv[argv.index("--bind") + 1 : argv.index("--bind") + 3] == [str(tmp_path / "job"), "/job"]
    assert argv.count("--bind") == 1  # the one writable place
    assert "--share-net" not in argv
    assert argv[argv.index("--") - 2 : argv.index("--")] == ["--remount-ro", "/"]
    assert not any(part.startswith(str(Path.home())) for part in argv)


def test_the_model_folder_is_a_capped_tmpfs_not_a_host_folder(tmp_path: Path) -> None:
    stage = WorkerStage(tmp_path)
    limits = FolderLimits(max_bytes=64 << 20, max_files=100)
    try:
        argv = bwrap_argv("/usr/bin/bwrap", Path("/usr/bin/freecadcmd"), stage, tmp_path / "job", limits)
    finally:
        stage.close()
    assert "--bind" not in argv  # nothing of the host is writable
    tmpfs = argv.index("--tmpfs")
    assert argv[tmpfs + 1] == "/job"
    assert argv[tmpfs - 2 : tmpfs] == ["--size", str(limits.tmpfs_bytes)]
    assert limits.max_bytes < limits.tmpfs_bytes <= limits.max_bytes + (1 << 20)
    for name in ("tmp", "in", "out"):
        assert f"/job/{name}" in argv


def _capture(payload: bytes, limit: int) -> OutputCapture:
    read, write = os.pipe()
    capture = OutputCapture(read, limit, MARKER)
    os.write(write, payload)
    os.close(write)
    capture.join(5)
    return capture


def test_capture_drops_startup_output_and_bounds_the_rest() -> None:
    capture = _capture(b"startup noise\n" + MARKER + b"A" * 5000 + b"B" * 5000, 1000)
    text, truncated = capture.text()
    assert truncated
    assert "startup" not in text
    assert text.startswith("A" * 500)
    assert text.endswith("B" * 500)
    assert "[9000 bytes truncated]" in text


def test_capture_keeps_a_startup_tail_when_the_job_never_started() -> None:
    capture = _capture(b"x" * 10000 + b"ImportError: no FreeCAD", 1000)
    assert capture.text() == ("", False)
    assert capture.startup_tail().endswith("ImportError: no FreeCAD")


def test_clean_output_removes_progress_escapes_and_every_control_character() -> None:
    noisy = "hello\nRecompute......\n\t\t\t(50 %)\t\r\t\t(100 %)\t\r\t\t\t\r\x1b[32;1mdone\x1b[0m\n"
    assert clean_output(noisy) == "hello\ndone\n"
    hostile = "a\x1b]0;pwned title\x07b\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\c\x9b2Jd\x07\x08\x7f\x00e"
    assert strip_controls(hostile) == "ablinkcde"
    assert strip_controls("safe\u202egnp.exe\u2066\u2028x\tkept\n") == "safegnp.exex\tkept\n"


@pytest.mark.timeout(60)
@pytest.mark.parametrize("run", ["\t" * 256_000, "\t\r" * 128_000, "(\t" * 128_000, " \t" * 128_000])
def test_cleaning_output_takes_time_linear_in_its_length(run: str) -> None:
    # A job chooses its output: a regular expression that looked for a progress marker from every
    # tab of a long run took minutes of the service's time on one printed line (quadratic).
    cleaned = clean_output("a" + run + "(50 %)\t\tz")
    assert cleaned.startswith("a") and cleaned.endswith("z") and "%" not in cleaned


def test_results_are_cleaned_except_paths() -> None:
    result = ExecutionResult(
        job_id="j",
        ok=False,
        error="\x1b]52;c;cGF5bG9hZA==\x07boom",
        stdout="\x1b[2Jcleared",
        warnings=["w\x1bc"],
        artifacts={"step": "/tmp/out\x01/model.step"},
    )
    cleaned = clean_result(result)
    assert (cleaned.error, cleaned.stdout, cleaned.warnings) == ("boom", "cleared", ["w"])
    assert cleaned.artifacts == result.artifacts


def test_job_text_outside_its_output_streams_is_one_line() -> None:
    forged = "x\n:white_check_mark: all checks passed\t[bold]ok"
    result = ExecutionResult(
        job_id="j",
        ok=False,
        error=f"1 feature(s) failed to recompute: {forged} (Part::Box)",
        warnings=[forged],
        objects=[ObjectInfo(name="Box", label=forged, type_id="Part::Box", document="Model")],
        stdout="line 1\nline 2\n",
        traceback="Traceback:\n  File ...\n",
    )
    cleaned = clean_result(result)
    one_line = "x :white_check_mark: all checks passed [bold]ok"
    assert cleaned.error == f"1 feature(s) failed to recompute: {one_line} (Part::Box)"
    assert cleaned.warnings == [one_line] and cleaned.objects[0].label == one_line
    assert (cleaned.stdout, cleaned.traceback) == (result.stdout, result.traceback)


def test_publish_copies_files_atomically_and_only_by_name(tmp_path: Path) -> None:
    source = tmp_path / "job"
    source.mkdir()
    (source / "model.step").write_text("step")
    out = tmp_path / "out" / "nested"
    published = publish_all({"step": "../../model.step"}, source, out, 1000)
    assert published == {"step": str(out.resolve() / "model.step")}
    assert (out / "model.step").read_text() == "step"
    assert (source / "model.step").exists()  # copied, never moved out of the job folder
    assert [p.name for p in out.iterdir()] == ["model.step"]  # no staging file left behind


@pytest.fixture
def job_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "job"
    folder.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("the provider key")
    (folder / "link.FCStd").symlink_to(secret)
    (folder / "proc.FCStd").symlink_to("/proc/self/environ")
    os.link(secret, folder / "hard.FCStd")
    os.mkfifo(folder / "fifo.FCStd")
    (folder / "big.FCStd").write_bytes(b"x" * 2000)
    (folder / "ok.FCStd").write_bytes(b"fine")
    (folder / "bad.json").write_text("[" * 100_000)
    (folder / "sub").symlink_to(tmp_path)
    return folder


@pytest.mark.parametrize("name", ["link.FCStd", "proc.FCStd", "hard.FCStd", "fifo.FCStd", "big.FCStd"])
def test_job_files_refuse_links_special_files_and_oversize(job_dir: Path, name: str) -> None:
    fd = jobfiles.open_dir(job_dir)
    try:
        with pytest.raises(jobfiles.JobFileError):
            jobfiles.read_bytes(fd, name, 1000)
        assert jobfiles.read_bytes(fd, "ok.FCStd", 1000) == b"fine"
    finally:
        os.close(fd)


def test_job_folders_are_walked_without_following_links(job_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(jobfiles.JobFileError, match="not a plain folder"):
        jobfiles.open_dir(job_dir, "sub")
    with pytest.raises(jobfiles.JobFileError):
        jobfiles.open_dir(job_dir, "..")
    fd = jobfiles.open_dir(job_dir)
    try:
        names = jobfiles.list_names(fd, __import__("re").compile(r"\w+\.FCStd"), 10)
        assert "ok.FCStd" in names
        with pytest.raises(jobfiles.JobFileError):
            jobfiles.list_names(fd, __import__("re").compile(r".*"), 2)
        with pytest.raises(jobfiles.JobFileError, match="JSON"):
            jobfiles.read_json(fd, "bad.json", 1_000_000)
        (job_dir / "inf.json").write_text('{"script_s": -Infinity}')
        with pytest.raises(jobfiles.JobFileError, match="JSON"):
            jobfiles.read_json(fd, "inf.json", 1_000_000)
        target = jobfiles.open_dir(tmp_path)
        try:
            (tmp_path / "taken").write_text("mine")
            with pytest.raises(FileExistsError):  # never over an existing file (or link)
                jobfiles.copy_file(fd, "ok.FCStd", target, "taken", 1000)
            assert (tmp_path / "taken").read_text() == "mine"
        finally:
            os.close(target)
    finally:
        os.close(fd)


def test_control_messages_are_bounded_and_typed() -> None:
    assert parse_message(b'{"event": "done"}') == {"event": "done"}
    for line in (
        b"not json",
        b"[1]",
        b'{"no": "event"}',
        b"[" * 100_000,
        b'{"event": "' + b"x" * 300_000 + b'"}',
        b'{"event": "done", "outcome": {"ok": true, "script_s": Infinity}}',  # not JSON, not a time
        b'{"event": "done", "outcome": {"ok": true, "script_s": NaN}}',
    ):
        with pytest.raises(ProtocolError):
            parse_message(line)
    with pytest.raises(ValueError):
        ModelOutcome.model_validate({"ok": True, "final_shape": {"volume": 1}})  # no measurements from it
    assert ModelOutcome.model_validate(json.loads('{"ok": false, "error_kind": "exception"}')).ok is False


def test_formats_are_normalized() -> None:
    assert normalize_formats(["PNG", "stp", " fcstd ", "", "step"]) == ["fcstd", "step", "png"]
    with pytest.raises(FreeCADError, match="wrl"):
        normalize_formats(["wrl"])


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
