"""Noun phrases: a shape or feature noun and the words before it ("four 5 mm through holes").

Two things are settled here that the grammar alone cannot: whether a bare number before
the noun is a count ("5 holes") or a size ("a 20 cube", "a 1 1/2 inch cube"), and which
sizes before the noun are not its own because an article or "with" stands between them
and the noun ("a cylinder 20 mm diameter with a hole": the hole has no size).
"""

from __future__ import annotations

from typing import Any

from ai_designer.planner.chunks import Chunk, Dims, Grid, Name, NounPhrase, Qty, Word

_ADJECTIVE_CLASSES = ("shape_adj", "feature_adj")
#: Filler words are not parsed, but these still mark where a new noun phrase begins.
_NEW_PHRASE = frozenset({"a", "an", "the", "with"})
_DEFINITE = frozenset({"the", "its", "this", "that", "their", "these", "those"})
_DETERMINERS = _DEFINITE | {"a", "an", "another", "one", "some"}


def noun_phrase(category: str, children: list[Any], words: list[str], start: int) -> NounPhrase:
    """The phrase from the transformed children of a ``shape_np`` or ``feature_np`` rule."""
    noun = next(c for c in children if isinstance(c, Word) and c.cls == category)
    phrase = NounPhrase(
        category=category,
        kind=noun.meaning,
        noun=noun.text.split()[-1],
        count=children[0] if children and isinstance(children[0], float) else None,
        mods=[
            c
            for c in children
            if isinstance(c, Chunk) and c is not noun and not _is_adjective(c) and not isinstance(c, Name)
        ],
        names=[c.text for c in children if isinstance(c, Name)],
        adjectives=[_adjective(c) for c in children if _is_adjective(c)],
        text=" ".join(words[start : noun.end]),
    )
    _split_lead(phrase, words, start, noun)
    _count_or_size(phrase, start)
    phrase.definite = _definite(words, start, noun.start)
    return phrase


def _definite(words: list[str], start: int, noun_start: int) -> bool:
    """ "the slot", "its base", "that plate": the last determiner before the noun is definite."""
    determiners = [w for w in words[max(0, start - 1) : noun_start] if w in _DETERMINERS]
    return bool(determiners) and determiners[-1] in _DEFINITE


def _adjective(word: Word) -> str:
    """An adjective's meaning; a clearance fit keeps its word ("fit_close": ISO 273 fine)."""
    return f"fit_{word.text.split()[0]}" if word.meaning == "fit" else word.meaning


def _whole(qty: Qty) -> bool:
    return qty.unitless and float(qty.value).is_integer()


def _is_adjective(chunk: Any) -> bool:
    return isinstance(chunk, Word) and chunk.cls in _ADJECTIVE_CLASSES


def _split_lead(phrase: NounPhrase, words: list[str], start: int, noun: Word) -> None:
    """Move the sizes before the last article or "with" to ``phrase.lead``."""
    marks = [i for i in range(start, noun.start) if words[i] in _NEW_PHRASE]
    if not marks:
        return
    boundary = marks[-1]
    phrase.lead = [m for m in phrase.mods if 0 <= m.end <= boundary]
    phrase.mods = [m for m in phrase.mods if not 0 <= m.end <= boundary]
    phrase.text = " ".join(words[boundary + 1 : noun.end])


def _count_or_size(phrase: NounPhrase, start: int) -> None:
    """Tell a count from a size without a unit: "5 holes" (count) but "a 20 cube" (size)."""
    _per_row(phrase)
    if phrase.count is None and phrase.plural and phrase.mods:
        first = phrase.mods[0]
        if isinstance(first, Qty) and first.unitless and float(first.value).is_integer():
            phrase.count = first.value
            phrase.mods = phrase.mods[1:]
        elif isinstance(first, Dims) and len(first.values) == 2 and _whole(first.values[0]):
            phrase.count = first.values[0].value  # "6 x 8 mm holes": six holes of 8 mm
            phrase.mods = [first.values[1], *phrase.mods[1:]]
    elif phrase.count is not None and not phrase.plural:
        lead = phrase.mods[0] if phrase.mods else None
        if isinstance(lead, Qty) and 0 < lead.value < 1 and float(phrase.count).is_integer():
            lead.value += phrase.count  # "a 1 1/2 inch cube": a mixed number, not one cube
            lead.start = start
            phrase.count = None
        elif phrase.count != 1:
            phrase.mods.insert(0, Qty(value=phrase.count, text=f"{phrase.count:g}"))
            phrase.count = None


def _per_row(phrase: NounPhrase) -> None:
    """ "2 rows of 5 holes": a whole number without a unit right after the rows is the count in
    each row (the columns), not the size of the holes ("2 rows of 5 mm holes" keeps its size)."""
    for i, (grid, nxt) in enumerate(zip(phrase.mods, phrase.mods[1:], strict=False)):
        if (
            isinstance(grid, Grid)
            and grid.rows is not None
            and grid.columns is None
            and isinstance(nxt, Qty)
            and _whole(nxt)
        ):
            grid.columns = nxt.value
            grid.text = f"{grid.text} of {nxt.text}"
            grid.end = max(grid.end, nxt.end)
            del phrase.mods[i + 1]
            return
