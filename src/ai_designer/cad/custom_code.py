"""What the code of a ``custom`` node may do: build its one shape in memory, and touch nothing else.

The code comes from a language model and runs inside the generated script. The compiler runs it
before the model's document exists (:meth:`ScriptWriter.custom_builder`), so no other node's
object, no spreadsheet and no document of the part is there to change. These rules, checked when
the plan is compiled and when the code writer answers, keep the code from reaching past that:

- it uses only names it binds itself (its variables, functions, imports), the modelling modules
  and builtins, never the script's own (``doc``, ``sheet``, another node's variable);
- it opens, finds or changes no document and shows nothing (``App.ActiveDocument``,
  ``App.newDocument``, ``getObject``, ``Part.show``...), registers no document observer and
  changes no preference (``App.ParamGet``);
- it changes no module and nothing it imports (``Part.makeBox = ...``, ``setattr``/``delattr``),
  rebinds no name of the script (``global``/``nonlocal``), and uses a module (``App``,
  ``App.Base``) only through its attributes, never as a value that could be changed under another
  name.

This is a fence against mistakes and plain prompt-injected code, not a sandbox: the script still
runs in one interpreter, and the engine's sandbox and trusted measure process remain the boundary.
"""

from __future__ import annotations

import ast
import builtins

from ai_designer.freecad.worker.guard import SCRIPT_MODULES

#: Names the generated script binds before the custom code runs: the modules it imports.
SCRIPT_MODULE_NAMES = frozenset({"App", "FreeCAD", "Part", "Sketcher", "math"})
#: Attributes that reach documents and their objects, show a shape in one, or change preferences.
DOCUMENT_API = frozenset(
    {
        "ActiveDocument",
        "activeDocument",
        "getDocument",
        "listDocuments",
        "newDocument",
        "openDocument",
        "setActiveDocument",
        "closeDocument",
        "addDocumentObserver",
        "removeDocumentObserver",
        "Document",
        "Objects",
        "addObject",
        "getObject",
        "getObjectsByLabel",
        "removeObject",
        "show",
        "ParamGet",  # preferences: they set the defaults of the objects the script makes later
    }
)
#: Modules reached as attributes of the modelling modules (FreeCAD.Base, Part.Geom2d...).
SUBMODULES = frozenset(
    {"Base", "Units", "BRepFeat", "BRepOffsetAPI", "ChFi2d", "Geom2d", "GeomPlate", "HLRBRep", "ShapeUpgrade"}
)
_BUILTINS = frozenset(dir(builtins))


def _bound_names(tree: ast.AST) -> tuple[set[str], set[str], set[str]]:
    """(every name the code binds, the names it imports, the names it binds to modules)."""
    bound: set[str] = set()
    imported: set[str] = set()
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            bound.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and node.name:
            bound.add(node.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                bound.add(name)
                imported.add(name)
                modules.add(name)
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                name = alias.asname or alias.name
                bound.add(name)
                imported.add(name)
                if alias.name in SCRIPT_MODULES | SUBMODULES:
                    modules.add(name)
    return bound, imported, modules


def _root(node: ast.expr) -> ast.expr:
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node


def _names_module(node: ast.expr, modules: set[str]) -> bool:
    root = _root(node)
    return isinstance(root, ast.Name) and root.id in modules


def custom_code_problems(code: str) -> list[str]:
    """What in ``code`` reaches past the custom node's own shape, one line each (empty: nothing;
    code that does not parse is left to the parser's own error)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    bound, imported, modules = _bound_names(tree)
    modules |= SCRIPT_MODULE_NAMES - bound
    imported |= modules  # what the code did not make itself: never changed
    attribute_bases = {
        id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Attribute)
    }  # the module names written as `App.x`
    problems: list[str] = []

    def refuse(node: ast.AST, text: str) -> None:
        problems.append(f"line {getattr(node, 'lineno', '?')}: {text}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Global | ast.Nonlocal):
            keyword = "global" if isinstance(node, ast.Global) else "nonlocal"
            refuse(node, f"`{keyword} {', '.join(node.names)}`: keep the custom code's variables its own")
        elif isinstance(node, ast.Attribute) and node.attr in DOCUMENT_API:
            refuse(
                node,
                f"`{node.attr}`: a custom node builds its shape in memory and assigns it to `result`; "
                "it may not use documents, their objects or preferences (the pipeline adds the shape "
                "to the part)",
            )
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store | ast.Del):
            base = _root(node)
            if isinstance(base, ast.Name) and base.id in imported:
                refuse(
                    node,
                    f"`{base.id}...{node.attr}` is changed: the custom code may not change a module "
                    "or what it imports",
                )
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in {"setattr", "delattr"}:
                refuse(node, f"`{node.func.id}`: set attributes by name (`shape.Placement = ...`)")
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in SUBMODULES
            and id(node) not in attribute_bases
            and _names_module(node, modules)
        ):
            refuse(node, f"`{node.attr}` is used as a value: use the module's attributes (`{node.attr}.x`)")
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            if node.id in modules and id(node) not in attribute_bases:
                refuse(node, f"`{node.id}` is used as a value: use the module's attributes (`{node.id}.x`)")
            elif node.id not in bound and node.id not in modules and node.id not in _BUILTINS:
                refuse(
                    node,
                    f"`{node.id}` is not defined in the custom code: it runs on its own, before the "
                    "rest of the script, so define every name it uses (and import FreeCAD, Part, math)",
                )
    return list(dict.fromkeys(problems))
