"""Which nodes of a graph a phrase names: "the holes", "the centre hole", "the 5 mm holes", "holes_2".

A follow-up change names features by their kind and by their own words: where they are
("the centre hole", "the corner holes"), their size ("the Ø20 hole", "the 5 mm holes") or the
node id ``show`` prints ("holes_2"). Those words narrow the choice; when they match nothing,
the change is refused rather than applied to something else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ai_designer.cad.operations import analyse
from ai_designer.cad.positions import hole_positions
from ai_designer.planner.build import origin_of
from ai_designer.planner.chunks import Chunk, Dim, NounPhrase, Position, Qty, Shell, Treatment
from ai_designer.schemas.task_graph import (
    ChamferOp,
    CircleProfile,
    FilletOp,
    HoleOp,
    PocketOp,
    ShellOp,
    TaskGraph,
    TaskNode,
    ThreadOp,
)

_CUT_PREFIXES = {"pocket": ("pocket", "cavity"), "cutout": ("cutout",), "slot": ("slot",)}
_TOL = 1e-6


@dataclass
class Named:
    """A feature a change names: its kind, its adjectives, its size (identifies, not sets) and ids."""

    kind: str
    flags: set[str] = field(default_factory=set)
    text: str = ""
    size: float | None = None
    ids: set[str] = field(default_factory=set)
    #: True for "the hole" (one feature), False for "the holes", "all holes", "the 4 holes"
    one: bool = False
    #: the phrases that said which ones ("centre" in "remove the centre hole"): not where to put them
    by: list[Chunk] = field(default_factory=list)


#: A place word right before a feature's noun that says which feature ("the centre hole").
_WHICH = {"center": "center", "corners": "corner"}


def named_kinds(chunks: list[Chunk], ids: dict[int, set[str]] | None = None) -> list[Named]:
    """Every feature named in ``chunks``; ``ids`` maps a noun phrase to node ids written for it."""
    named: list[Named] = []
    for before, chunk in zip([None, *chunks], chunks, strict=False):
        if isinstance(chunk, NounPhrase) and chunk.category == "feature":
            flags = set(chunk.adjectives)
            by: list[Chunk] = []
            if isinstance(before, Position) and before.kind in _WHICH and before.end == chunk.start:
                flags.add(_WHICH[before.kind])  # "remove the centre hole": "centre" read as a place
                by.append(before)
            named.append(
                Named(
                    chunk.kind,
                    flags,
                    chunk.text,
                    identifying_size(chunk),
                    (ids or {}).get(id(chunk), set()),
                    one=not chunk.plural and chunk.count is None,
                    by=by,
                )
            )
        elif isinstance(chunk, Treatment):
            named.append(Named(chunk.kind, text=chunk.text))
        elif isinstance(chunk, Shell):
            named.append(Named("shell", text=chunk.text))
    return named


def identifying_size(np: NounPhrase) -> float | None:
    """ "the 5 mm holes" (a definite phrase with one size before its noun): which ones, not a new size."""
    if np.identity is not None:
        return np.identity
    sizes = [m for m in np.mods if isinstance(m, (Qty, Dim))]
    if not np.definite or len(sizes) != 1:
        return None
    size = sizes[0]
    qty = size if isinstance(size, Qty) else size.qty
    return qty.mm if qty is not None else None


def node_ids_in(change: str, graph: TaskGraph) -> list[str]:
    """Node ids written in a change ("make holes_2 6 mm"), longest first.

    Only ids that cannot be ordinary words count ("holes_2", "cylinder_2"): "the hole" is
    read as words, even when a node happens to be called ``hole``.
    """
    return [
        n.id
        for n in sorted(graph.nodes, key=lambda n: -len(n.id))
        if re.search(r"[_0-9]", n.id) and re.search(rf"\b{re.escape(n.id)}\b", change)
    ]


def select(nodes: list[TaskNode], kind: str, flags: set[str] | Named) -> list[TaskNode]:
    """The nodes a feature word names; "holes" falls back to the bore when there is nothing else."""
    named = flags if isinstance(flags, Named) else Named(kind, set(flags))
    found = by_kind(nodes, kind, named.flags)
    if named.ids:
        return [n for n in found if n.id in named.ids]
    if named.size is not None:
        found = [n for n in found if _size(n) is not None and abs((_size(n) or 0.0) - named.size) < _TOL]
    if "center" in named.flags:
        found = [n for n in found if _points(n, nodes) == [(0.0, 0.0)]]
    if "corner" in named.flags:
        found = [n for n in found if _at_corners(_points(n, nodes))]
    return found


def by_kind(nodes: list[TaskNode], kind: str, flags: set[str] | None = None) -> list[TaskNode]:
    """The nodes of a kind of feature ("hole", "fillet", "slot"...), before any narrowing."""
    flags = flags or set()

    def ops(cls: type) -> list[TaskNode]:
        return [n for n in nodes if isinstance(n.operation, cls)]

    if kind == "fillet":
        return ops(FilletOp)
    if kind == "chamfer":
        return ops(ChamferOp)
    if kind == "thread":
        return ops(ThreadOp)
    if kind == "shell":
        return ops(ShellOp) + [n for n in ops(PocketOp) if origin_of(n) == "cavity"]
    holes = ops(HoleOp)
    if kind in ("counterbore", "countersink"):
        return [n for n in holes if getattr(n.operation, kind) is not None]
    bores = [n for n in holes if origin_of(n) == "bore"]
    if kind == "bore":
        return bores
    if kind == "hole":
        others = [n for n in holes if origin_of(n) != "bore"]
        if "bolt" in flags:
            others = [n for n in others if origin_of(n) == "bolt_holes"] or others
        if "center" in flags:
            return others + bores  # "the centre hole" may be the bore
        return others or bores
    prefixes = _CUT_PREFIXES.get(kind, (kind,))
    cuts = [n for n in ops(PocketOp) if origin_of(n) in prefixes]
    return cuts or [n for n in ops(PocketOp) if origin_of(n) not in ("bore", "cavity")]


def _points(node: TaskNode, nodes: list[TaskNode]) -> list[tuple[float, float]]:
    """Where a feature's holes or cut are, as offsets from its face's centre (``nodes``: the graph)."""
    op = node.operation
    if isinstance(op, HoleOp):
        points = hole_positions(op, _face_size(op, nodes))
    elif isinstance(op, PocketOp):
        points = [op.at]
    else:
        return []
    return [(round(u, 6) + 0.0, round(v, 6) + 0.0) for u, v in points]


def _face_size(op: HoleOp, nodes: list[TaskNode]) -> tuple[float, float] | None:
    """The size of the face a hole goes in (for positions measured from its edges), when known."""
    if not op.from_edges:
        return None
    target = analyse(TaskGraph(nodes=nodes)).get(op.target)
    return None if target is None or target.bbox is None else target.bbox.face_size(op.face)


def _at_corners(points: list[tuple[float, float]]) -> bool:
    us = {abs(u) for u, _ in points}
    vs = {abs(v) for _, v in points}
    return len(points) == 4 and len(us) == 1 and len(vs) == 1 and 0.0 not in us | vs


def _size(node: TaskNode) -> float | None:
    op = node.operation
    if isinstance(op, HoleOp):
        return op.diameter
    if isinstance(op, PocketOp) and isinstance(op.profile, CircleProfile):
        return 2 * op.profile.radius
    if isinstance(op, FilletOp):
        return op.radius
    if isinstance(op, ChamferOp):
        return op.size
    if isinstance(op, ShellOp):
        return op.thickness
    return None
