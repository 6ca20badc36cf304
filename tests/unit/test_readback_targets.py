"""The plan in words names the shape a feature goes into, not the step before it."""

from __future__ import annotations

from helpers.planner_support import plan


def test_a_feature_after_another_names_the_shape() -> None:
    readback = plan(
        "a 80 x 80 x 10 plate with a 40 mm hole in the middle, four 5 mm holes on a 60 mm square "
        "and a 1 mm fillet on the vertical edges"
    ).readback
    assert not [line for line in readback if "of holes" in line or "of hole," in line or "of fillet" in line]
    assert sum("into the top face of plate" in line for line in readback) == 2
