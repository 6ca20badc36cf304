"""The everyday CLI as engineers expect it (issue 18): help, explain, size sanity, folder safety,
mass properties, revert, batch, one error line, whole history lines. Real CLI, real FreeCAD."""

from __future__ import annotations

import json
import math
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
from packaging.version import Version

from helpers.cli import CLI, cli, cli_env
from helpers.freecad_probe import measure_step
from helpers.mcp_scenario import PLATE_PLAN

pytestmark = pytest.mark.freecad

PLATE = "a 60 x 40 x 8 mm mounting plate with four 5 mm holes 6 mm from the corners"
COMMANDS = [
    "design", "refine", "resume", "batch", "explain", "show", "history", "export", "undo", "revert",
    "shell", "exec", "doctor", "serve", "worker", "mcp",
]  # fmt: skip


def test_help_and_version_read_like_other_tools(tmp_path: Path) -> None:
    version = cli(tmp_path, "--version")
    assert version.returncode == 0 and version.stdout.startswith("ai-designer ")
    Version(version.stdout.removeprefix("ai-designer ").strip())  # a PEP 440 version, tag or dev build
    assert cli(tmp_path, "-V").stdout == version.stdout
    top = cli(tmp_path, "-h")
    assert top.returncode == 0 and "Usage: ai-designer [OPTIONS] COMMAND" in top.stdout
    for name in COMMANDS:
        page = cli(tmp_path, name, "-h")
        assert page.returncode == 0, (name, page.stderr)
        assert "Examples:" in page.stdout, name
        assert not re.search(r"<\w[\w ]*>|\{\w+\}", page.stdout), (name, page.stdout)
    design = cli(tmp_path, "design", "--help").stdout
    assert "Usage: ai-designer design [OPTIONS] [PROMPT]" in design
    assert "-o, --out DIR" in design and "--explain" in design
    assert "Usage: ai-designer refine [OPTIONS] DIR CHANGE" in cli(tmp_path, "refine", "-h").stdout
    assert "How many designs to list" in cli(tmp_path, "history", "-h").stdout


def test_explain_reads_the_request_back_and_builds_nothing(tmp_path: Path) -> None:
    out = tmp_path / "never"
    proc = cli(tmp_path, "design", PLATE, "--explain", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "plate: box 60 × 40 × 8 mm" in proc.stdout
    assert "4 × Ø5" in proc.stdout and "at the corners, 6 mm from the edges" in " ".join(proc.stdout.split())
    assert "read as a name: 'mounting'" in proc.stdout
    assert "Nothing was built" in proc.stdout
    assert not out.exists()
    refused = cli(tmp_path, "design", "a 40 mm cube with a knurled grip", "--explain")
    assert refused.returncode == 1 and "knurled" in refused.stderr and not refused.stdout
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(PLATE_PLAN))
    given = cli(tmp_path, "design", "--plan", str(plan), "--explain", "--json")
    assert given.returncode == 0, given.stderr
    assert json.loads(given.stdout)["plan"][0].startswith("plate: box 60 × 40 × 8 mm")


@pytest.mark.parametrize(
    ("prompt", "env", "needles"),
    [
        ("a 0.0001 mm cube", {}, ["only 0.0001 mm along X, Y and Z", "smallest size", "SIZE_MIN_MM"]),
        ("a 20000 x 300 x 300 mm box", {}, ["20,000 mm (20 m) along X", "up to 10,000 mm (10 m)"]),
        (PLATE, {"SIZE_MAX_MM": "50"}, ["60 mm along X", "up to 50 mm", "SIZE_MAX_MM"]),
        ("a 20 mm cube with a 0.005 mm hole through the center", {}, ["0.005 mm", "smallest size"]),
        ("a 0 mm cube", {}, ["positive"]),
        ("a 60 x 40 x 8 mm plate, 10 mm thick", {}, ["'10 mm thick' gives the plate's height a second time"]),
        ("5 mm plate, 10 mm thick", {}, ["'5 mm' could be any size of the plate", "Give each size once"]),
    ],
)
def test_sizes_no_one_means_are_refused_before_building(
    tmp_path: Path, prompt: str, env: dict[str, str], needles: list[str]
) -> None:
    proc = subprocess.run(
        [CLI, "design", prompt, "--explain"],
        capture_output=True,
        text=True,
        env={**cli_env(tmp_path), **env},
        timeout=120,
    )
    assert proc.returncode == 1, proc.stdout
    for needle in needles:
        assert needle in proc.stderr, proc.stderr


def test_the_pipeline_refuses_absurd_sizes_too_and_prints_the_error_once(tmp_path: Path) -> None:
    out = tmp_path / "huge"
    proc = cli(tmp_path, "design", "a 20000 x 300 x 300 mm box", "--out", str(out))
    assert proc.returncode == 1
    assert proc.stderr.count("up to 10,000 mm (10 m)") == 1
    assert "10,000 mm" not in proc.stdout  # the summary on stdout does not repeat the error
    assert "failed" in proc.stdout
    assert not (out / "model.step").exists()


