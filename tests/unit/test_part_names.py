"""The finished part is named after the part, and planned labels carry no sizes."""

from __future__ import annotations

from ai_designer.cad.compiler import compile_graph
from ai_designer.planner.build import plain_label
from ai_designer.planner.planner import LocalPlanner
from helpers.task_graphs import graph, node


def test_the_finished_part_is_named_after_the_part_not_its_last_step() -> None:
    plan = graph(
        node("plate", "box", length=60, width=40, height=8, label="Plate"),
        node("holes", "hole", target="plate", diameter=5, at=[[0, 0]]),
        title="mounting plate",
    )
    assert "holes.Label = 'mounting plate'" in compile_graph(plan).code


def test_a_request_as_title_names_the_part_after_its_first_body() -> None:
    planned = LocalPlanner().plan("a 60 x 40 x 8 mm plate with four 5 mm holes 6 mm from the corners").graph
    assert [n.label for n in planned.nodes] == ["Plate", "Holes"]
    assert "holes.Label = 'Finished plate'" in compile_graph(planned).code


def test_labels_keep_the_words_before_the_first_size() -> None:
    assert plain_label("Plate 60 x 40 x 12", "plate") == "Plate"
    assert plain_label("4 x Ø5 hole", "bolt_holes") == "Bolt holes"
    assert plain_label("Spur gear m2 z20", "gear") == "Spur gear"
    assert plain_label("Keyway", "keyway") == "Keyway"
