"""lark's Earley parser with one word of lookahead in its predictor.

lark predicts, at every word, every rule that can begin a phrase (several thousand items for
this grammar) and lets the scanner discard those that do not fit the next word. Here the
predictor only adds rules whose FIRST set holds the next word's terminal (or that can match
nothing), which is the classic lookahead optimisation: the chart, and therefore the tree, is
the same, and parsing takes about an eighth of the time.

The lexer (parser.py) produces every token before parsing starts, so the next token is
known when a column is predicted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lark.grammar import NonTerminal, Rule, Symbol, Terminal
from lark.lexer import Token
from lark.parsers import earley


class _Tokens:
    """A lexer replaying tokens already made (lark calls ``lex(expects)``)."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens

    def lex(self, _expects: Any) -> Iterator[Token]:
        yield from self.tokens


class _Lookahead:
    """``predictions[nonterminal]`` restricted to rules that can start with ``terminal``."""

    def __init__(self, parser: LookaheadEarley, terminal: Terminal | None) -> None:
        self.parser = parser
        self.terminal = terminal

    def __getitem__(self, nonterminal: NonTerminal) -> list[Rule]:
        return self.parser.rules_starting(nonterminal, self.terminal)


class LookaheadEarley(earley.Parser):
    """An ``earley.Parser`` whose predictor looks at the next token."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._all_predictions: dict[NonTerminal, list[Rule]] = self.predictions
        self._starting: dict[tuple[NonTerminal, Terminal | None], list[Rule]] = {}
        self._first: dict[Rule, tuple[frozenset[Symbol], bool]] = {}
        self._tokens: list[Token] = []

    def _rule_first(self, rule: Rule) -> tuple[frozenset[Symbol], bool]:
        """The terminals ``rule`` can begin with, and whether it can match nothing."""
        known = self._first.get(rule)
        if known is None:
            first: set[Symbol] = set()
            nullable = True
            for symbol in rule.expansion:
                if symbol.is_term:
                    first.add(symbol)
                    nullable = False
                    break
                first |= self.FIRST[symbol]
                if symbol not in self.NULLABLE:
                    nullable = False
                    break
            known = self._first[rule] = (frozenset(first), nullable)
        return known

    def rules_starting(self, nonterminal: NonTerminal, terminal: Terminal | None) -> list[Rule]:
        """The predictions of ``nonterminal`` that can begin with ``terminal`` (None: the end)."""
        key = (nonterminal, terminal)
        rules = self._starting.get(key)
        if rules is None:
            rules = []
            for rule in self._all_predictions[nonterminal]:
                first, nullable = self._rule_first(rule)
                if nullable or (terminal is not None and terminal in first):
                    rules.append(rule)
            self._starting[key] = rules
        return rules

    def _parse(self, lexer: Any, columns: Any, to_scan: Any, start_symbol: Any = None) -> Any:
        self._tokens = list(lexer.lex(None))
        return super()._parse(_Tokens(self._tokens), columns, to_scan, start_symbol)  # type: ignore[no-untyped-call]

    def predict_and_complete(
        self, i: int, to_scan: Any, columns: Any, transitives: Any, node_cache: Any
    ) -> Any:
        token = self._tokens[i] if i < len(self._tokens) else None
        self.predictions = _Lookahead(self, Terminal(token.type) if token is not None else None)  # type: ignore[assignment]
        try:
            return super().predict_and_complete(i, to_scan, columns, transitives, node_cache)  # type: ignore[no-untyped-call]
        finally:
            self.predictions = self._all_predictions
