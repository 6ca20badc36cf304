"""An inch design keeps inch values, with units, in its spreadsheet, and editing one in FreeCAD moves
the part: the real CLI builds it, freecadcmd opens the saved model.FCStd and edits the cell."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from ai_designer.errors import FreeCADError
from ai_designer.freecad.path_resolver import find_freecad
from helpers.cli import cli

pytestmark = pytest.mark.freecad

EDIT = """
import json, os
import FreeCAD as App
folder = os.environ['INCH_DIR']
doc = App.openDocument(os.path.join(folder, 'model.FCStd'))
sheet = doc.getObject('Parameters')
cells = {alias: sheet.getContents(sheet.getCellFromAlias(alias)) for alias in ('plate_length',)}
shown = {
    alias: sheet.getContents('B' + sheet.getCellFromAlias(alias)[1:])
    for alias in ('plate_length', 'plate_width', 'hole_diameter')
}
sheet.set('B' + sheet.getCellFromAlias('plate_length')[1:], '3 in')
doc.recompute()
solids = [o for o in doc.Objects if o.TypeId != 'Spreadsheet::Sheet' and o.Visibility and hasattr(o, 'Shape')]
box = solids[-1].Shape.optimalBoundingBox()
json.dump({'cells': cells, 'shown': shown, 'size': [box.XLength, box.YLength, box.ZLength],
           'broken': [o.Name for o in doc.Objects if 'Invalid' in o.State or 'Error' in o.State]},
          open(os.path.join(folder, 'out.json'), 'w'))
"""


def test_an_inch_plate_shows_inches_in_its_spreadsheet_and_follows_an_edit(tmp_path: Path) -> None:
    try:
        freecad = find_freecad(probe_version=False).executable
    except FreeCADError:
        pytest.skip("freecadcmd is not installed")
    out = tmp_path / "plate"
    done = cli(
        tmp_path, "design", "a 2 x 1 x 0.25 inch plate with a 0.25 inch hole in the centre", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    report = json.loads((out / "report.json").read_text())
    assert report["summary"]["status"] == "completed"
    (out / "edit.py").write_text(EDIT)
    subprocess.run(
        [str(freecad), str(out / "edit.py")],
        env={"INCH_DIR": str(out), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        cwd=out,
        capture_output=True,
        timeout=300,
        check=False,
    )
    measured = json.loads((out / "out.json").read_text())
    assert measured["shown"] == {"plate_length": "=2in", "plate_width": "=1in", "hole_diameter": "=0.25in"}
    assert measured["cells"]["plate_length"] == "=B2 / 1mm"
    assert measured["broken"] == []
    assert measured["size"] == pytest.approx([76.2, 25.4, 6.35], abs=1e-6)
