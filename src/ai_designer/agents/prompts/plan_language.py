"""The plan language described compactly for a model that writes plans (an MCP client's LLM).

The text is generated from the TaskGraph models (through the JSON Schema Pydantic
derives from them, which already spells out bounds, defaults and tagged unions), so
it follows the models: every operation and field, with its type, bounds and
default, written as ``name(field: type = default)`` signatures instead of the raw
schema (about a fifth of its size). The LLM planner's system prompt and the MCP
tool both use it; the worked examples come from the few-shot library.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from ai_designer.agents.prompts.few_shot_examples import EXAMPLES, FewShotExample, select_examples
from ai_designer.agents.prompts.freecad_reference import CUSTOM_CODE_CONTRACT, PARTDESIGN_RULES
from ai_designer.agents.prompts.rendering import graph_json
from ai_designer.schemas import task_graph
from ai_designer.schemas.task_graph import CREATING_OPS, TaskGraph

#: Descriptions that the rendered type already says.
_IMPLIED = re.compile(r"^(millimetres, >=? 0|degrees|lower_snake_case id.*)$", re.S)
_CODE = re.compile(r"``([^`]+)``")
#: Field notes that differ for a plan written outside the server.
_NOTES = {
    ("CustomOp", "code"): "FreeCAD Part Python building the shape (see 'Code of a custom node'); "
    "needed unless the server has an LLM to write it.",
}


def conventions() -> str:
    """The conventions bullet list of the TaskGraph module docstring (the contract itself)."""
    doc = task_graph.__doc__ or ""
    return _plain(doc[doc.find("* ") :])


class _Renderer:
    """Turns the TaskGraph JSON Schema into signatures, collecting the tagged unions met on the way."""

    def __init__(self) -> None:
        schema = TaskGraph.model_json_schema()
        self.defs: dict[str, dict[str, Any]] = schema.pop("$defs")
        self.defs["TaskGraph"] = schema
        self.unions: dict[str, dict[str, str]] = {}  # section title -> {tag value: def name}
        self.union_tags: dict[str, str] = {}  # section title -> discriminating field
        self.seen_notes: set[str] = set()

    def type_of(self, prop: dict[str, Any]) -> str:
        """A short type: mm>0, int 1..500, top|bottom, [x, y], Placement, Profile..."""
        if "$ref" in prop:
            return str(prop["$ref"]).rsplit("/", 1)[1]
        if "discriminator" in prop:
            return self._union(prop)
        if "anyOf" in prop:
            return " | ".join(self.type_of(p) for p in prop["anyOf"])
        if "enum" in prop:
            return "|".join(str(v) for v in prop["enum"])
        if "const" in prop:
            return _json(prop["const"])
        kind = prop.get("type")
        if kind == "array":
            return self._array(prop)
        if kind in ("number", "integer"):
            return self._number(prop)
        if kind == "string":
            return "id" if prop.get("pattern", "").startswith("^[a-z]") else "text"
        return {"boolean": "bool", "null": "null"}.get(str(kind), str(kind))

    def _number(self, prop: dict[str, Any]) -> str:
        unit = {"millimetres": "mm", "degrees": "deg"}.get(str(prop.get("description", "")).split(",")[0])
        base = unit or ("int" if prop["type"] == "integer" else "number")
        bounds = [
            f"{sign}{prop[key]:g}"
            for key, sign in (("exclusiveMinimum", ">"), ("minimum", ">="), ("exclusiveMaximum", "<"))
            if key in prop
        ]
        if "maximum" in prop:
            bounds.append(f"<={prop['maximum']:g}")
        return base + ",".join(bounds) if unit else " ".join([base, *bounds])

    def _array(self, prop: dict[str, Any]) -> str:
        if "prefixItems" in prop:
            return "[x, y, z]" if len(prop["prefixItems"]) == 3 else "[u, v]"
        least = f", at least {prop['minItems']}" if prop.get("minItems") else ""
        return f"[{self.type_of(prop.get('items', {}))}, ...{least}]"

    def _union(self, prop: dict[str, Any]) -> str:
        discriminator = prop["discriminator"]
        tags = {ref: tag for tag, ref in discriminator["mapping"].items()}
        # In declaration order (oneOf), not the mapping's alphabetical one.
        mapping = {tags[m["$ref"]]: m["$ref"].rsplit("/", 1)[1] for m in prop["oneOf"]}
        title = _common_suffix(mapping.values())
        self.unions.setdefault(title, mapping)
        self.union_tags[title] = discriminator["propertyName"]
        return title

    def signature(self, name: str, tag: str | None = None) -> str:
        """``name(field: type = default, ...)`` followed by the model's docstring and field notes."""
        model = self.defs[name]
        required = set(model.get("required", []))
        fields, notes = [], []
        for field, prop in model.get("properties", {}).items():
            if field == tag:
                continue
            optional = "" if field in required or "default" in prop else "?"
            text = f"{field}{optional}: {self.type_of(prop)}"
            if "default" in prop:
                text += f" = {_json(prop['default'])}"
            fields.append(text)
            note = _NOTES.get((name, field), prop.get("description", ""))
            if note and not _IMPLIED.match(note) and note not in self.seen_notes:
                self.seen_notes.add(note)
                notes.append(f"    {field}: {_plain(note)}")
        const = model["properties"][tag].get("const") if tag else None
        head = f"{const or name}({', '.join(fields)})"
        doc = _plain(model.get("description", ""))
        return "\n".join([head, *(f"    {line}" for line in doc.splitlines() if line), *notes])


