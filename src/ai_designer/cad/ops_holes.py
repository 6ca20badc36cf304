"""Emitter for round holes: drills (with counterbores or countersinks) cut from the target.

Each position gets a drill solid placed on the face by expressions that read the
target's bounding box, so the holes stay put relative to the face centre when
the target is resized. A through hole spans the whole target along the face
normal plus a margin, whatever the face. Diameters, depths, counterbore and
countersink sizes and pattern pitches are spreadsheet parameters. A tapped hole is its tap
drill, with the thread recorded on the cut (designation, nominal diameter and pitch).
"""

from __future__ import annotations

from ai_designer.cad.emit import Helper, ScriptWriter, text
from ai_designer.cad.expressions import num
from ai_designer.cad.geometry import FACE_FRAMES
from ai_designer.cad.placement import BOX_TERMS, FACES, PUT_ON_FACE
from ai_designer.cad.positions import hole_count, pattern_position_expressions
from ai_designer.schemas.task_graph import HoleOp, TaskNode, Thread

HOLE_TOOL = Helper(
    "hole_tool",
    '''
def hole_tool(doc, prefix, label, box, face, positions, diameter, length, counterbore=None, countersink=None):
    """The cutting tool for round holes: a drill at each (u, v) position from the centre of a face
    of box (from box_terms), length mm into the material, with an optional counterbore
    (diameter, depth) or countersink (diameter, angle) at the entry. Sizes are expressions.
    Drills start 1 mm outside the face; several drills are fused into one tool."""
    pieces = []
    for k, (u, v) in enumerate(positions, start=1):
        drill = doc.addObject('Part::Cylinder', f'{prefix}_{k}')
        drill.Label = f'{label} {k}'
        drill.setExpression('Radius', f'({diameter}) / 2')
        drill.setExpression('Height', f'({length}) + 1.0')
        here = [drill]
        if counterbore is not None:
            bore = doc.addObject('Part::Cylinder', f'{prefix}_{k}_counterbore')
            bore.Label = f'{label} {k} counterbore'
            bore.setExpression('Radius', f'({counterbore[0]}) / 2')
            bore.setExpression('Height', f'({counterbore[1]}) + 1.0')
            here.append(bore)
        if countersink is not None:
            sink = doc.addObject('Part::Cone', f'{prefix}_{k}_countersink')
            sink.Label = f'{label} {k} countersink'
            slope = f'tan(({countersink[1]}) / 2)'
            sink.setExpression('Radius1', f'({countersink[0]}) / 2 + {slope}')
            sink.setExpression('Radius2', f'({diameter}) / 2')
            sink.setExpression('Height', f'1.0 + (({countersink[0]}) - ({diameter})) / (2 * {slope})')
            here.append(sink)
        for piece in here:
            put_on_face(piece, box, face, u, v, 1.0, INTO_FACE[face])
        pieces += here
    if len(pieces) == 1:
        return pieces[0]
    tool = doc.addObject('Part::MultiFuse', prefix)
    tool.Label = label
    tool.Shapes = pieces
    return tool
''',
    (FACES, PUT_ON_FACE),
)


def _describe(op: HoleOp, count: int) -> str:
    kind = "through" if op.depth is None else f"{num(op.depth)} mm deep"
    extra = ""
    if op.counterbore is not None:
        extra = f", counterbored Ø{num(op.counterbore.diameter)} x {num(op.counterbore.depth)} mm"
    if op.countersink is not None:
        extra = f", countersunk Ø{num(op.countersink.diameter)} x {num(op.countersink.angle)} deg"
    if op.thread is not None:
        extra += f", tapped {op.thread.designation()} (cosmetic thread)"
    plural = "hole" if count == 1 else "holes"
    return f"{count} {plural} Ø{num(op.diameter)} mm {kind}{extra}, into the {op.face} face of '{op.target}'"


def _edge_terms(box: str, size_key: str, distance: str, ref: str) -> list[str]:
    """Script code for the offsets from the face centre of a distance from an edge (or both)."""
    half = f"'(' + {box}[{size_key!r}] + ') / 2'"
    if ref == "min":
        return [f"{half} + ' * -1 + {distance}'"]
    if ref == "max":
        return [f"{half} + ' - {distance}'"]
    if ref == "both":
        return [f"{half} + ' * -1 + {distance}'", f"{half} + ' - {distance}'"]
    return [repr(distance)]


