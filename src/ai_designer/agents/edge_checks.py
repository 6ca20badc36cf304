"""Fillets and chamfers the plan promises, and whether the measured B-rep has them (no LLM).

A fillet of radius r rounds an edge with a cylinder (a straight edge) or a torus (a round edge)
whose radius is r, whatever the angle between the faces; the measure process groups those faces
by radius (:class:`RoundGroup`). So every fillet node is checked for a group of its radius, with
the number of faces and their side (convex) when the analysis knows every edge it picks
(:func:`picked_edges`: a block's edges or a cylinder's end circles, clear of earlier features),
and without them otherwise. A target built by an operation whose edges may be splines (loft,
sweep, gear, spring, free-form code) is not checked: a fillet there may have no round faces.

A chamfer's measured width depends on the angle between the faces, so a chamfer node is checked
only where that angle is known to be a right angle: on the edges :func:`picked_edges` knows,
where a chamfer of d is a face d * sqrt(2) wide (a bevel or a 45 degree cone).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ai_designer.cad.dag import ancestors
from ai_designer.cad.edge_picks import picked_edges
from ai_designer.cad.facts import Facts
from ai_designer.schemas.execution import ShapeMetrics
from ai_designer.schemas.task_graph import ChamferOp, FilletOp, TaskGraph

#: Sizes must agree to this many mm or 0.5 %, whichever is larger.
SIZE_TOL = 0.05
#: Operations whose edges may be free-form curves, so that a fillet on them makes no round faces.
_FREE_FORM = frozenset({"loft", "sweep", "pipe", "custom", "spur_gear", "spring"})


class ExpectedEdges(BaseModel):
    """A fillet or chamfer the plan promises: its size, and the faces it makes when known."""

    model_config = ConfigDict(extra="forbid")

    node_id: str
    kind: Literal["fillet", "chamfer"]
    size: float
    edges: int | None = None
    concave: bool | None = None

    @property
    def width(self) -> float:
        """What the measure process reports: the radius of a fillet, the bevel width of a chamfer."""
        return self.size if self.kind == "fillet" else self.size * math.sqrt(2)

    def describe(self) -> str:
        """'fillet R3 on 4 convex edges', 'chamfer 2 mm on 12 edges'."""
        what = f"fillet R{self.size:g}" if self.kind == "fillet" else f"chamfer {self.size:g} mm"
        side = "" if self.concave is None else (" concave" if self.concave else " convex")
        if self.edges is None:
            return what + (f" ({side.strip()})" if side else "")
        return f"{what} on {self.edges}{side} edge(s)"

    def faces_found(self, shape: ShapeMetrics) -> int:
        """Faces of the part of this feature's size (and side)."""
        if self.kind == "fillet":
            return sum(
                g.faces
                for g in shape.features.rounds
                if _close(g.radius, self.width) and (self.concave is None or g.concave == self.concave)
            )
        return sum(g.faces for g in shape.features.chamfers if _close(g.width, self.width))

    def found(self, shape: ShapeMetrics) -> bool:
        """True when the part shows the feature: faces of its size, as many as its edges."""
        return self.faces_found(shape) >= (self.edges or 1)

    def measured(self, shape: ShapeMetrics) -> str:
        """What the part shows instead, for the issue text."""
        if self.kind == "fillet":
            rounds = [
                f"{g.faces} {'concave' if g.concave else 'convex'} face(s) R{g.radius:g}"
                for g in shape.features.rounds
            ]
            return "rounds measured: " + (", ".join(rounds[:6]) if rounds else "none")
        chamfers = [
            f"{g.faces} face(s) {g.width:g} mm wide (a chamfer of {g.width / math.sqrt(2):.2f})"
            for g in shape.features.chamfers
        ]
        return "chamfers measured: " + (", ".join(chamfers[:6]) if chamfers else "none")


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(SIZE_TOL, 0.005 * abs(b))


def expected_edges(
    graph: TaskGraph, facts: dict[str, Facts], stable: Callable[[str], bool]
) -> list[ExpectedEdges]:
    """The fillets and chamfers of ``graph`` the finished part must show (nodes ``stable`` says
    nothing later can change)."""
    links = [(ref, n.id) for n in graph.nodes for ref in n.consumes()]
    kinds = {n.id: n.operation.op for n in graph.nodes}
    found: list[ExpectedEdges] = []
    for node in graph.nodes:
        op = node.operation
        if not isinstance(op, FilletOp | ChamferOp) or not stable(node.id):
            continue
        target = facts.get(op.target)
        if target is None:
            continue
        history = ancestors(op.target, links) | {op.target}
        if any(kinds.get(n) in _FREE_FORM for n in history):
            continue
        size = op.radius if isinstance(op, FilletOp) else op.size
        known = picked_edges(target, op.edges, size)
        if isinstance(op, FilletOp):
            edges, concave = (known.count, False) if known is not None else (None, None)
            found.append(
                ExpectedEdges(node_id=node.id, kind="fillet", size=size, edges=edges, concave=concave)
            )
        elif known is not None:
            found.append(ExpectedEdges(node_id=node.id, kind="chamfer", size=size, edges=known.count))
    return found
