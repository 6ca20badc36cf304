"""Words that say what the part is made of: "a brass washer", "in cast iron", "aluminium".

The material is not geometry, but it is part of the request: the report gives the part's mass
from it. A word naming one material of the table (``cad/materials.py``) sets the design's
material; a word naming only a kind of material ("plastic", "metal", "wood") cannot give a
density, so no mass is given rather than the mass of a material the request did not name.
"""

from __future__ import annotations

from collections.abc import Sequence

from ai_designer.cad.materials import material_name
from ai_designer.errors import PlanningError
from ai_designer.planner.build import refuse
from ai_designer.planner.chunks import Material
from ai_designer.planner.normalize import normalize

#: Words that name a kind of material, not one the mass can be computed for.
KINDS_OF_MATERIAL = frozenset({"plastic", "metal", "metallic", "wood", "wooden", "rubber"})


def is_material_word(word: str) -> bool:
    """True when ``word`` names a material or a kind of material."""
    return word in KINDS_OF_MATERIAL or table_material(word) is not None


def table_material(word: str) -> str | None:
    """The material table's name for ``word`` ("aluminum" → "aluminium"), or None."""
    try:
        return material_name(word)
    except PlanningError:
        return None


def one_material(words: Sequence[str]) -> str | None:
    """The one table material that ``words`` name together, or None when they name only kinds
    ("plastic"). "stainless steel" is stainless; two different materials are refused."""
    names = {name for name in map(table_material, words) if name is not None}
    if {"stainless", "steel"} <= names:
        names.discard("steel")
    if len(names) > 1:
        raise refuse("it names more than one material, and a part here is made of one", words=words)
    return next(iter(names), None)


def part_material(part: Sequence[Material], pieces: Sequence[Material]) -> tuple[list[str], str | None]:
    """The material words of a request and the one material they name (see :func:`one_material`).

    ``part`` are the words said of the whole part (its first shape, or the request itself);
    ``pieces`` those said of a later shape or a feature. A piece may repeat the part's material
    ("a brass plate with a brass boss") but not name one alone ("a plate with a brass boss").
    """
    if pieces and not part:
        raise refuse(
            "a material is given to one piece, and a part here is made of one", words=[m.text for m in pieces]
        )
    words = [m.text for m in (*part, *pieces)]
    return words, one_material(words)


def material_words_in(text: str) -> list[str]:
    """The material words of ``text``, wherever they stand (for plans the offline planner did not
    make). A scan of the normalised words, not a parse: it runs in the serving process."""
    return [word for word in normalize(text) if is_material_word(word)]
