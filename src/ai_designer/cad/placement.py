"""Where things go in the emitted script: placements of solids and features on faces.

A creating node's offset is bound to spreadsheet parameters. Rotations and
relative placements (on top of, beside...) need the solid's own size, so the
script measures it at run time (:data:`PLACE`) and binds the position with
expressions that read the other object's bounding box, which keeps the relation
when that object is resized later. Face features (holes, pockets, bosses) are
positioned the same way from the centre of the target's face (:data:`PUT_ON_FACE`).
"""

from __future__ import annotations

from ai_designer.cad.emit import Helper, ScriptWriter
from ai_designer.cad.expressions import num
from ai_designer.schemas.task_graph import Placement

NUM = Helper(
    "num",
    '''
def num(value):
    """A number as expression text."""
    return repr(float(value))
''',
)

AXES = Helper(
    "AXES",
    """
AXES = {'x': App.Vector(1, 0, 0), 'y': App.Vector(0, 1, 0), 'z': App.Vector(0, 0, 1)}
""",
)

BOX_TERMS = Helper(
    "box_terms",
    '''
def box_terms(obj):
    """Expressions for the bounding box of obj (keys XMin..ZMax, XLength..ZLength, Center.x..z).

    Live references when FreeCAD's quick box is tight, so later edits upstream carry through;
    frozen numbers when it is loose (spline surfaces), so positions are right when built.
    """
    tight = obj.Shape.optimalBoundingBox()
    quick = obj.Shape.BoundBox
    values = {
        'XMin': tight.XMin, 'YMin': tight.YMin, 'ZMin': tight.ZMin,
        'XMax': tight.XMax, 'YMax': tight.YMax, 'ZMax': tight.ZMax,
        'XLength': tight.XLength, 'YLength': tight.YLength, 'ZLength': tight.ZLength,
        'Center.x': tight.Center.x, 'Center.y': tight.Center.y, 'Center.z': tight.Center.z,
    }
    pairs = [
        (quick.XMin, tight.XMin), (quick.YMin, tight.YMin), (quick.ZMin, tight.ZMin),
        (quick.XMax, tight.XMax), (quick.YMax, tight.YMax), (quick.ZMax, tight.ZMax),
    ]
    if all(abs(a - b) < 1e-6 for a, b in pairs):
        return {key: obj.Name + '.Shape.BoundBox.' + key for key in values}
    return {key: num(number) for key, number in values.items()}
''',
    (NUM,),
)

PLACE = Helper(
    "place",
    '''
def place(obj, offset, rotation=None, relative_to=None, relation=None, gap='0.0'):
    """Move obj from its canonical spot: turn it about the centre of its box, put it against
    the box of relative_to (on_top_of, below, centered_on, beside_x, beside_y; gap mm apart),
    then shift it by offset. offset and gap are expressions; the position stays bound to them
    and to the box of relative_to."""
    if rotation is not None:
        centre = obj.Shape.optimalBoundingBox().Center
        turn = App.Rotation(AXES[rotation[0]], rotation[1])
        obj.Placement = App.Placement(centre - turn.multVec(centre), turn).multiply(obj.Placement)
    own = obj.Shape.optimalBoundingBox()
    base = obj.Placement.Base
    terms = {'x': [num(base.x), offset[0]], 'y': [num(base.y), offset[1]], 'z': [num(base.z), offset[2]]}
    if relative_to is not None:
        other = box_terms(relative_to)
        centre = {'x': own.Center.x, 'y': own.Center.y, 'z': own.Center.z}
        for axis in 'xyz':
            terms[axis].append(f"({other['Center.' + axis]}) - ({num(centre[axis])})")
        if relation == 'on_top_of':
            terms['z'][-1] = f"({other['ZMax']}) - ({num(own.ZMin)}) + ({gap})"
        elif relation == 'below':
            terms['z'][-1] = f"({other['ZMin']}) - ({num(own.ZMax)}) - ({gap})"
        elif relation == 'beside_x':
            terms['x'][-1] = f"({other['XMax']}) - ({num(own.XMin)}) + ({gap})"
        elif relation == 'beside_y':
            terms['y'][-1] = f"({other['YMax']}) - ({num(own.YMin)}) + ({gap})"
    for axis in 'xyz':
        parts = [f'({term})' for term in terms[axis] if term != '0.0']
        obj.setExpression('Placement.Base.' + axis, ' + '.join(parts) if parts else '0.0')
''',
    (NUM, AXES, BOX_TERMS),
)

