"""Profiles as FreeCAD sketches: fully constrained where the shape is regular, bound to parameters.

Rectangles (square or rounded corners), circles, regular polygons and slots are
drawn by run-time helpers that add the geometry with the constraints that fix
it, naming the dimensional ones (``length``, ``width``, ``radius``...). The
compiler binds those to the node's spreadsheet parameters, so editing
``<node>_length`` resizes the sketch and everything built on it. Polylines are
drawn as lines and arcs without dimensions.
"""

from __future__ import annotations

from ai_designer.cad.emit import Helper, ScriptWriter
from ai_designer.cad.expressions import num
from ai_designer.cad.profiles import ArcSegment, polyline_segments
from ai_designer.schemas.task_graph import (
    CircleProfile,
    PolygonProfile,
    PolylineProfile,
    Profile,
    RectangleProfile,
    SlotProfile,
)

ADD_CIRCLE = Helper(
    "add_circle",
    '''
def add_circle(sketch, radius):
    """A circle centred on the origin; constraint 'radius' holds its size."""
    circle = sketch.addGeometry(Part.Circle(App.Vector(0, 0, 0), App.Vector(0, 0, 1), radius))
    sketch.addConstraint(Sketcher.Constraint('Coincident', circle, 3, -1, 1))
    sketch.renameConstraint(sketch.addConstraint(Sketcher.Constraint('Radius', circle, radius)), 'radius')
''',
)

ADD_RECTANGLE = Helper(
    "add_rectangle",
    '''
def add_rectangle(sketch, length, width):
    """A rectangle centred on the origin; constraints 'length' and 'width' hold its size."""
    rule = Sketcher.Constraint
    a, b = length / 2, width / 2
    corners = [App.Vector(-a, -b, 0), App.Vector(a, -b, 0), App.Vector(a, b, 0), App.Vector(-a, b, 0)]
    lines = [sketch.addGeometry(Part.LineSegment(corners[i], corners[(i + 1) % 4])) for i in range(4)]
    for i in range(4):
        sketch.addConstraint(rule('Coincident', lines[i], 2, lines[(i + 1) % 4], 1))
    sketch.addConstraint(rule('Horizontal', lines[0]))
    sketch.addConstraint(rule('Horizontal', lines[2]))
    sketch.addConstraint(rule('Vertical', lines[1]))
    sketch.addConstraint(rule('Vertical', lines[3]))
    sketch.addConstraint(rule('Symmetric', lines[0], 1, lines[1], 2, -1, 1))
    size = sketch.addConstraint(rule('DistanceX', lines[0], 1, lines[0], 2, length))
    sketch.renameConstraint(size, 'length')
    size = sketch.addConstraint(rule('DistanceY', lines[1], 1, lines[1], 2, width))
    sketch.renameConstraint(size, 'width')
''',
)

