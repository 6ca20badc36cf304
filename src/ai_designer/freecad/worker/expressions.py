"""Check FreeCAD expressions (ExpressionEngine bindings, spreadsheet formulas) before they are evaluated.

FreeCAD's expression language reaches far beyond arithmetic: pseudo-objects
(``_py``, ``_app``, ``_re``...) are Python modules, member access on a value is
Python attribute access, ``value.method(...)`` calls Python, ``Doc#Obj`` opens
other documents, and some functions build Python objects. A document that
leaves the untrusted process is only evaluated when every expression in it is
plain modelling arithmetic, which this module decides with an allow-list:

* numbers, units, operators, parentheses, conditionals and ranges (``A1:B3``);
* calls of the math functions in :data:`FUNCTIONS` only;
* names of objects, labels (``<<Base plate>>``), spreadsheet aliases and
  cells of the same document, and the document's own property names;
* member chains (``Box.Shape.BoundBox.XMax``) whose members are property names
  of the document, constraint names, aliases, cells or the value members in
  :data:`VALUE_MEMBERS`;
* nothing starting with ``_``, no ``#``, no strings, no brackets, no other calls.

The module is plain Python so that it can be tested and reused outside FreeCAD.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

MAX_EXPRESSION_CHARS = 4000

FUNCTIONS = frozenset(
    {
        "abs", "acos", "asin", "atan", "atan2", "cath", "ceil", "cos", "cosh", "exp", "floor",
        "hypot", "log", "log10", "mod", "pow", "round", "sin", "sinh", "sqrt", "tan", "tanh", "trunc",
        "min", "max", "sum", "average", "count", "stddev",
    }
)  # fmt: skip
CONSTANTS = frozenset({"pi", "e"})
VALUE_MEMBERS = frozenset(
    {
        "x", "y", "z", "Base", "Rotation", "Angle", "Axis", "Value",
        "BoundBox", "Center", "XMin", "XMax", "YMin", "YMax", "ZMin", "ZMax",
        "XLength", "YLength", "ZLength", "DiagonalLength", "Volume", "Area", "Length",
    }
)  # fmt: skip
# Members that lead to the document, its file or Python objects, whatever the document calls them.
REFUSED_MEMBERS = frozenset(
    {
        "Document", "FileName", "TransientDir", "Proxy", "Content", "Module", "ViewObject",
        "ExpressionEngine", "InList", "OutList", "InListRecursive", "OutListRecursive", "Parents",
        "FullName",
    }
)  # fmt: skip
# FreeCAD's unit symbols (Base::Quantity's lexer), plus the ones written with non-ASCII letters.
UNITS = frozenset(
    (
        "nm", "um", "µm", "mm", "cm", "dm", "m", "km", "mil", "thou", "in", "ft", "yd", "mi", "mph",
        "sqft", "cft", "l", "ml", "ul", "µl", "ug", "µg", "mg", "g", "kg", "t", "oz", "lb", "lbm", "st",
        "cwt", "gr", "lbf", "kip", "ms", "us", "µs", "ns", "s", "min", "h", "Hz", "kHz", "MHz", "GHz",
        "deg", "rad", "gon", "M", "N", "kN", "MN", "mN", "Pa", "kPa", "MPa", "GPa", "psi", "ksi", "mpsi",
        "bar", "mbar", "atm", "torr", "mTorr", "uTorr", "J", "kJ", "Ws", "Wh", "kWh", "eV", "keV", "MeV",
        "kcal", "cal", "W", "kW", "VA", "V", "kV", "mV", "A", "mA", "kA", "Ohm", "kOhm", "MOhm", "ohm",
        "Ω", "kΩ", "MΩ", "C", "F", "uF", "µF", "nF", "pF", "mF", "H", "mH", "uH", "µH", "T", "mT", "uT",
        "µT", "G", "Wb", "K", "mK", "uK", "µK", "mol", "mmol", "cd", "S", "mS", "kS", "uS", "µS",
    )
)  # fmt: skip

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
    |(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
    |(?P<quoted><<(?:[^>]|>(?!>))*>>)
    |(?P<cell>\$[A-Za-z]{1,3}\$?\d+|[A-Za-z]{1,3}\$\d+)
    |(?P<name>[^\W\d]\w*)
    |(?P<symbol>[°′″])
    |(?P<op>==|!=|<=|>=|[-+*/^%(),?:<>.;])
    """,
    re.X,
)
_CELL = re.compile(r"\$?[A-Za-z]{1,3}\$?\d+")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
# In text cells: names starting with _, document references, labels, calls, members, subscripts.
_TEXT_HAZARD = re.compile(r"(?<![\w.])_\w|#|<<|[^\W\d]\w*\(|[\w)\]>]\s*\.\s*[^\W\d]|[\w)\]]\s*\[")
_TEXT_CALL = re.compile(r"([^\W\d]\w*)\(")
_PATH_PART = re.compile(r"[^\W\d]\w*(?:\[\d+\])?")


