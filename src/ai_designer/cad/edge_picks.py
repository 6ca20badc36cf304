"""Which edges a fillet or chamfer picks, when the analysis knows the solid well enough to say.

Geometric selectors (``vertical``, ``top``, ...) act on the whole part at run time, so on a
plate with holes ``top`` also picks the holes' rims. :func:`picked_edges` answers only when
every picked edge is known: the solid is a block or a cylinder (bounding box exact, one exact
cross-section along its length) whose earlier holes and pockets stay clear of the picked edges
by more than the fillet or chamfer, and whose own edges the selectors cannot pick; or a block
with its edges along one axis rounded, whose end outlines are picked. The answer lists the
block's straight edges, the cylinder's end circles or the rounded outlines (all convex
right-angle edges),
from which :meth:`PickedEdges.removal` gives the exact volume removed and the feature checks
the faces the part must show.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ai_designer.cad.facts import Facts, RoundedBlock, Section, other_axes
from ai_designer.cad.geometry import EPS, Box3, Vec
from ai_designer.cad.regions import Disc2, Rect2
from ai_designer.schemas.task_graph import EdgePick, EdgeSelector, FeatureEdges

#: Cross-section area removed along a convex right-angle edge, in units of size².
EDGE_REMOVAL = {"fillet": 1 - math.pi / 4, "chamfer": 0.5}
#: How far that removed area's centroid lies from the edge (along each face), in units of size.
EDGE_CENTROID = {"fillet": (5 / 6 - math.pi / 4) / (1 - math.pi / 4), "chamfer": 1 / 3}
#: Change of the removed volume, in units of size³, at a box corner where 2 or 3 treated edges meet
#: (the fillets' or chamfers' overlap, and the rolling-ball or bevelled corner FreeCAD builds).
CORNER_CORRECTION = {
    ("fillet", 2): math.pi / 2 - 5 / 3,
    ("fillet", 3): 7 * math.pi / 12 - 2,
    ("chamfer", 2): -1 / 3,
    ("chamfer", 3): -2 / 3,
}

BoxEdge = tuple[int, dict[int, int]]
"""A box edge: (direction axis, {other axis: side -1/+1})."""

SIDE_OF_SELECTOR: dict[str, tuple[int, int]] = {
    "top": (2, 1),
    "bottom": (2, -1),
    "front": (1, -1),
    "back": (1, 1),
    "left": (0, -1),
    "right": (0, 1),
}
_ANY_EDGE = frozenset({"all", "straight", "circular", "horizontal"})
_PARALLEL = {"vertical": 2, "parallel_z": 2, "parallel_x": 0, "parallel_y": 1}


def _box_edges() -> list[BoxEdge]:
    edges: list[BoxEdge] = []
    for axis in range(3):
        u, v = other_axes(axis)
        for su in (-1, 1):
            for sv in (-1, 1):
                edges.append((axis, {u: su, v: sv}))
    return edges


def _edge_selected(axis: int, sides: dict[int, int], selectors: list[EdgeSelector]) -> bool:
    for sel in selectors:
        if sel in ("all", "straight"):
            return True
        if sel in _PARALLEL and _PARALLEL[sel] == axis:
            return True
        if sel == "horizontal" and axis != 2:
            return True
        if sel in SIDE_OF_SELECTOR:
            side_axis, side = SIDE_OF_SELECTOR[sel]
            if sides.get(side_axis) == side:
                return True
    return False


def selected_box_edges(selectors: list[EdgeSelector]) -> list[BoxEdge]:
    """The edges of a box the selectors pick."""
    return [(a, s) for a, s in _box_edges() if _edge_selected(a, s, selectors)]


def box_edge_removal(size: Vec, edges: list[BoxEdge], amount: float, kind: str) -> float:
    """Volume a fillet or chamfer of ``amount`` removes from the given edges of a box of ``size``."""
    removed = sum(EDGE_REMOVAL[kind] * amount * amount * size[a] for a, _ in edges)
    for corner in [(sx, sy, sz) for sx in (-1, 1) for sy in (-1, 1) for sz in (-1, 1)]:
        meeting = sum(1 for _, sides in edges if all(corner[axis] == side for axis, side in sides.items()))
        removed += CORNER_CORRECTION.get((kind, meeting), 0.0) * amount**3
    return removed


def circle_edge_removal(radius: float, amount: float, kind: str) -> float:
    """Volume a fillet or chamfer of ``amount`` removes along the convex rim of a disc of ``radius``
    (Pappus: the removed cross-section turned about the axis at its centroid's radius)."""
    return EDGE_REMOVAL[kind] * amount * amount * 2 * math.pi * (radius - EDGE_CENTROID[kind] * amount)


def geometric_selectors(picks: list[EdgePick]) -> list[EdgeSelector]:
    """The picks that are geometric selectors (not scoped to a feature)."""
    return [p for p in picks if not isinstance(p, FeatureEdges)]


@dataclass(frozen=True)
class PickedEdges:
    """Every edge a selection picks, all convex right-angle edges: straight edges of the block
    ``box``, end circles (their radii) of a cylinder, or end outlines of a rounded block (their
    length and number of edges). ``along``: the axis of the solid's sections the treatment keeps."""

    box: Box3 | None
    straight: tuple[BoxEdge, ...] = ()
    circles: tuple[float, ...] = ()
    rims: tuple[tuple[float, int], ...] = ()
    along: int | None = None

    @property
    def count(self) -> int:
        """Number of edges picked."""
        return len(self.straight) + len(self.circles) + sum(edges for _, edges in self.rims)

    def removal(self, amount: float, kind: str) -> float:
        """Volume a fillet or chamfer of ``amount`` removes from these edges."""
        removed = sum(circle_edge_removal(r, amount, kind) for r in self.circles)
        # a smooth convex outline: the removed cross-section runs along the outline pulled in to
        # its centroid, which is 2 pi c amount shorter
        removed += sum(
            EDGE_REMOVAL[kind] * amount * amount * (length - 2 * math.pi * EDGE_CENTROID[kind] * amount)
            for length, _ in self.rims
        )
        if self.box is not None and self.straight:
            removed += box_edge_removal(self.box.size, list(self.straight), amount, kind)
        return removed


def prism_section(target: Facts) -> Section | None:
    """The exact cross-section of a solid that is a block or a cylinder (less its ``cuts``)."""
    box = target.bbox
    if box is None or not target.exact_bbox or not target.volume.is_exact:
        return None
    for s in target.sections:
        if not s.exact or abs(s.lo - box.lo[s.axis]) > EPS or abs(s.hi - box.hi[s.axis]) > EPS:
            continue
        u, v = other_axes(s.axis)
        region = s.region
        outline = (
            (region.u0, region.v0, region.u1, region.v1)
            if isinstance(region, Rect2)
            else (region.cu - region.r, region.cv - region.r, region.cu + region.r, region.cv + region.r)
        )
        sides = (box.lo[u], box.lo[v], box.hi[u], box.hi[v])
        if all(abs(a - b) <= EPS for a, b in zip(outline, sides, strict=True)):
            return s
    return None


def picked_edges(target: Facts, picks: list[EdgePick], amount: float) -> PickedEdges | None:
    """The edges ``picks`` select on ``target`` when all of them are known (else None)."""
    selectors = geometric_selectors(picks)
    if len(selectors) < len(picks):
        return None
    block = target.rounded_block
    if block is not None:
        return _rounded_ends(block, selectors, amount)
    section = prism_section(target)
    if section is None or target.bbox is None:
        return None
    box = target.bbox
    if not all(_cut_edges_unpicked(box, cut, cut in target.round_cuts, selectors) for cut in target.cuts):
        return None
    if isinstance(section.region, Rect2):
        edges = selected_box_edges(selectors)
        if not edges or not all(_clear_of_edge(box, cut, e, amount) for cut in target.cuts for e in edges):
            return None
        axes = {a for a, _ in edges}
        return PickedEdges(box, straight=tuple(edges), along=axes.pop() if len(axes) == 1 else None)
    ends = _selected_ends(section.axis, selectors)
    disc = section.region
    reach = disc.r - amount - EPS
    for cut in target.cuts:
        for side in ends:
            end = box.hi[section.axis] if side > 0 else box.lo[section.axis]
            near = (
                cut.hi[section.axis] > end - amount - EPS
                if side > 0
                else cut.lo[section.axis] < end + amount + EPS
            )
            if near and not _inside_disc(cut, section.axis, Disc2(disc.cu, disc.cv, reach)):
                return None
    return PickedEdges(box, circles=tuple(disc.r for _ in ends), along=section.axis) if ends else None


def _rounded_ends(block: RoundedBlock, selectors: list[EdgeSelector], amount: float) -> PickedEdges | None:
    """The end outlines of a rounded block the selectors pick, when they pick nothing else (the
    lines where its rounded corners meet its sides would be picked by any other selector)."""
    u, v = other_axes(block.axis)
    if amount >= block.radius - EPS or min(block.box.size[u], block.box.size[v]) - 2 * block.radius <= amount:
        return None  # the outline must be a rounded rectangle with straight sides
    ends: set[int] = set()
    for sel in selectors:
        side = SIDE_OF_SELECTOR.get(sel)
        if side is not None and side[0] == block.axis:
            ends.add(side[1])
        elif sel == "horizontal" and block.axis == 2:
            ends.update((-1, 1))
        else:
            return None
    rim = (block.perimeter, 8)
    return PickedEdges(None, rims=tuple(rim for _ in sorted(ends)), along=block.axis)


def _selected_ends(axis: int, selectors: list[EdgeSelector]) -> list[int]:
    """The ends (-1, +1) of a cylinder along ``axis`` whose circles the selectors pick."""
    ends = []
    for side in (-1, 1):
        for sel in selectors:
            if (
                sel in ("all", "circular")
                or (sel == "horizontal" and axis == 2)
                or SIDE_OF_SELECTOR.get(sel) == (axis, side)
            ):
                ends.append(side)
                break
    return ends


def _touches(box: Box3, cut: Box3, axis: int, side: int) -> bool:
    """True when ``cut`` reaches the side of ``box`` normal to ``axis``."""
    return cut.hi[axis] >= box.hi[axis] - EPS if side > 0 else cut.lo[axis] <= box.lo[axis] + EPS


def _cut_edges_unpicked(box: Box3, cut: Box3, round_cut: bool, selectors: list[EdgeSelector]) -> bool:
    """True when none of the edges a cut (a hole, a pocket) made can be picked by ``selectors``."""
    for sel in selectors:
        if sel in _ANY_EDGE:
            return False
        if sel in _PARALLEL and not round_cut:
            return False  # a rectangular pocket or a slot has straight edges along every axis
        if sel in SIDE_OF_SELECTOR and _touches(box, cut, *SIDE_OF_SELECTOR[sel]):
            return False  # its rim lies in that side
    return True


def _clear_of_edge(box: Box3, cut: Box3, edge: BoxEdge, amount: float) -> bool:
    """True when ``cut`` stays more than ``amount`` away from the box edge (in both faces)."""
    _, sides = edge
    for axis, side in sides.items():
        if side > 0 and cut.hi[axis] < box.hi[axis] - amount - EPS:
            return True
        if side < 0 and cut.lo[axis] > box.lo[axis] + amount + EPS:
            return True
    return False


def _inside_disc(cut: Box3, axis: int, disc: Disc2) -> bool:
    """True when the cut's cross-section normal to ``axis`` lies inside ``disc``."""
    u, v = other_axes(axis)
    return all(
        math.hypot(pu - disc.cu, pv - disc.cv) <= disc.r
        for pu in (cut.lo[u], cut.hi[u])
        for pv in (cut.lo[v], cut.hi[v])
    )
