"""A flat on a round shaft: "a flat 1 mm deep along its full length", "a 12 mm D-shaft".

A flat is a plane cut along a round shape, parallel to its axis, ``depth`` deep at its deepest:
it runs the whole length of the shape (said: "along its full length", "for its full length")
on a side face (said: "along the top", or the front of an upright shaft by default). A flat
whose length or depth is not said is refused, never guessed.
"""

from __future__ import annotations

from ai_designer.cad.operations import analyse
from ai_designer.planner.audit import use
from ai_designer.planner.build import Frame, GraphBuilder, fmt, refuse
from ai_designer.planner.chunks import Position
from ai_designer.planner.model import BodySpec, FeatureSpec
from ai_designer.planner.positions import FACE_AXES
from ai_designer.schemas.task_graph import BooleanOp, BoxOp, Face, Placement, TaskGraph

#: The side faces of a round shape, by its axis; the first is the one a flat goes on unless said.
_SIDES: dict[str, tuple[Face, ...]] = {
    "z": ("front", "back", "left", "right"),
    "x": ("top", "bottom", "front", "back"),
    "y": ("top", "bottom", "left", "right"),
}
#: Which way each face of the box looks along its normal.
_OUTWARD: dict[str, int] = {"top": 1, "bottom": -1, "right": 1, "left": -1, "back": 1, "front": -1}
#: How far the cutting rectangle reaches past the shape's outline (no faces that just touch).
_MARGIN = 1.0


def build_flat(feature: FeatureSpec, body: BodySpec, frame: Frame, g: GraphBuilder) -> str:
    """The pocket that makes the flat, on ``frame.tip``; refuses what is not said or does not fit."""
    if frame.kind != "cylinder" or frame.axis is None or frame.hollow or frame.inner is not None:
        raise refuse("a flat can be cut along a solid round shaft only", words=[feature.text])
    depth = feature.values.get("depth")
    if depth is None:
        raise refuse("the depth of the flat was not given", words=[feature.text])
    diameter = min(s for i, s in enumerate(frame.size) if i != "xyz".index(frame.axis))
    if not 0 < depth < diameter / 2:
        raise refuse("the flat must be less deep than the shaft's radius", words=[feature.text])
    along = [p for p in feature.positions if isinstance(p, Position) and p.kind == "along_length"]
    if not along:
        raise refuse("say how long the flat is (e.g. 'along its full length')", words=[feature.text])
    faces = [p for p in feature.positions if isinstance(p, Position) and p.kind == "face" and p.faces]
    if len(faces) > 1 or any(f not in _SIDES[frame.axis] for p in faces for f in p.faces):
        raise refuse("a flat goes on one side of the shaft, along it", words=[p.text for p in faces])
    if faces:
        face: Face = faces[0].faces[0]  # type: ignore[assignment]
    else:
        face = _SIDES[frame.axis][0]
        g.note(f"side of the flat not given: the {face}")
    facts = analyse(TaskGraph(nodes=g.nodes)).get(frame.tip)
    if facts is None or facts.bbox is None or not facts.exact_bbox:
        raise refuse("the flat cannot be placed on this shape", words=[feature.text])
    use(*along, *faces)
    lo = [c - _MARGIN for c in facts.bbox.lo]
    hi = [c + _MARGIN for c in facts.bbox.hi]
    index, normal = "xyz".index(FACE_AXES[face][2]), _OUTWARD[face]
    if normal > 0:
        lo[index] = facts.bbox.hi[index] - depth
    else:
        hi[index] = facts.bbox.lo[index] + depth
    tool = BoxOp(
        length=hi[0] - lo[0],
        width=hi[1] - lo[1],
        height=hi[2] - lo[2],
        placement=Placement(offset=(lo[0], lo[1], lo[2])),
    )
    frame.flats.append(face)
    cutter = g.add("flat_tool", tool, f"Material above the flat, {fmt(depth)} deep")
    return g.add("flat", BooleanOp(operation="cut", operands=[frame.tip, cutter]), f"Flat {fmt(depth)} deep")


def check_d_shaft(body: BodySpec) -> None:
    """ "a D-shaft" has a flat: refused when its flat is not described (its depth is not known)."""
    if "d" in body.adjectives and not any(f.kind == "flat" for f in body.features):
        raise refuse(
            "the flat of the D-shaped shaft was not described (e.g. 'a flat 1 mm deep')", words=[body.text]
        )


def into_flat(feature: FeatureSpec, face: str, frame: Frame) -> None:
    """ "a hole through the flat": it must go into the side the flat was cut into."""
    said = [p for p in feature.positions if isinstance(p, Position) and p.kind == "on_flat"]
    if not said:
        return
    if face not in frame.flats:
        raise refuse("the hole does not go into the side the flat is on", words=[p.text for p in said])
    use(*said)
