"""Design intent survives editing the saved FCStd: holes measured from the edges stay that far from them.

The compiled script is run in freecadcmd, the document is saved, closed and opened again, the
plate's length cell is changed in the spreadsheet, and after a recompute the hole centres are
measured on the B-rep (the axes of the 5 mm cylindrical faces).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from ai_designer.cad.compiler import compile_graph
from ai_designer.errors import FreeCADError
from ai_designer.freecad.path_resolver import find_freecad
from helpers.task_graphs import graph, node

pytestmark = pytest.mark.freecad

DRIVER = """
import json, os
import FreeCAD as App
folder = os.environ['INTENT_DIR']
exec(compile(open(os.path.join(folder, 'model.py')).read(), 'model.py', 'exec'), {'__name__': 'model'})
doc = App.ActiveDocument
path = os.path.join(folder, 'part.FCStd')
doc.saveAs(path)
App.closeDocument(doc.Name)
doc = App.openDocument(path)
edits = json.load(open(os.path.join(folder, 'edits.json')))
sheet = doc.getObject('Parameters')
for alias, value in edits.items():
    sheet.set(alias, str(value))
doc.recompute()
final = doc.getObject(open(os.path.join(folder, 'final.txt')).read())
centres = sorted({
    (round(f.Surface.Center.x, 6), round(f.Surface.Center.y, 6))
    for f in final.Shape.Faces
    if f.Surface.__class__.__name__ == 'Cylinder' and abs(f.Surface.Radius - 2.5) < 1e-6
})
box = final.Shape.optimalBoundingBox()
json.dump({'centres': centres, 'box': [box.XMin, box.YMin, box.XMax, box.YMax],
           'broken': [o.Name for o in doc.Objects if 'Invalid' in o.State or 'Error' in o.State]},
          open(os.path.join(folder, 'out.json'), 'w'))
"""


def _run(code: str, final: str, edits: dict[str, float], tmp_path: Path) -> dict[str, object]:
    try:
        freecad = find_freecad(probe_version=False).executable
    except FreeCADError:
        pytest.skip("freecadcmd is not installed")
    (tmp_path / "model.py").write_text(code)
    (tmp_path / "final.txt").write_text(final)
    (tmp_path / "edits.json").write_text(json.dumps(edits))
    (tmp_path / "driver.py").write_text(DRIVER)
    subprocess.run(
        [str(freecad), str(tmp_path / "driver.py")],
        env={"INTENT_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        cwd=tmp_path,
        capture_output=True,
        timeout=300,
        check=False,
    )
    out = tmp_path / "out.json"
    assert out.exists(), "freecadcmd wrote no result"
    result: dict[str, object] = json.loads(out.read_text())
    return result


def _flat(pairs: object) -> list[float]:
    assert isinstance(pairs, list)
    return [float(x) for pair in pairs for x in pair]


def test_holes_6_mm_from_the_corners_stay_6_mm_from_them_after_lengthening_the_plate(tmp_path: Path) -> None:
    plan = graph(
        node("plate", "box", length=60, width=40, height=8),
        node("holes", "hole", target="plate", diameter=5,
             from_edges=[{"u": 6, "u_from": "both", "v": 6, "v_from": "both"}]),
    )  # fmt: skip
    compiled = compile_graph(plan)
    assert compiled.parameters["holes_from_edges_u"] == 6 and compiled.parameters["holes_from_edges_v"] == 6
    result = _run(compiled.code, compiled.final_object, {"plate_length": 80}, tmp_path)
    assert result["broken"] == []
    assert result["box"] == pytest.approx([0, 0, 80, 40])
    assert _flat(result["centres"]) == pytest.approx([6, 6, 6, 34, 74, 6, 74, 34])


def test_a_hole_from_the_right_edge_follows_the_right_edge(tmp_path: Path) -> None:
    plan = graph(
        node("plate", "box", length=60, width=40, height=8),
        node("holes", "hole", target="plate", diameter=5,
             from_edges=[{"u": 10, "u_from": "max", "v": 0, "v_from": "centre"}]),
    )  # fmt: skip
    compiled = compile_graph(plan)
    result = _run(
        compiled.code, compiled.final_object, {"plate_length": 100, "holes_from_edges_u": 15}, tmp_path
    )
    assert result["broken"] == []
    assert _flat(result["centres"]) == pytest.approx([85, 20])
