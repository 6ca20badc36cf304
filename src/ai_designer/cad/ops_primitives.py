"""Emitters for the operations that create a solid: primitives, extrusions, revolves, gears, springs, custom.

Each emitter writes the node's features with their dimensions bound to the
spreadsheet, places the result, and returns the name of the object holding it.
"""

from __future__ import annotations

import ast
import math
import textwrap

from ai_designer.cad.custom_code import custom_code_problems
from ai_designer.cad.emit import ScriptWriter, one_line
from ai_designer.cad.expressions import num
from ai_designer.cad.gear import GEAR_FACE, GearGeometry
from ai_designer.cad.placement import emit_placement, orient
from ai_designer.cad.sketches import emit_profile_sketch
from ai_designer.errors import GenerationError
from ai_designer.schemas.task_graph import (
    BoxOp,
    ConeOp,
    CustomOp,
    CylinderOp,
    ExtrudeOp,
    PrismOp,
    PyramidOp,
    RevolveOp,
    SphereOp,
    SpringOp,
    SpurGearOp,
    TaskNode,
    TorusOp,
)

#: Sketch placements turning (u, v) onto each plane ((x, y), (x, z), (y, z)).
PLANE_TURNS = {
    "xy": "App.Rotation()",
    "xz": "App.Rotation(App.Vector(1, 0, 0), 90)",
    "yz": "App.Rotation(App.Vector(1, 1, 1), 120)",
}
#: Extrusion direction of each sketch plane.
PLANE_NORMALS = {"xy": "App.Vector(0, 0, 1)", "xz": "App.Vector(0, 1, 0)", "yz": "App.Vector(1, 0, 0)"}


def _label(node: TaskNode) -> str:
    return node.label or node.id


def emit_box(w: ScriptWriter, node: TaskNode, op: BoxOp) -> str:
    """A Part::Box."""
    name = w.node_names[node.id]
    w.add_object("Part::Box", name, _label(node))
    for field, prop in (("length", "Length"), ("width", "Width"), ("height", "Height")):
        w.bind(name, prop, w.node_param(node.id, field, getattr(op, field)))
    emit_placement(w, node.id, name, op.placement, measured=False)
    return name


def emit_cylinder(w: ScriptWriter, node: TaskNode, op: CylinderOp) -> str:
    """A Part::Cylinder along its axis."""
    name = w.node_names[node.id]
    w.add_object("Part::Cylinder", name, _label(node))
    w.bind(name, "Radius", w.node_param(node.id, "radius", op.radius))
    w.bind(name, "Height", w.node_param(node.id, "height", op.height))
    orient(w, name, op.axis)
    emit_placement(w, node.id, name, op.placement, measured=False)
    return name


def emit_sphere(w: ScriptWriter, node: TaskNode, op: SphereOp) -> str:
    """A Part::Sphere (upper half only when it is a hemisphere)."""
    name = w.node_names[node.id]
    w.add_object("Part::Sphere", name, _label(node))
    w.bind(name, "Radius", w.node_param(node.id, "radius", op.radius))
    if op.hemisphere:
        w.assign(name, "Angle1", "0.0")
    emit_placement(w, node.id, name, op.placement, measured=False)
    return name


def emit_cone(w: ScriptWriter, node: TaskNode, op: ConeOp) -> str:
    """A Part::Cone (a frustum when both radii are non-zero)."""
    name = w.node_names[node.id]
    w.add_object("Part::Cone", name, _label(node))
    w.bind(name, "Radius1", w.node_param(node.id, "radius_bottom", op.radius_bottom))
    w.bind(name, "Radius2", w.node_param(node.id, "radius_top", op.radius_top))
    w.bind(name, "Height", w.node_param(node.id, "height", op.height))
    orient(w, name, op.axis)
    emit_placement(w, node.id, name, op.placement, measured=False)
    return name


def emit_torus(w: ScriptWriter, node: TaskNode, op: TorusOp) -> str:
    """A Part::Torus with its ring normal to the axis."""
    name = w.node_names[node.id]
    w.add_object("Part::Torus", name, _label(node))
    w.bind(name, "Radius1", w.node_param(node.id, "major_radius", op.major_radius))
    w.bind(name, "Radius2", w.node_param(node.id, "minor_radius", op.minor_radius))
    orient(w, name, op.axis)
    emit_placement(w, node.id, name, op.placement, measured=False)
    return name


