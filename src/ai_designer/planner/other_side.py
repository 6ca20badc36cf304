""" "10 mm from the other end": the face opposite the one the last distance was measured from.

"a 5 mm hole 10 mm from the left end and an 8 mm hole 10 mm from the other end" puts the second
hole 10 mm from the right end. "The other" needs a side said before it; without one it is not
clear which side is meant, and the words are refused rather than guessed.
"""

from __future__ import annotations

from ai_designer.planner.audit import walk
from ai_designer.planner.chunks import Chunk, Position, Unknown

OPPOSITE = {
    "left": "right",
    "right": "left",
    "front": "back",
    "back": "front",
    "top": "bottom",
    "bottom": "top",
}


def _noun(position: Position) -> str:
    """ "end" for a distance from an end, "edge" for one from an edge, side or face."""
    return "end" if position.text.split()[-1] in ("end", "ends") else "edge"


def resolve_other_sides(chunks: list[Chunk]) -> list[Chunk]:
    """``chunks`` with each distance "from the other end" ("edge", "side") measured from the face
    opposite the last one a distance from an end (an edge) named before it; one with no such face
    before it becomes unknown."""
    last: dict[str, str] = {}
    unresolved: set[int] = set()
    for chunk in walk(chunks):
        if not isinstance(chunk, Position) or chunk.kind != "inset":
            continue
        if chunk.ref == "other":
            if _noun(chunk) not in last:
                unresolved.add(id(chunk))
                continue
            chunk.ref, chunk.faces = "face", [OPPOSITE[last[_noun(chunk)]]]
        if chunk.ref == "face" and len(chunk.faces) == 1 and chunk.faces[0] in OPPOSITE:
            last[_noun(chunk)] = chunk.faces[0]
    if not unresolved:
        return chunks
    return [Unknown(text=c.text, start=c.start, end=c.end) if id(c) in unresolved else c for c in chunks]
