"""Mechanical parts built from several nodes or special operations: the L bracket (two boxes
in a union), the flange (a disc for its bore and bolt circle), the spur gear and the spring."""

from __future__ import annotations

from collections.abc import Callable

from ai_designer.planner.build import Frame, GraphBuilder, fmt, refuse
from ai_designer.planner.model import BodySpec
from ai_designer.planner.shapes import need, node_name
from ai_designer.schemas.task_graph import BooleanOp, BoxOp, CylinderOp, Placement, SpringOp, SpurGearOp


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


MECHANICAL: dict[str, Callable[[BodySpec, GraphBuilder], Frame]] = {
    "bracket": _bracket,
    "flange": _flange,
    "gear": _gear,
    "spring": _spring,
}
