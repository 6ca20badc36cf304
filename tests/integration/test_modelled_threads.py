"""Modelled threads built in real FreeCAD through the CLI: a sentence and a plan, the volume within 0.5%
of the hand computation, the box, a valid solid, one solid back from the STEP file, and the thread
recorded in the FCStd with its numbers bound to the spreadsheet, staying at its end of a resized shaft."""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ai_designer.cad.threads import ThreadGroove
from ai_designer.errors import FreeCADError
from ai_designer.freecad.path_resolver import find_freecad
from helpers.cli import cli

pytestmark = pytest.mark.freecad

READ = """
import json, os
import FreeCAD as App
import Part
folder = os.environ['THREAD_DIR']
back = Part.read(os.path.join(folder, 'model.step'))
doc = App.openDocument(os.path.join(folder, 'model.FCStd'))
found = [
    {'thread': o.Thread, 'nominal': o.ThreadNominal.Value, 'pitch': o.ThreadPitch.Value,
     'length': o.ThreadLength.Value, 'bound': sorted(path for path, _ in o.ExpressionEngine)}
    for o in doc.Objects if 'Thread' in o.PropertiesList
]
sheet = doc.getObject('Parameters')
sheet.set(sheet.getCellFromAlias('shaft_height'), '50')
doc.recompute()
longer = [o.Shape.Volume for o in doc.Objects if 'Thread' in o.PropertiesList]
json.dump({'step_solids': len(back.Solids), 'step_valid': back.isValid(), 'step_volume': back.Volume,
           'found': found, 'longer': longer}, open(os.path.join(folder, 'out.json'), 'w'))
"""


def _freecad() -> Path:
    try:
        return find_freecad(probe_version=False).executable
    except FreeCADError:
        pytest.skip("freecadcmd is not installed")


def _read_back(freecad: Path, out: Path, home: Path) -> dict[str, Any]:
    (out / "read.py").write_text(READ)
    env = {"THREAD_DIR": str(out), "PATH": "/usr/bin:/bin", "HOME": str(home)}
    subprocess.run([str(freecad), str(out / "read.py")], env=env, cwd=out, capture_output=True, timeout=300)
    result: dict[str, Any] = json.loads((out / "out.json").read_text())
    return result


def _shape(out: Path) -> dict[str, Any]:
    report = json.loads((out / "report.json").read_text())
    assert report["summary"]["status"] == "completed"
    shape: dict[str, Any] = report["state"]["execution"]["final_shape"]
    return shape


def test_a_sentence_builds_a_modelled_m10_thread(tmp_path: Path) -> None:
    freecad = _freecad()
    out = tmp_path / "stud"
    prompt = "a 10 mm shaft 40 mm long with a modelled M10 thread 20 mm long at the top"
    done = cli(tmp_path, "design", prompt, "--out", str(out), timeout=300)
    assert done.returncode == 0, done.stderr
    assert (out / "model.step").is_file()
    shape = _shape(out)
    hand = math.pi * 25 * 40 - ThreadGroove(10, 1.5).removed_volume(20)  # 2871.08 mm3
    assert shape["volume"] == pytest.approx(hand, rel=0.005)
    assert shape["volume"] < math.pi * 25 * 40 - 0.9 * ThreadGroove(10, 1.5).removed_volume(20)
    assert shape["is_valid"] and shape["solids"] == 1
    assert shape["bbox"]["size"] == pytest.approx([10, 10, 40], abs=0.01)
    measured = _read_back(freecad, out, tmp_path)
    assert measured["step_solids"] == 1 and measured["step_valid"]
    assert measured["step_volume"] == pytest.approx(hand, rel=0.005)
    [thread] = measured["found"]
    assert (thread["thread"], thread["nominal"], thread["pitch"], thread["length"]) == (
        "M10x1.5",
        10,
        1.5,
        20,
    )
    assert {"ThreadNominal", "ThreadPitch", "ThreadLength"} <= set(thread["bound"])
    # a 10 mm longer shaft in the spreadsheet: the thread stays at the top, 10 mm of plain shaft more
    assert measured["longer"] == [pytest.approx(hand + math.pi * 25 * 10, rel=1e-4)]


def test_a_plan_threads_the_bottom_of_a_shaft_along_x(tmp_path: Path) -> None:
    _freecad()
    plan = {
        "title": "threaded bar",
        "nodes": [
            {"id": "bar", "operation": {"op": "cylinder", "radius": 4, "height": 30, "axis": "x",
                                        "placement": {"offset": [5, 10, 20]}}},
            {"id": "thread", "operation": {"op": "thread", "target": "bar", "nominal": 8, "pitch": 1.25,
                                           "length": 12, "end": "bottom"}},
        ],
    }  # fmt: skip
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    out = tmp_path / "bar"
    done = cli(tmp_path, "design", "--plan", str(tmp_path / "plan.json"), "--out", str(out), timeout=300)
    assert done.returncode == 0, done.stderr
    shape = _shape(out)
    hand = math.pi * 16 * 30 - ThreadGroove(8, 1.25).removed_volume(12)  # 1401.53 mm3
    assert shape["volume"] == pytest.approx(hand, rel=0.005)
    assert shape["bbox"]["min"] == pytest.approx([5, 6, 16], abs=0.01)
    assert shape["bbox"]["size"] == pytest.approx([30, 8, 8], abs=0.01)


def test_a_bolt_fuses_a_hex_head_with_a_threaded_shank(tmp_path: Path) -> None:
    _freecad()
    plan = {
        "title": "bolt",
        "nodes": [
            {"id": "head", "operation": {"op": "prism", "sides": 6, "circumradius": 8, "height": 5}},
            {"id": "shank", "operation": {"op": "cylinder", "radius": 4, "height": 30,
                                          "placement": {"relative_to": "head", "relation": "on_top_of"}}},
            {"id": "thread", "operation": {"op": "thread", "target": "shank", "nominal": 8, "pitch": 1.25,
                                           "length": 16}},
            {"id": "bolt", "operation": {"op": "boolean", "operation": "union",
                                         "operands": ["head", "thread"]}},
        ],
    }  # fmt: skip
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    out = tmp_path / "bolt"
    done = cli(tmp_path, "design", "--plan", str(tmp_path / "plan.json"), "--out", str(out), timeout=300)
    assert done.returncode == 0, done.stderr
    shape = _shape(out)
    head = 3 * math.sqrt(3) / 2 * 64 * 5
    hand = head + math.pi * 16 * 30 - ThreadGroove(8, 1.25).removed_volume(16)
    assert shape["volume"] == pytest.approx(hand, rel=0.005)
    assert shape["is_valid"] and shape["solids"] == 1
    assert shape["bbox"]["size"][2] == pytest.approx(35, abs=0.01)
