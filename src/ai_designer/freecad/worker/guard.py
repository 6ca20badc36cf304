"""The Python-level fences: the builtins and imports a script gets, and the import guard of loading.

The script policy (``ai_designer.agents.script_validator``) refuses these things
statically and imports its lists from here, so the two cannot drift apart; this
module makes them fail at run time too, in case a construct slips through.
Builtins are an allow-list: what is not listed does not exist for the script.

FreeCAD imports Python modules from C++: the expression engine for its
pseudo-objects (``_py`` is the builtins module, ``_re``, ``_app``...), and
document loading for the module behind each object type (``Part::Box`` loads
``Part``). Those imports go through the ``__import__`` of the calling Python
frame, so they reach the guard in force there. Type modules are loaded before
any job (:func:`preload_type_modules`): while a script runs no such import is
legitimate, and while the trusted process loads or recomputes a document only
modules already loaded are (:func:`loading_builtins`).
"""

from __future__ import annotations

import builtins
import sys
from collections.abc import Callable
from typing import Any

SCRIPT_MODULES = frozenset({"FreeCAD", "Part", "Sketcher", "PartDesign", "Mesh", "MeshPart", "math"})
SCRIPT_BUILTINS = frozenset(
    {
        "True", "False", "None", "NotImplemented", "Ellipsis",
        "abs", "all", "any", "bin", "bool", "bytearray", "bytes", "callable", "chr", "classmethod",
        "complex", "dict", "divmod", "enumerate", "filter", "float", "format", "frozenset", "getattr",
        "hasattr", "hash", "hex", "int", "isinstance", "issubclass", "iter", "len", "list", "map",
        "max", "min", "next", "object", "oct", "ord", "pow", "print", "property", "range", "repr",
        "reversed", "round", "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum",
        "tuple", "type", "zip",
        "ArithmeticError", "AssertionError", "AttributeError", "Exception", "IndexError", "KeyError",
        "LookupError", "NameError", "NotImplementedError", "OverflowError", "RuntimeError",
        "StopIteration", "TypeError", "ValueError", "ZeroDivisionError",
    }
)  # fmt: skip
# Modules the trusted process lets a document load: the type modules, all imported at start-up.
LOADING_MODULES = frozenset({"FreeCAD", "Part", "PartDesign", "Sketcher", "Spreadsheet", "Mesh", "MeshPart"})
# One object of a type from each module the script may create objects from: creating
# them loads the module on FreeCAD's side once and for all, before any job.
_TYPE_SAMPLES = (
    "Part::Feature",
    "PartDesign::Body",
    "Sketcher::SketchObject",
    "Spreadsheet::Sheet",
    "Mesh::Feature",
)


def preload_type_modules() -> None:
    """Let FreeCAD import every module behind the object types scripts use."""
    import FreeCAD  # type: ignore[import-not-found]

    doc = FreeCAD.newDocument("AiDesignerPreload")
    for index, type_id in enumerate(_TYPE_SAMPLES):
        doc.addObject(type_id, f"Sample{index}")
    FreeCAD.closeDocument(doc.Name)


def _guarded_import(
    name: str,
    globals: dict[str, Any] | None = None,
    locals: dict[str, Any] | None = None,
    fromlist: Any = (),
    level: int = 0,
) -> Any:
    if isinstance(fromlist, list):
        raise ImportError(
            f"FreeCAD expressions may not import {name!r} in the sandbox (e.g. via _py, _re, _app)"
        )
    if level != 0 or name not in SCRIPT_MODULES:
        raise ImportError(f"import of {name!r} is not allowed in the sandbox")
    return builtins.__import__(name, globals, locals, fromlist, level)


def _loading_import(
    name: str,
    globals: dict[str, Any] | None = None,
    locals: dict[str, Any] | None = None,
    fromlist: Any = (),
    level: int = 0,
) -> Any:
    if level != 0 or name not in LOADING_MODULES or name not in sys.modules:
        raise ImportError(f"a document may not import {name!r}")
    return sys.modules[name]


def _plain_name(name: object) -> str:
    if not isinstance(name, str) or name.startswith("_"):
        raise AttributeError(f"attribute {name!r} is not allowed in the sandbox")
    return name


def _getattr(obj: object, name: str, *default: object) -> Any:
    return getattr(obj, _plain_name(name), *default)


def _setattr(obj: object, name: str, value: object) -> None:
    setattr(obj, _plain_name(name), value)


def _hasattr(obj: object, name: str) -> bool:
    return hasattr(obj, _plain_name(name))


def _type(obj: object) -> type:
    """``type(x)`` of an instance only: the type of a class is ``type`` (or a metaclass): it makes classes."""
    found = type(obj)
    if issubclass(found, type):
        raise TypeError(
            "type() of a class is not available in the sandbox: compare with isinstance() instead"
        )
    return found


def _build_class(func: Callable[..., Any], name: str, *bases: Any, **keywords: Any) -> Any:
    if keywords:
        raise TypeError("class keywords (metaclass=...) are not allowed in the sandbox")
    if not all(isinstance(base, type) and type(base) is type for base in bases):
        raise TypeError("classes may only derive from plain classes in the sandbox")
    return builtins.__build_class__(func, name, *bases)


def _print(*values: object, sep: str | None = " ", end: str | None = "\n", flush: bool = False) -> None:
    """``print`` to the job's output only: ``file=x`` would call ``x.write(text)`` (Mesh.write...)."""
    builtins.print(*values, sep=sep, end=end, flush=flush)


_WRAPPED: dict[str, Any] = {
    "print": _print,
    "getattr": _getattr,
    "setattr": _setattr,
    "hasattr": _hasattr,
    "type": _type,
}


def restricted_builtins() -> dict[str, Any]:
    """The builtins a script sees: the allow-list, guarded imports, no metaclasses."""
    allowed = {name: _WRAPPED.get(name, getattr(builtins, name)) for name in SCRIPT_BUILTINS}
    allowed["__import__"] = _guarded_import
    allowed["__build_class__"] = _build_class
    return allowed


def loading_builtins() -> dict[str, Any]:
    """Builtins for the frame that loads or recomputes a document: only loaded type modules import."""
    return {"__import__": _loading_import}


def call_guarded(function: Callable[..., Any], *args: Any) -> Any:
    """Call ``function`` from a frame whose imports go through :func:`_loading_import`."""
    namespace: dict[str, Any] = {"__builtins__": loading_builtins(), "function": function, "args": args}
    exec("result = function(*args)", namespace)  # noqa: S102 - fixed code: sets the frame's builtins  # nosec B102
    return namespace["result"]