def emit_prism(w: ScriptWriter, node: TaskNode, op: PrismOp) -> str:
    """A Part::Prism (regular polygon bar)."""
    name = w.node_names[node.id]
    w.add_object("Part::Prism", name, _label(node))
    w.assign(name, "Polygon", str(op.sides))
    w.bind(name, "Circumradius", w.node_param(node.id, "circumradius", op.circumradius))
    w.bind(name, "Height", w.node_param(node.id, "height", op.height))
    orient(w, name, op.axis)
    emit_placement(w, node.id, name, op.placement, measured=False)
    return name


def emit_pyramid(w: ScriptWriter, node: TaskNode, op: PyramidOp) -> str:
    """A Part::Wedge stood up so its Y (the wedge's height) becomes Z: pyramid, frustum or ridge."""
    name = w.node_names[node.id]
    w.add_object("Part::Wedge", name, _label(node))
    base_length = w.node_param(node.id, "base_length", op.base_length)
    base_width = w.node_param(node.id, "base_width", op.base_width)
    top_length = w.node_param(node.id, "top_length", op.top_length) if op.top_length > 0 else "0.0"
    top_width = w.node_param(node.id, "top_width", op.top_width) if op.top_width > 0 else "0.0"
    for low, high, size in (("Xmin", "Xmax", base_length), ("Zmin", "Zmax", base_width)):
        w.bind(name, low, f"-{size} / 2")
        w.bind(name, high, f"{size} / 2")
    for low, high, size in (("X2min", "X2max", top_length), ("Z2min", "Z2max", top_width)):
        if size == "0.0":
            w.assign(name, low, "0.0")
            w.assign(name, high, "0.0")
        else:
            w.bind(name, low, f"-{size} / 2")
            w.bind(name, high, f"{size} / 2")
    w.assign(name, "Ymin", "0.0")
    w.bind(name, "Ymax", w.node_param(node.id, "height", op.height))
    w.assign(name, "Placement", "App.Placement(App.Vector(0, 0, 0), App.Rotation(App.Vector(1, 0, 0), 90))")
    emit_placement(w, node.id, name, op.placement, measured=False)
    return name


def emit_extrude(w: ScriptWriter, node: TaskNode, op: ExtrudeOp) -> str:
    """A sketch on a plane and a Part::Extrusion of it along the plane's normal."""
    name = w.node_names[node.id]
    sketch = w.names.allocate(f"{node.id}_sketch")
    emit_profile_sketch(w, node.id, op.profile, sketch, f"{_label(node)} profile")
    w.assign(sketch, "Placement", f"App.Placement(App.Vector(0, 0, 0), {PLANE_TURNS[op.plane]})")
    w.add_object("Part::Extrusion", name, _label(node))
    w.assign(name, "Base", sketch)
    w.assign(name, "DirMode", "'Custom'")
    w.assign(name, "Dir", PLANE_NORMALS[op.plane])
    w.assign(name, "Solid", "True")
    if op.symmetric:
        w.assign(name, "Symmetric", "True")
    w.bind(name, "LengthFwd", w.node_param(node.id, "distance", op.distance))
    emit_placement(w, node.id, name, op.placement, measured=False)
    return name


def emit_revolve(w: ScriptWriter, node: TaskNode, op: RevolveOp) -> str:
    """A sketch in the XZ plane and a Part::Revolution of it about Z."""
    name = w.node_names[node.id]
    sketch = w.names.allocate(f"{node.id}_sketch")
    emit_profile_sketch(w, node.id, op.profile, sketch, f"{_label(node)} profile")
    w.assign(sketch, "Placement", f"App.Placement(App.Vector(0, 0, 0), {PLANE_TURNS['xz']})")
    w.add_object("Part::Revolution", name, _label(node))
    w.assign(name, "Source", sketch)
    w.assign(name, "Axis", "App.Vector(0, 0, 1)")
    w.assign(name, "Base", "App.Vector(0, 0, 0)")
    w.assign(name, "Solid", "True")
    w.bind(name, "Angle", w.node_param(node.id, "angle", op.angle, "deg"))
    emit_placement(w, node.id, name, op.placement, measured=False)
    return name


