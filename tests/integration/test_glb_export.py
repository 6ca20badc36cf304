"""GLB export from the trusted measure process: a valid binary glTF of the measured part."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest

from ai_designer.errors import FreeCADError
from ai_designer.freecad.path_resolver import find_freecad
from ai_designer.freecad.runner import FreeCADRunner
from helpers.glb import read_glb

pytestmark = pytest.mark.freecad

BLOCK_WITH_HOLE = Path(__file__).resolve().parents[1] / "fixtures" / "scripts" / "valid" / "box_minus_hole.py"


@pytest.fixture(scope="module")
def runner() -> Iterator[FreeCADRunner]:
    try:
        freecad = find_freecad(probe_version=False).executable
    except FreeCADError:
        pytest.skip("freecadcmd is not installed")
    with FreeCADRunner(freecad, pool_size=1, timeout_s=60) as engine:
        assert engine.wait_ready(60)
        yield engine


def test_glb_holds_the_measured_part(runner: FreeCADRunner, tmp_path: Path) -> None:
    result = runner.run(BLOCK_WITH_HOLE.read_text(), tmp_path, {"glb"}, {"request_id": "block42"})
    assert result.ok, result.error
    assert result.artifacts == {"glb": str(tmp_path / "model.glb")}
    mesh = read_glb((tmp_path / "model.glb").read_bytes())

    assert mesh.document["asset"]["version"] == "2.0"
    assert mesh.document["asset"]["extras"]["request_id"] == "block42"
    assert mesh.size() == pytest.approx((40.0, 40.0, 10.0), abs=1e-3), "mm, Z-up once read back"
    shape = result.final_shape
    assert shape is not None
    assert mesh.volume() == pytest.approx(shape.volume, rel=5e-3), "closed, facing outwards"
    accessor = mesh.document["accessors"][0]
    assert accessor["max"][1] == pytest.approx(0.010, abs=1e-6), "glTF is Y-up, in metres"
    assert all(math.isclose(math.hypot(*n), 1.0, rel_tol=1e-4) for n in mesh.normals)
    # the hole's wall is smooth: its normals are not all the same direction
    assert len({tuple(round(c, 2) for c in n) for n in mesh.normals}) > 12
