"""Emitter for modelled external threads: a helical ISO groove cut from a round shaft.

The groove's section (see :mod:`ai_designer.cad.threads`) is swept along
``Part.makeHelix`` with a Frenet frame, two turns at a time, and the pieces are
sewn into one solid: one long helical sweep makes faces that FreeCAD 0.20's
booleans cut wrongly, short ones cut exactly. The tool finds the shaft's round
face when the script runs, so it follows the shaft's axis and position, and its
place is bound to the shaft's box (a resized shaft keeps its thread at the same
end). The thread's nominal diameter, pitch and length are spreadsheet parameters
recorded on the cut (``Thread``, ``ThreadNominal``, ``ThreadPitch``,
``ThreadLength``); the groove's shape is built from the plan's values when the
script runs, so editing those three in FreeCAD does not reshape it (re-run the plan).
"""

from __future__ import annotations

from ai_designer.cad.emit import Helper, ScriptWriter, text
from ai_designer.cad.expressions import num
from ai_designer.cad.placement import BOX_TERMS
from ai_designer.cad.readback import thread_text
from ai_designer.cad.threads import groove
from ai_designer.schemas.task_graph import TaskNode, ThreadOp

THREAD_TOOL = Helper(
    "thread_tool",
    '''
def thread_tool(tool_obj, shaft_obj, radius, pitch, length, end, root, outer, start, removes):
    """Fill ``tool_obj`` with the helical groove cutting a right-handed external thread into the
    round shaft ``shaft_obj`` (whose round face has ``radius``), ``length`` mm from its ``end``
    ('top': the end towards +X, +Y or +Z); on a shaft along X, Y or Z the groove's place is bound
    to the shaft's box, so it stays at that end when the shaft is resized. ``root`` and ``outer``
    are (radius, width) of the groove's section at the minor diameter and past the major one; the
    groove's cap inside the shaft is centred ``start`` mm from the thread's inner end. The groove
    is swept two turns at a time and the pieces sewn into one solid, built along the round face's
    own axis. FreeCAD's boolean now and then misses such a cut altogether, so the groove is turned
    about the axis until cutting it removes ``removes`` mm3."""
    point = App.Vector
    shaft = shaft_obj.Shape
    rounds = [f for f in shaft.Faces if f.Surface.TypeId == 'Part::GeomCylinder']
    face = max((f for f in rounds if abs(f.Surface.Radius - radius) < 0.05), key=lambda f: f.Area)
    axis = point(face.Surface.Axis).normalize()
    centre = face.Surface.Center
    reach = [(v.Point - centre).dot(axis) for v in face.Vertexes]
    at_max = (end == 'top') == (max((axis.x, axis.y, axis.z), key=abs) > 0)
    (r_in, w_in), (r_out, w_out) = root, outer

    def section(z):
        corners = [point(r_in, 0, z - w_in / 2), point(r_in, 0, z + w_in / 2),
                   point(r_out, 0, z + w_out / 2), point(r_out, 0, z - w_out / 2)]
        return Part.makePolygon(corners + corners[:1])

    turns = math.ceil((length - start + w_out / 2) / pitch + 0.25)
    first = start - length if at_max else length - start - turns * pitch
    faces = []
    for k in range(0, turns, 2):
        z = first + k * pitch
        helix = Part.makeHelix(pitch, min(2, turns - k) * pitch, r_in)
        helix.translate(point(0, 0, z))
        faces += Part.Wire(helix.Edges).makePipeShell([section(z)], False, True).Faces
    faces += [Part.Face(section(first)), Part.Face(section(first + turns * pitch))]
    sewn = Part.Shell(faces)
    sewn.sewShape()
    tool = Part.Solid(sewn if sewn.ShapeType == 'Shell' else Part.Shell(sewn.Faces))
    if tool.Volume < 0:
        tool.reverse()
    origin = centre + axis * (max(reach) if at_max else min(reach))
    for turn in (0, 137, 251, 53, 199, 307):
        spin = App.Rotation(point(0, 0, 1), axis).multiply(App.Rotation(point(0, 0, 1), turn))
        tool.Placement = App.Placement(origin, spin)
        if abs(shaft.Volume - shaft.cut(tool).Volume - removes) <= 0.01 * removes:
            tool_obj.Shape = tool
            along = [k for k, c in enumerate((axis.x, axis.y, axis.z)) if abs(abs(c) - 1) < 1e-9]
            if along:
                terms = box_terms(shaft_obj)
                for k, c in enumerate('xyz'):
                    key = c.upper() + ('Max' if end == 'top' else 'Min') if k == along[0] else 'Center.' + c
                    tool_obj.setExpression('Placement.Base.' + c, terms[key])
            return
    raise RuntimeError(f'the thread groove could not be cut into the shaft (to remove {removes:.1f} mm3)')
''',
    (BOX_TERMS,),
)


def emit_thread(w: ScriptWriter, node: TaskNode, op: ThreadOp) -> str:
    """The groove as a Part::Feature built from the shaft's recomputed shape, cut from the shaft."""
    name = w.node_names[node.id]
    target = w.results[op.target]
    label = node.label or node.id
    g = groove(op)
    w.comment(f"{node.id}: {thread_text(op)} (minor diameter {num(g.minor_diameter)} mm)")
    w.use(THREAD_TOOL)
    tool = w.names.allocate(f"{node.id}_groove")
    w.line("doc.recompute()")
    w.add_object("Part::Feature", tool, f"{label} groove")
    w.line("thread_tool(")
    w.line(f"    {tool}, {target}, {num(op.nominal / 2)}, {num(op.pitch)}, {num(op.length)}, {op.end!r},")
    w.line(f"    root=({num(g.minor_diameter / 2)}, {num(g.root_width)}),")
    w.line(f"    outer=({num(op.nominal / 2 + g.overcut)}, {num(g.tool_outer_width)}),")
    w.line(f"    start={num(g.start_offset)}, removes={num(g.removed_volume(op.length))},")
    w.line(")")
    w.add_object("Part::Cut", name, label)
    w.assign(name, "Base", target)
    w.assign(name, "Tool", tool)
    _record_thread(w, node, op, name)
    w.features[node.id] = tool
    w.keep_faces = True  # refining the groove's sewn faces breaks the solid
    return name


def _record_thread(w: ScriptWriter, node: TaskNode, op: ThreadOp, name: str) -> None:
    """The thread's designation on the cut, and its nominal diameter, pitch and length bound to the
    spreadsheet."""
    group = "Thread"
    w.line(f"{name}.addProperty('App::PropertyString', 'Thread', {group!r}, 'Modelled external thread')")
    w.assign(name, "Thread", text(op.designation()))
    for prop, field, value, meaning in (
        ("ThreadNominal", "nominal", op.nominal, "Nominal (major) diameter"),
        ("ThreadPitch", "pitch", op.pitch, "Pitch"),
        ("ThreadLength", "length", op.length, "Threaded length"),
    ):
        w.line(f"{name}.addProperty('App::PropertyLength', {prop!r}, {group!r}, {meaning!r})")
        w.bind(name, prop, w.node_param(node.id, field, value))