#: Samples along each involute flank handed to the script (interpolated by a B-spline).
FLANK_SAMPLES = 12


def emit_spur_gear(w: ScriptWriter, node: TaskNode, op: SpurGearOp) -> str:
    """The involute outline as a face, extruded by the face width, with an optional bore."""
    gear = GearGeometry(op.module, op.teeth, op.pressure_angle)
    profile = w.names.allocate(f"{node.id}_profile")
    w.comment(
        f"Tooth outline computed for module {num(op.module)} mm, {op.teeth} teeth, pressure angle "
        f"{num(op.pressure_angle)} deg (fixed; face width and bore are parameters)."
    )
    w.use(GEAR_FACE)
    w.add_object("Part::Feature", profile, f"{_label(node)} outline")
    w.line(f"{profile}.Shape = gear_face({op.teeth}, {num(gear.root_radius)}, [  # (radius, half angle)")
    for radius, half in gear.flank(FLANK_SAMPLES):
        w.line(f"    ({num(radius)}, {num(half)}),")
    w.line("])")
    name = w.node_names[node.id]
    body = w.names.allocate(f"{node.id}_body") if op.bore_diameter > 0 else name
    width = w.node_param(node.id, "face_width", op.face_width)
    w.add_object("Part::Extrusion", body, _label(node) if body == name else f"{_label(node)} body")
    w.assign(body, "Base", profile)
    w.assign(body, "DirMode", "'Custom'")
    w.assign(body, "Dir", "App.Vector(0, 0, 1)")
    w.assign(body, "Solid", "True")
    w.bind(body, "LengthFwd", width)
    if op.bore_diameter > 0:
        bore = w.names.allocate(f"{node.id}_bore")
        w.add_object("Part::Cylinder", bore, f"{_label(node)} bore")
        w.bind(bore, "Radius", f"{w.node_param(node.id, 'bore_diameter', op.bore_diameter)} / 2")
        w.bind(bore, "Height", f"{width} + 2.0")
        w.assign(bore, "Placement", "App.Placement(App.Vector(0, 0, -1), App.Rotation())")
        w.add_object("Part::Cut", name, _label(node))
        w.assign(name, "Base", body)
        w.assign(name, "Tool", bore)
    emit_placement(w, node.id, name, op.placement, measured=False)
    return name


#: Turns swept in one piece. OCCT's helix approximation drifts on long helices (a 40-turn
#: sweep came out 14% light in FreeCAD 0.20), so longer springs are swept in pieces and fused.
SPRING_CHUNK_TURNS = 10


def emit_spring(w: ScriptWriter, node: TaskNode, op: SpringOp) -> str:
    """Part::Helix paths with a round wire section swept along them (Frenet), fused when in pieces."""
    name = w.node_names[node.id]
    pitch = w.node_param(node.id, "pitch", op.pitch)
    turns = w.node_param(node.id, "turns", op.turns, "")
    mean = w.node_param(node.id, "mean_diameter", op.mean_diameter)
    wire_d = w.node_param(node.id, "wire_diameter", op.wire_diameter)
    pieces = max(1, math.ceil(op.turns / SPRING_CHUNK_TURNS))
    if pieces == 1:
        _emit_coil(w, node, op, name, (pitch, turns, mean, wire_d), f"{pitch} * {turns}", "")
    else:
        w.comment(f"{node.id}: {pieces} pieces of up to {SPRING_CHUNK_TURNS} turns, fused")
        sweeps = []
        for k in range(pieces):
            first_turn = k * SPRING_CHUNK_TURNS
            turns_here = f"{SPRING_CHUNK_TURNS}" if k < pieces - 1 else f"({turns} - {first_turn})"
            piece = w.names.allocate(f"{node.id}_coil{k + 1}")
            start_z = f"{pitch} * {first_turn}" if k else ""
            _emit_coil(w, node, op, piece, (pitch, turns, mean, wire_d), f"{pitch} * {turns_here}", start_z)
            sweeps.append(piece)
        w.add_object("Part::MultiFuse", name, _label(node))
        w.assign(name, "Shapes", f"[{', '.join(sweeps)}]")
        w.assign(name, "Refine", "True")
    emit_placement(w, node.id, name, op.placement, measured=False)
    return name


