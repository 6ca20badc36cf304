"""The main job as a user meets it: `ai-designer` as a subprocess, real FreeCAD, no LLM."""

from __future__ import annotations

import json
import os
import signal
import struct
import subprocess
import time
from pathlib import Path

import pytest

from helpers.cli import CLI, cli, cli_env
from helpers.freecad_probe import measure_step
from helpers.mcp_scenario import BAD_GRAPH_PLAN, PLATE_PLAN, plate_volume

pytestmark = pytest.mark.freecad


def test_design_writes_every_file_and_a_report(tmp_path: Path) -> None:
    out = tmp_path / "plate"
    proc = cli(
        tmp_path, "design", "a 50x50x5 mm plate with a 10 mm hole through the center", "--out", str(out)
    )
    assert proc.returncode == 0, proc.stderr
    for name in (
        "model.FCStd",
        "model.step",
        "model.stl",
        "model.brep",
        "model.py",
        "report.json",
        "state.json",
    ):
        assert (out / name).is_file(), name
    assert list(out.glob("preview_*.png"))
    assert "completed" in proc.stdout
    assert "50 x 50 x 5 mm" in proc.stdout
    report = json.loads((out / "report.json").read_text())
    summary = report["summary"]
    assert summary["status"] == "completed"
    assert summary["planner"] == "local"
    assert summary["checks_passed"] == summary["checks_total"] > 0
    assert report["state"]["task_graph"]["nodes"]
    m = measure_step(out / "model.step")
    assert m["volume"] == pytest.approx(50 * 50 * 5 - 3.14159265 * 25 * 5, rel=1e-3)
    assert (m["x"], m["y"], m["z"]) == pytest.approx((50, 50, 5), abs=0.01)
    assert not list(out.rglob("*.tmp"))


