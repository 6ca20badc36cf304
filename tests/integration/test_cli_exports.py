"""The mesh and drawing exports (OBJ, 3MF, GLB, top-view DXF) and the STEP product name, each read
back from the files the real CLI wrote and compared with hand-computed geometry."""

from __future__ import annotations

import json
import math
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from helpers.cli import cli
from helpers.glb import read_glb

pytestmark = pytest.mark.freecad

PROMPT = "a 60 x 40 x 8 mm plate with a 10 mm hole through the center"
VOLUME = 60 * 40 * 8 - math.pi * 5**2 * 8  # mm³
Triangle = tuple[tuple[float, float, float], ...]


def _volume(triangles: list[Triangle]) -> float:
    """The volume enclosed by a closed triangle mesh (divergence theorem)."""
    total = 0.0
    for a, b, c in triangles:
        total += (
            a[0] * (b[1] * c[2] - b[2] * c[1])
            - a[1] * (b[0] * c[2] - b[2] * c[0])
            + a[2] * (b[0] * c[1] - b[1] * c[0])
        )
    return abs(total) / 6


def _size(points: list[tuple[float, float, float]]) -> tuple[float, ...]:
    return tuple(max(p[i] for p in points) - min(p[i] for p in points) for i in range(3))


def read_obj(path: Path) -> tuple[list[tuple[float, float, float]], list[Triangle]]:
    points: list[tuple[float, float, float]] = []
    faces: list[Triangle] = []
    for line in path.read_text().splitlines():
        parts = line.split()
        if parts and parts[0] == "v":
            points.append((float(parts[1]), float(parts[2]), float(parts[3])))
        elif parts and parts[0] == "f":
            faces.append(tuple(points[int(p.split("/")[0]) - 1] for p in parts[1:4]))
    return points, faces


def read_3mf(path: Path) -> tuple[str, list[tuple[float, float, float]], list[Triangle]]:
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("3D/3dmodel.model"))
    ns = {"m": "http://schemas.microsoft.com/3dmanufacturing/core/2015/02"}
    points = [
        (float(v.get("x", 0)), float(v.get("y", 0)), float(v.get("z", 0)))
        for v in root.iterfind(".//m:vertex", ns)
    ]
    faces = [
        (points[int(t.get("v1", 0))], points[int(t.get("v2", 0))], points[int(t.get("v3", 0))])
        for t in root.iterfind(".//m:triangle", ns)
    ]
    return root.get("unit", ""), points, faces


def read_dxf(path: Path) -> list[dict[str, object]]:
    """The edges FreeCAD's own DXF reader finds: kind, bounding box, radius of circles."""
    code = (
        "import FreeCAD, Import, json\n"
        "doc = FreeCAD.newDocument('r')\n"
        f"Import.readDXF({str(path)!r})\n"
        "doc.recompute()\n"
        "out = []\n"
        "for o in doc.Objects:\n"
        "    for e in getattr(o, 'Shape', None).Edges if hasattr(o, 'Shape') else []:\n"
        "        b = e.BoundBox\n"
        "        out.append({'kind': type(e.Curve).__name__, 'bbox': [b.XMin, b.YMin, b.XMax, b.YMax],\n"
        "                    'radius': getattr(e.Curve, 'Radius', None)})\n"
        "print('E=' + json.dumps(out))\n"
    )
    proc = subprocess.run(["freecadcmd", "-c", code], capture_output=True, text=True, timeout=120)
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("E="))
    return json.loads(line[2:])  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def plate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("exports")
    out = tmp / "plate"
    proc = cli(tmp, "design", PROMPT, "--out", str(out), "--format", "step,obj,3mf,glb,dxf")
    assert proc.returncode == 0, proc.stderr
    return out


def test_obj_is_the_part_in_millimetres(plate: Path) -> None:
    points, faces = read_obj(plate / "model.obj")
    assert _size(points) == pytest.approx((60, 40, 8), abs=1e-4)
    assert _volume(faces) == pytest.approx(VOLUME, rel=2e-3)  # a tessellated hole is a polygon


def test_3mf_is_the_part_in_millimetres(plate: Path) -> None:
    unit, points, faces = read_3mf(plate / "model.3mf")
    assert unit == "millimeter"
    assert _size(points) == pytest.approx((60, 40, 8), abs=1e-4)
    assert _volume(faces) == pytest.approx(VOLUME, rel=2e-3)


def test_glb_is_the_part_in_metres_with_y_up(plate: Path) -> None:
    mesh = read_glb((plate / "model.glb").read_bytes())  # read back into mm with Z up
    assert mesh.size() == pytest.approx((60, 40, 8), abs=1e-4)
    position = mesh.document["accessors"][0]
    assert position["max"][1] - position["min"][1] == pytest.approx(0.008, abs=1e-7), "Y up, metres"
    assert mesh.volume() == pytest.approx(VOLUME, rel=2e-3)
    assert mesh.document["nodes"][0]["name"] == PROMPT


def test_dxf_is_the_top_view_outline(plate: Path) -> None:
    edges = read_dxf(plate / "model.dxf")
    kinds = sorted(str(e["kind"]) for e in edges)
    assert kinds == ["Circle", "Line", "Line", "Line", "Line"]  # the plate's outline and the hole
    xs = [v for e in edges for v in (e["bbox"][0], e["bbox"][2])]  # type: ignore[index]
    ys = [v for e in edges for v in (e["bbox"][1], e["bbox"][3])]  # type: ignore[index]
    assert (max(xs) - min(xs), max(ys) - min(ys)) == pytest.approx((60, 40), abs=1e-6)
    circle = next(e for e in edges if e["kind"] == "Circle")
    assert circle["radius"] == pytest.approx(5, abs=1e-6)
    cx = (circle["bbox"][0] + circle["bbox"][2]) / 2  # type: ignore[index]
    assert cx == pytest.approx((max(xs) + min(xs)) / 2, abs=1e-6)


def test_step_product_is_named_after_the_part(plate: Path) -> None:
    head = (plate / "model.step").read_text(errors="replace")[:20000]
    assert f"PRODUCT('{PROMPT}','{PROMPT}'" in " ".join(head.split())


def test_a_format_not_written_is_made_on_demand(plate: Path, tmp_path: Path) -> None:
    target = tmp_path / "plate.stl"
    proc = cli(tmp_path, "export", str(plate), "--format", "stl", "--to", str(target))
    assert proc.returncode == 0, proc.stderr
    assert target.stat().st_size > 1000
