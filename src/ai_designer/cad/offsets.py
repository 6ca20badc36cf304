"""What offset pockets and bosses (bands, rims, inset pockets and plateaus) do to a solid, by hand.

The script offsets the real outline of the face; here the outline is known when the
analysis knows the face exactly: an untouched block's side (a rectangle) or the end of a
prism whose whole section is known (a rectangle or a disc). Inward offsets of a rectangle
with sharp corners stay rectangles and of a disc stay discs, so the band's area
``outer - inner`` is exact; otherwise only bounds are given.
"""

from __future__ import annotations

from dataclasses import replace

from ai_designer.cad.facts import Facts, Interval, region_box
from ai_designer.cad.geometry import EPS, FACE_FRAMES, Box3
from ai_designer.cad.regions import Disc2, Rect2, Region
from ai_designer.schemas.task_graph import Face, OffsetBossOp, OffsetPocketOp


def face_outline(target: Facts, face: Face) -> Region | None:
    """The exact outline of a target's face in world (u, v) coordinates, when known."""
    if target.bbox is None or not target.exact_bbox or target.cuts:
        return None
    frame = FACE_FRAMES[face]
    box = target.bbox
    if target.is_cuboid:
        return Rect2(box.lo[frame.u], box.lo[frame.v], box.hi[frame.u], box.hi[frame.v])
    entry = box.hi[frame.normal] if frame.sign > 0 else box.lo[frame.normal]
    for s in target.sections:
        end = s.hi if frame.sign > 0 else s.lo
        if s.exact and s.axis == frame.normal and abs(end - entry) <= EPS:
            return s.region
    return None


def band(outline: Region, inset: float, width: float | None) -> tuple[Region | None, Region | None]:
    """(outer, inner) edges of the offset region: ``inner`` None for a full inset pocket or plateau."""
    outer = outline.shrunk(inset) if inset > 0 else outline
    if outer is None or width is None:
        return outer, None
    return outer, outer.shrunk(width)


def band_area(outline: Region, inset: float, width: float | None) -> float | None:
    """Area of the offset region (None when the offset leaves nothing)."""
    outer, inner = band(outline, inset, width)
    if outer is None or (width is not None and inner is None and outer.area <= 0):
        return None
    return outer.area - (inner.area if inner is not None else 0.0)


def _layer(target: Box3, face: Face, lo: float, hi: float) -> Box3:
    """The slab of the target's box between ``lo`` and ``hi`` mm outside its face (negative: inside)."""
    frame = FACE_FRAMES[face]
    entry = target.hi[frame.normal] if frame.sign > 0 else target.lo[frame.normal]
    a, b = entry + frame.sign * lo, entry + frame.sign * hi
    low, high = list(target.lo), list(target.hi)
    low[frame.normal], high[frame.normal] = min(a, b), max(a, b)
    return Box3((low[0], low[1], low[2]), (high[0], high[1], high[2]))


def offset_pocket_facts(op: OffsetPocketOp, target: Facts) -> Facts:
    """Facts after cutting a band or inset pocket."""
    if target.bbox is None:
        return replace(target, volume=Interval(0.0, target.volume.hi), holes=None, core=None)
    outline = face_outline(target, op.face)
    area = None if outline is None else band_area(outline, op.inset, op.width)
    tool = _layer(target.bbox, op.face, -op.depth, 0.0)
    if area is not None:
        volume = target.volume.shifted(-area * op.depth, -area * op.depth)
    else:
        volume = target.volume.shifted(-tool.volume, 0.0)
    core = target.core if target.core is None or target.core.intersection(tool) is None else None
    round_band = isinstance(outline, Disc2) or outline is None
    return replace(
        target,
        volume=volume,
        holes=None if round_band else target.holes,
        core=core,
        flats=tuple(
            f for f in target.flats if region_box(f.axis, f.coord, f.region).intersection(tool) is None
        ),
        sections=(),
        cuts=(*target.cuts, tool),
    )


def offset_boss_facts(op: OffsetBossOp, target: Facts) -> Facts:
    """Facts after adding a rim or plateau."""
    if target.bbox is None:
        return replace(target, volume=Interval(target.volume.lo, None), solids=None, core=None)
    outline = face_outline(target, op.face)
    area = None if outline is None else band_area(outline, op.inset, op.width)
    layer = _layer(target.bbox, op.face, 0.0, op.height)
    if area is not None:
        volume = target.volume.shifted(area * op.height, area * op.height)
        outer, _ = band(outline, op.inset, op.width) if outline is not None else (None, None)
        frame = FACE_FRAMES[op.face]
        grown = target.bbox
        if outer is not None:
            entry = layer.lo[frame.normal] if frame.sign > 0 else layer.hi[frame.normal]
            top = entry + frame.sign * op.height
            grown = grown.union(region_box(frame.normal, top, outer))
        return replace(target, bbox=grown, volume=volume, flats=(), sections=(), cuts=())
    hi = None if target.volume.hi is None else target.volume.hi + layer.volume
    return replace(
        target,
        bbox=target.bbox.union(layer),
        exact_bbox=False,
        volume=Interval(target.volume.lo, hi),
        core=target.core,
        flats=(),
        sections=(),
        cuts=(),
    )
