"""Names in emitted scripts: FreeCAD object names double as Python variable names.

A name must be a valid Python identifier that shadows nothing the script uses,
and a valid identifier in FreeCAD expressions, where unit symbols (``mm``,
``in``, ``deg``...) and constants (``pi``, ``e``) cannot name objects. Node ids
that clash get a suffix. Allocation is deterministic: the same requests in the
same order give the same names.
"""

from __future__ import annotations

import keyword

#: Words FreeCAD's expression parser reads as units or constants (checked on FreeCAD 0.20, plus
#: the units FreeCAD 1.x adds), so no object may be named after them.
EXPRESSION_WORDS = frozenset(
    {
        "nm", "um", "mm", "cm", "dm", "m", "km", "l", "ml", "ul", "ug", "mg", "g", "kg", "t", "s", "ms",
        "us", "ns", "min", "h", "mol", "mmol", "cd", "in", "ft", "thou", "mil", "yd", "mi", "mph", "sqft",
        "cft", "lb", "lbm", "oz", "st", "cwt", "lbf", "bar", "mbar", "psi", "ksi", "mpsi", "cal", "kcal",
        "deg", "rad", "gon", "pi", "e", "true", "false", "inf", "nan",
    }
)  # fmt: skip

#: Python built-ins a lower-case name could shadow (fixed here so every Python version emits the same).
PYTHON_BUILTINS = frozenset(
    {
        "abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes",
        "callable", "chr", "classmethod", "compile", "complex", "copyright", "credits", "delattr", "dict",
        "dir", "divmod", "enumerate", "eval", "exec", "exit", "filter", "float", "format", "frozenset",
        "getattr", "globals", "hasattr", "hash", "help", "hex", "id", "input", "int", "isinstance",
        "issubclass", "iter", "len", "license", "list", "locals", "map", "max", "memoryview", "min", "next",
        "object", "oct", "open", "ord", "pow", "print", "property", "quit", "range", "repr", "reversed",
        "round", "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple", "type",
        "vars", "zip",
    }
)  # fmt: skip


class NameAllocator:
    """Hands out unique, safe names; ``prefix`` names also reserve ``<prefix>_...`` for run-time objects."""

    def __init__(self, reserved: frozenset[str] = frozenset()) -> None:
        self._reserved = reserved
        self._taken: set[str] = set()
        self._prefixes: list[str] = []

    def is_reserved(self, name: str) -> bool:
        """True for words no object may be called: script names, Python keywords and built-ins, units."""
        return (
            name in self._reserved
            or name in EXPRESSION_WORDS
            or name in PYTHON_BUILTINS
            or keyword.iskeyword(name)
        )

    def _under_prefix(self, name: str) -> bool:
        return any(name.startswith(f"{p}_") for p in self._prefixes)

    def _free(self, name: str) -> bool:
        return not (name in self._taken or self.is_reserved(name) or self._under_prefix(name))

    def allocate(self, wanted: str) -> str:
        """``wanted`` if free, else ``wanted_2``, ``wanted_3``... (``wanted_obj`` for reserved words)."""
        base = f"{wanted}_obj" if self.is_reserved(wanted) else wanted
        while base in self._prefixes or self._under_prefix(base):  # keep clear of run-time names
            base = f"x{base}"
        candidate, n = base, 1
        while not self._free(candidate):
            n += 1
            candidate = f"{base}_{n}"
        self._taken.add(candidate)
        return candidate

    def prefix(self, wanted: str) -> str:
        """A name no taken name extends with ``_``; objects made at run time may be called ``<it>_<k>``."""
        candidate, n = wanted, 1
        while not self._free(candidate) or any(t.startswith(f"{candidate}_") for t in self._taken):
            n += 1
            candidate = f"{wanted}{n}"
        self._taken.add(candidate)
        self._prefixes.append(candidate)
        return candidate
