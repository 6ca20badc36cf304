"""Size sanity of a plan: is this a part someone can mean, before FreeCAD is asked to build it?

A 1 km cube or a 0.0001 mm one is almost always a unit slip; FreeCAD would build either, and
the numbers printed afterwards (18 digits of volume, "expected 0.0..0.0") help nobody. The
limits are settings: ``SIZE_MIN_MM`` (default 0.01 mm, well above FreeCAD's 1e-7 mm precision
yet below any machinable feature) applies to the whole part and to every length in the plan;
``SIZE_MAX_MM`` (default 10 m, beyond what one CAD part usually is) to the whole part.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ValidationError

from ai_designer.cad.operations import analyse, output_facts
from ai_designer.errors import PlanningError
from ai_designer.schemas.task_graph import TaskGraph

DEFAULT_MIN_MM = 0.01
DEFAULT_MAX_MM = 10_000.0
_AXES = "XYZ"
_UNITS = "Check the units (mm, cm, m, in);"
_SMALL_HINT = f"{_UNITS} lower SIZE_MIN_MM if you really need it this small."


class SizeLimits(BaseModel):
    """The sizes a part may have, in mm."""

    min_mm: float = DEFAULT_MIN_MM
    max_mm: float = DEFAULT_MAX_MM


def length_text(mm: float) -> str:
    """A length in mm as people write it, with metres or kilometres beside it when it is long."""
    text = f"{mm:,.3f}".rstrip("0").rstrip(".") if 0.001 <= mm < 1e12 else f"{mm:.4g}"
    if mm >= 1e6:
        return f"{text} mm ({mm / 1e6:,.4g} km)"
    if mm >= 1000:
        return f"{text} mm ({mm / 1000:,.4g} m)"
    return f"{text} mm"


def _axes(indices: list[int]) -> str:
    names = [_AXES[i] for i in indices]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _lengths(value: object, path: str) -> Iterator[tuple[str, float]]:
    """Every length (a field the plan language documents in millimetres) in ``value``."""
    if isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            item = getattr(value, name)
            where = f"{path}.{name}" if path else name
            if "millimetres" in (field.description or "") and isinstance(item, (int, float)):
                yield where, float(item)
            else:
                yield from _lengths(item, where)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _lengths(item, f"{path}[{i}]")


def check_sizes(graph: TaskGraph, limits: SizeLimits) -> None:
    """PlanningError naming the first size outside ``limits``: the part's overall size along an
    axis, or a length of a node (zero lengths, meaning "none", are allowed)."""
    part = output_facts(graph, analyse(graph))
    if part.bbox is not None:
        size = part.bbox.size
        big = [i for i in range(3) if size[i] > limits.max_mm]
        if big:
            axes = _axes(big)
            raise PlanningError(
                f"The part would be {length_text(max(size))} along {axes}; ai-designer makes parts up "
                f"to {length_text(limits.max_mm)}.",
                hint=f"{_UNITS} raise SIZE_MAX_MM if you really need a part this large.",
            )
        small = [i for i in range(3) if size[i] < limits.min_mm]
        if small:
            axes = _axes(small)
            raise PlanningError(
                f"The part would be only {length_text(min(size))} along {axes}; the smallest size "
                f"ai-designer builds is {length_text(limits.min_mm)}.",
                hint=_SMALL_HINT,
            )
    for node in graph.nodes:
        for where, mm in _lengths(node.operation, ""):
            if 0 < mm < limits.min_mm:
                raise PlanningError(
                    f"The {where.replace('_', ' ')} of '{node.id}' is {length_text(mm)}; the smallest size "
                    f"ai-designer builds is {length_text(limits.min_mm)}.",
                    hint=_SMALL_HINT,
                )


def impossible_sizes(exc: ValidationError) -> PlanningError:
    """A planner's graph that broke the plan language's own rules (a zero or negative size), as a
    refusal naming the sizes rather than a crash."""
    problems = []
    for error in exc.errors()[:3]:
        field = next((str(p) for p in reversed(error["loc"]) if isinstance(p, str)), "a size")
        value = error.get("input")
        shown = f"{value:g}" if isinstance(value, (int, float)) else repr(value)
        rule = error["msg"].replace("Input should be", "must be")
        problems.append(f"{field.replace('_', ' ')} {shown} ({rule})")
    return PlanningError(
        "The request gives sizes a part cannot have: " + "; ".join(problems) + ".",
        hint="Sizes must be positive numbers; check the request for a zero, a minus sign or a typo.",
    )
