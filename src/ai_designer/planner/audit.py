"""The meaning audit: every number and every position phrase of a request is used by the plan.

A plan that builds a plausible part while quietly leaving out "on a 31 mm square" or "the
four" of "the four vertical edges" is the worst failure a CAD tool can have: its checks
compare the part with the plan, so they pass. So after the nodes are built, the planner
asks, for the request as written:

- each number: was the phrase that holds it (the innermost one) used? A length given to a
  shape counts once a builder has read it; a count once the pattern or copy used it;
- each position, spacing, pattern and screw-size phrase: was it used?

Whatever was not is quoted back and the request is refused. Builders say what they used
by reading a spec's values (``Values`` records reads) and by :func:`use` on phrases.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ai_designer.planner import numbers
from ai_designer.planner.chunks import Chunk, Clearance, Grid, Position, Spacing

if TYPE_CHECKING:
    from ai_designer.planner.model import BodySpec, FeatureSpec, Spec

#: Phrases that say where or how many: each must be used even when it holds no number.
PLACING = (Position, Spacing, Grid, Clearance)


def use(*chunks: Chunk | None) -> None:
    """Record that the plan uses what these phrases say (the phrases inside them too)."""
    for chunk in chunks:
        if chunk is not None:
            for inner in walk([chunk]):
                inner.used = True


def walk(items: Iterable[object]) -> Iterator[Chunk]:
    """Every chunk in ``items``, and every chunk nested inside them."""
    for item in items:
        if isinstance(item, Chunk):
            yield item
            yield from walk(vars(item).values())
        elif isinstance(item, (list, tuple)):
            yield from walk(item)


def specs(bodies: list[BodySpec]) -> Iterator[Spec]:
    """Every shape and feature of ``bodies`` (counterbores and countersinks too)."""
    for body in bodies:
        yield body
        for feature in body.features:
            sub: FeatureSpec | None = feature
            while sub is not None:
                yield sub
                sub = sub.sub


def record_reads(bodies: list[BodySpec]) -> None:
    """Mark the phrase of every dimension a builder read as used."""
    for spec in specs(bodies):
        for name in spec.used_values():
            for source in spec.sources.get(name, []):
                source.used = True


def unused_phrases(words: list[str], chunks: list[Chunk], skip: Iterable[int] = ()) -> list[str]:
    """The phrases of the request whose numbers or placing the plan does not use, in order.

    ``skip`` holds word indices that were read in another way (step labels).
    """
    every = [c for c in walk(chunks) if c.start >= 0 and c.end > c.start]
    skipped = set(skip)
    missed: list[Chunk] = []
    for i, word in enumerate(words):
        if i in skipped or not (numbers.is_decimal(word) or numbers.is_fraction(word)):
            continue
        around = [c for c in every if c.start <= i < c.end]
        if not around:
            continue  # a word no phrase took: reported as not understood already
        innermost = min(around, key=lambda c: c.end - c.start)
        if not innermost.used:
            missed.append(innermost)
    missed += [c for c in every if isinstance(c, PLACING) and not c.used]
    texts: list[str] = []
    for chunk in sorted(missed, key=lambda c: c.start):
        if chunk.text not in texts and not any(chunk.text in t for t in texts):
            texts.append(chunk.text)
    return texts
