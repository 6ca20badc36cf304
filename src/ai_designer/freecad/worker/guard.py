"""The Python-level fence around the script: restricted builtins and a guarded ``__import__``.

The script policy (``ai_designer.agents.script_validator``) refuses these things
statically; this module makes them fail at run time too, in case a construct
slips through. Keep the module list in step with the policy's ``ALLOWED_MODULES``.

FreeCAD's expression engine imports modules from C++ for its pseudo-objects
(``_py`` is the builtins module, ``_re``, ``_app``, ``_part``...). Those
imports run with the globals of the calling Python frame, so they reach this
guard, and they pass ``fromlist`` as a list where an ``import`` statement
passes None or a tuple. Type modules are loaded before the script starts
(:func:`preload_type_modules`), so no such import is legitimate while the
script runs and every one is refused.
"""

from __future__ import annotations

import builtins
from typing import Any

SCRIPT_MODULES = frozenset({"FreeCAD", "Part", "Sketcher", "PartDesign", "Mesh", "MeshPart", "math"})
REMOVED_BUILTINS = frozenset(
    {
        "exec",
        "eval",
        "compile",
        "open",
        "globals",
        "locals",
        "vars",
        "input",
        "breakpoint",
        "help",
        "memoryview",
        "delattr",
        "exit",
        "quit",
    }
)
# One object of a type from each module the script may create objects from: creating
# them loads the module on FreeCAD's side once and for all, before the script runs.
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


def restricted_builtins() -> dict[str, Any]:
    """The builtins a script sees: no code execution, files or introspection; guarded imports."""
    allowed = {k: v for k, v in vars(builtins).items() if k not in REMOVED_BUILTINS}
    allowed["__import__"] = _guarded_import
    return allowed
