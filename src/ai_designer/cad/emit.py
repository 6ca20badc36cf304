"""The script writer: lines of the emitted FreeCAD script, its spreadsheet parameters and helpers.

Operation emitters append lines through a :class:`ScriptWriter`; run-time helper
functions (:class:`Helper`) are pulled in once, in the order first needed, with
what they require ahead of them. :meth:`ScriptWriter.render` puts the pieces
together: header comments, imports, helpers, the document and its
``Parameters`` spreadsheet, then the body.
"""

from __future__ import annotations

from dataclasses import dataclass

from ai_designer.cad.expressions import SHEET, num, ref
from ai_designer.cad.names import NameAllocator

MM_PER_INCH = 25.4

#: Every module-level name the emitted script defines itself (helpers, constants, loop variables).
#: Object names never take these. A unit test checks every helper's definitions are listed.
SCRIPT_NAMES = frozenset(
    {
        "App", "Part", "Sketcher", "math", "doc", "sheet", "PARAMETERS", "row", "alias", "value",
        "meaning", "inches", "k", "i", "j", "copies", "angle", "offset", "name", "Parameters",
        "AXES", "FACES", "OUTWARD", "INTO_FACE", "ON_FACE", "num", "box_terms", "place", "put_on_face",
        "sketch_turn", "extrude_from_face", "show_only", "hole_tool", "select_edges", "edge_list",
        "faces_on_sides", "add_circle", "add_rectangle", "add_rounded_rectangle", "add_polygon",
        "add_slot", "add_outline", "gear_face", "shifted_copy", "turned_copy", "face_outline",
        "on_surface", "made_by", "thread_tool",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Helper:
    """Source of run-time definitions the script needs, and the helpers they use."""

    name: str
    source: str
    requires: tuple[Helper, ...] = ()


@dataclass(frozen=True)
class Parameter:
    """One spreadsheet row: alias, value and what it means."""

    alias: str
    value: float
    meaning: str
    unit: str = ""


def one_line(value: str) -> str:
    """Free text (labels, titles, descriptions) flattened to one line, without dunder-like runs."""
    cleaned = " ".join(value.split())
    while "__" in cleaned:
        cleaned = cleaned.replace("__", "_")
    return cleaned


def text(value: str) -> str:
    """A safe one-line Python string literal for free text."""
    return repr(one_line(value))


class ScriptWriter:
    """Collects the body, parameters and helpers of one emitted script."""

    def __init__(self, node_ids: list[str], units: str = "mm") -> None:
        #: "in" shows lengths in inches in the spreadsheet (the plan and the model stay in mm).
        self.units = units
        self.names = NameAllocator(SCRIPT_NAMES)
        self.node_names = {node_id: self.names.allocate(node_id) for node_id in node_ids}
        self.results: dict[str, str] = {}
        #: Node id -> the object whose surface marks the edges the node made (a hole's drill, a
        #: pocket's tool, a boss's solid); nodes not listed mark them with their result.
        self.features: dict[str, str] = {}
        #: Set when a node made faces that Refine would break (a modelled thread's helical groove):
        #: the fuses emitted after it keep their faces as they are.
        self.keep_faces = False
        self._body: list[str] = []
        self._custom: list[str] = []
        self._parameters: dict[str, Parameter] = {}
        self._helpers: dict[str, Helper] = {}

    # ------------------------------------------------------------------ body
    def line(self, code: str = "") -> None:
        """Append one line of code (or a blank line)."""
        self._body.append(code)

    def comment(self, note: str) -> None:
        """Append a comment line (free text is flattened to one line)."""
        self._body.append(f"# {one_line(note)}")

    def section(self, title: str) -> None:
        """Start a new block of the body with a heading comment."""
        if self._body:
            self._body.append("")
        self.comment(f"--- {title}")

    def custom_builder(self, lines: list[str]) -> None:
        """Code that builds a custom node's shape, run before the model's document exists: its
        code (from a language model) finds no other node's object, no spreadsheet, no document of
        the part to change (see :mod:`ai_designer.cad.custom_code`)."""
        self._custom += [*lines, ""]

    def add_object(self, type_id: str, name: str, label: str) -> None:
        """``name = doc.addObject(type_id, name)`` and its label."""
        self.line(f"{name} = doc.addObject({type_id!r}, {name!r})")
        self.line(f"{name}.Label = {text(label)}")

    def bind(self, var: str, prop: str, expression: str) -> None:
        """Bind a property to an expression (spreadsheet parameters, other objects' boxes...)."""
        self.line(f"{var}.setExpression({prop!r}, {expression!r})")

    def assign(self, var: str, prop: str, code: str) -> None:
        """``var.prop = code``."""
        self.line(f"{var}.{prop} = {code}")

    def feature_object(self, node_id: str) -> str:
        """The object whose surface holds the edges ``node_id`` made."""
        return self.features.get(node_id, self.results[node_id])

    # ------------------------------------------------------------------ parameters and helpers
    def param(self, alias: str, value: float, meaning: str, unit: str = "") -> str:
        """Register a spreadsheet parameter and return the expression that reads it."""
        self._parameters[alias] = Parameter(alias, float(value), one_line(meaning), unit)
        return ref(alias)

    def node_param(self, node_id: str, field: str, value: float, unit: str = "mm") -> str:
        """Register the parameter ``<node>_<field>`` and return the expression that reads it."""
        shown = "inches" if unit == "mm" and self.units == "in" else unit
        meaning = f"{node_id}: {field.replace('_', ' ')}" + (f" ({shown})" if shown else "")
        return self.param(f"{node_id}_{field}", value, meaning, unit)

    @property
    def parameters(self) -> dict[str, float]:
        """Spreadsheet alias -> value, in the order registered."""
        return {alias: p.value for alias, p in self._parameters.items()}

    def use(self, helper: Helper) -> None:
        """Make sure ``helper`` (and what it requires) is defined in the script."""
        if helper.name in self._helpers:
            return
        for needed in helper.requires:
            self.use(needed)
        self._helpers[helper.name] = helper

    # ------------------------------------------------------------------ the whole script
    def render(self, title: str, version: str) -> str:
        """The complete script text."""
        out = [
            f"# {one_line(title)}",
            f"# FreeCAD model generated by the ai-designer TaskGraph compiler {version}.",
            f"# Edit the values in the '{SHEET}' spreadsheet, then recompute: the features follow.",
            "",
            "import math",
            "",
            "import FreeCAD as App",
            "import Part",
            "import Sketcher",
            "",
        ]
        if self._custom:
            out += [
                "",
                "# --- custom geometry, built before the document exists: its code sees no other object",
            ]
            out += ["", *self._custom]
        for helper in self._helpers.values():
            out += ["", helper.source.strip("\n"), ""]
        out += ["", "doc = App.newDocument('Model')", f"doc.Label = {text(title)}", ""]
        out += self._sheet_lines() if self.units == "in" else self._mm_sheet_lines()
        out += ["doc.recompute()", "", *self._body, ""]
        return "\n".join(out)

    def _mm_sheet_lines(self) -> list[str]:
        """The spreadsheet of a metric design: one number per row, in mm or degrees."""
        return [
            "PARAMETERS = [  # spreadsheet alias, value, meaning",
            *(f"    ({p.alias!r}, {num(p.value)}, {text(p.meaning)})," for p in self._parameters.values()),
            "]",
            f"sheet = doc.addObject('Spreadsheet::Sheet', {SHEET!r})",
            "sheet.set('A1', 'Parameter')",
            "sheet.set('B1', 'Value')",
            "sheet.set('C1', 'Meaning')",
            "for row, (alias, value, meaning) in enumerate(PARAMETERS, start=2):",
            "    sheet.set(f'A{row}', alias)",
            "    sheet.set(f'B{row}', str(value))",
            "    sheet.setAlias(f'B{row}', alias)",
            "    sheet.set(f'C{row}', meaning)",
        ]

    def _sheet_lines(self) -> list[str]:
        """The spreadsheet of an inch design: lengths are shown and edited as inch quantities in
        column B; column D turns each into the plain mm number the model's expressions read."""
        rows = []
        for p in self._parameters.values():
            inches = p.unit == "mm"
            shown = f"{round(p.value / MM_PER_INCH, 9):.12g} in" if inches else str(p.value)
            rows.append(f"    ({p.alias!r}, {shown!r}, {text(p.meaning)}, {inches}),")
        return [
            "PARAMETERS = [  # spreadsheet alias, value, meaning, True for a length shown in inches",
            *rows,
            "]",
            f"sheet = doc.addObject('Spreadsheet::Sheet', {SHEET!r})",
            "sheet.set('A1', 'Parameter')",
            "sheet.set('B1', 'Value')",
            "sheet.set('C1', 'Meaning')",
            "sheet.set('D1', 'mm')",
            "for row, (alias, value, meaning, inches) in enumerate(PARAMETERS, start=2):",
            "    sheet.set(f'A{row}', alias)",
            "    sheet.set(f'B{row}', value)",
            "    sheet.set(f'C{row}', meaning)",
            "    if inches:  # the model reads the length in mm from column D",
            "        sheet.set(f'D{row}', f'=B{row} / 1 mm')",
            "        sheet.setAlias(f'D{row}', alias)",
            "    else:",
            "        sheet.setAlias(f'B{row}', alias)",
        ]
