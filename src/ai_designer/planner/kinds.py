"""Every shape kind the offline planner knows, from the records next to their builders.

To add a kind: write its builder and its :class:`~shapekind.ShapeKind` record in shapes.py
or mechanical.py. Its nouns join the grammar (:func:`grammar_words`), its roles, bare size and
``a x b`` meaning are looked up here, and catalog.py builds it.
"""

from __future__ import annotations

from ai_designer.planner import mechanical, shapes
from ai_designer.planner.shapekind import RoleTable, ShapeKind

SHAPE_KINDS: dict[str, ShapeKind] = {kind.name: kind for kind in (*shapes.KINDS, *mechanical.KINDS)}


def shape_roles(kind: str) -> RoleTable:
    """The named dimensions a kind takes (empty for an unknown kind)."""
    record = SHAPE_KINDS.get(kind)
    return record.roles if record is not None else {}


def shape_primary(kind: str) -> str | None:
    """What a bare length next to the noun means for a kind."""
    record = SHAPE_KINDS.get(kind)
    return record.primary if record is not None else None


def shape_dims(kind: str, count: int) -> tuple[str, ...] | None:
    """What ``count`` lengths written as ``a x b (x c)`` mean for a kind."""
    record = SHAPE_KINDS.get(kind)
    return record.dims.get(count) if record is not None else None


def grammar_words() -> tuple[str, str, str]:
    """The grammar text the records make: ``shape_noun`` alternatives, the word-list terminals, and
    the words of several-word nouns ("equal angle") for the ``stray`` rule (every word parses alone)."""
    alternatives: list[str] = []
    terminals: list[str] = []
    single = {noun: kind.terminal for kind in SHAPE_KINDS.values() for noun in kind.nouns if " " not in noun}
    for kind in SHAPE_KINDS.values():
        words = [noun for noun in kind.nouns if " " not in noun]
        if words:
            terminals.append(f"{kind.terminal}: " + " | ".join(f'"{word}"' for word in words))
            alternatives.append(f"{kind.terminal:<26} -> shape__{kind.name}")
        for noun in (n for n in kind.nouns if " " in n):  # "equal angle": a noun of several words
            parts = (single.get(word, f'"{word}"') for word in noun.split())
            alternatives.append(" ".join(parts) + f" -> shape__{kind.name}")
    several = [noun.split() for kind in SHAPE_KINDS.values() for noun in kind.nouns if " " in noun]
    loose = " | ".join(f'"{w}"' for w in sorted({w for words in several for w in words if w not in single}))
    return "\n          | ".join(alternatives), "\n".join(terminals), loose
