"""The lexer and the Earley parser over ``grammar.lark``.

The lexer works on the normalised words (normalize.py): filler words are dropped, numbers,
fractions and metric sizes get their token types, a word of the grammar becomes that word's
own terminal and anything else becomes ``WORD`` (unknown). Token positions are word indices,
so every phrase knows which words it covers.

Every word can stand alone as a phrase (the ``stray`` rule lists the words that cannot
otherwise), so any sequence of words parses; a word outside every phrase it could belong to
is reported instead of failing the parse.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import GrammarError
from lark.lexer import Lexer, TerminalDef

from ai_designer.planner import numbers
from ai_designer.planner.earley import LookaheadEarley
from ai_designer.planner.grammar_cache import cached_parser
from ai_designer.planner.kinds import grammar_words

#: Words that carry no meaning for the geometry; they are dropped before parsing.
_FILLER_WORDS = """
    a an the please me i we you my our your its is are be been being was were will would
    could can shall should must may might do does did let lets us gimme need needs want wanted
    like love make made create design model draw build generate give produce print modify edit
    of with having has have had which these those there here then also just so some
    about approximately approx roughly exactly precisely overall total measuring measures
    measure sized dimensions dimension dimensioned sitting sits resting rests
    placed positioned located part piece object thing item component shape form at as
    drilled bored ok okay thanks thank hi hello hey now again too very quite slightly really
    what how running runs run oriented orientated aligned going goes go passing passes creating
    making designing building drawing modelling modeling modelled modeled : full leaving
"""
FILLER = frozenset(_FILLER_WORDS.split())

_MSIZE = re.compile(r"^m\d+(?:\.\d+)?$")


class WordLexer(Lexer):
    """Types the words of a request for the Earley parser (lark's custom-lexer interface).

    It takes lark's current lexer interface (``lex(lexer_state, parser_state)``), so lark uses
    the class as it is rather than wrapping it in a local class that could not be pickled.
    """

    __future_interface__ = 2

    def __init__(self, lexer_conf: Any) -> None:
        self.keywords = keyword_terminals(lexer_conf.terminals)

    def lex(self, lexer_state: Any, parser_state: Any = None) -> Iterator[Token]:
        """The tokens of ``lexer_state.text``: ``(index, word)`` pairs."""
        for index, word in lexer_state.text:
            yield Token(
                self.word_type(word),
                word,
                start_pos=index,
                end_pos=index + 1,
                line=1,
                column=index,
                end_line=1,
                end_column=index + 1,
            )

    def word_type(self, word: str) -> str:
        """The terminal a word belongs to."""
        if word in self.keywords:
            return self.keywords[word]
        if numbers.is_decimal(word):
            return "NUMBER"
        if numbers.is_fraction(word):
            return "FRACTION"
        if _MSIZE.match(word):
            return "MSIZE"
        if word.endswith("shaped") and len(word) > len("shaped") + 1:
            return "NAME"  # "cupshaped" (normalize.py joined "cup-shaped"): the part's name
        return "WORD"


def keyword_terminals(terminals: list[TerminalDef]) -> dict[str, str]:
    """Word → terminal name for the grammar's quoted words and word lists (``BOX: "box" | "block"``)."""
    owner: dict[str, str] = {}
    for terminal in terminals:
        pattern = terminal.pattern
        if pattern.type == "str":
            words = [pattern.value]
        else:
            body = pattern.value[3:-1] if pattern.value.startswith("(?:") else pattern.value
            words = [re.sub(r"\\(.)", r"\1", w) for w in body.split("|")]
        for word in words:
            if word in owner and owner[word] != terminal.name:
                raise GrammarError(f"{word!r} is in both {owner[word]} and {terminal.name}")
            owner[word] = terminal.name
    return owner


def grammar_text() -> str:
    """``grammar.lark`` with the shape nouns of the shape-kind records filled in."""
    text = resources.files("ai_designer.planner").joinpath("grammar.lark").read_text("utf-8")
    nouns, words, loose = grammar_words()
    return text.replace("@SHAPE_NOUNS@", nouns).replace("@SHAPE_WORDS@", words).replace("@NOUN_WORDS@", loose)


@lru_cache(maxsize=1)
def grammar_parser() -> Lark:
    """The Earley parser, with lookahead in its predictor (earley.py): built once per process,
    and kept between processes in the user's cache folder (grammar_cache.py)."""
    text = grammar_text()
    return cached_parser(text, lambda: build_parser(text))


def build_parser(text: str) -> Lark:
    """A new Earley parser of ``text``, with lookahead in its predictor (earley.py)."""
    lark = Lark(
        text,
        parser="earley",
        lexer=WordLexer,
        ambiguity="resolve",
        keep_all_tokens=True,
        propagate_positions=True,
    )
    frontend = lark.parser
    plain = frontend.parser
    frontend.parser = LookaheadEarley(
        plain.lexer_conf, plain.parser_conf, plain.term_matcher, resolve_ambiguity=True
    )
    return lark


_PARSE_LOCK = threading.Lock()


def is_filler(word: str) -> bool:
    """True for words dropped before parsing."""
    return word in FILLER


def parse_words(words: list[str], start: int = 0, end: int | None = None) -> Tree[Token]:
    """Parse normalised ``words[start:end]`` (filler dropped here) into a tree of phrases.

    Token positions stay indices into the whole of ``words``.
    """
    stop = len(words) if end is None else end
    kept = [(i, words[i]) for i in range(start, stop) if not is_filler(words[i])]
    parser = grammar_parser()
    with _PARSE_LOCK:  # the parser keeps the tokens of the parse under way
        return parser.parse(kept)
