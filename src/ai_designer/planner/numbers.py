"""Numbers as people write them: digits, decimals, fractions, mixed numbers and number words.

The grammar decides *where* a number is (``number`` and ``count`` rules); this module gives
each form its value: ``"10.5"`` → 10.5, ``"3/4"`` → 0.75, ``"1 1/2"`` → 1.5,
``"twenty five"`` → 25, ``"dozen"`` → 12, ``"pair"`` → 2, ``"half"`` → 0.5.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction

ONES: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
TEENS: dict[str, int] = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
#: Words that stand for a number on their own.
SPECIAL: dict[str, float] = {"dozen": 12, "pair": 2, "single": 1, "half": 0.5, "quarter": 0.25}

_DECIMAL = re.compile(r"^(?:\d+(?:\.\d*)?|\.\d+)$")
_FRACTION = re.compile(r"^(\d+)/(\d+)$")


def is_decimal(word: str) -> bool:
    """True for ``12``, ``10.5``, ``.5``."""
    return bool(_DECIMAL.match(word))


def is_fraction(word: str) -> bool:
    """True for ``3/4`` (a non-zero denominator)."""
    m = _FRACTION.match(word)
    return m is not None and int(m.group(2)) != 0


def decimal_value(word: str) -> float:
    """The value of a decimal numeral."""
    return float(word)


def fraction_value(word: str) -> float:
    """The value of ``a/b``."""
    m = _FRACTION.match(word)
    if m is None:
        raise ValueError(f"not a fraction: {word!r}")
    return float(Fraction(int(m.group(1)), int(m.group(2))))


def _is_number_word(word: str) -> bool:
    return word in ONES or word in TEENS or word in TENS or word == "hundred"


def fold_number_words(words: Sequence[str]) -> list[str]:
    """Spelled-out numbers as numerals: ``["twenty", "five", "mm"]`` → ``["25", "mm"]``.

    "and" inside a number is kept ("one hundred and ten"), not before "half"
    ("one and a half" stays for the grammar's ``number and half``).
    """
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append(f"{words_value(run):g}")
            run.clear()

    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if (_is_number_word(word) and not (run and word in ONES and run[-1] in ONES)) or (
            word == "and" and run and run[-1] == "hundred" and _is_number_word(following)
        ):
            run.append(word)
        else:
            flush()
            if _is_number_word(word):
                run.append(word)
            else:
                out.append(word)
    flush()
    return out


def words_value(words: Sequence[str]) -> float:
    """The value of a spelled-out number: ``["twenty", "five"]`` → 25, ``["two", "hundred"]`` → 200."""
    total = 0.0
    current = 0.0
    for word in words:
        if word in ONES:
            current += ONES[word]
        elif word in TEENS:
            current += TEENS[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word == "and":
            continue
        else:
            raise ValueError(f"not a number word: {word!r}")
    return total + current
