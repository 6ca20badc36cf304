"""Where a radial hole in a round shape goes: "through one side of the wall", "at mid-width".

A radial (cross) hole goes in through the side of a round shape, towards its axis. Said to go
"through one side of the wall" of a tube, it stops in the bore instead of coming out the far
side; said to be "at mid-width" (or mid-length, mid-height) it is halfway along the axis, when
that size of the shape is its length along the axis. Anything else is left unused, so the
request is refused rather than built with the words ignored.
"""

from __future__ import annotations

from ai_designer.planner.audit import use
from ai_designer.planner.build import Frame, GraphBuilder, origin_of, refuse
from ai_designer.planner.chunks import Position
from ai_designer.planner.kinds import shape_roles
from ai_designer.planner.model import BodySpec, FeatureSpec
from ai_designer.schemas.task_graph import HoleOp

_AXIS_INDEX = {"x": 0, "y": 1, "z": 2}
_ENDS = {"z": ("top", "bottom"), "x": ("left", "right"), "y": ("front", "back")}
#: what may be said of a hole besides "at mid-width": which side it goes in, and how far
_ALONG_MID = ("mid", "walls", "through", "vertical", "face", "on_flat")


def _said(feature: FeatureSpec, kind: str) -> list[Position]:
    return [p for p in feature.positions if isinstance(p, Position) and p.kind == kind]


def one_wall_depth(feature: FeatureSpec, frame: Frame, diameter: float, g: GraphBuilder) -> float | None:
    """The depth of a radial hole "through one side of the wall" of a tube: to its axis, inside the bore."""
    said = _said(feature, "walls")
    if not said:
        return None
    words = [p.text for p in said]
    if len(said) > 1 or said[0].count != 1:
        raise refuse("a radial hole goes through one wall, or through the whole part", words=words)
    bore = _bore(frame, g)
    if "cross" not in feature.flags or frame.axis is None or bore is None:
        raise refuse("only a radial hole in a tube goes through one side of its wall", words=words)
    if "depth" in feature.values:
        raise refuse("the hole is given a depth and said to go through one wall", words=words)
    if diameter >= bore:
        raise refuse("the hole must be narrower than the bore it opens into", words=[feature.text])
    sizes = [s for i, s in enumerate(frame.size) if i != _AXIS_INDEX[frame.axis]]
    use(*said)
    return min(sizes) / 2


def _bore(frame: Frame, g: GraphBuilder) -> float | None:
    """The diameter of the bore along the axis of a round shape (through, centred), if it has one."""
    ends = _ENDS[frame.axis or "z"]
    bores = [
        n.operation.diameter
        for n in g.nodes
        if isinstance(n.operation, HoleOp)
        and origin_of(n) == "bore"
        and n.operation.face in ends
        and n.operation.depth is None
        and n.operation.at == [(0.0, 0.0)]
        and n.operation.pattern is None
        and not n.operation.from_edges
    ]
    return max(bores) if bores else None


def centre_along_axis(feature: FeatureSpec, body: BodySpec, frame: Frame, face: str) -> None:
    """ "at mid-width" on a hole into the side of a round shape: centred, when that size is the
    shape's length along its axis (the hole goes towards the axis, centred across it)."""
    said = _said(feature, "mid")
    if len(said) != 1 or frame.axis is None or face in _ENDS[frame.axis]:
        return
    others = [p for p in feature.positions if isinstance(p, Position) and p.kind not in _ALONG_MID]
    if others or feature.count not in (None, 1):
        return
    if shape_roles(body.kind).get(said[0].ref or "") != "height":
        return
    use(said[0])
    feature.positions.append(Position(kind="center", text=said[0].text, used=True))