@dataclass
class Scope:
    """What the names in one document's expressions may refer to."""

    objects: set[str] = field(default_factory=set)  # object names and labels
    members: set[str] = field(default_factory=set)  # property names, aliases, constraint names
    aliases: set[str] = field(default_factory=set)  # spreadsheet aliases (bare names inside a sheet)

    def add_members(self, names: Iterable[str]) -> None:
        """Allow these names after a dot (and as bare own-property names)."""
        self.members.update(name for name in names if name)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ValueError(f"the character {text[position]!r} is not allowed")
        kind = match.lastgroup or ""
        if kind != "space":
            tokens.append(_Token(kind, match.group()))
        position = match.end()
    return tokens


def _is_word(token: _Token | None) -> bool:
    return token is not None and token.kind in ("name", "cell")


def _check_bare(name: str, scope: Scope, in_sheet: bool) -> str | None:
    if name in REFUSED_MEMBERS:  # a bare name is looked up on the expression's own object too
        return f"the name {name!r} reaches outside the model"
    if name in scope.objects or name in scope.members or name in scope.aliases:
        return None
    if name in UNITS or name in CONSTANTS or (in_sheet and _CELL.fullmatch(name)):
        return None
    return f"the name {name!r} is not an object, property, alias or unit of this document"


def _check_member(name: str, scope: Scope) -> str | None:
    if name.startswith("_") or name in REFUSED_MEMBERS:
        return f"the member {name!r} reaches outside the model"
    if name in scope.members or name in VALUE_MEMBERS or _CELL.fullmatch(name):
        return None
    return f"the member {name!r} is not a property, alias or value member this document has"


def _check_chain(chain: list[_Token], called: bool, scope: Scope, in_sheet: bool) -> str | None:
    head = chain[0]
    if head.kind == "quoted":
        label = head.text[2:-2]
        if len(chain) == 1 or label not in scope.objects:
            return f"{head.text} is not the label of an object of this document"
    elif head.text.startswith("_"):
        return f"{head.text!r}: names starting with '_' reach Python"
    if called:
        if len(chain) == 1 and head.text in FUNCTIONS:
            return None
        name = ".".join(t.text for t in chain)
        return f"calling {name}(...) is not allowed: only math functions ({', '.join(sorted(FUNCTIONS))})"
    if len(chain) == 1:
        return None if head.kind == "cell" else _check_bare(head.text, scope, in_sheet)
    if head.kind != "quoted" and head.text not in scope.objects:
        return f"{head.text!r} is not an object of this document"
    for member in chain[1:]:
        problem = _check_member(member.text, scope)
        if problem:
            return problem
    return None


def check_expression(text: str, scope: Scope, *, in_sheet: bool = False) -> str | None:
    """None when ``text`` is plain modelling arithmetic over this document, else why not."""
    if len(text) > MAX_EXPRESSION_CHARS:
        return f"the expression is longer than {MAX_EXPRESSION_CHARS} characters"
    try:
        tokens = _tokens(text)
    except ValueError as exc:
        return str(exc)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind in ("name", "cell", "quoted"):
            chain = [token]
            index += 1
            while index + 1 < len(tokens) and tokens[index].text == "." and _is_word(tokens[index + 1]):
                chain.append(tokens[index + 1])
                index += 2
            called = index < len(tokens) and tokens[index].text == "("
            problem = _check_chain(chain, called, scope, in_sheet)
            if problem:
                return problem
            continue
        if token.text == ".":
            return "member access is only allowed on names (Object.Property)"
        index += 1
    return None


def check_path(path: str) -> str | None:
    """None when an ExpressionEngine path names a property (``Placement.Base.x``), else why not."""
    parts = path[1:].split(".") if path.startswith(".") else path.split(".")
    for part in parts:
        if not _PATH_PART.fullmatch(part) or part.startswith("_") or part in REFUSED_MEMBERS:
            return f"the bound property path {path!r} is not a plain property path"
    return None


def check_cell(content: str, scope: Scope) -> str | None:
    """None for a number, a text or a formula cell that is safe to evaluate, else why not.

    FreeCAD evaluates more than formulas: a cell that is neither a number nor
    quoted text (``'...``) is parsed as an expression and evaluated, with or
    without ``=``, when it is set and again each time the document is loaded.
    Formulas get the full check; other text may be anything that cannot reach
    outside the model if it happens to parse.
    """
    if content.startswith("'") or _NUMBER.fullmatch(content):
        return None
    if content.startswith("="):
        return check_expression(content[1:], scope, in_sheet=True)
    if len(content) > MAX_EXPRESSION_CHARS:
        return f"the cell text is longer than {MAX_EXPRESSION_CHARS} characters"
    match = _TEXT_HAZARD.search(content)
    if match is None:
        return None
    call = _TEXT_CALL.fullmatch(match.group())
    if call and call.group(1) in FUNCTIONS:
        rest = content[match.end() :]
        return check_cell(rest, scope) if rest and not rest.startswith(("'", "=")) else None
    return (
        f"the cell text {content[:60]!r} would be evaluated by FreeCAD and reaches outside the model "
        f"at {match.group()!r}: quote text cells (start them with ')"
    )
