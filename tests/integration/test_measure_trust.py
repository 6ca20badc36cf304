"""The trusted measure process against documents an attacker shaped: what it loads and what it reports.

The model script runs with the Python fence lifted (``python_guard=False``), as if it had beaten
the policy: it can hand back any FCStd bytes. The measure process must refuse documents FreeCAD
would crash on before loading them, and what it reports must be the part a FreeCAD user sees in
the document it exports (the visible solids, where their containers put them), which is also
what the STEP file holds when FreeCAD reads it back.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from ai_designer.errors import FreeCADError, FreeCADExecutionError
from ai_designer.freecad.path_resolver import find_freecad
from ai_designer.freecad.runner import FreeCADRunner
from ai_designer.freecad.worker import bounds, docscan, doctypes
from ai_designer.schemas.execution import ExecutionResult

pytestmark = pytest.mark.freecad


@pytest.fixture(scope="module")
def freecad() -> Path:
    try:
        return find_freecad(probe_version=False).executable
    except FreeCADError:
        pytest.skip("freecadcmd is not installed")


@pytest.fixture(scope="module")
def runner(freecad: Path) -> Iterator[FreeCADRunner]:
    with FreeCADRunner(freecad, pool_size=1, timeout_s=60, memory_mb=2048) as engine:
        assert engine.wait_ready(90)
        yield engine


def _run(runner: FreeCADRunner, script: str, out: Path, formats: set[str]) -> ExecutionResult:
    try:
        return runner._execute(script, out, formats, python_guard=False)
    except FreeCADExecutionError as exc:  # a crash of the measure process lands here
        pytest.fail(f"the job did not end with a result: {exc.message} {exc.context.get('error_kind')}")


def _step_geometry(freecad: Path, step: Path) -> dict[str, list[float]]:
    """Volume and bounding box of the STEP file as a separate FreeCAD reads it."""
    code = (
        f"import json, Part; s = Part.read({str(step)!r}); b = s.BoundBox\n"
        "print('GEOMETRY=' + json.dumps({'volume': [s.Volume], 'min': [b.XMin, b.YMin, b.ZMin], "
        "'max': [b.XMax, b.YMax, b.ZMax]}))"
    )
    proc = subprocess.run(
        [str(freecad), "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    match = re.search(r"GEOMETRY=(\{.*\})", proc.stdout)
    assert match, proc.stdout + proc.stderr
    found: dict[str, list[float]] = json.loads(match.group(1))
    return found


def _assert_reported_is(
    freecad: Path, result: ExecutionResult, volume: float, low: list[float], high: list[float]
) -> None:
    """The report and the STEP file both hold this part."""
    assert result.ok and result.final_shape is not None, result.error
    assert result.final_shape.volume == pytest.approx(volume, rel=1e-6)
    assert list(result.final_shape.bbox.min) == pytest.approx(low, abs=1e-3)
    assert list(result.final_shape.bbox.max) == pytest.approx(high, abs=1e-3)
    step = _step_geometry(freecad, Path(result.artifacts["step"]))
    assert step["volume"] == pytest.approx([volume], rel=1e-6)
    assert step["min"] == pytest.approx(low, abs=1e-3)
    assert step["max"] == pytest.approx(high, abs=1e-3)


DONE = (
    "import os, json\n"
    "os.write(int(os.environ['AI_DESIGNER_WORKER_FD']), "
    "(json.dumps({'event': 'done', 'outcome': {'ok': True}}) + '\\n').encode())\n"
    "os._exit(0)\n"
)

# --- type confusion: elements naming a type of another family ------------------------------------

SKETCH_PAD = (
    "import FreeCAD as App, Part, Sketcher, zipfile\n"
    "doc = App.newDocument('Model')\n"
    "sketch = doc.addObject('Sketcher::SketchObject', 'Sketch')\n"
    "corners = [App.Vector(0, 0, 0), App.Vector(30, 0, 0), App.Vector(30, 20, 0), App.Vector(0, 20, 0)]\n"
    "for i in range(4):\n"
    "    sketch.addGeometry(Part.LineSegment(corners[i], corners[(i + 1) % 4]))\n"
    "pad = doc.addObject('Part::Extrusion', 'Pad')\n"
    "pad.Base, pad.Dir, pad.Solid = sketch, App.Vector(0, 0, 5), True\n"
    "doc.recompute()\n"
    "doc.saveAs('tmp/real.FCStd')\n"
    "src = zipfile.ZipFile('tmp/real.FCStd')\n"
    "xml = src.read('Document.xml').decode()\n"
    "assert {old!r} in xml\n"
    "xml = xml.replace({old!r}, {new!r})\n"
    "with zipfile.ZipFile('out/Model.FCStd', 'w') as out:\n"
    "    for member in src.namelist():\n"
    "        out.writestr(member, xml if member == 'Document.xml' else src.read(member))\n"
)
_GEO_EXTENSION = '<GeoExtension type="Sketcher::SketchGeometryExtension"'
_GEOMETRY = 'type="Part::GeomLineSegment"'
CONFUSED = {
    # FreeCAD casts whatever the element names to the class it expects, unchecked: a crash
    "object type as a geometry extension": (_GEO_EXTENSION, '<GeoExtension type="Part::Feature"'),
    "unregistered geometry extension": (_GEO_EXTENSION, '<GeoExtension type="Part::Nothing"'),
    "solver extension (never saved)": (
        _GEO_EXTENSION,
        '<GeoExtension type="Sketcher::SolverGeometryExtension"',
    ),
    "abstract geometry": (_GEOMETRY, 'type="Part::GeomCurve"'),
    "extension as geometry": (_GEOMETRY, 'type="Sketcher::SketchGeometryExtension"'),
    "object type as an extension": ('type="Part::AttachExtension"', 'type="Part::Feature"'),
    "object type as a property": ('type="App::PropertyBool"', 'type="Part::Feature"'),
}


@pytest.mark.parametrize("name", CONFUSED, ids=list(CONFUSED))
def test_elements_naming_a_type_of_another_family_are_refused(
    runner: FreeCADRunner, tmp_path: Path, name: str
) -> None:
    old, new = CONFUSED[name]
    outcome = _run(runner, SKETCH_PAD.format(old=old, new=new) + DONE, tmp_path / "out", {"step", "fcstd"})
    assert not outcome.ok
    assert outcome.error_kind == "exception"
    assert outcome.error is not None and "refused" in outcome.error and new.split('"')[1] in outcome.error
    assert outcome.final_shape is None
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_the_unchanged_sketch_document_is_measured(runner: FreeCADRunner, tmp_path: Path) -> None:
    # the hostile documents above differ from this one by one type name
    old = new = _GEO_EXTENSION
    outcome = _run(runner, SKETCH_PAD.format(old=old, new=new) + DONE, tmp_path / "out", {"step"})
    assert outcome.ok, outcome.error
    assert outcome.final_shape is not None
    assert outcome.final_shape.volume == pytest.approx(30 * 20 * 5)


# --- which solids are the part: what a FreeCAD user sees in the document -------------------------

CUBE = 10.0**3
PLATE = 60.0 * 40.0 * 8.0
DECOY_PLATE = (
    "import FreeCAD as App\n"
    "doc = App.newDocument('Model')\n"
    "cube = doc.addObject('Part::Box', 'Cube')\n"  # 10 mm, visible, the part the document shows
    "plate = doc.addObject('Part::Box', 'Plate')\n"  # the part that was asked for
    "plate.Length, plate.Width, plate.Height = 60, 40, 8\n"
    "plate.Placement.Base = App.Vector(100, 0, 0)\n"
)
DECOYS = {
    # the plate is visible itself but in a hidden container; a hidden compound "uses" the cube
    "hidden part container": (
        "box = doc.addObject('App::Part', 'Hidden')\n"
        "box.addObject(plate)\n"
        "box.Visibility = False\n"
        "shadow = doc.addObject('Part::Compound', 'Shadow')\n"
        "shadow.Links = [cube]\n"
        "shadow.Visibility = False\n",
        CUBE,
        [0, 0, 0],
        [10, 10, 10],
    ),
    "hidden group": (
        "group = doc.addObject('App::DocumentObjectGroup', 'Hidden')\n"
        "group.addObject(plate)\n"
        "group.Visibility = False\n"
        "shadow = doc.addObject('Part::MultiFuse', 'Shadow')\n"
        "shadow.Shapes = [cube, doc.addObject('Part::Sphere', 'Ball')]\n"
        "shadow.Visibility = False\n"
        "doc.Ball.Visibility = False\n",
        CUBE,
        [0, 0, 0],
        [10, 10, 10],
    ),
    # a visible extrusion whose direction reference is an edge of the cube: it is not made from it
    "direction reference": (
        "plate.Visibility = False\n"
        "rod = doc.addObject('Part::Circle', 'Rod')\n"
        "rod.Radius, rod.Placement.Base = 1, App.Vector(20, 0, 0)\n"
        "rod.Visibility = False\n"
        "pin = doc.addObject('Part::Extrusion', 'Pin')\n"
        "pin.Base, pin.Solid, pin.LengthFwd = rod, True, 5\n"
        "pin.DirMode, pin.Dir = 'Custom', App.Vector(0, 0, 1)\n"
        "pin.DirLink = (cube, ['Edge1'])\n",
        CUBE + 5 * math.pi,
        [0, -1, 0],
        [21, 10, 10],
    ),
    # a link property the plate's own feature never reads, added to make the cube look used
    "made-up link property": (
        "plate.addProperty('App::PropertyLink', 'Uses')\nplate.Uses = cube\n",
        CUBE + PLATE,
        [0, 0, 0],
        [160, 40, 10],
    ),
}


@pytest.mark.parametrize("name", DECOYS, ids=list(DECOYS))
def test_the_reported_part_is_the_visible_part(
    runner: FreeCADRunner, freecad: Path, tmp_path: Path, name: str
) -> None:
    lines, volume, low, high = DECOYS[name]
    script = DECOY_PLATE + lines + "doc.recompute()\n"
    _assert_reported_is(freecad, _run(runner, script, tmp_path / "out", {"step"}), volume, low, high)


# --- where containers put their solids -----------------------------------------------------------

PLACED = {
    # an App::Part turned 90 degrees about Z and moved 100 mm along X holds a 10 x 20 x 30 box
    "part container": (
        "box = doc.addObject('Part::Box', 'Box')\n"
        "box.Length, box.Width, box.Height = 10, 20, 30\n"
        "holder.addObject(box)\n"
    ),
    # a PartDesign Body (placed 5 mm up) in it, whose additive box is 10 x 20 x 30
    "body in a part container": (
        "body = doc.addObject('PartDesign::Body', 'Body')\n"
        "holder.addObject(body)\n"
        "body.Placement.Base = App.Vector(0, 0, 5)\n"
        "block = body.newObject('PartDesign::AdditiveBox', 'Block')\n"
        "block.Length, block.Width, block.Height = 10, 20, 30\n"
    ),
}


@pytest.mark.parametrize("name", PLACED, ids=list(PLACED))
def test_containers_move_the_measured_part_as_they_move_the_exported_one(
    runner: FreeCADRunner, freecad: Path, tmp_path: Path, name: str
) -> None:
    script = (
        "import FreeCAD as App\n"
        "doc = App.newDocument('Model')\n"
        "holder = doc.addObject('App::Part', 'Holder')\n"
        "holder.Placement = App.Placement(App.Vector(100, 0, 0), App.Rotation(App.Vector(0, 0, 1), 90))\n"
        f"{PLACED[name]}"
        "doc.recompute()\n"
    )
    lift = 5.0 if "body" in name else 0.0
    result = _run(runner, script, tmp_path / "out", {"step", "fcstd"})
    _assert_reported_is(freecad, result, 6000.0, [80, 0, lift], [100, 10, 30 + lift])
    # the exported document, opened by a FreeCAD that never saw the job, puts the part there too
    code = (
        f"import FreeCAD as App, Part; d = App.openDocument({result.artifacts['fcstd']!r})\n"
        f"o = d.getObject({result.roots[0]!r}); s = o.Shape.copy()\n"
        "s.Placement = o.getParentGeoFeatureGroup().getGlobalPlacement().multiply(s.Placement)\n"
        "b = s.BoundBox; print('BOX=%r,%r,%r' % (b.XMin, b.YMin, b.ZMin))"
    )
    proc = subprocess.run(
        [str(freecad), "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    match = re.search(r"BOX=([-\d.e+]+),([-\d.e+]+),([-\d.e+]+)", proc.stdout)
    assert match, proc.stdout + proc.stderr
    assert [float(v) for v in match.groups()] == pytest.approx([80, 0, lift], abs=1e-3)


# --- through holes: open at both ends, not sealed by a skin ---------------------------------------

SEALED = {
    # a 5 mm hole from the top that stops 1 micrometre above the bottom face
    "skin": "Part.makeCylinder(2.5, 10, App.Vector(8, 15, 0.001))",
    # the same under a wider coaxial chamber, itself sealed by the skin
    "skin under a wider chamber": (
        "Part.makeCylinder(2.5, 10, App.Vector(8, 15, 2))"
        ".fuse(Part.makeCylinder(4, 2, App.Vector(8, 15, 0.001)))"
    ),
}


@pytest.mark.parametrize("name", SEALED, ids=list(SEALED))
def test_a_hole_sealed_by_a_skin_is_not_through(runner: FreeCADRunner, tmp_path: Path, name: str) -> None:
    script = (
        "import FreeCAD as App\nimport Part\n"
        "block = Part.makeBox(30, 30, 10)\n"
        f"block = block.cut({SEALED[name]})\n"
        "block = block.cut(Part.makeCylinder(2.5, 10, App.Vector(22, 15, 0)))\n"  # a real through hole
        "Part.show(block, 'Plate')\n"
    )
    result = runner.run(script, tmp_path, set())
    assert result.ok and result.final_shape is not None, result.error
    holes = {round(hole.start[0]): hole for hole in result.final_shape.holes}
    assert set(holes) == {8, 22}
    assert holes[22].through and not holes[8].through
    assert result.final_shape.through_holes == 1


# --- the part is its solids, the right way out -----------------------------------------------------

SHOW_PLATE_WITH = (
    "import FreeCAD as App\nimport Part\n"
    "Part.show(Part.makeCompound([Part.makeBox(60, 40, 8), {extra}]), 'Plate')\n"
)
INSIDE_OUT = {
    # its volume counts negative: the plate would be reported as 60 x 40 x 8 minus a pocket
    "inside-out box inside the plate": "Part.makeBox(30, 20, 4, App.Vector(15, 10, 2)).reversed()",
    # its wall is concave: a hole where there is a pin
    "inside-out pin beside the plate": "Part.makeCylinder(2.5, 8, App.Vector(70, 6, 0)).reversed()",
}


@pytest.mark.parametrize("name", INSIDE_OUT, ids=list(INSIDE_OUT))
def test_an_inside_out_solid_is_refused(runner: FreeCADRunner, tmp_path: Path, name: str) -> None:
    # a STEP reader turns such a solid the right way out: the report would not be the file
    result = runner.run(SHOW_PLATE_WITH.format(extra=INSIDE_OUT[name]), tmp_path / "out", {"step"})
    assert not result.ok
    assert result.error is not None and "inside out" in result.error
    assert result.final_shape is None
    assert "step" not in result.artifacts


INVALID = {
    # the top face turned inside the solid: FreeCAD's Volume is 12800 mm3, the STEP file 19200 mm3
    "face reversed inside the solid": (
        "box = Part.makeBox(60, 40, 8)\n"
        "faces = list(box.Faces)\n"
        "faces[5] = faces[5].reversed()\n"
        "solid = Part.Solid(Part.Shell(faces))\n"
    ),
    # a box without its top face: reported as 15360 mm3, its STEP file holds no solid at all
    "open shell": "solid = Part.Solid(Part.Shell(list(Part.makeBox(60, 40, 8).Faces)[:5]))\n",
    # a void shell pointing outwards adds its volume (21600 mm3), the STEP file has the void (16800 mm3)
    "void shell facing out": (
        "outer = Part.makeBox(60, 40, 8).Shells[0]\n"
        "void = Part.makeBox(30, 20, 4, App.Vector(15, 10, 2)).Shells[0]\n"
        "solid = Part.Solid(Part.Compound([outer, void]))\n"
    ),
}


@pytest.mark.parametrize("name", INVALID, ids=list(INVALID))
def test_an_invalid_final_shape_is_refused(runner: FreeCADRunner, tmp_path: Path, name: str) -> None:
    # Shape.isValid() is False and a STEP reader repairs the solid into another part: the volume
    # FreeCAD measures is not the one the exported file holds, so nothing is measured or exported
    script = "import FreeCAD as App\nimport Part\n" + INVALID[name] + "Part.show(solid, 'Plate')\n"
    result = runner.run(script, tmp_path / "out", {"step", "stl", "fcstd"})
    assert not result.ok
    assert result.error_kind == "invalid_shape"
    assert result.error is not None and "not valid" in result.error and "isValid" in result.error
    assert result.final_shape is None and result.per_solid == []
    assert set(result.artifacts) == {"fcstd"}  # the document, to look at what went wrong


# what the STEP reader makes of them, and what Shape.fix makes of them
REPAIRED = {"face reversed inside the solid": PLATE, "void shell facing out": PLATE - 30 * 20 * 4}


@pytest.mark.parametrize(("name", "volume"), REPAIRED.items(), ids=list(REPAIRED))
def test_an_invalid_shape_repaired_as_the_hint_says_is_measured_as_exported(
    runner: FreeCADRunner, freecad: Path, tmp_path: Path, name: str, volume: float
) -> None:
    script = (
        "import FreeCAD as App\nimport Part\n"
        + INVALID[name]
        + "solid.fix(1e-7, 1e-7, 1e-7)\nPart.show(solid, 'Plate')\n"
    )
    result = runner.run(script, tmp_path / "out", {"step"})
    _assert_reported_is(freecad, result, volume, [0, 0, 0], [60, 40, 8])
    assert result.final_shape is not None and result.final_shape.is_valid


LOOSE = {
    # FreeCAD's Volume counts an open face as a cone to the origin: any volume can be claimed
    "open face on the top": "Part.makePlane(60, 40, App.Vector(0, 0, 8)).reversed()",
    "closed shell in the plate": "Part.makeBox(5, 5, 5, App.Vector(10, 10, 1)).Shells[0]",
    "edge far above": "Part.makeLine(App.Vector(0, 0, 0), App.Vector(0, 0, 500))",
}


@pytest.mark.parametrize("name", LOOSE, ids=list(LOOSE))
def test_loose_faces_and_edges_are_not_part_of_the_part(
    runner: FreeCADRunner, freecad: Path, tmp_path: Path, name: str
) -> None:
    result = runner.run(SHOW_PLATE_WITH.format(extra=LOOSE[name]), tmp_path / "out", {"step"})
    _assert_reported_is(freecad, result, PLATE, [0, 0, 0], [60, 40, 8])
    assert any("left out" in warning for warning in result.warnings)


ALL_TYPES = """
import sys, FreeCAD as App, Part, PartDesign, Sketcher, Spreadsheet, Mesh
sys.path.insert(0, {src!r})
from ai_designer.freecad.worker.doctypes import OBJECT_TYPES
d = App.newDocument('All')
body = d.addObject('PartDesign::Body', 'Body')
for t in sorted(OBJECT_TYPES):
    inside = t.startswith('PartDesign::') and t != 'PartDesign::Body'
    try:
        (body.newObject if inside else d.addObject)(t, 'O')
    except Exception:
        print('NOT MADE', t)  # types of FreeCAD 1.x, such as App::VarSet, on 0.20
