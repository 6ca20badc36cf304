"""Modelled external threads in the plan language: the ISO groove's numbers, the volume it removes,
the checks that refuse a thread its shaft cannot take, the readback line and the planner's sentences."""

from __future__ import annotations

import math
from typing import Any

import pytest

from ai_designer.cad.compiler import compile_graph
from ai_designer.cad.graph_checks import find_problems
from ai_designer.cad.operations import OPERATIONS, analyse
from ai_designer.cad.readback import explain
from ai_designer.cad.threads import ThreadGroove
from ai_designer.schemas.task_graph import TaskGraph, ThreadOp
from helpers.planner_support import modify, op, plan, refused


def threaded(radius: float = 5, height: float = 40, **thread: Any) -> TaskGraph:
    spec = {"nominal": 10, "pitch": 1.5, "length": 20, **thread}
    return TaskGraph.model_validate(
        {
            "nodes": [
                {"id": "shaft", "operation": {"op": "cylinder", "radius": radius, "height": height}},
                {"id": "thread", "operation": {"op": "thread", "target": "shaft", **spec}},
            ]
        }
    )


def test_the_groove_follows_iso_68_1() -> None:
    groove = ThreadGroove(10, 1.5)
    assert groove.minor_diameter == pytest.approx(10 - 1.22687 * 1.5)
    assert groove.outer_width == pytest.approx(7 * 1.5 / 8)  # the crest flat is P/8
    assert groove.root_width == pytest.approx(1.5 / 6, abs=1e-5)  # 60 degree flanks meet the root at P/6


def test_the_groove_removes_the_screw_swept_volume_by_hand() -> None:
    # M10x1.5 by hand: depth h = 0.920153, groove 1.3125 wide at the crest and 0.25 at the root;
    # area h (a + b) / 2 = 0.718871 mm2 at centroid radius 4.079848 + h (b + 2a) / (3 (a + b)) = 4.644208
    h = 0.9201525
    area = h * (1.3125 + 0.25) / 2
    centroid = (10 - 2 * h) / 2 + h * (0.25 + 2 * 1.3125) / (3 * 1.5625)
    per_mm = area * 2 * math.pi * centroid / 1.5
    assert ThreadGroove(10, 1.5).removed_per_length() == pytest.approx(per_mm, rel=1e-5)
    # the groove starts 7P/16 inside the thread's length
    assert ThreadGroove(10, 1.5).removed_volume(20) == pytest.approx(per_mm * (20 - 0.65625), rel=1e-5)


def test_the_analysis_predicts_the_threaded_shaft_exactly() -> None:
    facts = analyse(threaded())["thread"]
    hand = math.pi * 25 * 40 - ThreadGroove(10, 1.5).removed_volume(20)
    assert facts.volume.lo == pytest.approx(hand) and facts.volume.hi == pytest.approx(hand)
    assert facts.bbox is not None and facts.bbox.size == pytest.approx((10, 10, 40))


def test_the_thread_has_an_entry_in_the_operation_table() -> None:
    assert ThreadOp in OPERATIONS


@pytest.mark.parametrize(
    ("graph", "field", "words"),
    [
        (threaded(radius=6), "nominal", "needs a Ø10 mm shaft, but 'shaft' is Ø12 mm"),
        (threaded(length=50), "length", "only 40 mm long"),
        (threaded(length=2), "length", "shorter than 2 turns"),
    ],
)
def test_a_thread_its_shaft_cannot_take_is_refused(graph: TaskGraph, field: str, words: str) -> None:
    problems = [p for p in find_problems(graph) if p.node == "thread"]
    assert [p.field for p in problems] == [field]
    assert words in problems[0].message


def test_a_thread_is_cut_on_a_plain_cylinder_only() -> None:
    thread = {"op": "thread", "target": "block", "nominal": 10, "pitch": 1.5, "length": 20}
    block = {"op": "box", "length": 10, "width": 10, "height": 40}
    graph = TaskGraph.model_validate(
        {"nodes": [{"id": "block", "operation": block}, {"id": "thread", "operation": thread}]}
    )
    assert any("plain round shaft" in p.message for p in find_problems(graph))


def test_a_diameter_within_five_hundredths_is_the_nominal() -> None:
    assert not find_problems(threaded(radius=4.98))


def test_the_model_records_the_thread_and_keeps_its_numbers_in_the_spreadsheet() -> None:
    compiled = compile_graph(threaded(end="bottom"))
    assert {
        "thread_nominal": 10.0,
        "thread_pitch": 1.5,
        "thread_length": 20.0,
    }.items() <= compiled.parameters.items()
    assert "'ThreadPitch', 'Parameters.thread_pitch'" in compiled.code
    assert "thread_tool(" in compiled.code and "'bottom'" in compiled.code


def test_the_plan_reads_back_in_words() -> None:
    assert explain(threaded())[1] == "thread: a modelled M10x1.5 thread, 20 mm long, from the top of shaft"


@pytest.mark.parametrize(
    ("prompt", "pitch", "end"),
    [
        ("a 10 mm shaft 40 mm long with a modelled M10 thread 20 mm long at the top", 1.5, "top"),
        ("a 10 mm shaft 40 mm long with a modeled M10 x 1.5 thread 20 mm long at the bottom", 1.5, "bottom"),
        ("a 10 mm rod 40 mm long with a real M10x1.25 thread 20 mm long", 1.25, "top"),
        ("a 10 mm shaft 40 mm long with a helical M10 thread 20 mm long", 1.5, "top"),
    ],
)
def test_the_planner_reads_modelled_threads(prompt: str, pitch: float, end: str) -> None:
    threads = [n.operation for n in plan(prompt).graph.nodes if isinstance(n.operation, ThreadOp)]
    assert [(t.nominal, t.pitch, t.length, t.end) for t in threads] == [(10, pitch, 20, end)]


def test_a_thread_not_asked_to_be_modelled_is_refused() -> None:
    assert "'thread'" in refused("a 10 mm rod 40 mm long with an M10 thread 20 mm long").message


def test_a_modelled_thread_of_another_size_than_the_shaft_is_refused() -> None:
    assert "needs a Ø10 mm shaft" in str(
        refused("a 12 mm shaft 40 mm long with a modelled M10 thread 20 mm long")
    )


def test_a_change_lengthens_the_thread() -> None:
    stud = plan("a 10 mm shaft 40 mm long with a modelled M10 thread 20 mm long at the top").graph
    changed = modify(stud, "make the thread 25 mm long").graph
    assert (op(changed, "thread").length, op(changed, "thread").nominal) == (25, 10)
