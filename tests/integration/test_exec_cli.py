"""`ai-designer exec` end to end, as a subprocess with a real freecadcmd."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from ai_designer.errors import FreeCADError
from ai_designer.freecad.path_resolver import find_freecad

pytestmark = pytest.mark.freecad

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "scripts"
CLI = Path(sys.executable).with_name("ai-designer")


@pytest.fixture(autouse=True)
def _needs_freecad() -> None:
    try:
        find_freecad(probe_version=False)
    except FreeCADError:
        pytest.skip("freecadcmd is not installed")


def exec_cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), "exec", *map(str, args)], capture_output=True, text=True, timeout=180, cwd=cwd, check=False
    )


def test_exec_writes_files_and_prints_json(tmp_path: Path) -> None:
    out = tmp_path / "model"
    proc = exec_cli(
        CORPUS / "valid" / "box_minus_hole.py",
        "--out",
        out,
        "--format",
        "step,stl,png",
        "--json",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["ok"] is True
    assert result["final_shape"]["volume"] == pytest.approx(40 * 40 * 10 - math.pi * 25 * 10)
    assert result["final_shape"]["through_holes"] == 1
    assert set(result["artifacts"]) == {
        "step",
        "stl",
        "preview_iso",
        "preview_top",
        "preview_front",
        "preview_right",
        "preview_bottom",
        "preview_section",
    }
    assert (out / "model.step").is_file() and (out / "model.stl").is_file()
    assert not (out / "model.FCStd").exists()


def test_exec_prints_a_summary(tmp_path: Path) -> None:
    proc = exec_cli(CORPUS / "valid" / "flange_polar_holes.py", "--out", tmp_path / "flange", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "80 x 80 x 10 mm" in proc.stdout
    assert "through holes: 7" in proc.stdout
    assert "model.FCStd" in proc.stdout and "preview_iso.png" in proc.stdout


def test_rejected_script_lists_violations_and_runs_nothing(tmp_path: Path) -> None:
    out = tmp_path / "never"
    script = CORPUS / "hostile" / "freecad_save_as.py"
    proc = exec_cli(script, "--out", out, cwd=tmp_path)
    assert proc.returncode == 1
    assert "nothing was run" in proc.stderr
    assert "freecad_save_as.py:9:0 `saveAs` is not allowed: remove it" in proc.stderr
    assert not out.exists()


def test_rejected_script_as_json(tmp_path: Path) -> None:
    proc = exec_cli(CORPUS / "hostile" / "import_os.py", "--out", tmp_path / "x", "--json", cwd=tmp_path)
    assert proc.returncode == 1
    payload = json.loads(proc.stdout)
    assert payload["error_kind"] == "rejected"
    assert payload["violations"][0]["rule"] == "import"
    assert payload["violations"][0]["line"] == 3


def test_failing_script_exits_non_zero_with_the_line(tmp_path: Path) -> None:
    script = tmp_path / "broken.py"
    script.write_text("import Part\n\nPart.makeCylinder(-1, 5)\n")
    proc = exec_cli(script, "--out", tmp_path / "out", cwd=tmp_path)
    assert proc.returncode == 1
    assert "failed (exception)" in proc.stdout
    assert "line 3:" in proc.stdout


def test_unknown_format_is_a_clear_error(tmp_path: Path) -> None:
    proc = exec_cli(CORPUS / "valid" / "box.py", "--out", tmp_path / "o", "--format", "wrl", cwd=tmp_path)
    assert proc.returncode == 1
    assert "Unknown export format(s): wrl" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_an_invalid_part_is_refused_without_a_volume(tmp_path: Path) -> None:
    # its volume (12800 mm3) is not the one of its STEP file (19200 mm3): none is printed
    script = tmp_path / "reversed_face.py"
    script.write_text(
        "import Part\n"
        "faces = list(Part.makeBox(60, 40, 8).Faces)\n"
        "faces[5] = faces[5].reversed()\n"
        "Part.show(Part.Solid(Part.Shell(faces)), 'Plate')\n"
    )
    out = tmp_path / "out"
    proc = exec_cli(script, "--out", out, "--format", "step,stl", cwd=tmp_path)
    assert proc.returncode == 1
    assert "failed (invalid_shape)" in proc.stdout and "shape.fix(" in proc.stdout
    assert "volume: " not in proc.stdout and "12,800" not in proc.stdout
    assert not (out / "model.step").exists() and not (out / "model.stl").exists()
