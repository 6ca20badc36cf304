"""Distances the user measured from edges, corners and ends stay in the model the CLI saves.

A design is made with `ai-designer design` (offline planner, real FreeCAD); its model.FCStd is
opened in freecadcmd, a size is changed in the ``Parameters`` spreadsheet, and after a recompute
the hole centres are measured on the B-rep: they are still the user's distance from the edges.
`ai-designer refine` making the part longer keeps them too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.cli import cli
from helpers.freecad_probe import edited_fcstd, measure_step

pytestmark = pytest.mark.freecad

CORNERS = "a 60 x 40 x 8 mm plate with four 5 mm holes 6 mm from the corners"


def _design(tmp_path: Path, prompt: str) -> Path:
    out = tmp_path / "part"
    proc = cli(tmp_path, "design", prompt, "--out", str(out), "--format", "step,fcstd")
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.parametrize(
    ("prompt", "edits", "centres"),
    [
        # 6 mm from the corners of an 80 x 40 plate: x = ±(40 - 6), y = ±(20 - 6) from its centre
        (CORNERS, {"plate_length": 80}, [(-34, -14), (-34, 14), (34, -14), (34, 14)]),
        # 20 mm from the left edge and 15 mm from the front edge of an 80 x 50 plate
        (
            "a 60 x 40 x 8 mm plate with a 5 mm hole 20 mm from the left edge and 15 mm from the front edge",
            {"plate_length": 80, "plate_width": 50},
            [(-40 + 20, -25 + 15)],
        ),
        # 10 mm from each end of a bar made 140 mm long, and the middle one stays in the middle
        (
            "a 100 x 20 x 5 mm bar with three 5 mm holes in a row, 10 mm from each end",
            {"bar_length": 140},
            [(-60, 0), (0, 0), (60, 0)],
        ),
    ],
)
def test_holes_keep_the_users_distances_when_the_saved_model_is_resized(
    tmp_path: Path, prompt: str, edits: dict[str, float], centres: list[tuple[float, float]]
) -> None:
    out = _design(tmp_path, prompt)
    resized = edited_fcstd(out / "model.FCStd", edits, 5, tmp_path)
    assert resized["broken"] == []
    assert resized["centres"] == centres


def test_the_spreadsheet_holds_the_users_distance_from_the_corners(tmp_path: Path) -> None:
    out = _design(tmp_path, CORNERS)
    moved = edited_fcstd(
        out / "model.FCStd", {"holes_from_edges_u": 10, "holes_from_edges_v": 8}, 5, tmp_path
    )
    assert moved["broken"] == []
    assert moved["centres"] == [(-20, -12), (-20, 12), (20, -12), (20, 12)]


def test_refine_making_the_plate_longer_keeps_the_holes_6_mm_from_the_corners(tmp_path: Path) -> None:
    out = _design(tmp_path, CORNERS)
    proc = cli(tmp_path, "refine", str(out), "make the plate 80 mm long")
    assert proc.returncode == 0, proc.stderr
    assert "at the corners, 6 mm from the edges" in " ".join(proc.stdout.split())
    assert measure_step(out / "model.step")["x"] == pytest.approx(80, abs=0.01)
    refined = edited_fcstd(out / "model.FCStd", {}, 5, tmp_path)
    assert refined["size"] == pytest.approx([80, 40, 8])
    assert refined["centres"] == [(-34, -14), (-34, 14), (34, -14), (34, 14)]
    wider = edited_fcstd(out / "model.FCStd", {"plate_width": 60}, 5, tmp_path)
    assert wider["centres"] == [(-34, -24), (-34, 24), (34, -24), (34, 24)]