def _common_suffix(names: Iterable[str]) -> str:
    """'Profile' for RectangleProfile, CircleProfile...: the last CamelCase word they share."""
    words = {re.findall(r"[A-Z][a-z0-9]*", n)[-1] for n in names}
    word = words.pop() if len(words) == 1 else "Operation"
    return {"Op": "Operation"}.get(word, word)


def _json(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "[" + ", ".join(_json(v) for v in value) + "]"
    if isinstance(value, str):
        return value or '""'
    return str(value)


def _plain(text: str) -> str:
    return _CODE.sub(r"`\1`", text).strip()


def _operations(r: _Renderer) -> list[str]:
    title = r.type_of(r.defs["TaskNode"]["properties"]["operation"])
    ops = r.unions.pop(title)
    tag = r.union_tags.pop(title)
    creating = [r.signature(ops[op], tag) for op in ops if op in CREATING_OPS]
    changing = [r.signature(ops[op], tag) for op in ops if op not in CREATING_OPS]
    return [
        f'## Operations that create a solid ("{tag}" picks one; `placement` moves it from its usual spot)',
        *creating,
        "",
        f'## Operations that change or combine solids ("{tag}" picks one; `target`/`operands` are node ids)',
        *changing,
    ]


def _unions(r: _Renderer) -> list[str]:
    lines: list[str] = []
    for title, members in r.unions.items():
        tag = r.union_tags[title]
        lines += ["", f'## {title}s ("{tag}" picks one)', *(r.signature(d, tag) for d in members.values())]
    return lines


def _other_types(r: _Renderer, skip: set[str]) -> list[str]:
    names = [n for n in r.defs if n not in skip]
    return ["", "## Other types", *(r.signature(n) for n in names)]


def _example(example: FewShotExample) -> str:
    return "\n".join(
        [
            f"Request: {example.prompt}",
            f"Working: {example.reasoning}",
            f"Plan: {graph_json(example.graph)}",
        ]
    )


#: Conventions no field says by itself, learned the hard way by models writing plans.
EXTRA_CONVENTIONS = """\
- Profiles on a face (pocket, boss) are drawn in that face's (u, v) axes around `at`: a polyline's
  points are (u, v) offsets from `at`. For `extrude` they are coordinates in the plane's axes around
  the origin (xy: (X, Y), xz: (X, Z), yz: (Y, Z)); for `revolve`, (radius, Z).
- Arc bulge: a point's `bulge` makes the segment that ENDS at it an arc (the first point's bulge
  bends the closing segment from the last point). bulge = tan(sweep/4): 0 straight, 1 a half
  circle, 0.4142 a quarter; positive bends counter-clockwise in (u, v), negative clockwise.
- Rotation sign: right-hand rule. A positive angle turns counter-clockwise seen from the + end of
  the axis (about Z: X towards Y; about X: Y towards Z; about Y: Z towards X). A profile's
  `rotation` on a face turns u towards v.
- `expected.holes` counts round holes as measured: coaxial cylindrical walls going all the way
  round, through or blind. A counterbored or countersunk hole is ONE hole; a round pocket and the
  bore of a tube or ring count too; slots, other pockets and fillets do not. Leave it out when unsure.
"""


@cache
def language_reference() -> str:
    """The plan language itself: types, conventions, every operation and every field (no examples,
    no modelling advice): the part of a planner's prompt that never changes."""
    r = _Renderer()
    graph = r.signature("TaskGraph")
    node = r.signature("TaskNode")
    operations = _operations(r)
    unions = _unions(r)
    member_defs = {d for members in r.unions.values() for d in members.values()}
    skip = {"TaskNode", *member_defs, *_operation_defs(r)}
    text = "\n".join(
        [
            "# The ai-designer plan language (TaskGraph, version 1)",
            "A plan is ONE JSON object. Below, each object is written as name(field: type = default);",
            'in JSON it is {"field": value, ...}, and an operation also carries its tag, e.g.',
            '{"op": "box", "length": 60, "width": 40, "height": 8}. Fields with "= default" may be left out.',
            "Types: mm>0 is millimetres above 0, deg is degrees, id a lower_snake_case node id,",
            "[u, v] and [x, y, z] are number lists, a|b one of the words; field? is optional.",
            "@WORD_TYPES@",
            "",
            graph,
            node,
            "",
            "## Conventions",
            conventions(),
            EXTRA_CONVENTIONS.rstrip(),
            "- ids are unique; a node may only refer to nodes listed before it. Chain features: each one",
            "  targets the result of the previous step.",
            "- Fill `expected` with the overall bounding box (X, Y, Z), 1 solid, and the number of round",
            "  holes: the built part is measured against it.",
            "- `custom` is for geometry no operation covers: describe it fully and state expected.bbox.",
            "",
            *operations,
            *unions,
            *_other_types(r, skip),
        ]
    )
    for name, words in _WORD_TYPES:  # long word lists met many times: named once, above
        text = text.replace(words, name)
    defined = "\n".join(f"{name} is one of {words}." for name, words in _WORD_TYPES)
    return text.replace("@WORD_TYPES@", defined)


#: Word lists the reference names instead of repeating them (the longest first: it holds the other).
_WORD_TYPES = (
    (
        "EdgeKind",
        "all|vertical|horizontal|top|bottom|front|back|left|right|parallel_x|parallel_y|parallel_z|circular|straight",
    ),
    ("Face", "top|bottom|front|back|left|right"),
)


@cache
def _reference() -> str:
    return "\n".join(
        [
            language_reference(),
            "",
            "## Modelling rules",
            PARTDESIGN_RULES.strip(),
            "",
            "## Code of a custom node",
            CUSTOM_CODE_CONTRACT.strip(),
        ]
    )


def _operation_defs(r: _Renderer) -> set[str]:
    node = r.defs["TaskNode"]["properties"]["operation"]
    return {ref.rsplit("/", 1)[1] for ref in node["discriminator"]["mapping"].values()} | {"TaskGraph"}


def plan_language(about: str = "", examples: int = 3) -> str:
    """The compact description of the plan language, then ``examples`` worked examples (chosen by
    similarity to ``about``, the part to be planned, when given)."""
    chosen = select_examples(about, examples) if about.strip() else _spread(examples)
    shown = [_example(e) for e in chosen]
    return "\n\n".join([_reference(), "## Worked examples", *shown])


def _spread(count: int) -> list[FewShotExample]:
    """Examples from every level, simple first."""
    by_level = [[e for e in EXAMPLES if e.level == level] for level in ("simple", "intermediate", "complex")]
    ordered = [e for group in zip(*by_level, strict=False) for e in group]
    return ordered[:count]