def _edge_position_lines(w: ScriptWriter, node: TaskNode, op: HoleOp, box: str) -> list[str]:
    """``(u, v)`` entries, as script code, for positions measured from the face's edges: the user's
    distances are spreadsheet parameters and the face size is read from the target's live box."""
    frame = FACE_FRAMES[op.face]
    lines = []
    for k, spec in enumerate(op.from_edges, start=1):
        stem = "from_edges" if len(op.from_edges) == 1 else f"from_edges{k}"
        u = w.node_param(node.id, f"{stem}_u", spec.u)
        v = w.node_param(node.id, f"{stem}_v", spec.v)
        us = _edge_terms(box, "XYZ"[frame.u] + "Length", u, spec.u_from)
        vs = _edge_terms(box, "XYZ"[frame.v] + "Length", v, spec.v_from)
        lines += [f"({cu}, {cv})" for cv in vs for cu in us]
    return lines


def emit_hole(w: ScriptWriter, node: TaskNode, op: HoleOp) -> str:
    """Drills for every position, fused into one tool, cut from the target."""
    name = w.node_names[node.id]
    target = w.results[op.target]
    positions = [(num(u), num(v)) for u, v in op.at]
    if op.pattern is not None:

        def param(field: str, value: float) -> str:
            return w.node_param(node.id, field, value, "deg" if "angle" in field else "mm")

        positions += pattern_position_expressions(op.pattern, param)
    w.comment(f"{node.id}: {_describe(op, hole_count(op))}")
    w.use(BOX_TERMS)
    w.use(HOLE_TOOL)
    box = w.names.allocate(f"{node.id}_face")
    at = w.names.allocate(f"{node.id}_at")
    drill = w.names.prefix(f"{node.id}_drill")
    w.line("doc.recompute()")
    w.line(f"{box} = box_terms({target})")
    w.line(f"{at} = [  # (u, v) from the face centre")
    for u, v in positions:
        w.line(f"    ({u!r}, {v!r}),")
    for line in _edge_position_lines(w, node, op, box):
        w.line(f"    {line},")
    w.line("]")
    diameter = w.node_param(node.id, "diameter", op.diameter)
    if op.depth is None:
        length = f"{box}[{'XYZ'[FACE_FRAMES[op.face].normal] + 'Length'!r}] + ' + 1.0'"
    else:
        length = repr(w.node_param(node.id, "depth", op.depth))
    extras = []
    if op.counterbore is not None:
        cb_diameter = w.node_param(node.id, "counterbore_diameter", op.counterbore.diameter)
        cb_depth = w.node_param(node.id, "counterbore_depth", op.counterbore.depth)
        extras.append(f"counterbore=({cb_diameter!r}, {cb_depth!r})")
    if op.countersink is not None:
        cs_diameter = w.node_param(node.id, "countersink_diameter", op.countersink.diameter)
        cs_angle = w.node_param(node.id, "countersink_angle", op.countersink.angle, "deg")
        extras.append(f"countersink=({cs_diameter!r}, {cs_angle!r})")
    label = text(f"{node.label or node.id} drill")
    w.line(f"{drill} = hole_tool(")
    w.line(f"    doc, {drill!r}, {label}, {box}, {op.face!r}, {at},")
    w.line(f"    diameter={diameter!r},")
    w.line(f"    length={length},")
    for extra in extras:
        w.line(f"    {extra},")
    w.line(")")
    w.add_object("Part::Cut", name, node.label or node.id)
    w.assign(name, "Base", target)
    w.assign(name, "Tool", drill)
    if op.thread is not None:
        _record_thread(w, node, op.thread, name)
    w.features[node.id] = drill
    return name


def _record_thread(w: ScriptWriter, node: TaskNode, thread: Thread, name: str) -> None:
    """A cosmetic thread on the cut: its designation, and nominal diameter and pitch bound to the
    spreadsheet (the hole itself is the tap drill)."""
    nominal = w.node_param(node.id, "thread_nominal", thread.nominal)
    pitch = w.node_param(node.id, "thread_pitch", thread.pitch)
    group = "Thread"
    w.line(f"{name}.addProperty('App::PropertyString', 'Thread', {group!r}, 'Cosmetic thread, not modelled')")
    w.line(f"{name}.addProperty('App::PropertyLength', 'ThreadNominal', {group!r}, 'Nominal diameter')")
    w.line(f"{name}.addProperty('App::PropertyLength', 'ThreadPitch', {group!r}, 'Pitch')")
    w.assign(name, "Thread", text(thread.designation()))
    w.bind(name, "ThreadNominal", nominal)
    w.bind(name, "ThreadPitch", pitch)
