"""Sizes from the standards: clearance fits, tapped, counterbored and countersunk holes, keyways."""

from __future__ import annotations

import pytest

from ai_designer.planner import tables
from helpers.planner_support import op, plan, refused

PLATE = "a 60 x 40 x 10 mm plate with"


@pytest.mark.parametrize(
    ("words", "diameter", "series"),
    [
        ("M8 clearance", 9.0, "medium"),
        ("close fit M8 clearance", 8.4, "fine"),
        ("coarse M8 clearance", 10.0, "coarse"),
    ],
)
def test_clearance_fits(words: str, diameter: float, series: str) -> None:
    result = plan(f"{PLATE} a {words} hole in the middle")
    assert op(result.graph, "hole").diameter == diameter
    assert f"ISO 273 {series}" in " ".join(result.notes)


def test_tapped_holes_take_the_tap_drill_and_record_the_thread() -> None:
    result = plan(f"{PLATE} four tapped M5 holes in the corners, 8 mm from the edges")
    holes = op(result.graph, "holes")
    assert holes.diameter == 4.2
    assert (holes.thread.nominal, holes.thread.pitch) == (5.0, 0.8)
    assert holes.thread.designation() == "M5x0.8"
    assert any("M5x0.8 thread" in note and "cosmetic" in note for note in result.notes)
    assert "tapped M5x0.8 (cosmetic thread, Ø4.2 tap drill)" in " ".join(result.readback)


def test_clearance_holes_carry_no_thread_and_a_nut_records_its_thread_at_the_major_diameter() -> None:
    assert (
        op(plan(f"{PLATE} four M5 clearance holes in the corners, 8 mm from the edges").graph, "holes").thread
        is None
    )
    hole = op(plan("an M8 nut").graph, "hole")
    assert hole.diameter == 8.0 and hole.thread.designation() == "M8x1.25"


def test_a_tapped_hole_needs_its_thread() -> None:
    assert "thread size" in refused(f"{PLATE} a tapped hole in the middle").message


def test_counterbores_for_socket_head_screws() -> None:
    hole = op(plan(f"{PLATE} two M6 counterbored holes 20 mm from each end on the centreline").graph, "holes")
    assert (hole.diameter, hole.counterbore.diameter, hole.counterbore.depth) == (6.6, 11.0, 6.4)


def test_a_counterbore_as_written_wins_over_the_table() -> None:
    hole = op(
        plan(f"{PLATE} an M6 counterbored hole in the middle, counterbore 12 mm diameter 7 mm deep").graph,
        "hole",
    )
    assert (hole.counterbore.diameter, hole.counterbore.depth) == (12, 7)


def test_countersinks_for_countersunk_screws() -> None:
    hole = op(plan(f"{PLATE} 4 M5 countersunk holes in the corners 8 mm from the edges").graph, "holes")
    assert (hole.diameter, hole.countersink.diameter, hole.countersink.angle) == (5.5, 11.47, 90)


def test_a_size_the_tables_do_not_confirm_is_refused() -> None:
    assert "countersink" in refused(f"{PLATE} an M16 countersunk hole in the middle").message
    assert "M30" in refused(f"{PLATE} an M30 clearance hole in the middle").message


@pytest.mark.parametrize(("shaft", "width", "depth"), [(20, 6, 3.5), (30, 8, 4), (40, 12, 5)])
def test_keyways_by_shaft_diameter(shaft: float, width: float, depth: float) -> None:
    result = plan(f"a {shaft} mm shaft 100 mm long with a 40 mm long keyway")
    keyway = op(result.graph, "keyway")
    assert (keyway.profile.width, keyway.depth, keyway.profile.length) == (width, depth, 40)
    assert any("DIN 6885-1" in note for note in result.notes)


def test_a_keyway_needs_its_length() -> None:
    assert "length" in refused("a 30 mm shaft 100 mm long with a keyway").message


def test_every_table_is_sorted_and_positive() -> None:
    for table in (tables.ISO_273_MEDIUM, tables.ISO_2306_TAP_DRILL, tables.DIN_974_1_ROW1_CBORE_DIA):
        assert list(table) == sorted(table) and all(v > 0 for v in table.values())
    assert all(size > tables.ISO_2306_TAP_DRILL[size] for size in tables.ISO_2306_TAP_DRILL)
    assert all(
        tables.ISO_273_FINE[s] < tables.ISO_273_MEDIUM[s] <= tables.ISO_273_COARSE[s] for s in tables.ISO_273
    )
