"""How many edges an edge selection picks on a plain shape, so "the four vertical edges" can be checked.

The edges are modelled the way the compiler's ``select_edges`` sees them (cad/edges.py):
straight edges along X, Y or Z, and circles; seams are never picked. Each edge knows which
sides of the bounding box it lies in. Shapes whose edges are not modelled here give None:
a stated number of edges on them cannot be checked, and the planner says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ai_designer.planner.build import Frame

_SIDES = {"x": ("left", "right"), "y": ("front", "back"), "z": ("bottom", "top")}


@dataclass(frozen=True)
class _Edge:
    kind: str  # "x", "y", "z" (a straight edge along that axis) or "circle-x|y|z" (a circle round it)
    sides: frozenset[str]  # the sides of the bounding box it lies in


def _box_edges() -> list[_Edge]:
    edges = []
    for along in "xyz":
        others = [a for a in "xyz" if a != along]
        for first in _SIDES[others[0]]:
            for second in _SIDES[others[1]]:
                edges.append(_Edge(along, frozenset({first, second})))
    return edges


def _round_edges(axis: str) -> list[_Edge]:
    return [_Edge(f"circle-{axis}", frozenset({side})) for side in _SIDES[axis]]


def _prism_edges(sides: int) -> list[_Edge]:
    """A prism standing on Z: its vertical edges and the edges of its two ends (polygons)."""
    ends = [_Edge("polygon", frozenset({side})) for side in _SIDES["z"] for _ in range(sides)]
    return [_Edge("z", frozenset()) for _ in range(sides)] + ends


def _edges_of(frame: Frame) -> list[_Edge] | None:
    if frame.kind == "box":
        return _box_edges()
    if frame.kind == "cylinder" and frame.axis is not None:
        return _round_edges(frame.axis)
    if frame.kind == "prism" and frame.axis == "z" and frame.sides is not None:
        return _prism_edges(frame.sides)
    return None


def _picks(edge: _Edge, selector: str) -> bool:
    straight = edge.kind in ("x", "y", "z")
    flat_z = edge.kind in ("x", "y", "circle-z", "polygon")
    matches = {
        "all": True,
        "straight": straight or edge.kind == "polygon",
        "circular": edge.kind.startswith("circle"),
        "vertical": edge.kind == "z",
        "parallel_z": edge.kind == "z",
        "parallel_x": edge.kind == "x",
        "parallel_y": edge.kind == "y",
        "horizontal": flat_z,
    }
    if selector in matches:
        return matches[selector]
    return selector in edge.sides


def edge_count(frame: Frame, selectors: Sequence[str]) -> int | None:
    """The number of edges of the plain shape of ``frame`` any of ``selectors`` picks (None: unknown)."""
    edges = None if frame.hollow else _edges_of(frame)
    if edges is None:
        return None
    if frame.kind == "prism" and any(s in ("front", "back", "left", "right") for s in selectors):
        return None  # which prism edges lie in a side of the box depends on how it is turned
    return sum(1 for edge in edges if any(_picks(edge, s) for s in selectors))
