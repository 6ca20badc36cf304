"""The offline planner's language layer: numbers, units, spelling, the grammar's phrases."""

from __future__ import annotations

import pytest
from lark.exceptions import UnexpectedInput

from ai_designer.planner import numbers, units
from ai_designer.planner.chunks import (
    Dim,
    Dims,
    Grid,
    NounPhrase,
    Position,
    Relation,
    Spacing,
    Treatment,
    Unknown,
    Unsupported,
    resolve_units,
)
from ai_designer.planner.normalize import normalize
from ai_designer.planner.parser import FILLER, grammar_parser, keyword_terminals, parse_words
from ai_designer.planner.transform import to_chunks
from helpers.planner_support import op, plan


def chunks(text: str) -> list[object]:
    words = normalize(text)
    result = to_chunks(parse_words(words), words)
    resolve_units(result)  # type: ignore[arg-type]
    return result  # type: ignore[return-value]


def first(text: str, kind: type) -> object:
    return next(c for c in chunks(text) if isinstance(c, kind))


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["twenty", "five"], 25),
        (["four"], 4),
        (["twelve"], 12),
        (["ninety", "nine"], 99),
        (["two", "hundred"], 200),
        (["one", "hundred", "and", "ten"], 110),
    ],
)
def test_number_words(words: list[str], value: float) -> None:
    assert numbers.words_value(words) == value


def test_fractions_and_decimals() -> None:
    assert numbers.fraction_value("3/4") == 0.75
    assert numbers.is_fraction("1/2") and not numbers.is_fraction("1/0")
    assert numbers.is_decimal(".5") and numbers.is_decimal("10.5") and not numbers.is_decimal("m6")


def test_number_words_are_folded_into_numerals() -> None:
    assert numbers.fold_number_words(["twenty", "five", "mm", "and", "four", "holes"]) == [
        "25",
        "mm",
        "and",
        "4",
        "holes",
    ]
    assert numbers.fold_number_words(["one", "and", "a", "half"]) == ["1", "and", "a", "half"]


@pytest.mark.parametrize(
    ("prompt", "side"),
    [
        ("a 1/2 inch cube", 12.7),
        ("a 1 1/2 inch cube", 38.1),
        ('a 1-1/2" cube', 38.1),
        ("a twenty-five mm cube", 25),
        ("a cube half an inch on a side", 12.7),
        ("one and a half inch cube", 38.1),
        ("a 2.5 cm cube", 25),
        ("a 0.1 m cube", 100),
        ("a cube with 20mm sides", 20),
    ],
)
def test_number_forms_in_requests(prompt: str, side: float) -> None:
    assert op(plan(prompt).graph, "cube").length == pytest.approx(side)


@pytest.mark.parametrize(("prompt", "count"), [("a dozen", 12), ("a pair of", 2), ("four", 4), ("6", 6)])
def test_counts(prompt: str, count: int) -> None:
    graph = plan(f"a 100 x 100 x 5 plate with {prompt} 4 mm holes in a row").graph
    hole = graph.nodes[-1].operation
    assert hole.pattern.count == count


# ------------------------------------------------------------------ units


@pytest.mark.parametrize(
    ("unit", "mm"),
    [
        ("mm", 1),
        ("millimetre", 1),
        ("millimeters", 1),
        ("cm", 10),
        ("m", 1000),
        ("in", 25.4),
        ("inch", 25.4),
        ("inches", 25.4),
        ("ft", 304.8),
        ("foot", 304.8),
        ("feet", 304.8),
    ],
)
def test_units_convert_to_mm(unit: str, mm: float) -> None:
    assert units.to_mm(1, unit) == pytest.approx(mm)


def test_default_unit_is_the_requests_own_unit() -> None:
    assert units.default_unit(["inch", "in"]) == "inch"
    assert units.default_unit(["mm", "inch"]) is None
    result = plan("a 2 x 1 x 0.5 inch block")
    assert op(result.graph, "block").length == pytest.approx(50.8)
    assert op(result.graph, "block").height == pytest.approx(12.7)


def test_no_unit_means_mm_with_a_note() -> None:
    result = plan("a 60 by 40 by 10 block")
    assert op(result.graph, "block").length == 60
    assert "no unit given: assumed mm" in result.notes


@pytest.mark.parametrize(
    ("prompt", "length"),
    [('a 2" cube', 50.8), ("a rod 1 foot long, 20 mm in diameter", 304.8), ("a 1' cube", 304.8)],
)
def test_inch_and_foot_marks(prompt: str, length: float) -> None:
    graph = plan(prompt).graph
    node = graph.nodes[0].operation
    assert getattr(node, "length", getattr(node, "height", None)) == pytest.approx(length)


# ------------------------------------------------------------------ spelling


