"""Picking edges and faces by geometry at run time (never by the planner's guess of ``EdgeN``).

:data:`SELECT_EDGES` implements the TaskGraph's ``EdgeSelector`` vocabulary on
the real shape: ``all``; ``vertical`` / ``parallel_z`` (straight, along Z);
``parallel_x`` / ``parallel_y``; ``horizontal`` (no extent in Z); ``top``,
``bottom``, ``front``, ``back``, ``left``, ``right`` (lying in that side of the
bounding box); ``circular``; ``straight``; and feature-scoped selectors (dicts naming the
feature's object, another object it meets, a side of the feature's box and a geometric kind:
the edges lying on those objects' surfaces). Several selectors are a union. Seam
edges (a face meeting itself) are never picked. :data:`FACES_ON_SIDES` finds
the faces lying in given sides of the bounding box (the open faces of a shell).
"""

from __future__ import annotations

from ai_designer.cad.emit import Helper

SELECT_EDGES = Helper(
    "select_edges",
    '''
def select_edges(shape, selectors):
    """1-based numbers of the edges of shape matching any of the selectors (seams excluded)."""
    box = shape.optimalBoundingBox()
    tol = 1e-6 * max(1.0, box.DiagonalLength)
    faces_per_edge = {}
    for face in shape.Faces:
        for edge in face.Edges:
            faces_per_edge[edge.hashCode()] = faces_per_edge.get(edge.hashCode(), 0) + 1
    picked = []
    for number, edge in enumerate(shape.Edges, start=1):
        if faces_per_edge.get(edge.hashCode(), 0) < 2:
            continue
        line = isinstance(edge.Curve, Part.Line)
        extent = edge.BoundBox
        flat_x, flat_y, flat_z = extent.XLength < tol, extent.YLength < tol, extent.ZLength < tol
        matches = {
            'all': True,
            'straight': line,
            'circular': isinstance(edge.Curve, Part.Circle),
            'vertical': line and flat_x and flat_y,
            'parallel_z': line and flat_x and flat_y,
            'parallel_x': line and flat_y and flat_z,
            'parallel_y': line and flat_x and flat_z,
            'horizontal': flat_z,
            'top': extent.ZMin > box.ZMax - tol,
            'bottom': extent.ZMax < box.ZMin + tol,
            'front': extent.YMax < box.YMin + tol,
            'back': extent.YMin > box.YMax - tol,
            'left': extent.XMax < box.XMin + tol,
            'right': extent.XMin > box.XMax - tol,
        }
        if any(
            matches[selector] if isinstance(selector, str)
            else matches[selector['kind']] and made_by(edge, selector, tol)
            for selector in selectors
        ):
            picked.append(number)
    return picked


def on_surface(edge, shape, tol):
    """True when three points along edge lie on a face of shape."""
    faces = Part.Compound(shape.Faces)
    first, last = edge.FirstParameter, edge.LastParameter
    for t in (0.25, 0.5, 0.75):
        point = edge.valueAt(first + t * (last - first))
        if faces.distToShape(Part.Vertex(point))[0] > tol:
            return False
    return True


def made_by(edge, selector, tol):
    """True when edge lies on the surface of the selector's feature object (and of 'meets', and in
    the 'face' side of the feature's box)."""
    own = selector['of'].Shape
    if not on_surface(edge, own, tol):
        return False
    if selector['meets'] is not None and not on_surface(edge, selector['meets'].Shape, tol):
        return False
    side = selector['face']
    if side is None:
        return True
    box, extent = own.optimalBoundingBox(), edge.BoundBox
    return {
        'top': extent.ZMin > box.ZMax - tol, 'bottom': extent.ZMax < box.ZMin + tol,
        'front': extent.YMax < box.YMin + tol, 'back': extent.YMin > box.YMax - tol,
        'left': extent.XMax < box.XMin + tol, 'right': extent.XMin > box.XMax - tol,
    }[side]
''',
)

EDGE_LIST = Helper(
    "edge_list",
    '''
def edge_list(obj, selectors, size, feature):
    """Part::Fillet / Part::Chamfer edge entries (number, size, size) for the selected edges of obj."""
    numbers = select_edges(obj.Shape, selectors)
    if not numbers:
        raise ValueError(f'{feature}: no edge of {obj.Label} matches {selectors}')
    return [(number, size, size) for number in numbers]
''',
    (SELECT_EDGES,),
)

FACES_ON_SIDES = Helper(
    "faces_on_sides",
    '''
def faces_on_sides(obj, sides, feature):
    """Names (FaceN) of the faces of obj lying in the given sides of its bounding box."""
    shape = obj.Shape
    box = shape.optimalBoundingBox()
    tol = 1e-6 * max(1.0, box.DiagonalLength)
    names = []
    for number, face in enumerate(shape.Faces, start=1):
        extent = face.BoundBox
        lies_on = {
            'top': extent.ZMin > box.ZMax - tol, 'bottom': extent.ZMax < box.ZMin + tol,
            'front': extent.YMax < box.YMin + tol, 'back': extent.YMin > box.YMax - tol,
            'left': extent.XMax < box.XMin + tol, 'right': extent.XMin > box.XMax - tol,
        }
        if any(lies_on[side] for side in sides):
            names.append(f'Face{number}')
    if not names:
        raise ValueError(f'{feature}: {obj.Label} has no face on its {sides} side')
    return names
''',
)
