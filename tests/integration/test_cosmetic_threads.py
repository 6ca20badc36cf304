"""A tapped hole is built at its tap drill, and the saved model.FCStd records its thread: designation,
nominal diameter and pitch on the cut, bound to the spreadsheet (the real CLI, then freecadcmd)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from ai_designer.errors import FreeCADError
from ai_designer.freecad.path_resolver import find_freecad
from helpers.cli import cli

pytestmark = pytest.mark.freecad

READ = """
import json, os
import FreeCAD as App
folder = os.environ['THREAD_DIR']
doc = App.openDocument(os.path.join(folder, 'model.FCStd'))
found = [
    {'name': o.Name, 'thread': o.Thread, 'nominal': o.ThreadNominal.Value, 'pitch': o.ThreadPitch.Value,
     'bound': sorted(path for path, _ in o.ExpressionEngine)}
    for o in doc.Objects if 'Thread' in o.PropertiesList
]
sheet = doc.getObject('Parameters')
sheet.set(sheet.getCellFromAlias('holes_thread_nominal'), '6')
doc.recompute()
after = [o.ThreadNominal.Value for o in doc.Objects if 'Thread' in o.PropertiesList]
json.dump({'found': found, 'after': after}, open(os.path.join(folder, 'out.json'), 'w'))
"""


def test_tapped_holes_record_their_thread_in_the_model(tmp_path: Path) -> None:
    try:
        freecad = find_freecad(probe_version=False).executable
    except FreeCADError:
        pytest.skip("freecadcmd is not installed")
    out = tmp_path / "plate"
    prompt = "a 60 x 40 x 8 mm plate with four M5 tapped holes 6 mm from the corners"
    done = cli(tmp_path, "design", prompt, "--out", str(out))
    assert done.returncode == 0, done.stderr
    report = json.loads((out / "report.json").read_text())
    assert report["summary"]["status"] == "completed"
    holes = report["state"]["execution"]["final_shape"]["holes"]
    assert sorted(round(h["diameter"], 3) for h in holes) == [4.2] * 4  # the tap drill
    (out / "read.py").write_text(READ)
    subprocess.run(
        [str(freecad), str(out / "read.py")],
        env={"THREAD_DIR": str(out), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        cwd=out,
        capture_output=True,
        timeout=300,
        check=False,
    )
    measured = json.loads((out / "out.json").read_text())
    assert len(measured["found"]) == 1
    thread = measured["found"][0]
    assert (thread["thread"], thread["nominal"], thread["pitch"]) == ("M5x0.8", 5.0, 0.8)
    assert {"ThreadNominal", "ThreadPitch"} <= set(thread["bound"])
    assert measured["after"] == [6.0]
