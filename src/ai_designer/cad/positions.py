"""Where repeated things go: hole positions on a face and the copies of a pattern.

Each layout comes twice from the same formula: as numbers (for the graph
analysis) and as FreeCAD expressions bound to the spreadsheet (for the
emitted script), so an edited pitch or spacing moves the holes or copies.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from ai_designer.cad.expressions import num, scaled, total
from ai_designer.schemas.task_graph import (
    CircularPattern,
    EdgePositions,
    GridCopyOp,
    GridPattern,
    HoleOp,
    LinearCopyOp,
    LinearPattern,
    PolarCopyOp,
    PositionPattern,
)

Point2 = tuple[float, float]
Vec = tuple[float, float, float]
#: Returns the expression of a node's parameter (field name, current value).
ParamRef = Callable[[str, float], str]


def unit(vector: tuple[float, ...]) -> tuple[float, ...]:
    """The vector scaled to length 1 (it must not be zero)."""
    length = math.sqrt(sum(c * c for c in vector))
    return tuple(c / length for c in vector)


def _grid_steps(count: int) -> list[float]:
    """Multiples of the pitch for ``count`` positions centred on zero."""
    return [i - (count - 1) / 2 for i in range(count)]


def _circle_angles(pattern: CircularPattern) -> list[float]:
    return [pattern.start_angle + 360.0 * k / pattern.count for k in range(pattern.count)]


def pattern_positions(pattern: PositionPattern) -> list[Point2]:
    """The (u, v) positions of a pattern, in order."""
    if isinstance(pattern, LinearPattern):
        du, dv = unit(pattern.direction)
        return [
            (pattern.start[0] + k * pattern.spacing * du, pattern.start[1] + k * pattern.spacing * dv)
            for k in range(pattern.count)
        ]
    if isinstance(pattern, GridPattern):
        return [
            (pattern.center[0] + i * pattern.pitch_u, pattern.center[1] + j * pattern.pitch_v)
            for j in _grid_steps(pattern.rows)
            for i in _grid_steps(pattern.columns)
        ]
    half = pattern.diameter / 2
    return [
        (
            pattern.center[0] + half * math.cos(math.radians(a)),
            pattern.center[1] + half * math.sin(math.radians(a)),
        )
        for a in _circle_angles(pattern)
    ]


def pattern_position_expressions(pattern: PositionPattern, param: ParamRef) -> list[tuple[str, str]]:
    """The same positions as :func:`pattern_positions`, as expressions bound to the pattern's parameters."""
    if isinstance(pattern, LinearPattern):
        du, dv = unit(pattern.direction)
        spacing = param("pattern_spacing", pattern.spacing)
        return [
            (
                total([scaled(k * du, spacing)], pattern.start[0]),
                total([scaled(k * dv, spacing)], pattern.start[1]),
            )
            for k in range(pattern.count)
        ]
    if isinstance(pattern, GridPattern):
        pitch_u = param("pattern_pitch_u", pattern.pitch_u)
        pitch_v = param("pattern_pitch_v", pattern.pitch_v)
        return [
            (total([scaled(i, pitch_u)], pattern.center[0]), total([scaled(j, pitch_v)], pattern.center[1]))
            for j in _grid_steps(pattern.rows)
            for i in _grid_steps(pattern.columns)
        ]
    diameter = param("pattern_diameter", pattern.diameter)
    start = param("pattern_start_angle", pattern.start_angle)
    out = []
    for k in range(pattern.count):
        angle = total([start], 360.0 * k / pattern.count)
        out.append(
            (
                total([f"{diameter} / 2 * cos({angle})"], pattern.center[0]),
                total([f"{diameter} / 2 * sin({angle})"], pattern.center[1]),
            )
        )
    return out


def linear_copy_offsets(op: LinearCopyOp) -> list[Vec]:
    """Offsets of each copy of a linear pattern (the first, zero, is the original)."""
    d = unit(op.direction)
    return [(k * op.spacing * d[0], k * op.spacing * d[1], k * op.spacing * d[2]) for k in range(op.count)]


def grid_copy_offsets(op: GridCopyOp) -> list[Vec]:
    """Offsets of each copy of a grid pattern, row by row (the first, zero, is the original)."""
    return [(i * op.spacing_x, j * op.spacing_y, 0.0) for j in range(op.rows) for i in range(op.columns)]


def polar_step(op: PolarCopyOp) -> float:
    """Degrees between neighbouring copies: a full turn is shared out, a partial one spans first to last."""
    if op.angle >= 360.0 or op.count == 1:
        return op.angle / op.count
    return op.angle / (op.count - 1)


def polar_copy_angles(op: PolarCopyOp) -> list[float]:
    """Angle of each copy of a polar pattern (the first, zero, is the original)."""
    step = polar_step(op)
    return [k * step for k in range(op.count)]


def polar_step_expression(op: PolarCopyOp, angle: str) -> str:
    """:func:`polar_step` as an expression of the pattern's (bound) angle."""
    divisor = op.count if op.angle >= 360.0 or op.count == 1 else op.count - 1
    return f"{angle} / {num(float(divisor))}"


def _edge_coords(distance: float, ref: str, size: float) -> list[float]:
    if ref == "min":
        return [-size / 2 + distance]
    if ref == "max":
        return [size / 2 - distance]
    if ref == "both":
        return [-size / 2 + distance, size / 2 - distance]
    return [distance]


def edge_positions(spec: EdgePositions, face_size: tuple[float, float]) -> list[Point2]:
    """(u, v) offsets from the face centre of positions measured from a face's edges."""
    us = _edge_coords(spec.u, spec.u_from, face_size[0])
    vs = _edge_coords(spec.v, spec.v_from, face_size[1])
    return [(u, v) for v in vs for u in us]


def hole_positions(op: HoleOp, face_size: tuple[float, float] | None) -> list[Point2]:
    """Every hole position as an offset from the face centre (edge-measured ones need the face size)."""
    positions = [*op.at, *(pattern_positions(op.pattern) if op.pattern else [])]
    if face_size is not None:
        for spec in op.from_edges:
            positions += edge_positions(spec, face_size)
    return positions


def hole_count(op: HoleOp) -> int:
    """How many holes a hole operation drills."""
    per_spec = [(2 if s.u_from == "both" else 1) * (2 if s.v_from == "both" else 1) for s in op.from_edges]
    return len(op.at) + (len(pattern_positions(op.pattern)) if op.pattern else 0) + sum(per_spec)