def _emit_coil(
    w: ScriptWriter,
    node: TaskNode,
    op: SpringOp,
    name: str,
    params: tuple[str, str, str, str],
    height: str,
    start_z: str,
) -> None:
    """One helix path and its swept wire section, starting ``start_z`` up the axis."""
    pitch, _turns, mean, wire_d = params
    path = w.names.allocate(f"{name}_path")
    wire = w.names.allocate(f"{name}_wire")
    w.add_object("Part::Helix", path, f"{_label(node)} path")
    w.bind(path, "Pitch", pitch)
    w.bind(path, "Height", height)
    w.bind(path, "Radius", f"{mean} / 2")
    if start_z:
        w.bind(path, "Placement.Base.z", start_z)
    if op.left_handed:
        w.assign(path, "LocalCoord", "'Left-handed'")
    w.add_object("Part::Circle", wire, f"{_label(node)} wire section")
    w.bind(wire, "Radius", f"{wire_d} / 2")
    # The section sits at the helix start, square to the helix (turned about X by its lead angle).
    # Right-handed coils turn it about -X, left-handed ones about +X, by 90 deg minus the lead angle.
    lead = math.degrees(math.atan2(op.pitch, math.pi * op.mean_diameter))
    axis = "App.Vector(1, 0, 0)" if op.left_handed else "App.Vector(-1, 0, 0)"
    w.assign(
        wire, "Placement", f"App.Placement(App.Vector(0, 0, 0), App.Rotation({axis}, {num(90.0 - lead)}))"
    )
    w.bind(wire, "Placement.Base.x", f"{mean} / 2")
    if start_z:
        w.bind(wire, "Placement.Base.z", start_z)
    w.bind(wire, "Placement.Rotation.Angle", f"90 deg - atan({pitch} / (pi * {mean}))")
    w.add_object("Part::Sweep", name, _label(node))
    w.assign(name, "Sections", f"[{wire}]")
    w.assign(name, "Spine", f"({path}, [])")
    w.assign(name, "Solid", "True")
    w.assign(name, "Frenet", "True")


def custom_body(node_id: str, code: str | None) -> str:
    """The custom code, checked: it must parse and assign ``result``."""
    if code is None:
        raise GenerationError(
            f"Custom node '{node_id}' has no code yet; the LLM generator must fill `operation.code` "
            "(FreeCAD Python assigning a Part.Shape to `result`) before compiling.",
            hint="Run the generator on this graph, or replace the custom node with known operations.",
            node=node_id,
        )
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        raise GenerationError(
            f"Custom node '{node_id}' has code with a syntax error (line {exc.lineno}): {exc.msg}",
            node=node_id,
        ) from exc
    assigns_result = any(
        isinstance(n, ast.Name) and n.id == "result" and isinstance(n.ctx, ast.Store) for n in ast.walk(tree)
    )
    if not assigns_result:
        raise GenerationError(
            f"Custom node '{node_id}' has code that never assigns `result` (the Part.Shape to build).",
            node=node_id,
        )
    problems = custom_code_problems(code)
    if problems:
        raise GenerationError(
            f"Custom node '{node_id}' has code that reaches past its own shape:\n"
            + "\n".join(f"  - {p}" for p in problems),
            hint="A custom node builds one shape in memory and assigns it to `result`; regenerate its code.",
            node=node_id,
        )
    return textwrap.dedent(code).strip("\n")


def emit_custom(w: ScriptWriter, node: TaskNode, op: CustomOp) -> str:
    """The generator's code in a function whose ``result`` shape fills a Part::Feature; the
    function runs before the document exists (:meth:`ScriptWriter.custom_builder`)."""
    body = custom_body(node.id, op.code)
    name = w.node_names[node.id]
    builder = w.names.allocate(f"build_{node.id}")
    shape = w.names.allocate(f"{node.id}_shape")
    w.custom_builder(
        [
            f"# {node.id}: {one_line(op.description)}",
            f"def {builder}():",
            textwrap.indent(body, "    "),
            "    return result",
            "",
            f"{shape} = {builder}()",
        ]
    )
    w.comment(f"Custom geometry: {op.description} (built at the top of the script)")
    w.add_object("Part::Feature", name, _label(node))
    w.assign(name, "Shape", shape)
    emit_placement(w, node.id, name, op.placement, measured=True)
    return name