def test_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    hostile = "a 20 mm cube \x1b]0;owned\x07 with \x1b[2J a \x9b31m widget"
    proc = cli(tmp_path, "design", hostile, "--out", str(tmp_path / "x"))
    assert proc.returncode == 1
    for text in (proc.stdout, proc.stderr):
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text), repr(text)


def test_out_refuses_a_folder_holding_other_files(tmp_path: Path) -> None:
    mine = tmp_path / "my-stuff"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    proc = cli(tmp_path, "design", "a 20 mm cube", "--out", str(mine))
    assert proc.returncode == 1
    assert "is not empty (notes.txt) and holds no design" in proc.stderr
    assert "Choose a new or empty folder" in proc.stderr
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]


def test_force_keeps_the_old_design_until_the_new_one_succeeds(tmp_path: Path) -> None:
    out = tmp_path / "cube"
    assert cli(tmp_path, "design", "a 20 mm cube", "--out", str(out), "--format", "step").returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    proc = cli(tmp_path, "design", "a 30 mm cube with a knurled grip", "--out", str(out), "--force")
    assert proc.returncode == 1
    assert f"The design in {out} was not changed" in proc.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["revisions"]
    history = cli(tmp_path, "history").stdout
    assert "knurled" not in history and "a 20 mm cube" in history


def test_report_holds_the_current_revision_and_reads_like_the_models(tmp_path: Path) -> None:
    out = tmp_path / "box"
    assert cli(tmp_path, "design", "a 40 x 20 x 10 mm box", "--out", str(out), "-f", "step").returncode == 0
    first_size = (out / "report.json").stat().st_size
    for change in ("make it 15 mm tall", "make it 50 mm long", "make it 30 mm wide"):
        assert cli(tmp_path, "refine", str(out), change).returncode == 0
    report = json.loads((out / "report.json").read_text())
    assert report["summary"]["revision"] == 4
    assert "history" not in report["state"]
    assert [r["number"] for r in report["revisions"]] == [1, 2, 3]
    for r in report["revisions"]:
        kept = json.loads((out / r["report"]).read_text())
        assert kept["summary"]["revision"] == r["number"]
    assert (out / "report.json").stat().st_size < 1.5 * first_size  # it does not grow with the history
    step_mode = (out / "model.step").stat().st_mode & 0o777
    for name in ("report.json", "state.json", "model.py"):
        assert (out / name).stat().st_mode & 0o777 == step_mode, name


def test_mass_properties_match_a_hand_computation(tmp_path: Path) -> None:
    out = tmp_path / "plate"
    proc = cli(tmp_path, "design", PLATE, "--out", str(out), "-f", "step", "--material", "Aluminum", "--json")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)["summary"]
    volume = 60 * 40 * 8 - 4 * math.pi * 2.5**2 * 8
    mass = summary["mass"]
    assert mass["material"] == "aluminium" and mass["density_g_cm3"] == 2.70
    assert mass["mass_g"] == pytest.approx(volume / 1000 * 2.70, rel=1e-6)
    bbox = json.loads((out / "report.json").read_text())["state"]["execution"]["final_shape"]["bbox"]
    centre = [(a + b) / 2 for a, b in zip(bbox["min"], bbox["max"], strict=True)]  # symmetric holes
    assert mass["center_of_mass_mm"] == pytest.approx(centre, abs=1e-6)
    show = cli(tmp_path, "show", str(out))
    assert f"mass:    {volume / 1000 * 2.70:.3g} g (aluminium, 2.7 g/cm³)" in show.stdout
    assert "plate: box 60 × 40 × 8 mm" in show.stdout and "feature tree" in show.stdout
    steel = cli(tmp_path, "refine", str(out), "make it 10 mm thick", "--material", "steel", "--json")
    steel_volume = 60 * 40 * 10 - 4 * math.pi * 2.5**2 * 10
    assert json.loads(steel.stdout)["summary"]["mass"]["mass_g"] == pytest.approx(steel_volume / 1000 * 7.85)
    unknown = cli(tmp_path, "design", "a 20 mm cube", "--out", str(tmp_path / "u"), "--material", "cheese")
    assert unknown.returncode == 1 and "Unknown material 'cheese'" in unknown.stderr
    assert "aluminium" in unknown.stderr


def test_the_material_a_request_names_gives_the_mass(tmp_path: Path) -> None:
    out = tmp_path / "plate"
    volume = 60 * 40 * 8 - 4 * math.pi * 2.5**2 * 8
    proc = cli(tmp_path, "design", PLATE + ", in brass", "--out", str(out), "-f", "step", "--json")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)["summary"]
    assert summary["material_source"] == "request"
    assert summary["mass"]["material"] == "brass"
    assert summary["mass"]["mass_g"] == pytest.approx(volume / 1000 * 8.50, rel=1e-6)
    show = cli(tmp_path, "show", str(out))
    assert "(brass, 8.5 g/cm³, as requested)" in show.stdout
    changed = cli(tmp_path, "refine", str(out), "make it aluminium", "--json")
    assert changed.returncode == 0, changed.stderr
    summary = json.loads(changed.stdout)["summary"]
    assert summary["revision"] == 2 and summary["volume_mm3"] == pytest.approx(volume, rel=1e-6)
    assert summary["mass"]["mass_g"] == pytest.approx(volume / 1000 * 2.70, rel=1e-6)
    vague = cli(tmp_path, "design", "a 20 mm plastic cube", "--out", str(tmp_path / "v"), "-f", "step")
    assert vague.returncode == 0, vague.stderr
    assert "mass:    not given" in vague.stdout and " g (steel" not in vague.stdout


