"""What a TaskGraph's finished part should measure, worked out before anything runs.

Planners call :func:`derive_expectations` to fill ``graph.expected``; the
validator then compares the built part against it. Only what can be known is
filled in: the overall size when every box on the way is tight, the number of
solids when contact or separation is certain, the number of round holes, and
volume bounds (exact for primitives with holes and pockets, a range after
fillets, chamfers or overlapping unions). Anything unknown is left None.
"""

from __future__ import annotations

from ai_designer.cad.graph_checks import validate_graph
from ai_designer.cad.operations import analyse, output_facts
from ai_designer.schemas.task_graph import BooleanOp, CustomOp, Expectations, ShellOp, TaskGraph

#: Relative slack on volumes, for FreeCAD's numerical integration and spline approximations.
VOLUME_TOLERANCE = 0.002


def _rounded(value: float) -> float:
    return round(value, 6) + 0.0


def derive_expectations(graph: TaskGraph) -> Expectations:
    """The expectations of a graph (raises InvalidTaskGraphError when the graph is invalid)."""
    validate_graph(graph)
    part = output_facts(graph, analyse(graph))
    bbox = None
    if part.bbox is not None and part.exact_bbox:
        sx, sy, sz = part.bbox.size
        bbox = (_rounded(sx), _rounded(sy), _rounded(sz))
    volume_min = volume_max = None
    if part.volume.lo > 0:
        volume_min = _rounded(part.volume.lo * (1 - VOLUME_TOLERANCE))
    if part.volume.hi is not None:
        volume_max = _rounded(part.volume.hi * (1 + VOLUME_TOLERANCE))
    return Expectations(
        bbox=bbox,
        solids=part.solids if part.solids else None,
        holes=part.holes,
        volume_min=volume_min,
        volume_max=volume_max,
    )


def expected_cavities(graph: TaskGraph) -> int | None:
    """Sealed voids inside the part: none, unless an operation may enclose one on purpose.

    A closed shell (no open face), a boolean cut of any two shapes and free-form code can make a
    void that was asked for; every other operation leaves the part without one, so a void there
    means a cut went into a face another shape covers (a "hole" that never opens). None: not known.
    """
    for node in graph.nodes:
        op = node.operation
        if isinstance(op, CustomOp) or (isinstance(op, BooleanOp) and op.operation == "cut"):
            return None
        if isinstance(op, ShellOp) and not op.open_faces:
            return None
    return 0
