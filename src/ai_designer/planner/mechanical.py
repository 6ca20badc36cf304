"""Mechanical parts built from several nodes or special operations: the L bracket (two boxes
in a union), the flange (a disc for its bore and bolt circle), the spur gear and the spring."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ai_designer.planner.build import Frame, GraphBuilder, fmt, refuse
from ai_designer.planner.shapekind import ShapeKind
from ai_designer.planner.shapes import need, node_name
from ai_designer.schemas.task_graph import (
    BooleanOp,
    BoxOp,
    CylinderOp,
    ExtrudeOp,
    Operation,
    Placement,
    PolylineProfile,
    PolylineSegment,
    SpringOp,
    SpurGearOp,
)

if TYPE_CHECKING:
    from ai_designer.planner.model import BodySpec


def _bracket(spec: BodySpec, g: GraphBuilder) -> Frame:
    v = spec.values
    length = need(spec, "base_length", "leg")
    height = need(spec, "height", "leg")
    width = need(spec, "width")
    thickness = v.get("thickness")
    base_t = v.get("base_thickness", thickness if thickness is not None else v.get("upright_thickness"))
    upright_t = v.get("upright_thickness", thickness if thickness is not None else base_t)
    if base_t is None or upright_t is None:
        raise refuse("the thickness of the bracket was not given", words=[spec.text])
    if base_t >= height or upright_t >= length:
        raise refuse("the bracket is thicker than it is long or tall", words=[spec.text])
    base = g.add(
        "base",
        BoxOp(length=length, width=width, height=base_t),
        f"Base {fmt(length)} x {fmt(width)} x {fmt(base_t)}",
    )
    upright = g.add(
        "upright",
        BoxOp(
            length=upright_t,
            width=width,
            height=height - base_t,
            placement=Placement(offset=(0.0, 0.0, base_t)),
        ),
        f"Upright {fmt(upright_t)} x {fmt(width)} x {fmt(height)}",
    )
    node = g.add(node_name(spec), BooleanOp(operation="union", operands=[base, upright]), "L bracket")
    frame = Frame("box", node, node, (length, width, height))
    frame.parts["base"] = ("top", (length - upright_t, width), (upright_t / 2, 0.0))
    frame.parts["upright"] = ("left", (width, height - base_t), (0.0, base_t / 2))
    return frame


def _flange(spec: BodySpec, g: GraphBuilder) -> Frame:
    diameter = need(spec, "diameter")
    thickness = need(spec, "thickness")
    node = g.add(
        node_name(spec),
        CylinderOp(radius=diameter / 2, height=thickness),
        f"Flange Ø{fmt(diameter)} x {fmt(thickness)}",
    )
    return Frame("cylinder", node, node, (diameter, diameter, thickness), "z")


def _gear(spec: BodySpec, g: GraphBuilder) -> Frame:
    v = spec.values
    teeth, module = v.get("teeth"), v.get("module")
    if module is None and teeth and "pitch_diameter" in v:
        module = v["pitch_diameter"] / teeth
    if module is None and teeth and "outer_diameter" in v:
        module = v["outer_diameter"] / (teeth + 2)
    if teeth is None and module and "pitch_diameter" in v:
        teeth = v["pitch_diameter"] / module
    if teeth is None and module and "outer_diameter" in v:
        teeth = v["outer_diameter"] / module - 2
    if teeth is None or module is None:
        raise refuse("a gear needs its number of teeth and its module (or pitch diameter)", words=[spec.text])
    width = need(spec, "face_width")
    if "pressure_angle" not in v:
        g.note("pressure angle not given: assumed 20°")
    op = SpurGearOp(
        module=module, teeth=round(teeth), face_width=width, pressure_angle=v.get("pressure_angle", 20.0)
    )
    node = g.add(node_name(spec), op, f"Spur gear m{fmt(module)} z{round(teeth)}")
    tip_d = module * (round(teeth) + 2)
    return Frame("gear", node, node, (tip_d, tip_d, width), "z")


def _spring(spec: BodySpec, g: GraphBuilder) -> Frame:
    v = spec.values
    wire = need(spec, "wire")
    mean = v.get("mean_diameter")
    if mean is None and "outer_diameter" in v:
        mean = v["outer_diameter"] - wire
    if mean is None and "inner_diameter" in v:
        mean = v["inner_diameter"] + wire
    if mean is None:
        raise refuse("the coil diameter of the spring was not given", words=[spec.text])
    pitch, turns, free = v.get("pitch"), v.get("turns"), v.get("free_length")
    if pitch is None and turns and free:
        pitch = (free - wire) / turns
    if turns is None and pitch and free:
        turns = (free - wire) / pitch
    if pitch is None or turns is None:
        raise refuse("a spring needs two of pitch, number of turns and free length", words=[spec.text])
    if pitch <= wire:
        g.note("the pitch is not more than the wire diameter: the coils touch")
    op = SpringOp(
        wire_diameter=wire,
        mean_diameter=mean,
        pitch=pitch,
        turns=turns,
        left_handed="left_handed" in spec.adjectives,
    )
    node = g.add(node_name(spec), op, f"Spring wire Ø{fmt(wire)}, Ø{fmt(mean)} mean, {fmt(turns)} turns")
    outer = mean + wire
    return Frame("spring", node, node, (outer, outer, pitch * turns + wire), "z")


def _section(spec: BodySpec, g: GraphBuilder, outline: list[tuple[float, float]], label: str) -> Frame:
    """A length of a constant cross-section: ``outline`` (Y, Z) extruded along X."""
    length = need(spec, "length")
    points = [PolylineSegment(x=y, y=z) for y, z in outline]
    width = max(y for y, _ in outline)
    height = max(z for _, z in outline)
    op = ExtrudeOp(profile=PolylineProfile(points=points), plane="yz", distance=length)
    node = g.add(node_name(spec), op, label)
    return Frame("section", node, node, (length, width, height))


def _channel(spec: BodySpec, g: GraphBuilder) -> Frame:
    """A U-channel standing open side up: overall width and height, sides and base thickness."""
    width, height = need(spec, "width"), need(spec, "height")
    sides = spec.values.get("side_thickness", spec.values.get("thickness"))
    base = spec.values.get("base_thickness", spec.values.get("thickness"))
    if sides is None or base is None:
        raise refuse("the thickness of the channel's sides and base was not given", words=[spec.text])
    if 2 * sides >= width or base >= height:
        raise refuse("the channel's walls are too thick for its size", words=[spec.text])
    outline = [(0, 0), (width, 0), (width, height), (width - sides, height), (width - sides, base)]
    outline += [(sides, base), (sides, height), (0, height)]
    return _section(spec, g, outline, f"U-channel {fmt(width)} x {fmt(height)} x {fmt(sides)}")


def _angle(spec: BodySpec, g: GraphBuilder) -> Frame:
    """An angle section (L): one leg along Y, one up Z, both of the same thickness."""
    legs = [v for v in (spec.values.get("leg_a"), spec.values.get("leg_b")) if v is not None]
    if "leg" in spec.values:
        legs = [spec.values["leg"]] * 2
    thickness = need(spec, "thickness")
    if len(legs) != 2:
        raise refuse("the leg lengths of the angle were not given", words=[spec.text])
    across, up = legs
    if thickness >= min(across, up):
        raise refuse("the angle is thicker than its legs", words=[spec.text])
    outline = [(0, 0), (across, 0), (across, thickness), (thickness, thickness), (thickness, up), (0, up)]
    return _section(spec, g, outline, f"Angle {fmt(across)} x {fmt(up)} x {fmt(thickness)}")


def _gear_back(op: Operation) -> tuple[dict[str, float], set[str]] | None:
    if not isinstance(op, SpurGearOp):
        return None
    values = {"module": op.module, "teeth": op.teeth, "face_width": op.face_width}
    return values | {"pressure_angle": op.pressure_angle}, set()


def _spring_back(op: Operation) -> tuple[dict[str, float], set[str]] | None:
    if not isinstance(op, SpringOp):
        return None
    values = {
        "wire": op.wire_diameter,
        "mean_diameter": op.mean_diameter,
        "pitch": op.pitch,
        "turns": op.turns,
    }
    return values, {"left_handed"} if op.left_handed else set()


#: Shapes made of several nodes or special operations.
KINDS = (
    ShapeKind(
        "channel",
        _channel,
        {
            "width": "width",
            "height": "height",
            "length": "length",
            "thickness": "thickness",
            "wall": "thickness",
            "bottom": "base_thickness",
        },
        nouns=("channel", "channels", "u channel", "c channel", "u section", "c section"),
        dims={3: ("width", "height", "thickness")},
    ),
    ShapeKind(
        "angle",
        _angle,
        {"leg": "leg", "length": "length", "thickness": "thickness", "width": "leg", "size": "leg"},
        nouns=("equal angle", "unequal angle", "angle section", "angle profile", "l section"),
        dims={2: ("leg", "thickness"), 3: ("leg_a", "leg_b", "thickness")},
    ),
    ShapeKind(
        "bracket",
        _bracket,
        {
            "length": "base_length",
            "base_length": "base_length",
            "height": "height",
            "width": "width",
            "thickness": "thickness",
            "leg": "leg",
        },
        nouns=("bracket", "brackets"),
        dims={3: ("base_length", "width", "height")},
    ),
    ShapeKind(
        "flange",
        _flange,
        {
            "diameter": "diameter",
            "radius": ("diameter", 2.0),
            "outer_diameter": "diameter",
            "thickness": "thickness",
            "height": "thickness",
        },
        nouns=("flange", "flanges"),
        primary="diameter",
        dims={2: ("diameter", "thickness")},
    ),
    ShapeKind(
        "gear",
        _gear,
        {
            "module": "module",
            "teeth": "teeth",
            "face_width": "face_width",
            "thickness": "face_width",
            "width": "face_width",
            "height": "face_width",
            "pressure_angle": "pressure_angle",
            "angle": "pressure_angle",
            "pitch_diameter": "pitch_diameter",
            "outer_diameter": "outer_diameter",
            "diameter": "outer_diameter",
        },
        nouns=("gear", "gears", "cog", "cogwheel", "gearwheel"),
        read_back=_gear_back,
    ),
    ShapeKind(
        "spring",
        _spring,
        {
            "wire": "wire",
            "mean_diameter": "mean_diameter",
            "pitch_diameter": "mean_diameter",
            "outer_diameter": "outer_diameter",
            "diameter": "outer_diameter",
            "inner_diameter": "inner_diameter",
            "pitch": "pitch",
            "turns": "turns",
            "free_length": "free_length",
            "length": "free_length",
            "height": "free_length",
        },
        nouns=("spring", "springs", "helix"),
        read_back=_spring_back,
    ),
)
