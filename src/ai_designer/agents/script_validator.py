"""The script policy: an AST allow-list every FreeCAD script must pass before it runs.

Allowed, and nothing else: imports of the FreeCAD modules needed for modelling
(FreeCAD/App, Part, Sketcher, PartDesign, Mesh, MeshPart) and ``math``; the
builtins in ``guard.SCRIPT_BUILTINS`` (the same list the sandbox gives the
script at run time); attributes of the modelling API (``script_names.py``,
generated from FreeCAD) and attributes the script defines itself; ordinary
Python (functions, plain classes that may define ``__init__``, loops,
comprehensions, f-strings). Refused even where the lists would allow it: dunder
names and attributes, computed attribute names (getattr/setattr/hasattr and
getPropertyByName with a non-literal name, ``str.format`` templates that look
up attributes), ``match`` class patterns, class keywords (metaclasses) and
bases other than plain names, ``type()`` other than with one argument,
reflection (frames, code objects, mro), FreeCAD's file and GUI APIs (the engine
alone reads and writes files; loaders such as ``Mesh.Mesh`` take data in memory
only and ``makeWireString`` only a literal system font), object and property
types that touch files, links or Python, and obvious resource bombs. Methods
whose calls are checked by their arguments (``addObject``, ``addProperty``,
``setExpression``...) may only be called where they are named: read as a value
(an alias, a default argument, a lambda, a tuple, ``getattr``) they would be
called past those checks.

The checker fails closed: a script it cannot check (too deep, too big, any
error inside the checker) is refused with the reason. Every violation says what
to write instead, so a person or a language model can fix the script.
"""

from __future__ import annotations

import ast
import builtins
import math
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass

from ai_designer.agents.script_names import ALLOWED_ATTRIBUTES
from ai_designer.freecad.text import one_line
from ai_designer.freecad.worker.docscan import object_type_problem
from ai_designer.freecad.worker.guard import SCRIPT_BUILTINS, SCRIPT_MODULES
from ai_designer.schemas.script_check import ScriptCheck, ScriptViolation, ViolationRule

MAX_SCRIPT_CHARS = 200_000
MAX_INT_BITS = 10_000
MAX_SEQUENCE_ITEMS = 10_000_000
MAX_NESTING = 100

ALLOWED_MODULES = SCRIPT_MODULES
_PYTHON_BUILTINS = frozenset(dir(builtins))
_ALLOWED_LIST = "FreeCAD (or `import FreeCAD as App`), Part, Sketcher, PartDesign, Mesh, MeshPart and math"

_IMPORT_ADVICE = {
    "FreeCADGui": "remove it; the engine runs headless, without the GUI",
    "Spreadsheet": "remove it; create a sheet with doc.addObject('Spreadsheet::Sheet', 'Params'), "
    "which needs no import",
    "Draft": "use Part (Part.makePolygon, Part.makeCircle, Part.Face...) or PartDesign instead",
    "Import": "remove it; the engine exports STEP/STL/FCStd/BREP itself",
    "numpy": "use math and FreeCAD.Vector instead",
}

