"""Emitters for lofts, sweeps and pipes.

A loft is a Part::Loft through one sketch per section, each sketch lifted to its
height by a spreadsheet parameter. A sweep is a Part::Sweep of a profile sketch
along a path object (Part::Line, an arc of a Part::Circle, a Part::Polygon or a
Part::Helix) whose sizes are spreadsheet parameters too. A pipe is the sweep of
its outer circle less the sweep of its inner circle along the same path.
"""

from __future__ import annotations

import math

from ai_designer.cad.emit import ScriptWriter
from ai_designer.cad.expressions import num, ref
from ai_designer.cad.placement import emit_placement
from ai_designer.cad.sketches import emit_profile_sketch
from ai_designer.cad.sweeps import polyline_corners
from ai_designer.schemas.task_graph import (
    ArcPath,
    HelixPath,
    LinePath,
    LoftOp,
    PipeOp,
    PolylinePath,
    SweepOp,
    SweepPath,
    TaskNode,
)


def _label(node: TaskNode) -> str:
    return node.label or node.id


def emit_loft(w: ScriptWriter, node: TaskNode, op: LoftOp) -> str:
    """One sketch per section at its height, and a Part::Loft through them."""
    kind = "ruled" if op.ruled else "smooth"
    w.comment(f"{node.id}: {kind} loft through {len(op.sections)} sections")
    sketches = []
    for k, section in enumerate(op.sections, start=1):
        sketch = w.names.allocate(f"{node.id}_section{k}")
        emit_profile_sketch(w, f"{node.id}_s{k}", section.profile, sketch, f"{_label(node)} section {k}")
        if section.z != 0:
            w.bind(sketch, "Placement.Base.z", w.node_param(node.id, f"s{k}_z", section.z))
        sketches.append(sketch)
    name = w.node_names[node.id]
    w.add_object("Part::Loft", name, _label(node))
    w.assign(name, "Sections", f"[{', '.join(sketches)}]")
    w.assign(name, "Solid", "True")
    w.assign(name, "Ruled", str(op.ruled))
    emit_placement(w, node.id, name, op.placement, measured=False)
    return name


def _emit_path(w: ScriptWriter, node: TaskNode, path: SweepPath) -> str:
    """The path object; returns its name."""
    name = w.names.allocate(f"{node.id}_path")
    label = f"{_label(node)} path"
    if isinstance(path, LinePath):
        w.add_object("Part::Line", name, label)
        for prop in ("X1", "Y1", "Z1", "X2", "Y2"):
            w.assign(name, prop, "0.0")
        w.bind(name, "Z2", w.node_param(node.id, "path_length", path.length))
    elif isinstance(path, ArcPath):
        radius = w.node_param(node.id, "path_radius", path.radius)
        w.add_object("Part::Circle", name, label)
        w.bind(name, "Radius", radius)
        w.assign(name, "Angle1", "180.0")
        w.bind(name, "Angle2", f"180 + {w.node_param(node.id, 'path_angle', path.angle, 'deg')}")
        # the circle turned onto XZ, centred on (radius, 0, 0): the arc starts at the origin heading +Z
        w.assign(
            name, "Placement", "App.Placement(App.Vector(0, 0, 0), App.Rotation(App.Vector(1, 0, 0), -90))"
        )
        w.bind(name, "Placement.Base.x", radius)
    elif isinstance(path, PolylinePath):
        w.add_object("Part::Polygon", name, label)
        corners = ", ".join(f"App.Vector({num(x)}, {num(y)}, {num(z)})" for x, y, z in polyline_corners(path))
        w.assign(name, "Nodes", f"[{corners}]")
    else:
        pitch = w.node_param(node.id, "path_pitch", path.pitch)
        w.add_object("Part::Helix", name, label)
        w.bind(name, "Pitch", pitch)
        w.bind(name, "Height", f"{pitch} * {w.node_param(node.id, 'path_turns', path.turns, '')}")
        w.bind(name, "Radius", w.node_param(node.id, "path_radius", path.radius))
        if path.left_handed:
            w.assign(name, "LocalCoord", "'Left-handed'")
    return name


