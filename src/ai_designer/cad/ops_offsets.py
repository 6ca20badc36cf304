"""Emitters for offset pockets and bosses: bands, rims, inset pockets and plateaus.

The script takes the outline of the target's face when it runs (:data:`FACE_OUTLINE`:
the largest flat face on that side), keeps it as a ``Part::Feature``, and offsets it
inwards with ``Part::Offset2D`` objects bound to the spreadsheet (inset, inset + width);
the band between them (or the inset face) is extruded into the target and cut away,
or out of it and fused.
"""

from __future__ import annotations

from ai_designer.cad.emit import Helper, ScriptWriter
from ai_designer.cad.expressions import num
from ai_designer.cad.placement import FACES
from ai_designer.schemas.task_graph import OffsetBossOp, OffsetPocketOp, TaskNode

FACE_OUTLINE = Helper(
    "face_outline",
    '''
def face_outline(shape, face, feature):
    """A flat face bounded by the outer edge of the largest flat face of shape on the given side."""
    normal = OUTWARD[face]
    box = shape.optimalBoundingBox()
    tol = 1e-6 * max(1.0, box.DiagonalLength)
    axis, side = FACES[face][0], FACES[face][1]
    def ends(b):
        return {'x': (b.XMin, b.XMax), 'y': (b.YMin, b.YMax), 'z': (b.ZMin, b.ZMax)}[axis]
    end = ends(box)[1 if side > 0 else 0]
    best = None
    for candidate in shape.Faces:
        if not isinstance(candidate.Surface, Part.Plane):
            continue
        u0, u1, v0, v1 = candidate.ParameterRange
        if candidate.normalAt((u0 + u1) / 2, (v0 + v1) / 2).dot(normal) < 1 - 1e-9:
            continue
        if abs(ends(candidate.BoundBox)[1 if side > 0 else 0] - end) > tol:
            continue
        if best is None or candidate.Area > best.Area:
            best = candidate
    if best is None:
        raise ValueError(f'{feature}: no flat face on the {face} side of the target')
    return Part.Face(best.OuterWire)
''',
    (FACES,),
)


def _label(node: TaskNode) -> str:
    return node.label or node.id


def _offset(w: ScriptWriter, node: TaskNode, outline: str, which: str, amount: str) -> str:
    name = w.names.allocate(f"{node.id}_{which}")
    w.add_object("Part::Offset2D", name, f"{_label(node)} {which} edge")
    w.assign(name, "Source", outline)
    w.assign(name, "Join", "'Intersection'")
    w.bind(name, "Value", f"-({amount})")
    return name


def _region(w: ScriptWriter, node: TaskNode, op: OffsetPocketOp | OffsetBossOp) -> str:
    """The face outline, offset inwards, less the inner offset for a band; returns the region's object."""
    w.use(FACE_OUTLINE)
    target = w.results[op.target]
    outline = w.names.allocate(f"{node.id}_outline")
    w.line("doc.recompute()")
    w.add_object("Part::Feature", outline, f"{_label(node)} face outline")
    w.assign(outline, "Shape", f"face_outline({target}.Shape, {op.face!r}, {node.id!r})")
    outer = outline
    inset = w.node_param(node.id, "inset", op.inset)
    if op.inset > 0:
        outer = _offset(w, node, outline, "outer", inset)
    if op.width is None:
        return outer
    width = w.node_param(node.id, "width", op.width)
    inner = _offset(w, node, outline, "inner", f"{inset} + {width}")
    region = w.names.allocate(f"{node.id}_band")
    w.add_object("Part::Cut", region, f"{_label(node)} band")
    w.assign(region, "Base", outer)
    w.assign(region, "Tool", inner)
    return region


def _extrusion(
    w: ScriptWriter, name: str, label: str, region: str, face: str, inward: bool, length: str
) -> None:
    w.add_object("Part::Extrusion", name, label)
    w.assign(name, "Base", region)
    w.assign(name, "DirMode", "'Custom'")
    w.assign(name, "Dir", f"OUTWARD[{face!r}] * {-1 if inward else 1}")
    w.assign(name, "Solid", "True")
    w.bind(name, "LengthFwd", length)
    if inward:
        w.assign(name, "LengthRev", "1.0")


def emit_offset_pocket(w: ScriptWriter, node: TaskNode, op: OffsetPocketOp) -> str:
    """The offset region extruded into the target (from 1 mm outside its face) and cut away."""
    kind = f"{num(op.width)} mm band" if op.width is not None else "inset pocket"
    w.comment(f"{node.id}: {kind} {num(op.inset)} mm in from the edge of the {op.face} face of '{op.target}'")
    region = _region(w, node, op)
    tool = w.names.allocate(f"{node.id}_tool")
    depth = w.node_param(node.id, "depth", op.depth)
    _extrusion(w, tool, f"{_label(node)} tool", region, op.face, True, depth)
    name = w.node_names[node.id]
    w.add_object("Part::Cut", name, _label(node))
    w.assign(name, "Base", w.results[op.target])
    w.assign(name, "Tool", tool)
    w.features[node.id] = tool
    return name


def emit_offset_boss(w: ScriptWriter, node: TaskNode, op: OffsetBossOp) -> str:
    """The offset region extruded out of the target's face and fused to it."""
    kind = f"{num(op.width)} mm rim" if op.width is not None else "plateau"
    w.comment(f"{node.id}: {kind} {num(op.inset)} mm in from the edge of the {op.face} face of '{op.target}'")
    region = _region(w, node, op)
    solid = w.names.allocate(f"{node.id}_solid")
    height = w.node_param(node.id, "height", op.height)
    _extrusion(w, solid, f"{_label(node)} solid", region, op.face, False, height)
    name = w.node_names[node.id]
    w.add_object("Part::Fuse", name, _label(node))
    w.assign(name, "Base", w.results[op.target])
    w.assign(name, "Tool", solid)
    w.assign(name, "Refine", str(not w.keep_faces))
    w.features[node.id] = solid
    return name
