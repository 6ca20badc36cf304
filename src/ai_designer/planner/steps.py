"""Sentences and steps: where a request is cut before parsing, and in which order its parts apply.

The normaliser marks the end of every sentence with ``.`` (full stops, semicolons, line
breaks). A sentence is parsed on its own, so planning time grows with the length of the
request, not faster. Step words are taken off here and turned into step numbers:

- numbered steps ("1. Start with a plate ...", "2) Drill ...", "Step 3: ..."),
- sequence words at the start of a sentence ("First ...", "Then ...", "Next ...", "Finally ..."),
- "then" inside a sentence ("fillet the edges, then drill two holes") starts a new step.

A request with any of these is *step by step*: its features are built in the order of the
steps. Each segment keeps the indices of its words in the whole request, so every phrase
can still quote exactly what was written.
"""

from __future__ import annotations

from dataclasses import dataclass

from ai_designer.planner import numbers

#: Words that open a step at the start of a sentence (taken off before parsing).
SEQUENCE_WORDS = frozenset(
    {
        "first",
        "firstly",
        "then",
        "next",
        "finally",
        "lastly",
        "afterwards",
        "afterward",
        "second",
        "secondly",
        "third",
        "thirdly",
        "fourth",
        "fifth",
        "last",
    }
)
#: Two-word openings: "start with a plate", "after that, drill", "to finish, chamfer".
_OPENINGS = (
    ("start", "with"),
    ("start", "by"),
    ("starting", "with"),
    ("begin", "with"),
    ("begin", "by"),
    ("after", "that"),
    ("after", "this"),
    ("to", "finish"),
    ("to", "start"),
)
#: Words that may follow a sequence word when it is not one ("first and last", "next to").
_NOT_A_STEP_AFTER = frozenset({"and", "to", "of", "one", "hole", "holes", "row", "few"})
#: A sentence made of one whole number is the label of the step after it ("1. Start with ...").
_MAX_LABEL = 99


@dataclass(frozen=True)
class Segment:
    """A sentence (or the part of one after "then"): words ``start``..``end`` of the request."""

    start: int
    end: int
    step: int


@dataclass
class Steps:
    """The segments of a request, and whether it was written as explicit steps."""

    segments: list[Segment]
    explicit: bool
    #: indices of the words taken off as step labels and sequence words (so no word goes unread)
    markers: list[int]


def split_steps(words: list[str]) -> Steps:
    """Cut normalised ``words`` into segments; sequence words and step labels become step numbers."""
    segments: list[Segment] = []
    markers: list[int] = []
    explicit = False
    step = 0
    for start, end in _title_apart(words, _sentences(words)):
        if end - start == 1 and _is_label(words[start]):
            markers.append(start)
            explicit = True
            continue
        pieces, taken, sequenced = _cut_at_then(words, start, end)
        markers += taken
        explicit = explicit or sequenced
        for piece_start, piece_end in pieces:
            if piece_end > piece_start:
                segments.append(Segment(piece_start, piece_end, step))
                step += 1
    return Steps(segments, explicit, markers)


def _sentences(words: list[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for i, word in enumerate([*words, "."]):
        if word == ".":
            if i > start:
                spans.append((start, i))
            start = i + 1
    return spans


def _title_apart(words: list[str], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "Motor mount: a 60 x 40 x 5 mm plate ...": words before a colon, with no number, are a title."""
    if not spans:
        return spans
    start, end = spans[0]
    colon = next((i for i in range(start, end) if words[i] == ":"), None)
    if colon is None or colon + 1 >= end or any(_is_number(w) for w in words[start:colon]):
        return spans
    return [(start, colon), (colon + 1, end), *spans[1:]]


def _is_number(word: str) -> bool:
    return numbers.is_decimal(word) or numbers.is_fraction(word)


def _is_label(word: str) -> bool:
    return numbers.is_decimal(word) and float(word).is_integer() and 0 < float(word) <= _MAX_LABEL


def _cut_at_then(words: list[str], start: int, end: int) -> tuple[list[tuple[int, int]], list[int], bool]:
    """Pieces of one sentence, the marker words taken off, and whether a sequence word was seen."""
    pieces: list[tuple[int, int]] = []
    taken: list[int] = []
    sequenced = False
    piece_start = start
    i = start
    while i < end:
        at_start = i == piece_start
        word = words[i]
        following = words[i + 1] if i + 1 < end else ""
        opening = next((pair for pair in _OPENINGS if (word, following) == pair), None)
        if at_start and (word == "," or (word == "and" and i > start)):
            taken.append(i)
            piece_start = i + 1
        elif at_start and opening is not None:
            taken += [i, i + 1]
            piece_start = i + 2
            sequenced = True
            i += 1
        elif at_start and word in SEQUENCE_WORDS and following not in _NOT_A_STEP_AFTER:
            taken.append(i)
            piece_start = i + 1
            sequenced = True
        elif word == "then" and not at_start:
            end_of_piece = i
            while end_of_piece > piece_start and words[end_of_piece - 1] in (",", "and"):
                end_of_piece -= 1
                taken.append(end_of_piece)
            pieces.append((piece_start, end_of_piece))
            taken.append(i)
            piece_start = i + 1
            sequenced = True
        i += 1
    pieces.append((piece_start, end))
    return pieces, taken, sequenced
