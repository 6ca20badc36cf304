"""Plans, schemas and measured results written compactly for a language model to read."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from pydantic import BaseModel

from ai_designer.schemas.execution import ExecutionResult, HoleInfo, ShapeMetrics
from ai_designer.schemas.task_graph import Expectations, TaskGraph

#: Fields that select a union member: always written, even when equal to their default.
_DISCRIMINATORS = frozenset({"op", "shape", "kind"})


def compact_schema(schema: Any, _seen: set[str] | None = None) -> Any:
    """A JSON Schema without ``title`` keys and with each description written once (saves ~25%)."""
    seen = set() if _seen is None else _seen
    if isinstance(schema, dict):
        out: dict[str, Any] = {}
        for key, value in schema.items():
            if key == "title" and isinstance(value, str):
                continue
            if key == "description" and isinstance(value, str):
                if value in seen:
                    continue
                seen.add(value)
            out[key] = compact_schema(value, seen)
        return out
    if isinstance(schema, list):
        return [compact_schema(item, seen) for item in schema]
    return schema


def schema_text(model_cls: type[BaseModel]) -> str:
    """``model_cls``'s JSON Schema, compacted, on one line."""
    return json.dumps(compact_schema(model_cls.model_json_schema()), separators=(",", ":"))


def without_defaults(model: BaseModel) -> dict[str, Any]:
    """``model`` as plain data without values equal to their defaults (discriminators are kept)."""
    out: dict[str, Any] = {}
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        if (
            name not in _DISCRIMINATORS
            and not field.is_required()
            and value == field.get_default(call_default_factory=True)
        ):
            continue
        out[name] = _plain(value)
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return without_defaults(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def graph_json(graph: TaskGraph) -> str:
    """The graph as compact JSON, leaving out values equal to their defaults (it parses back the same)."""
    return json.dumps(without_defaults(graph), separators=(",", ":"))


def _mm(value: float) -> str:
    return f"{value:.2f}"


def _vec(values: tuple[float, ...]) -> str:
    return "(" + ", ".join(_mm(v) for v in values) + ")"


def _axis_name(axis: tuple[float, float, float]) -> str:
    names = ("X", "Y", "Z")
    index = max(range(3), key=lambda i: abs(axis[i]))
    return names[index] if abs(abs(axis[index]) - 1.0) < 1e-3 else _vec(axis)


def describe_holes(holes: list[HoleInfo]) -> list[str]:
    """One line per group of equal holes: count, diameter, through or blind, axis, positions."""
    groups: Counter[tuple[float, bool, float, str, str]] = Counter()
    where: dict[tuple[float, bool, float, str, str], list[str]] = {}
    for hole in holes:
        key = (
            round(hole.diameter, 2),
            hole.through,
            round(hole.depth, 2),
            _axis_name(hole.axis),
            _entry(hole),
        )
        groups[key] += 1
        where.setdefault(key, []).append(_vec(hole.start))
    lines = []
    for key, count in groups.items():
        diameter, through, depth, axis, entry = key
        kind = "through" if through else f"blind, {_mm(depth)} deep"
        spots = ", ".join(where[key][:12])
        lines.append(f"{count} x Ø{_mm(diameter)} mm {kind}{entry}, axis {axis}, at {spots}")
    return lines


def _entry(hole: HoleInfo) -> str:
    text = ""
    if hole.counterbore_diameter is not None and hole.counterbore_depth is not None:
        text += f", counterbore Ø{_mm(hole.counterbore_diameter)} x {_mm(hole.counterbore_depth)} deep"
    if hole.countersink_diameter is not None:
        text += f", countersink Ø{_mm(hole.countersink_diameter)} ({hole.countersink_angle or 0:.0f}°)"
    return text


def describe_features(shape: ShapeMetrics) -> list[str]:
    """Slots, flat faces (pocket floors, boss tops, steps; not the part's own sides), fillets and
    chamfers, a line each."""
    found = shape.features
    lines = [
        f"slot {_mm(s.length)} x {_mm(s.width)} mm, {_mm(s.depth)} deep, axis {_axis_name(s.axis)}, "
        f"along {_axis_name(s.direction)}, centre line through {_vec(s.center)}"
        for s in found.slots
    ]
    box = shape.bbox
    largest: dict[tuple[float, ...], float] = {}
    for flat in found.flats:
        largest[tuple(flat.normal)] = max(largest.get(tuple(flat.normal), 0.0), flat.area)
    for flat in found.flats:
        axis = max(range(3), key=lambda i: abs(flat.normal[i]))
        outer = box.max[axis] if flat.normal[axis] > 0 else box.min[axis]
        side = abs(flat.level - outer) <= 1e-6 and flat.area >= largest[tuple(flat.normal)]
        if side or len(lines) >= 16:
            continue  # a side of the part itself, not a feature
        facing = ("-", "+")[flat.normal[axis] > 0] + "XYZ"[axis]
        size = " x ".join(_mm(flat.size[i]) for i in range(3) if i != axis)
        level = f"{'XYZ'[axis]}={_mm(flat.level)}"
        lines.append(f"flat face facing {facing} at {level}, {size} mm, centre {_vec(flat.center)}")
    lines += [
        f"{r.faces} {'concave fillet' if r.concave else 'rounded edge'} face(s) of radius {_mm(r.radius)} mm"
        for r in found.rounds
    ]
    lines += [
        f"{c.faces} chamfer face(s) {_mm(c.width)} mm wide (a 45° chamfer of {_mm(c.width / 2**0.5)} mm)"
        for c in found.chamfers
    ]
    return lines


def describe_expectations(expected: Expectations) -> str:
    """What the plan says the part should measure, one fact per line."""
    lines = []
    if expected.bbox is not None:
        turned = " (in any orientation)" if expected.bbox_any_orientation else ""
        lines.append(f"- bounding box {' x '.join(_mm(v) for v in expected.bbox)} mm{turned}")
    if expected.solids is not None:
        lines.append(f"- {expected.solids} solid(s)")
    if expected.holes is not None:
        lines.append(f"- {expected.holes} round hole(s)")
    if expected.volume_min is not None or expected.volume_max is not None:
        low = _mm(expected.volume_min) if expected.volume_min is not None else "?"
        high = _mm(expected.volume_max) if expected.volume_max is not None else "?"
        lines.append(f"- volume between {low} and {high} mm³")
    return "\n".join(lines) or "- nothing stated"


def describe_result(execution: ExecutionResult) -> str:
    """The measured outcome of a run: status, size, volume, topology, holes, failed objects."""
    lines = [f"- status: {'ok' if execution.ok else 'FAILED'}"]
    if execution.error:
        lines.append(f"- error ({execution.error_kind or 'unknown'}): {execution.error}")
    failed = [o for o in execution.objects if not o.valid or o.error]
    lines.extend(f"- object {o.label or o.name} ({o.type_id}) failed: {o.error or 'invalid'}" for o in failed)
    shape = execution.final_shape
    if shape is None:
        lines.append("- no final solid was produced")
        return "\n".join(lines)
    box = shape.bbox
    lines += [
        f"- bounding box {' x '.join(_mm(v) for v in box.size)} mm (X x Y x Z), "
        f"from {_vec(box.min)} to {_vec(box.max)}",
        f"- volume {shape.volume:.1f} mm³, surface area {shape.area:.1f} mm²",
        f"- {shape.solids} solid(s), {shape.faces} faces, {shape.edges} edges, "
        f"{'valid' if shape.is_valid else 'INVALID'} shape",
    ]
    holes = describe_holes(shape.holes)
    lines.append(f"- round holes: {shape.total('holes')}" + ("" if holes else " (none)"))
    lines.extend(f"  - {line}" for line in holes)
    features = describe_features(shape)
    lines.append(
        "- other features (slots, inner flat faces, fillets, chamfers):" + ("" if features else " none")
    )
    lines.extend(f"  - {line}" for line in features)
    if shape.truncated:
        cut = ", ".join(f"{name} ({count} in all)" for name, count in shape.truncated.items())
        lines.append(f"- lists cut short, only their first entries are given: {cut}")
    return "\n".join(lines)
