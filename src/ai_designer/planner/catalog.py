"""The shape catalogue: which kind a noun with its adjectives names, and building any kind."""

from __future__ import annotations

from ai_designer.planner.build import Frame, GraphBuilder, refuse
from ai_designer.planner.kinds import SHAPE_KINDS
from ai_designer.planner.model import BodySpec
from ai_designer.planner.shapes import cup

_POLYGON_ADJECTIVES = frozenset({"triangular", "pentagonal", "hex", "octagonal"})


def resolve_kind(noun_kind: str, adjectives: set[str]) -> str:
    """The shape a noun names given its adjectives: "hex bar" is a prism, "round plate" a cylinder."""
    polygon = bool(adjectives & _POLYGON_ADJECTIVES)
    rectangular = bool(adjectives & {"square", "rectangular"})
    if noun_kind in ("box", "base", "cylinder", "tube") and polygon:
        return "prism"  # "a hex bar", "a hexagonal standoff"
    if noun_kind == "box" and "round" in adjectives:
        return "cylinder"
    if noun_kind == "box" and "open" in adjectives:
        return "container"
    if noun_kind == "cylinder" and "hollow" in adjectives:
        return "tube"
    if noun_kind == "tube" and "solid" in adjectives:
        return "cylinder"  # "a solid spacer"
    if noun_kind == "tube" and rectangular:
        return "rect_tube"
    if noun_kind == "prism" and rectangular and not polygon:
        return "box"
    if noun_kind == "sphere" and "half" in adjectives:
        return "hemisphere"
    return noun_kind


def build_shape(spec: BodySpec, g: GraphBuilder) -> Frame:
    """The nodes of one shape (without its features)."""
    if spec.kind == "container" and "diameter" in spec.values:
        return cup(spec, g)
    if spec.kind == "cylinder" and ("inner_diameter" in spec.values or "wall" in spec.values):
        spec.kind = "tube"
        spec.values["outer_diameter"] = spec.values.pop("diameter", 0.0)
    kind = SHAPE_KINDS.get(spec.kind)
    if kind is None:
        raise refuse("this shape is not known", words=[spec.text])
    frame = kind.build(spec, g)
    g.nodes = [n.model_copy(update={"origin": spec.kind}) if n.id == frame.body_id else n for n in g.nodes]
    return frame