sketch = d.addObject('Sketcher::SketchObject', 'Sketch')
circle, ellipse, v = Part.Circle(), Part.Ellipse(), App.Vector
for curve in [
    Part.LineSegment(v(0, 0, 0), v(1, 0, 0)), circle, ellipse, Part.Point(v(1, 1, 0)),
    Part.ArcOfCircle(circle, 0, 1), Part.ArcOfEllipse(ellipse, 0, 1),
    Part.ArcOfHyperbola(Part.Hyperbola(), 0, 1), Part.ArcOfParabola(Part.Parabola(), 0, 1),
    Part.BSplineCurve([v(0, 0, 0), v(1, 1, 0), v(2, 0, 0)]),
]:
    sketch.addGeometry(curve)
d.recompute()
d.saveAs({path!r})
print('SAVED')
"""


def test_every_allowed_object_saves_only_allowed_types(freecad: Path, tmp_path: Path) -> None:
    # the families are one table: an object type documents may hold must not write a property,
    # extension or geometry type they may not (else such documents could never be loaded)
    path = tmp_path / "all.FCStd"
    code = ALL_TYPES.format(src=str(Path(doctypes.__file__).parents[3]), path=str(path))
    proc = subprocess.run(
        [str(freecad), "-c", code], capture_output=True, text=True, timeout=180, check=False
    )
    assert "SAVED" in proc.stdout, proc.stdout + proc.stderr
    assert len(re.findall("NOT MADE", proc.stdout)) <= 2, proc.stdout
    assert docscan.scan_fcstd(str(path)).objects > 100


def _quarter_cylinders(count: int, radius: str) -> str:
    """A script showing ``count`` quarter cylinders side by side; ``radius`` is an expression of ``i``."""
    return (
        "import FreeCAD as App\nimport Part\n"
        f"pieces = [Part.makeCylinder({radius}, 2, App.Vector(i * 4, 0, 0), App.Vector(0, 0, 1), 90)\n"
        f"          for i in range({count})]\n"
        "Part.show(Part.makeCompound(pieces), 'Quarters')\n"
    )


def test_a_feature_list_too_long_is_cut_and_says_so(runner: FreeCADRunner, tmp_path: Path) -> None:
    # 250 quarter cylinders of 250 radii: 250 fillet radii, of which the report lists 200
    result = runner.run(_quarter_cylinders(250, "1 + i * 0.01"), tmp_path / "out", set())
    assert result.ok and result.final_shape is not None, result.error
    shape = result.final_shape
    assert len(shape.features.rounds) == bounds.MAX_GROUPS and shape.total("rounds") == 250
    assert not shape.listed_all("rounds") and shape.total("flats") == 1000
    assert "250 fillet radii: only 200 are listed" in result.warnings
    assert sum(len(solid.features.rounds) for solid in result.per_solid) == bounds.MAX_GROUPS


def test_equal_fillets_of_many_solids_are_one_group(runner: FreeCADRunner, tmp_path: Path) -> None:
    # 300 quarter cylinders of one radius: one group of 300 faces, not 300 groups cut to 200
    result = runner.run(_quarter_cylinders(300, "3"), tmp_path / "out", set())
    assert result.ok and result.final_shape is not None, result.error
    assert [(g.radius, g.concave, g.faces) for g in result.final_shape.features.rounds] == [(3.0, False, 300)]
    assert result.final_shape.listed_all("rounds")
