"""Size sanity of plans and the material table behind the mass in the report."""

from __future__ import annotations

import math

import pytest
from pydantic import ValidationError

from ai_designer.cad.materials import DENSITY_G_CM3, mass_properties, material_name
from ai_designer.cad.sanity import SizeLimits, check_sizes, impossible_sizes, length_text
from ai_designer.cli.batch_cmd import batch_exit_code, folder_name
from ai_designer.cli.summary import mass_text, quantity
from ai_designer.errors import PlanningError
from helpers.task_graphs import everything, graph, node

LIMITS = SizeLimits()


def test_ordinary_parts_pass() -> None:
    check_sizes(everything(), LIMITS)
    check_sizes(graph(node("b", "box", length=9999, width=0.02, height=1)), LIMITS)


@pytest.mark.parametrize(
    ("part", "message"),
    [
        (node("b", "box", length=1e6, width=1e6, height=1e6), r"1,000,000 mm \(1 km\) along X, Y and Z"),
        (node("b", "box", length=20, width=20, height=0.001), r"only 0.001 mm along Z; the smallest"),
        (node("c", "cylinder", radius=6000, height=5), r"12,000 mm \(12 m\) along X and Y"),
    ],
)
def test_whole_part_sizes_outside_the_limits_are_named(part: dict[str, object], message: str) -> None:
    with pytest.raises(PlanningError, match=message) as caught:
        check_sizes(graph(part), LIMITS)
    assert "SIZE_M" in caught.value.hint and "units" in caught.value.hint


def test_a_tiny_feature_is_named_by_node_and_field() -> None:
    plate = node("plate", "box", length=60, width=40, height=8)
    pin = node("pin", "hole", target="plate", diameter=0.004, at=[[0, 0]])
    with pytest.raises(PlanningError, match=r"The diameter of 'pin' is 0.004 mm"):
        check_sizes(graph(plate, pin), LIMITS)
    check_sizes(graph(plate, pin), SizeLimits(min_mm=0.001))


def test_a_graph_breaking_the_plan_rules_becomes_a_refusal() -> None:
    with pytest.raises(ValidationError) as caught:
        graph(node("b", "box", length=0, width=-3, height=5))
    refusal = impossible_sizes(caught.value)
    assert "length 0 (must be greater than 0); width -3 (must be greater than 0)" in refusal.message
    assert "positive" in refusal.hint


def test_length_text_reads_like_a_person_wrote_it() -> None:
    assert length_text(12.5) == "12.5 mm"
    assert length_text(2500) == "2,500 mm (2.5 m)"
    assert length_text(0.0001) == "0.0001 mm"


def test_mass_from_the_material_table() -> None:
    assert material_name("Stainless Steel") == "stainless"
    assert material_name("aluminum") == "aluminium"
    steel = mass_properties(1_000_000, "steel", (1.0, 2.0, 3.0))  # one litre
    assert steel.mass_g == pytest.approx(7850) and steel.center_of_mass_mm == (1.0, 2.0, 3.0)
    assert mass_properties(math.pi * 5**2 * 10, "pla").mass_g == pytest.approx(math.pi * 0.25 * 1.24)
    with pytest.raises(PlanningError, match="Unknown material 'unobtainium'") as caught:
        material_name("unobtainium")
    assert all(name in caught.value.hint for name in DENSITY_G_CM3)


def test_numbers_print_readably() -> None:
    assert quantity(18571.68) == "18,571.7"
    assert quantity(1e18) == "1e+18"
    assert quantity(1e-12) == "1e-12"
    assert mass_text(50.14) == "50.1 g" and mass_text(7850) == "7.85 kg" and mass_text(2.5e6) == "2.5 t"


def test_batch_exit_codes_and_folder_names() -> None:
    assert batch_exit_code(["completed", "completed"]) == 0
    assert batch_exit_code(["completed", "needs_review"]) == 2
    assert batch_exit_code(["needs_review", "failed", "completed"]) == 1
    assert folder_name(3, "A 20 mm cube, with 2 mm fillets!") == "03-a-20-mm-cube-with-2-mm-fillets"
