"""What the part is made of, read from the request: it sets the mass in the report, or is refused."""

from __future__ import annotations

import pytest

from ai_designer.agents.planning import named_material
from ai_designer.errors import PlanningError
from ai_designer.orchestration.service import new_design, with_material
from ai_designer.planner import LocalPlanner
from ai_designer.schemas.design import PlanSource

PLANNER = LocalPlanner()


@pytest.mark.parametrize(
    ("prompt", "material"),
    [
        ("a washer 20 mm OD 10 mm ID 2 mm thick, made of brass", "brass"),
        ("a 20 mm stainless steel cube", "stainless"),
        ("a 20 mm cube in cast iron", "cast-iron"),
        ("an aluminum 20 mm cube", "aluminium"),
        ("a cylinder 30 mm in diameter and 40 mm tall, in bronze", "bronze"),
        ("a brass plate 50 x 50 x 5 mm with a brass boss 10 mm tall 10 mm diameter", "brass"),
        ("1. Make a 20 mm aluminium cube. 2. Add a 10 mm cube on top.", "aluminium"),
        ("a metal 20 mm cube made of steel", "steel"),
    ],
)
def test_one_named_material_is_the_parts(prompt: str, material: str) -> None:
    result = PLANNER.plan(prompt)
    assert result.material == material
    assert not any(w in result.unused for w in result.material_words)


def test_a_kind_of_material_gives_no_material_and_says_so() -> None:
    result = PLANNER.plan("a 20 mm plastic cube")
    assert (result.material_words, result.material) == (["plastic"], None)
    assert any("'plastic' does not say which material" in note for note in result.notes)


def test_no_material_word_names_none() -> None:
    result = PLANNER.plan("a 60 x 40 x 8 mm plate with four 5 mm holes 6 mm from the corners")
    assert (result.material_words, result.material) == ([], None)


def test_a_purpose_naming_a_material_is_not_the_parts_material() -> None:
    result = PLANNER.plan("a 50 x 20 x 5 mm plate for aluminium extrusion")
    assert result.material is None and result.unused == ["for aluminium extrusion"]


@pytest.mark.parametrize(
    ("prompt", "quoted"),
    [
        ("a 20 mm brass cube in steel", "it names more than one material"),
        ("a plate 50 x 50 x 5 mm with a brass boss 10 mm tall 10 mm diameter", "given to one piece"),
        ("a 50 x 50 x 5 mm plate with a 5 mm steel hole", "given to one piece"),
    ],
)
def test_two_materials_or_a_material_for_one_piece_is_refused(prompt: str, quoted: str) -> None:
    with pytest.raises(PlanningError, match=quoted):
        PLANNER.plan(prompt)


def test_a_change_of_material_alone_keeps_the_geometry() -> None:
    graph = PLANNER.plan("a 20 mm cube").graph
    for change in ("make it aluminium", "make it in brass", "change the material to brass"):
        result = PLANNER.modify(graph, change)
        assert result.graph == graph and result.material in ("aluminium", "brass"), change


def test_a_change_of_size_and_material_does_both() -> None:
    graph = PLANNER.plan("a 20 mm cube").graph
    result = PLANNER.modify(graph, "make it 30 mm tall, in aluminium")
    assert result.material == "aluminium"
    assert result.graph.nodes[0].model_dump()["operation"]["height"] == 30


def test_a_change_giving_a_material_to_a_new_piece_is_refused() -> None:
    graph = PLANNER.plan("a 20 mm cube").graph
    with pytest.raises(PlanningError, match="given to one piece"):
        PLANNER.modify(graph, "add a 10 mm brass cube on top")


def _source(words: list[str], material: str | None) -> PlanSource:
    return PlanSource(planner="local", reason="r", material_words=words, material=material)


def test_the_request_sets_the_designs_material() -> None:
    state = new_design("a 20 mm brass cube", output_dir="out")
    assert (state.material, state.material_source) == ("steel", "assumed")
    named, _ = named_material(state, _source(["brass"], "brass"))
    assert (named.material, named.material_source) == ("brass", "request")
    vague, _ = named_material(state, _source(["plastic"], None))
    assert vague.material_source == "vague"
    unchanged, _ = named_material(named, _source([], None))
    assert (unchanged.material, unchanged.material_source) == ("brass", "request")


def test_a_chosen_material_stands_over_the_requests_and_says_so() -> None:
    state = with_material(new_design("a 20 mm brass cube", output_dir="out"), "Aluminum")
    assert (state.material, state.material_source) == ("aluminium", "option")
    kept, source = named_material(state, _source(["brass"], "brass"))
    assert (kept.material, kept.material_source) == ("aluminium", "option")
    assert source.notes == ["the request names brass; the chosen material, aluminium, is used"]