def test_normalize_splits_glued_numbers_and_symbols() -> None:
    assert normalize("a 60x40x10mm plate") == ["a", "60", "x", "40", "x", "10", "mm", "plate"]
    assert normalize("Ø12 x 5") == ["diameter", "12", "x", "5"]
    assert normalize("R5 fillets") == ["radius", "5", "fillets"]
    assert normalize("an open-top box.") == ["an", "open", "top", "box", "."]  # a full stop ends a sentence
    assert normalize("a plate 100 mm (X) x 60 mm (Y); dia. 6 hole") == [
        "a", "plate", "100", "mm", "@x", "x", "60", "mm", "@y", ".", "dia", "6", "hole",
    ]  # fmt: skip
    assert normalize("M6 holes, 10.5mm") == ["m6", "holes", ",", "10.5", "mm"]
    assert normalize("20° angle") == ["20", "degrees", "angle"]


# ------------------------------------------------------------------ the grammar


def test_every_word_belongs_to_exactly_one_terminal() -> None:
    keyword_terminals(grammar_parser().terminals)  # raises GrammarError on a word in two lists


def test_no_grammar_word_is_dropped_as_filler() -> None:
    assert not set(keyword_terminals(grammar_parser().terminals)) & FILLER


def test_every_grammar_word_parses_on_its_own() -> None:
    parser = grammar_parser()
    for word in keyword_terminals(parser.terminals):
        try:
            parser.parse([(0, word)])
        except UnexpectedInput:  # pragma: no cover - the failure message is the point
            pytest.fail(f"{word!r} cannot stand alone: add it to the grammar's stray rule")


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("60x40x10", [60, 40, 10]),
        ("60 x 40 x 10 mm", [60, 40, 10]),
        ("60 by 40 by 10", [60, 40, 10]),
        ("2 x 1 inch", [50.8, 25.4]),
        ("60 mm x 40 mm", [60, 40]),
    ],
)
def test_dimension_triples_and_pairs(text: str, values: list[float]) -> None:
    dims = first(f"a plate {text}", Dims)
    assert [q.mm for q in dims.values] == pytest.approx(values)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "role", "mm"),
    [
        ("60 mm long", "length", 60),
        ("40 wide", "width", 40),
        ("10 high", "height", 10),
        ("20 mm tall", "height", 20),
        ("5 mm thick", "thickness", 5),
        ("8 mm deep", "depth", 8),
        ("12 mm diameter", "diameter", 12),
        ("diameter 12", "diameter", 12),
        ("diameter of 12 mm", "diameter", 12),
        ("40 mm in diameter", "diameter", 40),
        ("Ø12", "diameter", 12),
        ("radius 5", "radius", 5),
        ("R5", "radius", 5),
        ("OD 25", "outer_diameter", 25),
        ("outer diameter 25", "outer_diameter", 25),
        ("ID 20", "inner_diameter", 20),
        ("inside diameter 20", "inner_diameter", 20),
        ("20 mm across flats", "across_flats", 20),
        ("17 A/F", "across_flats", 17),
        ("2 mm wall", "wall", 2),
        ("2 mm thick walls", "wall", 2),
        ("wall thickness of 3 mm", "wall", 3),
        ("a height of 25 mm", "height", 25),
        ("20 mm on a side", "side", 20),
    ],
)
def test_named_dimensions(text: str, role: str, mm: float) -> None:
    dim = first(f"x {text}", Dim)
    assert (dim.role, dim.qty.mm) == (role, pytest.approx(mm))  # type: ignore[attr-defined]


def test_count_and_angle_dimensions() -> None:
    teeth = first("20 teeth", Dim)
    assert (teeth.role, teeth.number) == ("teeth", 20)  # type: ignore[attr-defined]
    angle = first("a pressure angle of 14.5 degrees", Dim)
    assert (angle.role, angle.angle) == ("pressure_angle", 14.5)  # type: ignore[attr-defined]


def test_noun_phrase_with_count_size_and_adjectives() -> None:
    np = first("four 5 mm through holes", NounPhrase)
    assert (np.kind, np.count, np.adjectives) == ("hole", 4, ["through"])  # type: ignore[attr-defined]


def test_a_bare_number_before_a_plural_noun_is_a_count() -> None:
    np = first("5 holes", NounPhrase)
    assert np.count == 5 and np.mods == []  # type: ignore[attr-defined]