def _place_section(w: ScriptWriter, node: TaskNode, section: str, path: SweepPath) -> None:
    """Put a section (drawn in XY around the origin) square to the start of the path."""
    if isinstance(path, PolylinePath):
        dx, dy, dz = path.points[0]
        turn = f"App.Rotation(App.Vector(0, 0, 1), App.Vector({num(dx)}, {num(dy)}, {num(dz)}))"
        w.assign(section, "Placement", f"App.Placement(App.Vector(0, 0, 0), {turn})")
    elif isinstance(path, HelixPath):
        # like a spring's wire: turned about -X (+X left-handed) by 90 deg less the lead angle
        lead = math.degrees(math.atan2(path.pitch, 2 * math.pi * path.radius))
        axis = "App.Vector(1, 0, 0)" if path.left_handed else "App.Vector(-1, 0, 0)"
        w.assign(
            section,
            "Placement",
            f"App.Placement(App.Vector({num(path.radius)}, 0, 0), App.Rotation({axis}, {num(90.0 - lead)}))",
        )
        w.bind(section, "Placement.Base.x", ref(f"{node.id}_path_radius"))


def _sweep(w: ScriptWriter, name: str, label: str, section: str, path_obj: str, path: SweepPath) -> None:
    w.add_object("Part::Sweep", name, label)
    w.assign(name, "Sections", f"[{section}]")
    w.assign(name, "Spine", f"({path_obj}, [])")
    w.assign(name, "Solid", "True")
    if isinstance(path, HelixPath):
        w.assign(name, "Frenet", "True")
    if isinstance(path, PolylinePath):
        w.assign(name, "Transition", "'Right corner'")


def emit_sweep(w: ScriptWriter, node: TaskNode, op: SweepOp) -> str:
    """The profile sketch square to the path's start, and a Part::Sweep of it along the path."""
    w.comment(f"{node.id}: {op.profile.shape} profile swept along a {op.path.kind} path")
    path = _emit_path(w, node, op.path)
    sketch = w.names.allocate(f"{node.id}_sketch")
    emit_profile_sketch(w, node.id, op.profile, sketch, f"{_label(node)} profile")
    _place_section(w, node, sketch, op.path)
    name = w.node_names[node.id]
    _sweep(w, name, _label(node), sketch, path, op.path)
    emit_placement(w, node.id, name, op.placement, measured=False)
    return name


def emit_pipe(w: ScriptWriter, node: TaskNode, op: PipeOp) -> str:
    """Outer and inner circles swept along the same path; the inner sweep cut from the outer one."""
    w.comment(
        f"{node.id}: pipe {num(op.outer_diameter)} x {num(op.inner_diameter)} mm along a {op.path.kind} path"
    )
    path = _emit_path(w, node, op.path)
    sweeps = []
    for which in ("outer", "inner"):
        circle = w.names.allocate(f"{node.id}_{which}_circle")
        w.add_object("Part::Circle", circle, f"{_label(node)} {which} circle")
        diameter = w.node_param(node.id, f"{which}_diameter", getattr(op, f"{which}_diameter"))
        w.bind(circle, "Radius", f"{diameter} / 2")
        _place_section(w, node, circle, op.path)
        sweep = w.names.allocate(f"{node.id}_{which}")
        _sweep(w, sweep, f"{_label(node)} {which}", circle, path, op.path)
        sweeps.append(sweep)
    name = w.node_names[node.id]
    w.add_object("Part::Cut", name, _label(node))
    w.assign(name, "Base", sweeps[0])
    w.assign(name, "Tool", sweeps[1])
    emit_placement(w, node.id, name, op.placement, measured=False)
    return name
