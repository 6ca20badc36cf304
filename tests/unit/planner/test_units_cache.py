"""pint's registry made from its cache in the user's cache folder converts like a fresh one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pint
import pytest

from ai_designer.planner import units
from ai_designer.planner.parser import grammar_parser, keyword_terminals


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    units._registry.cache_clear()
    yield tmp_path / "cache" / "ai-designer" / "pint"
    units._registry.cache_clear()


def accepted_units() -> tuple[list[str], list[str]]:
    """The length and angle unit words of the grammar."""
    words = keyword_terminals(grammar_parser().terminals)
    lengths = [w for w, t in words.items() if t == "UNIT"] + ["in"]
    return lengths, [w for w, t in words.items() if t == "DEGREES"]


def conversions() -> list[tuple[str, str, float]]:
    lengths, angles = accepted_units()
    return [(u, units.canonical(u), units.to_mm(2.5, u)) for u in lengths] + [
        (u, units.canonical(u), units.to_degrees(0.75, u)) for u in angles
    ]


def plain_conversions() -> list[tuple[str, str, float]]:
    plain = pint.UnitRegistry()
    lengths, angles = accepted_units()
    return [
        (u, str(plain.parse_units(u)), round(float(plain.Quantity(2.5, u).to("millimeter").magnitude), 9))
        for u in lengths
    ] + [
        (u, str(plain.parse_units(u)), round(float(plain.Quantity(0.75, u).to("degree").magnitude), 9))
        for u in angles
    ]


def test_a_cached_registry_converts_every_accepted_unit_as_pint_does(cache_home: Path) -> None:
    expected = plain_conversions()
    assert len(expected) > 20
    assert conversions() == expected  # made and cached
    assert list(cache_home.iterdir())
    units._registry.cache_clear()
    assert conversions() == expected  # loaded from the cache


def test_a_damaged_pint_cache_falls_back_to_the_definitions(cache_home: Path) -> None:
    conversions()
    for path in cache_home.iterdir():
        path.write_bytes(b"damaged")
    units._registry.cache_clear()
    assert conversions() == plain_conversions()


def test_an_unwritable_cache_folder_falls_back_to_the_definitions(cache_home: Path) -> None:
    cache_home.parent.mkdir(parents=True)
    cache_home.write_text("a file where the folder should be")
    assert conversions() == plain_conversions()
