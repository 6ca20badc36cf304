"""Emitters for patterns of copies (linear, grid, polar) and mirrors.

A copy is a ``Part::Compound`` linking the target with its own placement, bound
to the pattern's spacing or angle parameter; the copies and the original are
fused (``Part::MultiFuse``), so touching copies become one solid and disjoint
ones stay separate solids.
"""

from __future__ import annotations

from ai_designer.cad.emit import Helper, ScriptWriter, text
from ai_designer.cad.expressions import num
from ai_designer.cad.placement import AXES, NUM
from ai_designer.cad.positions import polar_step_expression, unit
from ai_designer.schemas.task_graph import GridCopyOp, LinearCopyOp, MirrorOp, PolarCopyOp, TaskNode

SHIFTED_COPY = Helper(
    "shifted_copy",
    '''
def shifted_copy(doc, name, label, target, offset):
    """A linked copy of target (Part::Compound) moved by the (x, y, z) offset expressions."""
    copy = doc.addObject('Part::Compound', name)
    copy.Label = label
    copy.Links = [target]
    for axis, expression in zip('xyz', offset):
        if expression != '0.0':
            copy.setExpression('Placement.Base.' + axis, expression)
    return copy
''',
)

TURNED_COPY = Helper(
    "turned_copy",
    '''
def turned_copy(doc, name, label, target, axis, angle, centre):
    """A linked copy of target (Part::Compound) turned by the angle expression (degrees) about
    axis through the centre point."""
    copy = doc.addObject('Part::Compound', name)
    copy.Label = label
    copy.Links = [target]
    copy.Placement = App.Placement(App.Vector(0, 0, 0), App.Rotation(AXES[axis], 1))
    copy.setExpression('Placement.Rotation.Angle', angle)
    a, b = {'x': ('y', 'z'), 'y': ('z', 'x'), 'z': ('x', 'y')}[axis]
    c = dict(zip('xyz', centre))
    if c[a] or c[b]:
        ca, cb = num(c[a]), num(c[b])
        copy.setExpression('Placement.Base.' + a, f'{ca} - (cos({angle}) * {ca} - sin({angle}) * {cb})')
        copy.setExpression('Placement.Base.' + b, f'{cb} - (sin({angle}) * {ca} + cos({angle}) * {cb})')
    return copy
''',
    (NUM, AXES),
)


def _label(node: TaskNode) -> str:
    return node.label or node.id


def _fuse_copies(w: ScriptWriter, node: TaskNode) -> str:
    name = w.node_names[node.id]
    w.add_object("Part::MultiFuse", name, _label(node))
    w.assign(name, "Shapes", "copies")
    w.assign(name, "Refine", str(not w.keep_faces))
    return name


def _single_copy(w: ScriptWriter, node: TaskNode, target: str) -> str:
    name = w.node_names[node.id]
    w.add_object("Part::Compound", name, _label(node))
    w.assign(name, "Links", f"[{target}]")
    return name


def emit_linear_copies(w: ScriptWriter, node: TaskNode, op: LinearCopyOp) -> str:
    """``count`` copies every ``spacing`` along a direction, fused with the original."""
    target = w.results[op.target]
    direction = unit(op.direction)
    w.comment(
        f"{node.id}: {op.count} copies of '{op.target}' every {num(op.spacing)} mm along "
        f"({', '.join(num(d) for d in direction)})"
    )
    if op.count == 1:
        return _single_copy(w, node, target)
    w.use(SHIFTED_COPY)
    spacing = w.node_param(node.id, "spacing", op.spacing)
    prefix = w.names.prefix(f"{node.id}_copy")
    offset = []
    for d in direction:
        if d == 0:
            offset.append("'0.0'")
        else:
            factor = "k" if d == 1 else f"k * {num(d)}"
            offset.append(f"f'{{{factor}}} * {spacing}'")
    w.line(f"copies = [{target}]")
    w.line(f"for k in range(1, {op.count}):")
    label = text(f"{_label(node)} copy ")
    w.line(f"    offset = ({', '.join(offset)})")
    w.line(f"    copies.append(shifted_copy(doc, f'{prefix}_{{k}}', {label} + str(k), {target}, offset))")
    return _fuse_copies(w, node)