def test_explain_and_revert_a_saved_design(tmp_path: Path) -> None:
    out = tmp_path / "cube"
    assert cli(tmp_path, "design", "a 20 mm cube", "--out", str(out), "-f", "step").returncode == 0
    for change in ("make it 30 mm tall", "make it 40 mm tall"):
        assert cli(tmp_path, "refine", str(out), change).returncode == 0
    explained = cli(tmp_path, "explain", str(out))
    assert explained.returncode == 0 and "cube: box 20 × 20 × 40 mm" in explained.stdout
    back = cli(tmp_path, "revert", str(out), "--to", "1")
    assert back.returncode == 0, back.stderr
    assert "revision 4" in back.stdout
    assert measure_step(out / "model.step")["z"] == pytest.approx(20, abs=1e-3)
    undone = cli(tmp_path, "undo", str(out))
    assert undone.returncode == 0 and "back to revision 3" in undone.stdout
    assert measure_step(out / "model.step")["z"] == pytest.approx(40, abs=1e-3)
    bad = cli(tmp_path, "revert", str(out), "--to", "9")
    assert bad.returncode == 1
    assert "Revision 9 is not an earlier completed revision" in bad.stderr
    assert "Completed earlier revisions: 1, 2, 3, 4" in bad.stderr


def test_batch_designs_each_line_and_exits_with_the_worst_outcome(tmp_path: Path) -> None:
    requests = tmp_path / "parts.txt"
    requests.write_text(
        "# my parts\na 20 mm cube\n\na flux capacitor\na cylinder 10 mm in diameter, 5 mm tall\n"
    )
    out = tmp_path / "parts"
    proc = cli(tmp_path, "batch", str(requests), "--out", str(out), "-f", "step")
    assert proc.returncode == 1, proc.stderr
    assert "2/3 completed" in proc.stdout
    rows = json.loads((out / "batch.json").read_text())
    assert [r["status"] for r in rows] == ["completed", "failed", "completed"]
    assert "flux" in rows[1]["error"]
    assert measure_step(Path(rows[2]["folder"]) / "model.step")["z"] == pytest.approx(5, abs=1e-3)
    again = cli(tmp_path, "batch", str(requests), "--out", str(out))
    assert again.returncode == 1 and "is not empty" in again.stderr


def test_history_prints_whole_paths_on_narrow_terminals(tmp_path: Path) -> None:
    out = tmp_path / "a-rather-long-folder-name-for-a-part" / "with-a-subfolder-too"
    assert cli(tmp_path, "design", "a 20 mm cube", "--out", str(out), "-f", "step").returncode == 0
    proc = subprocess.run(
        [CLI, "history"],
        capture_output=True,
        text=True,
        env={**cli_env(tmp_path), "COLUMNS": "60"},
        timeout=60,
    )
    lines = [line for line in proc.stdout.splitlines() if "completed" in line]
    assert len(lines) == 1 and str(out) in lines[0]


def test_ctrl_c_never_promises_a_resume_that_cannot_happen(tmp_path: Path) -> None:
    out = tmp_path / "early"
    proc = subprocess.Popen(
        [CLI, "design", "a 30 x 20 x 10 mm box with a 5 mm hole through the center", "--out", str(out)],
        env=cli_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not (out / ".run.json").exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.005)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the design finished before Ctrl-C arrived")
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    if "resume" in err:
        resumed = cli(tmp_path, "resume", str(out))
        assert resumed.returncode == 0, resumed.stderr
    else:
        assert "Nothing was saved" in err
        assert not out.exists()


def test_model_py_run_on_its_own_saves_the_part(tmp_path: Path) -> None:
    out = tmp_path / "cyl"
    assert (
        cli(tmp_path, "design", "a cylinder 30 mm in diameter, 50 mm tall", "--out", str(out)).returncode == 0
    )
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "part.py").write_bytes((out / "model.py").read_bytes())
    proc = subprocess.run(
        ["freecadcmd", str(alone / "part.py")], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert (alone / "part.FCStd").is_file()
    code = (
        "import FreeCAD\n"
        f"doc = FreeCAD.openDocument({str(alone / 'part.FCStd')!r})\n"
        "print('V=%.3f' % max(o.Shape.Volume for o in doc.Objects if hasattr(o, 'Shape')))\n"
    )
    check = subprocess.run(["freecadcmd", "-c", code], capture_output=True, text=True, timeout=120)
    volume = float(next(ln for ln in check.stdout.splitlines() if ln.startswith("V="))[2:])
    assert volume == pytest.approx(math.pi * 15**2 * 50, rel=1e-6)