_FORBIDDEN_BUILTINS = {
    "exec": "build the geometry with direct calls instead of running code from strings",
    "eval": "use plain expressions instead of evaluating strings",
    "compile": "write the code directly instead of compiling strings",
    "open": "remove it; the engine writes FCStd/STEP/STL/BREP/PNG files itself",
    "globals": "use ordinary variables or a dict of your own",
    "locals": "use ordinary variables or a dict of your own",
    "vars": "use the attributes you need directly (obj.Length)",
    "input": "remove it; scripts run unattended, put the value in a variable",
    "breakpoint": "remove it; scripts run unattended",
    "help": "remove it; scripts run unattended",
    "memoryview": "use lists, tuples or FreeCAD.Vector instead",
    "delattr": "remove it; leave the attribute in place or set it to a new value",
    "exit": "remove it; the script ends by itself",
    "quit": "remove it; the script ends by itself",
    "getattr": "write obj.Name directly, or getattr(obj, 'Name') with a literal name",
    "setattr": "write obj.Name = value directly, or setattr(obj, 'Name', value) with a literal name",
    "hasattr": "write hasattr(obj, 'Name') with a literal name",
    "type": "use type(x) with one argument only (e.g. to compare types); classes are made with `class`",
    "dir": "use the attributes you need directly (obj.Length)",
    "super": "call the other class's method directly, or avoid inheritance",
    "__import__": "use an import statement",
}
# Builtins (and one FreeCAD method) that take an attribute name: only literal names pass.
_LITERAL_NAME_BUILTINS = frozenset({"getattr", "setattr", "hasattr"})
_LITERAL_NAME_METHODS = frozenset({"getPropertyByName"})
_CALL_ONLY_BUILTINS = _LITERAL_NAME_BUILTINS | {"type"}
# Methods whose arguments are checked where they are called: they may only be called directly
# (``doc.addObject('Part::Box', 'Box')``), never read as a value (``add = doc.addObject``), passed,
# stored or fetched with getattr, which would call them past the checks.
_CALL_CHECKED_METHODS = frozenset(
    {
        "addObject", "newObject", "addProperty", "addExtension", "setExpression", "set",
        "getPropertyByName", "makeWireString",
    }
)  # fmt: skip
_MESH_MODULE = "Mesh"
# Arguments that are data in memory, never a path: displays, comprehensions, list()/tuple().
_IN_MEMORY_ARGUMENTS = (ast.List, ast.Tuple, ast.ListComp, ast.GeneratorExp)
_FONT_FOLDER = "/usr/share/fonts/"

_FILE_ADVICE = "the engine alone reads and writes files and exports FCStd/STEP/STL/BREP/PNG for you"
_FILE_API_NAMES = frozenset(
    {
        "open", "openDocument", "loadFile", "load", "save", "saveAs", "saveCopy", "saveParameter",
        "insert", "read", "write", "restore", "restoreContent", "restorePropertyContent",
        "dumpContent", "dumpPropertyContent", "mergeProject", "importer", "Metadata",
        "installTranslator", "removeTranslators", "addImportType", "addExportType",
        "changeImportModule", "changeExportModule", "setStaticValue", "getTempFileName",
        "getUserAppDataDir", "getUserMacroDir", "getUserCachePath", "getUserConfigDir",
        "getHomePath", "getResourceDir", "getHelpDir", "getLibraryDir", "getTempPath",
        "addModule", "runCommand", "runMacro", "doCommand", "doCommandGui",
        "ConfigGet", "ConfigSet", "ConfigDump",
    }
)  # fmt: skip
_FILE_API_PREFIXES = ("export", "import", "save", "load", "dump", "restore", "run")
_ALLOWED_DESPITE_PREFIX = frozenset({"openTransaction"})
_ATTRIBUTE_ADVICE = {
    "Console": "use print() instead of FreeCAD.Console",
    "ParamGet": "remove it; preferences are fixed by the engine",
    "Gui": "remove it; the engine runs headless, without the GUI",
    "FreeCADGui": "remove it; the engine runs headless, without the GUI",
    "ActiveView": "remove it; the engine runs headless and renders previews itself",
}
_REFLECTION_NAMES = frozenset({"mro", "func_globals", "func_code", "im_func", "im_self", "im_class"})
# Attributes that lead to Python objects, the document's file or other documents' state.
_REFUSED_ATTRIBUTES = frozenset(
    {"Proxy", "FileName", "getFileName", "TransientDir", "Content", "Module", "ViewObject"}
)
_REFLECTION_PREFIXES = ("f_", "gi_", "cr_", "ag_", "tb_", "co_")

_FORBIDDEN_PROPERTY_WORDS = ("File", "Path", "Link", "Python")

_DUNDER = re.compile(r"__\w+__")
# FreeCAD expression pseudo-objects that reach Python modules and objects (_py is builtins).
_EXPRESSION_PSEUDO = re.compile(r"(?<![\w])_{1,2}(py|re|self|app|part|math|coll|gui|cq|shape|pla|matrix)\b")
_EXPRESSION_MEMBER = re.compile(r"\.\s*([A-Za-z_]\w*)")
_FORMAT_ATTRS = frozenset({"format", "format_map"})


@dataclass(frozen=True)
class _Finding:
    node: ast.AST | None
    rule: ViolationRule
    message: str


class _HugeValueError(Exception):
    """A constant expression whose value would be astronomically large."""