FACES = Helper(
    "FACES",
    """
FACES = {  # face: (normal axis, side: +1 on the max side, u axis, v axis)
    'top': ('z', 1, 'x', 'y'), 'bottom': ('z', -1, 'x', 'y'),
    'front': ('y', -1, 'x', 'z'), 'back': ('y', 1, 'x', 'z'),
    'left': ('x', -1, 'y', 'z'), 'right': ('x', 1, 'y', 'z'),
}
OUTWARD = {
    'top': App.Vector(0, 0, 1), 'bottom': App.Vector(0, 0, -1),
    'front': App.Vector(0, -1, 0), 'back': App.Vector(0, 1, 0),
    'left': App.Vector(-1, 0, 0), 'right': App.Vector(1, 0, 0),
}
INTO_FACE = {  # turns local +Z into the material behind the face (drills, counterbores)
    'top': App.Rotation(App.Vector(1, 0, 0), 180), 'bottom': App.Rotation(),
    'front': App.Rotation(App.Vector(1, 0, 0), -90), 'back': App.Rotation(App.Vector(1, 0, 0), 90),
    'left': App.Rotation(App.Vector(0, 1, 0), 90), 'right': App.Rotation(App.Vector(0, 1, 0), -90),
}
ON_FACE = {  # turns a sketch's (x, y) onto the face's (u, v)
    'top': App.Rotation(), 'bottom': App.Rotation(),
    'front': App.Rotation(App.Vector(1, 0, 0), 90), 'back': App.Rotation(App.Vector(1, 0, 0), 90),
    'left': App.Rotation(App.Vector(1, 1, 1), 120), 'right': App.Rotation(App.Vector(1, 1, 1), 120),
}
""",
)

PUT_ON_FACE = Helper(
    "put_on_face",
    '''
def put_on_face(obj, box, face, u, v, lift, turn):
    """Bind obj's placement to the point (u, v) from the centre of a face of box (from box_terms),
    lift mm outside the face, turned by turn. u and v are expressions."""
    normal, side, u_axis, v_axis = FACES[face]
    obj.Placement = App.Placement(App.Vector(0, 0, 0), turn)
    obj.setExpression('Placement.Base.' + u_axis, f"({box['Center.' + u_axis]}) + ({u})")
    obj.setExpression('Placement.Base.' + v_axis, f"({box['Center.' + v_axis]}) + ({v})")
    end = box[normal.upper() + ('Max' if side > 0 else 'Min')]
    obj.setExpression('Placement.Base.' + normal, f"({end}) + ({num(side * lift)})")
''',
    (NUM, FACES),
)

SKETCH_TURN = Helper(
    "sketch_turn",
    '''
def sketch_turn(face, angle):
    """The rotation putting a sketch on a face, its profile turned by angle degrees (u towards v)."""
    return ON_FACE[face].multiply(App.Rotation(App.Vector(0, 0, 1), angle))
''',
    (FACES,),
)

EXTRUDE_FROM_FACE = Helper(
    "extrude_from_face",
    '''
def extrude_from_face(doc, name, label, sketch, face, length, inward):
    """A solid swept from a sketch on a face, into the material (pockets) or out of it (bosses).
    length is an expression."""
    solid = doc.addObject('Part::Extrusion', name)
    solid.Label = label
    solid.Base = sketch
    solid.DirMode = 'Custom'
    solid.Dir = OUTWARD[face] * (-1 if inward else 1)
    solid.Solid = True
    solid.setExpression('LengthFwd', length)
    return solid
''',
    (FACES,),
)

SHOW_ONLY = Helper(
    "show_only",
    '''
def show_only(doc, part):
    """Hide everything but the finished part: the visible top-level solid is exactly the part."""
    for obj in doc.Objects:
        obj.Visibility = obj.Name == part.Name
''',
)

#: Rotation (axis, degrees) turning a primitive built along +Z so that it runs along +axis.
AXIS_TURNS = {"x": ("App.Vector(0, 1, 0)", 90.0), "y": ("App.Vector(1, 0, 0)", -90.0)}


def orient(w: ScriptWriter, var: str, axis: str) -> None:
    """Emit the rotation that turns a +Z primitive onto ``axis`` (nothing for z)."""
    if axis in AXIS_TURNS:
        vector, angle = AXIS_TURNS[axis]
        w.assign(var, "Placement", f"App.Placement(App.Vector(0, 0, 0), App.Rotation({vector}, {angle}))")


def emit_placement(w: ScriptWriter, node_id: str, var: str, placement: Placement, *, measured: bool) -> None:
    """Emit the placement of a created solid.

    Offsets become parameters ``<node>_offset_x|y|z`` (only non-zero ones). With a rotation,
    a relative placement or ``measured`` (the canonical spot is only known at run time),
    the script measures the solid and calls :data:`PLACE`.
    """
    offset = [
        w.node_param(node_id, f"offset_{axis}", value) if value != 0 else "0.0"
        for axis, value in zip("xyz", placement.offset, strict=True)
    ]
    rotation = placement.rotation
    turning = rotation is not None and rotation.angle % 360.0 != 0
    if not turning and placement.relative_to is None and not measured:
        for axis, expression in zip("xyz", offset, strict=True):
            if expression != "0.0":
                w.bind(var, f"Placement.Base.{axis}", expression)
        return
    if not turning and placement.relative_to is None and offset == ["0.0"] * 3:
        return
    w.use(PLACE)
    w.line("doc.recompute()")
    args = [f"({offset[0]!r}, {offset[1]!r}, {offset[2]!r})"]
    if rotation is not None and turning:
        args.append(f"rotation=({rotation.axis!r}, {num(rotation.angle)})")
    if placement.relative_to is not None:
        args.append(f"relative_to={w.results[placement.relative_to]}")
        args.append(f"relation={placement.relation!r}")
        if placement.gap != 0:
            args.append(f"gap={w.node_param(node_id, 'gap', placement.gap)!r}")
    w.line(f"place({var}, {', '.join(args)})")