def test_sizes_before_an_article_belong_to_the_earlier_noun() -> None:
    np = [c for c in chunks("a cylinder 20 mm diameter with a hole") if isinstance(c, NounPhrase)][1]
    assert np.mods == [] and [m.text for m in np.lead] == ["20 mm diameter"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("through the center", "center"),
        ("in the middle", "center"),
        ("centred", "center"),
        ("in each corner", "corners"),
        ("6 mm in from the corner edges", "inset"),
        ("10 mm from each end", "inset"),
        ("evenly spaced", "evenly"),
        ("along its length", "along_length"),
        ("in a row", "row"),
        ("on the centreline", "centreline"),
        ("through the top", "face"),
        ("from top to bottom", "face_through"),
        ("along the Z axis", "axis"),
        ("lying along X", "lying_axis"),
        ("on an 80 mm bolt circle", "circle_d"),
        ("on a 100 mm PCD", "circle_d"),
        ("the first and last 10 mm from the ends", "first_last"),
    ],
)
def test_positions(text: str, kind: str) -> None:
    assert first(f"holes {text}", Position).kind == kind  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "kind", "mm"),
    [("at 10 mm pitch", "pitch", 10), ("20 mm apart", "apart", 20), ("with 5 mm gaps", "gap", 5)],
)
def test_spacings(text: str, kind: str, mm: float) -> None:
    spacing = first(f"holes {text}", Spacing)
    assert (spacing.kind, spacing.qty.mm) == (kind, mm)  # type: ignore[attr-defined]


def test_grids() -> None:
    grid = first("a 3 x 4 grid of 4 mm holes", NounPhrase).mods[0]  # type: ignore[attr-defined]
    assert isinstance(grid, Grid) and (grid.columns, grid.rows) == (3, 4)
    rows = first("3 rows of 4 holes", NounPhrase).mods[0]  # type: ignore[attr-defined]
    assert isinstance(rows, Grid) and rows.rows == 3


@pytest.mark.parametrize(
    ("text", "kind", "edges"),
    [
        ("2 mm chamfers on all edges", "chamfer", ("all", [], "edges")),
        ("all edges rounded to a 3 mm radius", "fillet", ("all", [], "edges")),
        ("round the vertical edges 5 mm", "fillet", (None, ["vertical"], "edges")),
        ("a 1 mm chamfer at both ends", "chamfer", ("both", [], "ends")),
        ("5 mm rounded corners", "fillet", (None, [], "corners")),
        ("a 2 mm fillet on the top edge", "fillet", (None, ["top"], "edges")),
        ("bevel the bottom edges 1 mm", "chamfer", (None, ["bottom"], "edges")),
    ],
)
def test_edge_treatments(text: str, kind: str, edges: tuple[object, ...]) -> None:
    treatment = first(text, Treatment)
    assert treatment.kind == kind  # type: ignore[attr-defined]
    e = treatment.edges  # type: ignore[attr-defined]
    assert (e.quant, e.adjectives, e.noun) == edges


@pytest.mark.parametrize(
    ("text", "kind"),
    [("on top of", "on_top_of"), ("stacked on", "stacked"), ("beside", "beside"), ("below", "below")],
)
def test_relations(text: str, kind: str) -> None:
    assert first(f"a cube {text} a cylinder", Relation).kind == kind  # type: ignore[attr-defined]


def test_unknown_words_are_kept_for_the_refusal() -> None:
    found = chunks("a cube with a knurled handle")
    assert [c.text for c in found if isinstance(c, Unsupported)] == ["knurled"]  # type: ignore[attr-defined]
    assert [c.text for c in found if isinstance(c, Unknown)] == ["handle"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("prompt", "field", "value"),
    [
        ("a cylinder 10½ mm diameter and 20 mm tall", "radius", 5.25),
        ("a ½ inch cube", "length", 12.7),
        ("a 2¾ in cube", "length", 69.85),
    ],
)
def test_vulgar_fraction_characters(prompt: str, field: str, value: float) -> None:
    node = plan(prompt).graph.nodes[0]
    assert getattr(node.operation, field) == pytest.approx(value)


def test_the_unit_after_a_group_of_sizes_is_the_unit_of_all_of_them() -> None:
    """'2 x 1 x 0.25 inch' in a request that also has mm: 50.8 x 25.4 x 6.35, not 2 x 1 x 6.35 mm."""
    box = op(plan("a 2 x 1 x 0.25 inch plate with a 3 mm hole in the centre").graph, "plate")
    assert (box.length, box.width, box.height) == pytest.approx((50.8, 25.4, 6.35))


def test_a_request_written_in_inches_shows_inches_in_the_model_and_a_mixed_one_mm() -> None:
    assert plan("a 2 x 1 x 0.25 inch plate").graph.units == "in"
    assert plan("a 2 x 1 x 0.25 in plate with a 0.25 in hole").graph.units == "in"
    assert plan("a 60 x 40 x 8 mm plate").graph.units == "mm"
    assert plan("a 60 x 40 x 8 plate").graph.units == "mm"
    assert plan("a 2 x 1 x 0.25 inch plate with a 3 mm hole in the centre").graph.units == "mm"
