"""Lexical clean-up: turn a request into lower-case words the grammar's lexer can type.

Only spelling is handled here, never meaning: symbols become words (``Ø`` → ``diameter``,
``×`` → ``x``, ``°`` → ``degrees``, ``"`` after a number → ``inch``), numbers glued to
units or to each other are split (``20mm``, ``60x40x10``), ``R5`` becomes ``radius 5``,
hyphenated words are split (``open-top``, ``twenty-five``), number words become numerals
("twenty five" → ``25``), an axis in brackets becomes a tag (``(X)`` → ``@x``); commas stay
(they separate phrases), full stops, semicolons and line breaks become ``.`` (they end a
sentence: steps.py splits there), other punctuation goes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from ai_designer.planner import numbers

_SYMBOLS = {
    "ø": " diameter ",
    "⌀": " diameter ",
    "∅": " diameter ",
    "×": " x ",
    "✕": " x ",
    "✖": " x ",
    "°": " degrees ",
    "″": '"',
    "“": '"',
    "”": '"',
    "′": "'",
    "’": "'",
    "‘": "'",
    "–": " - ",
    "—": " - ",
}
_NUM = r"(?:\d+(?:\.\d+)?|\.\d+)"
_LETTERS = {"d": "diameter", "h": "height", "l": "length", "r": "radius", "t": "thickness", "w": "width"}
#: Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = r"dia|diam|approx|appr|ca|nr|thk|ref|e\.g|i\.e|eg|ie|vs|pcd|max|min|deg|sq|qty"
_RULES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"\r\n?|\n"), " . "),  # a new line ends a sentence (steps on their own lines)
    (re.compile(r"\bstep\s+(\d{1,2})\s*[:.)-]?\s"), r" . \1 . "),  # "Step 2:" → a step label
    (re.compile(r"(^|[.;]\s*)\(?(\d{1,2})\)\s"), r"\1 \2 . "),  # "1) ..." / "(1) ..." at a sentence start
    (re.compile(r"\(\s*([xyz])\s*\)"), r" @\1 "),  # "100 mm (X)": an axis tag
    (re.compile(r"\bo\s*['’]?\s*clock\b"), " oclock "),  # 12 o'clock
    (re.compile(r"\b([a-z]{2,})[\s-]shaped\b"), r"\1shaped"),  # "cup-shaped": one word, a name
    (re.compile(r"\bhand[\s-]held\b"), "handheld"),
    (re.compile(rf"({_NUM})\s*in\.(?!\d)"), r"\1 inch "),  # 2 in. → 2 inch
    # "dia. 30": not a full stop; but "... 90 mm PCD. 3. Chamfer ..." still ends a numbered step
    (re.compile(rf"\b({_ABBREVIATIONS})\.(?!\d)(?!\s*\d{{1,2}}[.)]\s)(?=\s+[a-z0-9])"), r"\1 "),
    (re.compile(rf"({_NUM})\s*\""), r"\1 inch "),  # 2" → 2 inch
    (re.compile(rf"({_NUM})\s*'(?![a-z])"), r"\1 foot "),  # 6' → 6 foot
    (re.compile(r"\bw/(?=\s|$)"), " with "),
    (re.compile(r"\ba/f\b"), " af "),
    (re.compile(r"\b(\d+)-(\d+/\d+)\b"), r"\1 \2"),  # 1-1/2 → 1 1/2
    (re.compile(rf"(?<=\d)\s*[x*]\s*(?={_NUM})"), " x "),  # 60x40, 60 *40
    (re.compile(r"\b(\d+)\s*x\s+(?=diameter\b|m\d)"), r"\1 "),  # 4x Ø6, 4 x M5 (a count, as on drawings)
    # "a modelled M10 x 1.5 thread": a thread asked to be modelled (else "modelled" is filler)
    (re.compile(rf"\b(?:modell?ed|real)\s+(?=(?:m{_NUM}(?:\s*x\s*{_NUM})?\s+)?threads?\b)"), "helical "),
    (re.compile(rf"\br\s*({_NUM})\b"), r" radius \1 "),  # R5
    (re.compile(r"\b([dhlrtw])\s*[=:]\s*"), lambda m: f" {_LETTERS[m.group(1)]} = "),  # d=30, h: 50
    (re.compile(r"(?<=[a-z])'s\b"), " "),  # the hole's, it's
    (re.compile(r"(?<=[0-9])(?=[a-z])(?!d\b)"), " "),  # 20mm → 20 mm (not 3d)
    (re.compile(r"(?<=[a-z])-(?=[a-z0-9])|(?<=[0-9])-(?=[a-z])"), " "),  # open-top, 20-mm
    (re.compile(r"\.(?!\d)|;"), " . "),  # full stops (not decimal points) and semicolons end a sentence
    (re.compile(r"(?<=\d),(?=\d{3}\b)"), ""),  # 1,000
    (re.compile(r","), " , "),  # commas separate phrases: kept as a word
    (re.compile(r"="), " = "),
    (re.compile(r":"), " : "),  # a colon may end a title ("Motor mount: a 60 x 40 plate ...")
    (re.compile(r"[!?()\[\]{}\"'`]|(?<!\d)/|/(?!\d)|\s-\s|^-|-$"), " "),
)


_VULGAR_FRACTION = re.compile("[\u00bc-\u00be\u2150-\u215e]")


def _spell_fraction(match: re.Match[str]) -> str:
    """½ → " 1/2", so "10½" reads as "10 1/2" (NFKC alone would give "101⁄2")."""
    return " " + unicodedata.normalize("NFKC", match.group()).replace("\u2044", "/")


def normalize(text: str) -> list[str]:
    """The request as a list of lower-case words, numbers and unit words."""
    text = _VULGAR_FRACTION.sub(_spell_fraction, text)
    text = unicodedata.normalize("NFKC", text).lower()
    for symbol, replacement in _SYMBOLS.items():
        text = text.replace(symbol, replacement)
    for pattern, rewrite in _RULES:
        text = pattern.sub(rewrite, text)
    return numbers.fold_number_words(text.split())