def test_generated_script_runs_on_its_own(tmp_path: Path) -> None:
    out = tmp_path / "cyl"
    assert (
        cli(
            tmp_path, "design", "a cylinder with diameter 30 mm and height 50 mm", "--out", str(out)
        ).returncode
        == 0
    )
    proc = subprocess.run(["freecadcmd", str(out / "model.py")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


def test_json_output_is_the_report(tmp_path: Path) -> None:
    out = tmp_path / "cube"
    proc = cli(tmp_path, "design", "a 20 mm cube", "--out", str(out), "--json", "--format", "step")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["summary"]["volume_mm3"] == pytest.approx(8000, rel=1e-6)
    assert (out / "model.step").is_file()
    assert not (out / "model.stl").exists()


def test_three_step_refine_keeps_revisions_and_export_works(tmp_path: Path) -> None:
    out = tmp_path / "box"
    assert cli(tmp_path, "design", "a 40 x 20 x 10 mm box", "--out", str(out)).returncode == 0
    steps = [
        "make it 15 mm tall",
        "add a 5 mm hole through the center from top to bottom",
        "make it 60 mm long",
    ]
    for change in steps:
        proc = cli(tmp_path, "refine", str(out), change)
        assert proc.returncode == 0, proc.stderr
    state = json.loads((out / "state.json").read_text())
    assert state["revision"] == 4
    assert [r["request"] for r in state["history"]][1:] == steps[:2]
    for n in (1, 2, 3, 4):
        assert (out / "revisions" / str(n) / "model.step").is_file()
    m = measure_step(out / "model.step")
    assert m["volume"] == pytest.approx(60 * 20 * 15 - 3.14159265 * 2.5**2 * 15, rel=1e-3)
    first = measure_step(out / "revisions" / "1" / "model.step")
    assert first["volume"] == pytest.approx(8000, rel=1e-6)

    target = tmp_path / "exported.stl"
    proc = cli(tmp_path, "export", str(out), "--format", "stl", "--to", str(target))
    assert proc.returncode == 0, proc.stderr
    assert target.stat().st_size > 1000
    show = cli(tmp_path, "show", str(out))
    assert show.returncode == 0
    assert "make it 15 mm tall" in show.stdout
    hist = cli(tmp_path, "history")
    assert "a 40 x 20 x 10 mm box" in hist.stdout


def test_export_of_a_format_that_was_not_written_reruns_the_script(tmp_path: Path) -> None:
    out = tmp_path / "cube"
    assert cli(tmp_path, "design", "a 20 mm cube", "--out", str(out), "--format", "step").returncode == 0
    target = tmp_path / "cube.brep"
    proc = cli(tmp_path, "export", str(out), "--format", "brep", "--to", str(target))
    assert proc.returncode == 0, proc.stderr
    assert target.read_text().startswith("DBRep_DrawableShape")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["design", "", "--out", "{tmp}/e"], "empty"),
        (["design", "x" * 5000, "--out", "{tmp}/long"], "limit is"),
        (["design", "a 20 mm cube", "--out", "{tmp}/f", "--format", "wrl"], "Unknown format"),
        (["design", "a 20 mm cube", "--out", "{tmp}/file/sub"], "Cannot write"),
        (["refine", "{tmp}", "make it bigger"], "not an ai-designer design"),
        (["refine", "{tmp}/missing", "make it bigger"], "does not exist"),
        (["export", "{tmp}", "--format", "step", "--to", "{tmp}/x.step"], "not an ai-designer design"),
        (["design", "a 20 mm cube", "--out", "{tmp}/p", "--planner", "wizard"], "Unknown planner"),
    ],
)
def test_bad_input_gets_a_clear_error(tmp_path: Path, args: list[str], needle: str) -> None:
    (tmp_path / "file").write_text("a file, not a folder")
    proc = cli(tmp_path, *[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert proc.returncode != 0
    assert needle in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unknown_feature_is_refused_not_guessed(tmp_path: Path) -> None:
    out = tmp_path / "knurl"
    proc = cli(tmp_path, "design", "a 40 mm cube with a knurled grip", "--out", str(out))
    assert proc.returncode == 1
    assert "knurled" in proc.stderr
    assert "LLM" in proc.stderr or "OPENAI_API_KEY" in proc.stderr
    assert not (out / "model.step").exists()


def test_llm_planner_without_a_provider_fails_fast(tmp_path: Path) -> None:
    proc = cli(tmp_path, "design", "a 20 mm cube", "--out", str(tmp_path / "llm"), "--planner", "llm")
    assert proc.returncode == 1
    assert "OPENAI_API_KEY" in proc.stderr


def test_a_design_folder_is_not_overwritten_by_accident(tmp_path: Path) -> None:
    out = tmp_path / "cube"
    assert cli(tmp_path, "design", "a 20 mm cube", "--out", str(out), "--format", "step").returncode == 0
    before = (out / "model.step").read_bytes()
    proc = cli(tmp_path, "design", "a 30 mm cube", "--out", str(out))
    assert proc.returncode == 1
    assert "already holds a design" in proc.stderr
    assert (out / "model.step").read_bytes() == before


def test_failed_refine_keeps_the_previous_revision(tmp_path: Path) -> None:
    out = tmp_path / "cube"
    assert cli(tmp_path, "design", "a 20 mm cube", "--out", str(out), "--format", "step").returncode == 0
    before = (out / "model.step").read_bytes()
    proc = cli(tmp_path, "refine", str(out), "add a dovetail slot along the top")
    assert proc.returncode != 0
    assert (out / "model.step").read_bytes() == before
    state = json.loads((out / "state.json").read_text())
    assert state["history"][0]["status"] == "completed"
    ok = cli(tmp_path, "refine", str(out), "make it 30 mm tall")
    assert ok.returncode == 0, ok.stderr
    assert measure_step(out / "model.step")["z"] == pytest.approx(30, abs=0.01)


def _children(pid: int) -> list[str]:
    proc = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return proc.stdout.split()


def test_ctrl_c_leaves_no_half_written_files(tmp_path: Path) -> None:
    out = tmp_path / "spring"
    prompt = "a helical compression spring: 1 mm wire, 20 mm mean coil diameter, 2 mm pitch, 80 turns"
    proc = subprocess.Popen(
        [CLI, "design", prompt, "--out", str(out)],
        env=cli_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    seen = ""
    while "generator" not in seen:  # FreeCAD is now sweeping 80 coils: many seconds of work
        line = proc.stderr.readline()
        assert line, f"the CLI ended before the executor started: {seen}"
        seen += line
    time.sleep(0.5)
    workers = _children(proc.pid)
    assert workers, "the CLI should have a FreeCAD worker running"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Interrupted" in err
    assert "Traceback" not in err
    assert not (out / "model.step").exists()
    assert not (out / "state.json").exists()
    assert not [p for p in out.rglob("*") if p.name.endswith((".tmp", ".part"))]
    time.sleep(1.0)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()], "FreeCAD processes were left behind"


def test_export_after_a_failed_refine_gives_the_last_good_model(tmp_path: Path) -> None:
    out = tmp_path / "cube"
    assert cli(tmp_path, "design", "a 20 mm cube", "--out", str(out), "--format", "step").returncode == 0
    assert cli(tmp_path, "refine", str(out), "add a dovetail slot along the top").returncode != 0
    target = tmp_path / "cube.step"
    proc = cli(tmp_path, "export", str(out), "--format", "step", "--to", str(target))
    assert proc.returncode == 0, proc.stderr
    assert measure_step(target)["volume"] == pytest.approx(8000, rel=1e-6)


def test_a_killed_run_resumes_from_its_last_finished_stage(tmp_path: Path) -> None:
    out = tmp_path / "spring"
    prompt = "a helical compression spring: 1 mm wire, 20 mm mean coil diameter, 2 mm pitch, 12 turns"
    proc = subprocess.Popen(
        [CLI, "design", prompt, "--out", str(out)],
        env=cli_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert proc.stderr is not None
    seen = ""
    while "generator" not in seen:
        line = proc.stderr.readline()
        assert line, f"the CLI ended before the executor started: {seen}"
        seen += line
    os.killpg(proc.pid, signal.SIGKILL)  # no clean-up at all: as if the machine went down
    proc.wait(timeout=30)
    assert not (out / "state.json").exists()

    resumed = cli(tmp_path, "resume", str(out), "--json")
    assert resumed.returncode == 0, resumed.stderr
    report = json.loads(resumed.stdout)
    assert report["summary"]["status"] == "completed"
    assert report["state"]["timings_s"].get("planner") is not None  # carried over from the first run
    assert "planner" not in resumed.stderr  # the planner did not run again
    assert (out / "model.step").is_file()
    assert not (out / ".run.json").exists()
    again = cli(tmp_path, "resume", str(out))
    assert again.returncode == 1
    assert "no interrupted run" in again.stderr


def _stl_z_values(path: Path) -> list[float]:
    """Z of every vertex of a binary STL."""
    data = path.read_bytes()
    (count,) = struct.unpack_from("<I", data, 80)
    zs = []
    for i in range(count):
        values = struct.unpack_from("<12f", data, 84 + 50 * i)
        zs.extend(values[5::3])
    return zs


def test_export_never_returns_a_file_of_an_older_revision(tmp_path: Path) -> None:
    out = tmp_path / "cube"
    assert cli(tmp_path, "design", "a 20 mm cube", "--out", str(out), "--format", "step").returncode == 0
    assert cli(tmp_path, "export", str(out), "-f", "stl", "--to", str(tmp_path / "r1.stl")).returncode == 0
    assert cli(tmp_path, "refine", str(out), "make it 40 mm tall").returncode == 0
    assert not (out / "model.stl").exists()  # revision 2 wrote step only: the old STL is not current
    proc = cli(tmp_path, "export", str(out), "-f", "stl", "--to", str(tmp_path / "r2.stl"))
    assert proc.returncode == 0, proc.stderr
    zs = _stl_z_values(tmp_path / "r2.stl")
    assert max(zs) - min(zs) == pytest.approx(40, abs=0.01)
    assert (out / "revisions" / "2" / "model.stl").is_file()


def test_force_replaces_the_whole_design(tmp_path: Path) -> None:
    out = tmp_path / "thing"
    assert cli(tmp_path, "design", "a 20 mm cube", "--out", str(out)).returncode == 0
    assert cli(tmp_path, "refine", str(out), "make it 30 mm tall").returncode == 0
    proc = cli(
        tmp_path, "design", "a sphere of diameter 10 mm", "--out", str(out), "--format", "step", "--force"
    )
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir() if p.name.startswith("model.")) == ["model.py", "model.step"]
    assert not list(out.glob("preview_*.png"))
    assert sorted(p.name for p in (out / "revisions").iterdir()) == ["1"]
    assert json.loads((out / "state.json").read_text())["history"] == []


def test_refine_writes_into_the_folder_named_even_after_a_move(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    proc = subprocess.run(
        [CLI, "design", "a 20 mm cube", "--out", "relcube", "--format", "step"],
        cwd=work,
        env=cli_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    moved = tmp_path / "moved"
    (work / "relcube").rename(moved)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = subprocess.run(
        [CLI, "refine", str(moved), "make it 30 mm tall"],
        cwd=elsewhere,
        env=cli_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    assert measure_step(moved / "model.step")["z"] == pytest.approx(30, abs=0.01)
    assert not list(elsewhere.iterdir())
    assert not (work / "relcube").exists()


def test_show_says_why_a_design_failed(tmp_path: Path) -> None:
    out = tmp_path / "bad"
    assert cli(tmp_path, "design", "a flux capacitor", "--out", str(out)).returncode == 1
    proc = cli(tmp_path, "show", str(out))
    assert "flux" in proc.stdout and "why" in proc.stdout


def test_design_from_a_plan_file(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(PLATE_PLAN))
    out = tmp_path / "plate"
    proc = cli(tmp_path, "design", "--plan", str(plan), "--out", str(out), "--format", "step", "--json")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)["summary"]
    assert summary["planner"] == "given" and summary["request"] == "the plan 'mounting plate'"
    measured = measure_step(out / "model.step")
    assert (measured["x"], measured["y"], measured["z"]) == pytest.approx((60, 40, 8), abs=1e-3)
    assert measured["volume"] == pytest.approx(plate_volume(60, 40, 8), rel=1e-4)
    assert summary["volume_mm3"] == pytest.approx(measured["volume"], rel=1e-6)

    plan.write_text(json.dumps(BAD_GRAPH_PLAN))
    bad = cli(tmp_path, "design", "a bad one", "--plan", str(plan), "--out", str(tmp_path / "bad"))
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "The plan has 2 problems" in bad.stderr and "node 'round' (radius)" in bad.stderr
    assert not (tmp_path / "bad").exists()
    neither = cli(tmp_path, "design", "--out", str(tmp_path / "none"))
    assert neither.returncode == 2 and "Say what to make, or give a plan" in neither.stderr