def _is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def _const_int(node: ast.AST) -> int | None:
    """The value of a constant integer expression, or None when it is not one.

    Raises :class:`_HugeValueError` instead of computing a huge power.
    """
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _const_int(node.operand)
        return None if value is None else (-value if isinstance(node.op, ast.USub) else value)
    if isinstance(node, ast.BinOp):
        left, right = _const_int(node.left), _const_int(node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Pow):
            return _safe_pow(left, right)
        if isinstance(node.op, ast.Mult):
            if left and right and abs(left).bit_length() + abs(right).bit_length() > MAX_INT_BITS:
                raise _HugeValueError
            return left * right
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
    return None


def _safe_pow(base: int, exponent: int) -> int | None:
    if exponent < 0:
        return None
    if abs(base) > 1 and exponent * math.log2(abs(base)) > MAX_INT_BITS:
        raise _HugeValueError
    return int(base**exponent)


def _sequence_length(node: ast.AST) -> int | None:
    """Length of a literal string, bytes, list or tuple display."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        return len(node.value)
    if isinstance(node, (ast.List, ast.Tuple)):
        return len(node.elts)
    return None


def _format_fields(template: str) -> Iterator[str]:
    """Every replacement-field name in a ``str.format`` template (nested ones too)."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return
    for _literal, field, spec, _conversion in parsed:
        if field is not None:
            yield field
        if spec:
            yield from _format_fields(spec)


def _loop_can_end(loop: ast.While) -> bool:
    """True when the loop body holds a break, return or raise that belongs to this loop."""
    stack: list[ast.AST] = list(loop.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Break, ast.Return, ast.Raise)):
            return True
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            stack.extend(node.orelse)  # a break in a nested loop ends only that loop
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        stack.extend(ast.iter_child_nodes(node))
    return False