ADD_ROUNDED_RECTANGLE = Helper(
    "add_rounded_rectangle",
    '''
def add_rounded_rectangle(sketch, length, width, radius):
    """A rectangle with rounded corners centred on the origin; constraints 'length', 'width'
    and 'corner_radius' hold its size."""
    rule, point = Sketcher.Constraint, App.Vector
    a, b, r = length / 2, width / 2, radius
    lines = [
        sketch.addGeometry(Part.LineSegment(point(-a + r, -b, 0), point(a - r, -b, 0))),
        sketch.addGeometry(Part.LineSegment(point(a, -b + r, 0), point(a, b - r, 0))),
        sketch.addGeometry(Part.LineSegment(point(a - r, b, 0), point(-a + r, b, 0))),
        sketch.addGeometry(Part.LineSegment(point(-a, b - r, 0), point(-a, -b + r, 0))),
    ]
    arcs = []
    centres = [(a - r, -b + r), (a - r, b - r), (-a + r, b - r), (-a + r, -b + r)]
    for (x, y), start in zip(centres, (-90, 0, 90, 180)):
        circle = Part.Circle(point(x, y, 0), point(0, 0, 1), r)
        quarter = Part.ArcOfCircle(circle, math.radians(start), math.radians(start + 90))
        arcs.append(sketch.addGeometry(quarter))
    for i in range(4):
        sketch.addConstraint(rule('Tangent', lines[i], 2, arcs[i], 1))
        sketch.addConstraint(rule('Tangent', arcs[i], 2, lines[(i + 1) % 4], 1))
    sketch.addConstraint(rule('Horizontal', lines[0]))
    sketch.addConstraint(rule('Horizontal', lines[2]))
    sketch.addConstraint(rule('Vertical', lines[1]))
    sketch.addConstraint(rule('Vertical', lines[3]))
    for i in range(3):
        sketch.addConstraint(rule('Equal', arcs[i], arcs[i + 1]))
    sketch.renameConstraint(sketch.addConstraint(rule('Radius', arcs[0], r)), 'corner_radius')
    sketch.addConstraint(rule('Symmetric', arcs[3], 3, arcs[1], 3, -1, 1))
    size = sketch.addConstraint(rule('DistanceX', lines[3], 1, lines[1], 1, length))
    sketch.renameConstraint(size, 'length')
    size = sketch.addConstraint(rule('DistanceY', lines[0], 1, lines[2], 1, width))
    sketch.renameConstraint(size, 'width')
''',
)

ADD_POLYGON = Helper(
    "add_polygon",
    '''
def add_polygon(sketch, sides, circumradius):
    """A regular polygon centred on the origin, one vertex on +x; constraint 'circumradius'
    (on a construction circle through the vertices) holds its size."""
    rule, point = Sketcher.Constraint, App.Vector
    circle = sketch.addGeometry(Part.Circle(point(0, 0, 0), point(0, 0, 1), circumradius), True)
    turns = [2 * math.pi * k / sides for k in range(sides)]
    corners = [point(circumradius * math.cos(t), circumradius * math.sin(t), 0) for t in turns]
    edges = [Part.LineSegment(corners[k], corners[(k + 1) % sides]) for k in range(sides)]
    lines = [sketch.addGeometry(edge) for edge in edges]
    sketch.addConstraint(rule('Coincident', circle, 3, -1, 1))
    sketch.renameConstraint(sketch.addConstraint(rule('Radius', circle, circumradius)), 'circumradius')
    for k in range(sides):
        sketch.addConstraint(rule('Coincident', lines[k], 2, lines[(k + 1) % sides], 1))
        sketch.addConstraint(rule('PointOnObject', lines[k], 1, circle))
        if k:
            sketch.addConstraint(rule('Equal', lines[0], lines[k]))
    sketch.addConstraint(rule('PointOnObject', lines[0], 1, -1))
''',
)

ADD_SLOT = Helper(
    "add_slot",
    '''
def add_slot(sketch, length, width):
    """A slot (stadium) centred on the origin along x; constraints 'width' (end diameter) and
    'centres' (distance between the end centres, length - width) hold its size."""
    rule, point = Sketcher.Constraint, App.Vector
    r = width / 2
    c = length / 2 - r
    bottom = sketch.addGeometry(Part.LineSegment(point(-c, -r, 0), point(c, -r, 0)))
    right_end = Part.Circle(point(c, 0, 0), point(0, 0, 1), r)
    right = sketch.addGeometry(Part.ArcOfCircle(right_end, -math.pi / 2, math.pi / 2))
    top = sketch.addGeometry(Part.LineSegment(point(c, r, 0), point(-c, r, 0)))
    left_end = Part.Circle(point(-c, 0, 0), point(0, 0, 1), r)
    left = sketch.addGeometry(Part.ArcOfCircle(left_end, math.pi / 2, 3 * math.pi / 2))
    for first, second in ((bottom, right), (right, top), (top, left), (left, bottom)):
        sketch.addConstraint(rule('Tangent', first, 2, second, 1))
    sketch.addConstraint(rule('Horizontal', bottom))
    sketch.addConstraint(rule('Symmetric', left, 3, right, 3, -1, 1))
    sketch.addConstraint(rule('PointOnObject', right, 3, -1))
    sketch.renameConstraint(sketch.addConstraint(rule('Diameter', right, width)), 'width')
    sketch.renameConstraint(sketch.addConstraint(rule('DistanceX', left, 3, right, 3, 2 * c)), 'centres')
''',
)