def emit_grid_copies(w: ScriptWriter, node: TaskNode, op: GridCopyOp) -> str:
    """A ``columns`` x ``rows`` grid of copies in X and Y, fused with the original."""
    target = w.results[op.target]
    w.comment(
        f"{node.id}: {op.columns} x {op.rows} grid of '{op.target}', every {num(op.spacing_x)} mm in X "
        f"and {num(op.spacing_y)} mm in Y"
    )
    if op.columns * op.rows == 1:
        return _single_copy(w, node, target)
    w.use(SHIFTED_COPY)
    x = f"f'{{i}} * {w.node_param(node.id, 'spacing_x', op.spacing_x)}'" if op.columns > 1 else "'0.0'"
    y = f"f'{{j}} * {w.node_param(node.id, 'spacing_y', op.spacing_y)}'" if op.rows > 1 else "'0.0'"
    prefix = w.names.prefix(f"{node.id}_copy")
    label = text(f"{_label(node)} copy ")
    w.line(f"copies = [{target}]")
    w.line(f"for j in range({op.rows}):")
    w.line(f"    for i in range({op.columns}):")
    w.line("        if i or j:")
    w.line(f"            name, offset = f'{prefix}_{{i}}_{{j}}', ({x}, {y}, '0.0')")
    w.line(f"            copies.append(shifted_copy(doc, name, {label} + f'{{i}},{{j}}', {target}, offset))")
    return _fuse_copies(w, node)


def emit_polar_copies(w: ScriptWriter, node: TaskNode, op: PolarCopyOp) -> str:
    """``count`` copies turned about an axis through ``center``, fused with the original."""
    target = w.results[op.target]
    w.comment(
        f"{node.id}: {op.count} copies of '{op.target}' over {num(op.angle)} deg about {op.axis} through "
        f"({', '.join(num(c) for c in op.center)})"
    )
    if op.count == 1:
        return _single_copy(w, node, target)
    w.use(TURNED_COPY)
    step = polar_step_expression(op, w.node_param(node.id, "angle", op.angle, "deg"))
    prefix = w.names.prefix(f"{node.id}_copy")
    label = text(f"{_label(node)} copy ")
    centre = f"({', '.join(num(c) for c in op.center)})"
    w.line(f"copies = [{target}]")
    w.line(f"for k in range(1, {op.count}):")
    w.line(f"    angle = f'{{k}} * {step}'")
    w.line(
        f"    copies.append(turned_copy(doc, f'{prefix}_{{k}}', {label} + str(k), {target}, "
        f"{op.axis!r}, angle, {centre}))"
    )
    return _fuse_copies(w, node)


#: Normal vector of each mirror plane.
MIRROR_NORMALS = {"yz": "App.Vector(1, 0, 0)", "xz": "App.Vector(0, 1, 0)", "xy": "App.Vector(0, 0, 1)"}


def emit_mirror(w: ScriptWriter, node: TaskNode, op: MirrorOp) -> str:
    """A Part::Mirroring of the target, fused with the original when it is kept."""
    target = w.results[op.target]
    point = ", ".join(num(c) for c in op.point)
    w.comment(f"{node.id}: mirror of '{op.target}' in the {op.plane} plane through ({point})")
    name = w.node_names[node.id]
    mirrored = w.names.allocate(f"{node.id}_mirrored") if op.keep_original else name
    w.add_object(
        "Part::Mirroring", mirrored, f"{_label(node)} mirrored" if op.keep_original else _label(node)
    )
    w.assign(mirrored, "Source", target)
    w.assign(mirrored, "Normal", MIRROR_NORMALS[op.plane])
    w.assign(mirrored, "Base", f"App.Vector({point})")
    if op.keep_original:
        w.add_object("Part::MultiFuse", name, _label(node))
        w.assign(name, "Shapes", f"[{target}, {mirrored}]")
        w.assign(name, "Refine", str(not w.keep_faces))
    return name
