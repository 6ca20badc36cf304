"""A plan's parameters: the rows of the model's ``Parameters`` spreadsheet, and setting them.

The compiler names each spreadsheet row after the node and the field it comes from
(``plate_length``, ``holes_counterbore_diameter``, ``boss_offset_z``, ``holes_pattern_spacing``;
a profile's ``length`` is ``<node>_length``). :func:`plan_parameters` lists the rows of a
plan and, for each, the field of the plan it stands for; :func:`set_parameters` returns the
plan with new values in those fields, as editing the spreadsheet in FreeCAD would: only that
value changes (hole positions, for instance, stay where they were).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ai_designer.cad.compiler import compile_graph
from ai_designer.cad.graph_checks import validate_graph
from ai_designer.errors import AIDesignerError, PlanningError
from ai_designer.schemas.task_graph import TaskGraph, TaskNode

FieldPath = tuple[str | int, ...]
_AXES = "xyz"
#: Expectations that hold sizes: a changed parameter makes them stale (counts still hold).
_SIZE_EXPECTATIONS = ("bbox", "volume_min", "volume_max")


class PlanParameter(BaseModel):
    """One row of the ``Parameters`` spreadsheet."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="The spreadsheet alias, e.g. plate_length.")
    value: float
    unit: str = Field(description="mm, deg, or empty for a plain number.")
    node: str | None = Field(description="The plan node it belongs to.")
    field: str | None = Field(description="The node's operation field it sets, dotted (e.g. profile.length).")
    editable: bool = Field(description="True when the page or API can set it (it maps to one field).")


def _numeric_leaves(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, float]]:
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, (int, float)):
        yield path, float(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _numeric_leaves(item, (*path, str(key)))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _numeric_leaves(item, (*path, index))


def _names(path: FieldPath) -> list[str]:
    """The spreadsheet names a field may have, most specific first."""
    keys = [str(p) for p in path if isinstance(p, str)]
    if not keys:
        return []
    index = path[-1] if isinstance(path[-1], int) else None
    stems = ["_".join(keys), keys[-1]]
    if index is None:
        return stems
    if len(path) >= 2 and isinstance(path[-2], str) and index < len(_AXES):
        return [f"{stem}_{_AXES[index]}" for stem in stems]
    return []


def _field_of(node: TaskNode, alias: str, value: float) -> FieldPath | None:
    """The one field of the node's operation that the spreadsheet row ``alias`` holds."""
    suffix = alias.removeprefix(f"{node.id}_")
    by_rank: dict[int, list[FieldPath]] = {}
    for path, leaf in _numeric_leaves(node.operation.model_dump(mode="python")):
        names = _names(path)
        if suffix in names and math.isclose(leaf, value, rel_tol=1e-9, abs_tol=1e-12):
            by_rank.setdefault(names.index(suffix), []).append(path)
    if not by_rank:
        return None
    best = by_rank[min(by_rank)]
    return best[0] if len(best) == 1 else None


def _owner(graph: TaskGraph, alias: str) -> TaskNode | None:
    """The node whose id starts the alias (the longest such id)."""
    owners = [n for n in graph.nodes if alias.startswith(f"{n.id}_")]
    return max(owners, key=lambda n: len(n.id)) if owners else None


def _unit(name: str) -> str:
    if "angle" in name:
        return "deg"
    return "" if name.endswith("turns") else "mm"


def plan_parameters(graph: TaskGraph) -> list[PlanParameter]:
    """The spreadsheet rows of the plan's model, in the order the compiler made them.

    Empty when the plan cannot be compiled (e.g. a free-form node without its code).
    """
    try:
        compiled = compile_graph(graph)
    except AIDesignerError:
        return []
    rows = []
    for alias, value in compiled.parameters.items():
        node = _owner(graph, alias)
        path = _field_of(node, alias, value) if node is not None else None
        rows.append(
            PlanParameter(
                name=alias,
                value=value,
                unit=_unit(alias),
                node=node.id if node is not None else None,
                field=".".join(str(p) for p in path) if path is not None else None,
                editable=path is not None,
            )
        )
    return rows


def _set(tree: Any, path: FieldPath, value: float) -> None:
    for key in path[:-1]:
        tree = tree[key]
    tree[path[-1]] = value


def _as_lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _as_lists(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_lists(v) for v in value]
    return value


def set_parameters(graph: TaskGraph, values: Mapping[str, float]) -> TaskGraph:
    """The plan with the spreadsheet rows ``values`` set; size expectations are cleared (the
    planner agent derives them again). PlanningError names unknown rows and bad values, and
    InvalidTaskGraphError (a PlanningError) geometry that cannot work (a hole wider than its face)."""
    rows = {row.name: row for row in plan_parameters(graph)}
    unknown = sorted(set(values) - set(rows))
    if unknown:
        raise PlanningError(
            f"The plan has no parameter {', '.join(unknown)}.",
            hint=f"Its parameters are: {', '.join(rows) or 'none'}.",
        )
    fixed = sorted(name for name in values if not rows[name].editable)
    if fixed:
        raise PlanningError(
            f"Parameter {', '.join(fixed)} cannot be set on its own.",
            hint="Describe the change in words instead.",
        )
    bad = sorted(name for name, value in values.items() if not math.isfinite(value))
    if bad:
        raise PlanningError(f"Parameter {', '.join(bad)} needs a finite number.", hint="Enter e.g. 12.5.")
    data = _as_lists(graph.model_dump(mode="python"))
    index = {node["id"]: node for node in data["nodes"]}
    for name, value in values.items():
        row = rows[name]
        assert row.node is not None and row.field is not None
        path = tuple(int(p) if p.isdigit() else p for p in row.field.split("."))
        _set(index[row.node]["operation"], path, float(value))
    data["expected"] = {**data["expected"], **dict.fromkeys(_SIZE_EXPECTATIONS)}
    try:
        changed = TaskGraph.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise PlanningError(
            f"These values do not make a valid plan: {problems}.", hint="Choose other values."
        ) from exc
    validate_graph(changed)
    return changed