ADD_OUTLINE = Helper(
    "add_outline",
    '''
def add_outline(sketch, pieces):
    """A closed outline of ('line', x1, y1, x2, y2) and ('arc', cx, cy, radius, first, last)
    pieces, arcs running counter-clockwise from the first to the last angle (degrees)."""
    for piece in pieces:
        if piece[0] == 'line':
            start, end = App.Vector(piece[1], piece[2], 0), App.Vector(piece[3], piece[4], 0)
            sketch.addGeometry(Part.LineSegment(start, end))
        else:
            circle = Part.Circle(App.Vector(piece[1], piece[2], 0), App.Vector(0, 0, 1), piece[3])
            sketch.addGeometry(Part.ArcOfCircle(circle, math.radians(piece[4]), math.radians(piece[5])))
''',
)


def outline_pieces(profile: PolylineProfile) -> list[str]:
    """The polyline as ``add_outline`` pieces (Python tuple literals)."""
    pieces = []
    for seg in polyline_segments(profile):
        if isinstance(seg, ArcSegment):
            first, last = seg.ccw_angles
            arc = (seg.center[0], seg.center[1], seg.radius, first, last)
            pieces.append(f"('arc', {', '.join(num(v) for v in arc)})")
        else:
            line = (seg.start[0], seg.start[1], seg.end[0], seg.end[1])
            pieces.append(f"('line', {', '.join(num(v) for v in line)})")
    return pieces


def emit_profile_sketch(w: ScriptWriter, node_id: str, profile: Profile, name: str, label: str) -> None:
    """Emit a sketch object ``name`` holding ``profile``, its dimensions bound to ``<node>_<field>``."""
    w.add_object("Sketcher::SketchObject", name, label)
    if isinstance(profile, RectangleProfile):
        length = w.node_param(node_id, "length", profile.length)
        width = w.node_param(node_id, "width", profile.width)
        if profile.corner_radius > 0:
            w.use(ADD_ROUNDED_RECTANGLE)
            w.line(
                f"add_rounded_rectangle({name}, {num(profile.length)}, {num(profile.width)}, "
                f"{num(profile.corner_radius)})"
            )
            w.bind(
                name,
                "Constraints.corner_radius",
                w.node_param(node_id, "corner_radius", profile.corner_radius),
            )
        else:
            w.use(ADD_RECTANGLE)
            w.line(f"add_rectangle({name}, {num(profile.length)}, {num(profile.width)})")
        w.bind(name, "Constraints.length", length)
        w.bind(name, "Constraints.width", width)
    elif isinstance(profile, CircleProfile):
        w.use(ADD_CIRCLE)
        w.line(f"add_circle({name}, {num(profile.radius)})")
        w.bind(name, "Constraints.radius", w.node_param(node_id, "radius", profile.radius))
    elif isinstance(profile, PolygonProfile):
        w.use(ADD_POLYGON)
        w.line(f"add_polygon({name}, {profile.sides}, {num(profile.circumradius)})")
        w.bind(name, "Constraints.circumradius", w.node_param(node_id, "circumradius", profile.circumradius))
    elif isinstance(profile, SlotProfile):
        w.use(ADD_SLOT)
        w.line(f"add_slot({name}, {num(profile.length)}, {num(profile.width)})")
        length = w.node_param(node_id, "length", profile.length)
        width = w.node_param(node_id, "width", profile.width)
        w.bind(name, "Constraints.width", width)
        w.bind(name, "Constraints.centres", f"{length} - {width}")
    else:
        w.use(ADD_OUTLINE)
        w.line(f"add_outline({name}, [")
        for piece in outline_pieces(profile):
            w.line(f"    {piece},")
        w.line("])")
