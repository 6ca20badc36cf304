"""Shape kinds are records (shapekind.py): their nouns make the grammar, their tables the meaning."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ai_designer.planner import LocalPlanner, shapes
from ai_designer.planner.kinds import SHAPE_KINDS
from ai_designer.planner.parser import grammar_parser, keyword_terminals
from ai_designer.planner.shapekind import ShapeKind
from helpers.planner_support import bbox, op, plan, volume_ok


def test_every_single_word_noun_is_its_kinds_word() -> None:
    words = keyword_terminals(grammar_parser().terminals)
    for kind in SHAPE_KINDS.values():
        for noun in kind.nouns:
            if " " not in noun:
                assert words[noun] == kind.terminal, (kind.name, noun)


@pytest.mark.parametrize(
    ("prompt", "kind"),
    [
        ("a 100 mm long 30 x 30 x 3 equal angle", "angle"),
        ("a 200 mm long U channel 40 x 30 x 3 mm", "channel"),
        ("a 50 mm cube", "box"),
        ("a 60 x 40 x 5 mm plate", "box"),
    ],
)
def test_nouns_of_several_words_and_single_words_name_their_kind(prompt: str, kind: str) -> None:
    graph = plan(prompt).graph
    assert graph.nodes[0].operation.op in ("extrude", "box") and (kind != "box") == (
        graph.nodes[0].operation.op == "extrude"
    )


def test_channel_and_angle_sections() -> None:
    channel = plan("a U-channel 40 mm wide and 30 mm tall with 3 mm thick sides and base, 200 mm long").graph
    assert bbox(channel) == (200, 40, 30)
    assert volume_ok(channel, 200 * (40 * 30 - 34 * 27))
    angle = plan("a 100 mm length of 30 x 20 x 3 mm unequal angle").graph
    assert bbox(angle) == (100, 30, 20)
    assert volume_ok(angle, 100 * (30 * 3 + 17 * 3))
    assert op(angle, "angle").plane == "yz"


@pytest.fixture
def widget() -> Iterator[None]:
    """A kind added the way a maintainer adds one: a single record."""
    SHAPE_KINDS["widget"] = ShapeKind(
        "widget",
        shapes.KINDS[[k.name for k in shapes.KINDS].index("cylinder")].build,
        {"diameter": "diameter", "height": "height"},
        nouns=("widget", "widgets"),
        primary="diameter",
    )
    grammar_parser.cache_clear()
    yield
    del SHAPE_KINDS["widget"]
    grammar_parser.cache_clear()


@pytest.mark.usefixtures("widget")
def test_a_new_kind_is_one_record() -> None:
    graph = LocalPlanner().plan("a 30 mm widget 10 mm tall").graph
    cylinder = graph.nodes[0].operation
    assert (cylinder.op, cylinder.radius, cylinder.height) == ("cylinder", 15, 10)