def _is_constant_true(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return bool(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return isinstance(node.operand, ast.Constant) and not node.operand.value
    return False


def _looks_like_string(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _looks_like_string(node.left) or _looks_like_string(node.right)
    return False


def _type_argument(node: ast.Call) -> ast.expr | None:
    """The first positional argument, or the ``type=`` keyword (addObject, addProperty)."""
    if node.args:
        return node.args[0]
    return next((k.value for k in node.keywords if k.arg == "type"), None)


def _sets_an_expression(name: str | None, node: ast.Call) -> bool:
    """obj.setExpression(path, expr), or sheet.set(cell, '=...') with a literal expression."""
    if name == "setExpression":
        return len(node.args) >= 2
    if name == "set":
        return any(
            isinstance(content, ast.Constant)
            and isinstance(content.value, str)
            and content.value.startswith("=")
            for content in node.args[1:]
        )
    return False


def _called_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _attribute_finding(node: ast.AST | None, name: str) -> _Finding | None:
    """The finding for using attribute (or imported name) ``name``, if it is refused."""
    if name == "evalExpression":
        return _Finding(
            node, "expression", "`evalExpression` is not allowed: use a property bound to the "
            "expression instead, e.g. obj.setExpression('Length', 'Params.Width')"
        )  # fmt: skip
    if name in _FORBIDDEN_BUILTINS and name not in _LITERAL_NAME_BUILTINS and name != "open":
        return _Finding(node, "builtin", f"`.{name}` is not allowed: {_FORBIDDEN_BUILTINS[name]}")
    if _is_dunder(name):
        return _Finding(
            node, "dunder", f"`{name}` is not allowed: dunder attributes are refused; remove it and "
            "use the object's public FreeCAD attributes (obj.Shape, obj.Placement...) instead"
        )  # fmt: skip
    if name.startswith("_"):  # private to Python or FreeCAD, and never checked by the allow-list
        return _Finding(
            node, "attribute", f"`{name}` is not allowed: names starting with an underscore are private "
            "to Python or FreeCAD; rename your own attribute without the underscore"
        )  # fmt: skip
    if name in _ATTRIBUTE_ADVICE:
        rule: ViolationRule = "file-api" if name in {"Console", "ParamGet"} else "gui-api"
        return _Finding(node, rule, f"`{name}` is not allowed: {_ATTRIBUTE_ADVICE[name]}")
    if name not in _ALLOWED_DESPITE_PREFIX and (
        name in _FILE_API_NAMES or name.startswith(_FILE_API_PREFIXES)
    ):
        return _Finding(node, "file-api", f"`{name}` is not allowed: remove it; {_FILE_ADVICE}")
    if name in _REFUSED_ATTRIBUTES:
        return _Finding(
            node, "file-api", f"`{name}` is not allowed: it reaches Python objects or the document's "
            "file; use the object's modelling properties (obj.Shape, obj.Placement...) instead"
        )  # fmt: skip
    if name in _REFLECTION_NAMES or name.startswith(_REFLECTION_PREFIXES):
        return _Finding(
            node, "reflection", f"`{name}` is not allowed: remove it; introspection of frames, "
            "code objects and classes is refused"
        )  # fmt: skip
    return None


class _PolicyVisitor(ast.NodeVisitor):
    """Walks the whole tree and collects findings."""

    def __init__(
        self,
        own_attributes: frozenset[str],
        bound_names: frozenset[str],
        class_names: frozenset[str],
        mesh_modules: frozenset[str] = frozenset(),
    ) -> None:
        self.findings: list[_Finding] = []
        self._called: set[int] = set()  # the ids of nodes that are called right where they stand
        self._mesh_modules = mesh_modules  # names the script binds to the Mesh module
        self._constructors: set[ast.FunctionDef] = set()  # `def __init__` directly in a class body
        self._own_attributes = own_attributes  # attributes the script defines itself
        self._bound_names = bound_names  # names the script binds (its variables shadow builtins)
        self._class_names = class_names  # classes the script defines

    def add(self, node: ast.AST | None, rule: ViolationRule, message: str) -> None:
        self.findings.append(_Finding(node, rule, message))

    def _identifier(self, node: ast.AST, name: str | None) -> None:
        if name is not None and _is_dunder(name):
            self.add(
                node, "dunder", f"`{name}` is not allowed: dunder names are refused; rename it or "
                "remove it (FreeCAD scripts need no dunder names)"
            )  # fmt: skip

    # imports
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._check_module(node, alias.name)
            self._identifier(node, alias.asname)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            self.add(
                node, "import", "relative imports are not allowed: remove it; "
                f"only {_ALLOWED_LIST} can be imported"
            )  # fmt: skip
            return
        self._check_module(node, node.module or "")
        for alias in node.names:
            if alias.name == "*":
                self.add(
                    node, "import", f"`from {node.module} import *` is not allowed: import the module "
                    f"(`import {node.module}`) or name what you use (`from FreeCAD import Vector`)"
                )  # fmt: skip
                continue
            finding = _attribute_finding(node, alias.name)
            if finding:
                self.findings.append(finding)
            elif alias.name in _CALL_CHECKED_METHODS or (
                node.module == _MESH_MODULE and alias.name == _MESH_MODULE
            ):
                self.add(
                    node, "dynamic-attribute", f"`from {node.module} import {alias.name}` is not allowed: "
                    f"import the module and call {node.module}.{alias.name}(...) where you need it"
                )  # fmt: skip
            else:  # `from M import x` reads M.x
                self._check_allowed(node, alias.name)
            self._identifier(node, alias.asname)

    def _check_module(self, node: ast.AST, module: str) -> None:
        if module in ALLOWED_MODULES:
            return
        root = module.split(".")[0]
        advice = _IMPORT_ADVICE.get(
            root, "remove it; reading files, processes and the network are not available"
        )
        self.add(
            node,
            "import",
            f"`import {module}` is not allowed: {advice}. Only {_ALLOWED_LIST} can be imported",
        )

    # names and attributes
    def visit_Name(self, node: ast.Name) -> None:
        self._identifier(node, node.id)
        if node.id in self._bound_names and node.id not in _CALL_ONLY_BUILTINS:
            return  # the script's own variable
        if node.id in _FORBIDDEN_BUILTINS:
            self.add(node, "builtin", f"`{node.id}` is not allowed: {_FORBIDDEN_BUILTINS[node.id]}")
        elif node.id in _PYTHON_BUILTINS and node.id not in SCRIPT_BUILTINS and not _is_dunder(node.id):
            self.add(
                node, "builtin", f"the builtin `{node.id}` is not available in the sandbox: remove it; "
                "modelling needs numbers, strings, lists, dicts, math and the FreeCAD modules"
            )  # fmt: skip

    def visit_Attribute(self, node: ast.Attribute) -> None:
        finding = _attribute_finding(node, node.attr)
        if finding:
            self.findings.append(finding)
        else:
            self._check_allowed(node, node.attr)
        if id(node) not in self._called and (
            node.attr in _CALL_CHECKED_METHODS
            or (
                node.attr == _MESH_MODULE
                and isinstance(node.value, ast.Name)
                and node.value.id in self._mesh_modules
            )
        ):
            self.add(
                node, "dynamic-attribute", f"`.{node.attr}` may only be called directly, e.g. "
                f"`obj.{node.attr}(...)`: storing, passing or wrapping the method would skip the checks "
                "on its arguments; call it where you need it"
            )  # fmt: skip
        if node.attr in _FORMAT_ATTRS:
            self._check_format_receiver(node)
        self.generic_visit(node)

    def _check_format_receiver(self, node: ast.Attribute) -> None:
        receiver = node.value
        if not (isinstance(receiver, ast.Constant) and isinstance(receiver.value, str)):
            self.add(
                node, "format-template", f"`.{node.attr}` on a computed template is not allowed: use an "
                "f-string (f'{width} mm') or a literal template ('{} mm'.format(width))"
            )  # fmt: skip
            return
        for field in _format_fields(receiver.value):
            if "." in field or "[" in field:
                self.add(
                    node, "format-template", f"the format field `{{{field}}}` looks up attributes or items: "
                    "use plain fields ('{}' or '{0}') and pass the values themselves, or an f-string"
                )  # fmt: skip
                return

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, (str, bytes)):
            text = node.value if isinstance(node.value, str) else node.value.decode("latin-1")
            match = _DUNDER.search(text)
            if match:
                self.add(
                    node, "dunder", f"the string {match.group(0)!r} names a dunder attribute: remove it; "
                    "dunder names are refused even inside strings"
                )  # fmt: skip

    # definitions carry identifiers too
    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        if node not in self._constructors:
            self._identifier(node, node.name)
        self.generic_visit(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._identifier(node, node.name)
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._identifier(node, node.name)
        if node.keywords:
            self.add(
                node, "class-definition", "class keywords (metaclass=...) are not allowed: write a plain "
                "class, or plain functions"
            )  # fmt: skip
        if not all(isinstance(base, ast.Name) for base in node.bases):
            self.add(
                node, "class-definition", "a class may only derive from classes named directly: write "
                "`class Bracket(Base):`, not a call or an expression in the parentheses"
            )  # fmt: skip
        self._constructors.update(
            item for item in node.body if isinstance(item, ast.FunctionDef) and item.name == "__init__"
        )
        self.generic_visit(node)

    def visit_arg(self, node: ast.arg) -> None:
        self._identifier(node, node.arg)
        self.generic_visit(node)

    def visit_keyword(self, node: ast.keyword) -> None:
        self._identifier(node, node.arg)
        self.generic_visit(node)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        self._identifier(node, node.name)
        self.generic_visit(node)

    def visit_Global(self, node: ast.Global) -> None:
        for name in node.names:
            self._identifier(node, name)

    def visit_Nonlocal(self, node: ast.Nonlocal) -> None:
        for name in node.names:
            self._identifier(node, name)

    def visit_MatchAs(self, node: ast.MatchAs) -> None:
        self._identifier(node, node.name)
        self.generic_visit(node)

    def visit_MatchStar(self, node: ast.MatchStar) -> None:
        self._identifier(node, node.name)

    def visit_MatchMapping(self, node: ast.MatchMapping) -> None:
        self._identifier(node, node.rest)
        self.generic_visit(node)

    def visit_MatchClass(self, node: ast.MatchClass) -> None:
        for attr in node.kwd_attrs:  # class patterns read these attributes
            finding = _attribute_finding(node, attr)
            if finding:
                self.findings.append(finding)
        self.add(
            node, "class-definition", "`case Class(...)` patterns are not allowed (they read attributes "
            "by computed names): compare values with `case 1:` / `case 'name':` or use if/elif"
        )  # fmt: skip
        self.generic_visit(node)

    # calls
    def visit_Call(self, node: ast.Call) -> None:
        name = _called_name(node.func)
        self._called.add(id(node.func))
        if isinstance(node.func, ast.Name) and name in _CALL_ONLY_BUILTINS and name not in self._bound_names:
            if name == "type":
                if len(node.args) != 1 or node.keywords:
                    self.add(node, "builtin", f"`type(...)` with more than one argument is not allowed: "
                             f"{_FORBIDDEN_BUILTINS['type']}")  # fmt: skip
                elif self._is_class(node.args[0]):
                    self.add(
                        node, "builtin", "`type(...)` of a class is not allowed (it gives `type` itself, "
                        "which makes classes): use isinstance(x, Class) to compare types"
                    )  # fmt: skip
            else:
                self._check_literal_attribute_call(node, name, 1)
            for child in [*node.args, *node.keywords]:
                self.visit(child)
            return
        if isinstance(node.func, ast.Attribute) and name in _LITERAL_NAME_METHODS:
            self._check_literal_attribute_call(node, name, 0)
        if name in {"addObject", "newObject"}:
            self._check_object_type(node, name)
        elif name == "addProperty":
            self._check_property_type(node)
        elif _sets_an_expression(name, node):
            for argument in node.args[1:]:  # also unbound, type(obj).setExpression(obj, path, expr)
                self._check_expression(argument)
        elif name == _MESH_MODULE and (node.keywords or not all(map(self._in_memory, node.args))):
            self.add(
                node, "file-api", "`Mesh.Mesh(...)` takes data in memory only (a path would read a file): "
                "build the mesh from a list of triangles, e.g. Mesh.Mesh(list(triangles)), or from a shape "
                "with MeshPart.meshFromShape"
            )  # fmt: skip
        elif name == "makeWireString":
            self._check_font(node)
        elif (
            name == "print"
            and isinstance(node.func, ast.Name)
            and any(k.arg in (None, "file") for k in node.keywords)
        ):
            self.add(
                node, "file-api", "`print(..., file=...)` is not allowed (it calls the object's write "
                "method): remove file=..., print writes to the job's output"
            )  # fmt: skip
        elif name == "pow" and isinstance(node.func, ast.Name) and len(node.args) == 2:
            self._check_power(node, node.args[0], node.args[1])
        elif name in {"bytearray", "bytes"} and isinstance(node.func, ast.Name) and node.args:
            self._check_size(node, node.args[0], f"`{name}(n)`")
        self.generic_visit(node)

    def _is_class(self, node: ast.expr) -> bool:
        """A class written directly: ``type(...)`` itself, a builtin class or one the script defines."""
        if isinstance(node, ast.Call):
            return isinstance(node.func, ast.Name) and node.func.id == "type"
        if not isinstance(node, ast.Name):
            return False
        if node.id in self._class_names:
            return True
        return node.id not in self._bound_names and isinstance(getattr(builtins, node.id, None), type)

    def _in_memory(self, node: ast.expr) -> bool:
        """An argument that is data in memory by its form, never a path."""
        if isinstance(node, _IN_MEMORY_ARGUMENTS):
            return True
        return (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("list", "tuple")
            and node.func.id not in self._bound_names
        )

    def _check_font(self, node: ast.Call) -> None:
        """makeWireString(text, font folder, font file, height) reads the font: only a system font."""
        texts = [a.value for a in node.args[1:3] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        system_font = (
            len(texts) == 2
            and texts[0].startswith(_FONT_FOLDER)
            and "/" not in texts[1]
            and not any(".." in text for text in texts)
        )
        if node.keywords or not system_font:
            self.add(
                node, "file-api", "`makeWireString` reads a font file: write the font folder and file as "
                f"literal strings naming a system font, e.g. makeWireString('Text', '{_FONT_FOLDER}"
                "truetype/dejavu/', 'DejaVuSans.ttf', 5)"
            )  # fmt: skip

    def _check_literal_attribute_call(self, node: ast.Call, name: str, position: int) -> None:
        attr = node.args[position] if len(node.args) > position else None
        if node.keywords or not (isinstance(attr, ast.Constant) and isinstance(attr.value, str)):
            advice = _FORBIDDEN_BUILTINS.get(name, f"write {name}('Name') with a literal name")
            self.add(
                node, "dynamic-attribute", f"`{name}` with a computed attribute name is not allowed: "
                f"{advice}, or use a dict for values chosen at run time"
            )  # fmt: skip
            return
        finding = _attribute_finding(node, attr.value)
        if finding:
            self.findings.append(finding)
        elif name == "getattr" and attr.value in _CALL_CHECKED_METHODS:
            self.add(
                node, "dynamic-attribute", f"`getattr(obj, '{attr.value}')` is not allowed: call "
                f"obj.{attr.value}(...) directly, so that its arguments can be checked"
            )  # fmt: skip
        elif name in ("getattr", "hasattr"):  # reads: the same allow-list as obj.Name
            self._check_allowed(node, attr.value)

    def _check_allowed(self, node: ast.AST, attr: str) -> None:
        if attr not in ALLOWED_ATTRIBUTES and attr not in self._own_attributes:
            self.add(
                node, "attribute", f"`.{attr}` is not part of the FreeCAD modelling API the sandbox "
                "allows: use the documented attributes of FreeCAD, Part, Sketcher, PartDesign and Mesh "
                "objects (check the spelling and capitalisation)"
            )  # fmt: skip

    def _check_object_type(self, node: ast.Call, method: str) -> None:
        type_arg = _type_argument(node)
        if not (isinstance(type_arg, ast.Constant) and isinstance(type_arg.value, str)):
            self.add(
                node, "object-type", f"`{method}` needs a literal type: write the type as a string, "
                f"e.g. {method}('Part::Box', 'Box')"
            )  # fmt: skip
            return
        problem = object_type_problem(type_arg.value)
        if problem:
            self.add(node, "object-type", problem)

    def _check_expression(self, node: ast.expr) -> None:
        """Look inside a FreeCAD expression written in the script (the literal parts of it)."""
        parts = [node] if isinstance(node, ast.Constant) else getattr(node, "values", [])
        for part in parts:
            if not (isinstance(part, ast.Constant) and isinstance(part.value, str)):
                continue
            pseudo = _EXPRESSION_PSEUDO.search(part.value)
            if pseudo:
                self.add(
                    node, "expression", f"`{pseudo.group(0)}` is not allowed in FreeCAD expressions: "
                    "use spreadsheet aliases and object properties (Params.Width, Box.Length) instead"
                )  # fmt: skip
            for member in _EXPRESSION_MEMBER.findall(part.value):
                finding = _attribute_finding(node, member)
                if finding and finding.rule != "reflection":  # frames are out of an expression's reach
                    self.add(node, "expression", f"in a FreeCAD expression, {finding.message}")

    def _check_property_type(self, node: ast.Call) -> None:
        type_arg = _type_argument(node)
        if not (isinstance(type_arg, ast.Constant) and isinstance(type_arg.value, str)):
            self.add(
                node, "property-type", "`addProperty` needs a literal type: write the type as a string, "
                "e.g. addProperty('App::PropertyLength', 'Width')"
            )  # fmt: skip
            return
        if any(word in type_arg.value for word in _FORBIDDEN_PROPERTY_WORDS):
            self.add(
                node, "property-type", f"property type '{type_arg.value}' is not allowed: use value "
                "properties such as App::PropertyLength, App::PropertyFloat or App::PropertyInteger"
            )  # fmt: skip

    # resource bombs
    def visit_BinOp(self, node: ast.BinOp) -> None:
        if isinstance(node.op, ast.Pow):
            self._check_power(node, node.left, node.right)
        elif isinstance(node.op, ast.Mult):
            for seq, count in ((node.left, node.right), (node.right, node.left)):
                length = _sequence_length(seq)
                if length is not None:
                    self._check_size(node, count, "repeating a literal", per_item=length)
        self.generic_visit(node)

    def _check_power(self, node: ast.AST, base: ast.AST, exponent: ast.AST) -> None:
        try:
            b, e = _const_int(base), _const_int(exponent)
            if b is not None and e is not None:
                _safe_pow(b, e)
        except _HugeValueError:
            self.add(
                node, "resource-bomb", "this power makes an astronomically large number: use realistic "
                "values (lengths in mm, counts in the thousands at most)"
            )  # fmt: skip

    def _check_size(self, node: ast.AST, count_node: ast.AST, what: str, per_item: int = 1) -> None:
        try:
            count = _const_int(count_node)
        except _HugeValueError:
            count = MAX_SEQUENCE_ITEMS + 1
        if count is not None and count * max(per_item, 1) > MAX_SEQUENCE_ITEMS:
            self.add(
                node, "resource-bomb", f"{what} builds more than {MAX_SEQUENCE_ITEMS:,} items: "
                "use realistic sizes (a model needs at most a few thousand elements)"
            )  # fmt: skip

    def visit_While(self, node: ast.While) -> None:
        if _is_constant_true(node.test) and not _loop_can_end(node):
            self.add(
                node, "infinite-loop", "this `while` loop can never end: add a `break` or loop over "
                "`range(n)` with a fixed count"
            )  # fmt: skip
        self.generic_visit(node)


def _violation(finding: _Finding) -> ScriptViolation:
    line = getattr(finding.node, "lineno", 0) if finding.node is not None else 0
    col = getattr(finding.node, "col_offset", 0) if finding.node is not None else 0
    # A message may quote the script's own strings: on one line, it cannot forge lines of its own.
    return ScriptViolation(line=line, col=col, rule=finding.rule, message=one_line(finding.message))


def _refusal(rule: ViolationRule, message: str, line: int = 0, col: int = 0) -> ScriptCheck:
    return ScriptCheck(ok=False, violations=[ScriptViolation(line=line, col=col, rule=rule, message=message)])


def _nesting(tree: ast.AST) -> int:
    """The deepest nesting of the tree, without recursion."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_NESTING:
            break
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _own_names(tree: ast.AST) -> tuple[frozenset[str], frozenset[str]]:
    """(attribute names the script defines, names it binds) -- they are the script's own."""
    attributes: set[str] = set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            attributes.add(node.attr)
        elif isinstance(node, ast.ClassDef):
            names.add(node.name)
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    attributes.add(item.name)
                elif isinstance(item, ast.Assign):
                    attributes.update(t.id for t in item.targets if isinstance(t, ast.Name))
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    attributes.add(item.target.id)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias):
            names.add(node.asname or node.name.split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    refused = {a for a in attributes if _attribute_finding(None, a) is not None}
    return frozenset(attributes - refused), frozenset(names)


def _module_aliases(tree: ast.AST, module: str) -> frozenset[str]:
    """The names the script binds to ``module`` (``import Mesh``, ``import Mesh as M``)."""
    return frozenset(
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if alias.name == module
    )


def _check(code: str) -> ScriptCheck:
    if len(code) > MAX_SCRIPT_CHARS:
        return _refusal(
            "too-long",
            f"the script has {len(code):,} characters, more than {MAX_SCRIPT_CHARS:,}: "
            "use loops and functions instead of repeating code",
        )
    try:
        tree = ast.parse(code, filename="script.py")
    except SyntaxError as exc:
        return _refusal(
            "syntax", f"fix the syntax error: {exc.msg}", exc.lineno or 0, max((exc.offset or 1) - 1, 0)
        )
    except ValueError as exc:  # e.g. NUL bytes
        return _refusal("syntax", f"fix the script text: {exc}")
    except (RecursionError, MemoryError):  # Python itself cannot compile it: a syntax problem
        return _refusal(
            "syntax",
            "Python's parser gives up on this script (an expression is nested or chained too deeply): "
            "write smaller expressions, e.g. sum a list with a loop",
            line=1,
        )
    if _nesting(tree) > MAX_NESTING:
        return _refusal(
            "unverifiable",
            f"the script nests expressions or blocks more than {MAX_NESTING} deep: write smaller "
            "expressions and functions instead",
        )
    classes = frozenset(node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef))
    visitor = _PolicyVisitor(*_own_names(tree), classes, _module_aliases(tree, _MESH_MODULE))
    visitor.visit(tree)
    unique = sorted(
        {_violation(f) for f in visitor.findings}, key=lambda v: (v.line, v.col, v.rule, v.message)
    )
    return ScriptCheck(ok=not unique, violations=unique)


def check_script(code: str) -> ScriptCheck:
    """Check ``code`` against the policy; ``ok`` is True only when nothing is refused.

    Fails closed: whatever goes wrong inside the checker refuses the script.
    """
    try:
        return _check(code)
    except (RecursionError, MemoryError) as exc:
        return _refusal(
            "unverifiable",
            f"the script is too complex to check ({type(exc).__name__}): write simpler expressions "
            "instead of deeply nested ones and very long literals",
        )
    except Exception as exc:  # fail closed: an unchecked script never runs
        return _refusal(
            "unverifiable",
            f"the script could not be checked ({type(exc).__name__}: {exc}); write it more simply",
        )
