"""Emitters for features applied to an existing solid: pockets, bosses, fillets, chamfers, shells.

Pockets and bosses are sketches placed on a face of the target's bounding box
and extruded into or out of it. Fillets and chamfers pick their edges with the
geometric selectors when the script runs. Shells hollow the target inwards,
removing the faces on the open sides.
"""

from __future__ import annotations

from ai_designer.cad.edges import EDGE_LIST, FACES_ON_SIDES
from ai_designer.cad.emit import ScriptWriter, text
from ai_designer.cad.expressions import num
from ai_designer.cad.geometry import FACE_FRAMES
from ai_designer.cad.placement import BOX_TERMS, EXTRUDE_FROM_FACE, PUT_ON_FACE, SKETCH_TURN
from ai_designer.cad.readback import edge_pick_text
from ai_designer.cad.sketches import emit_profile_sketch
from ai_designer.schemas.task_graph import (
    BossOp,
    ChamferOp,
    EdgePick,
    FeatureEdges,
    FilletOp,
    PocketOp,
    ShellOp,
    TaskNode,
)


def _label(node: TaskNode) -> str:
    return node.label or node.id


def _face_sketch(w: ScriptWriter, node: TaskNode, op: PocketOp | BossOp) -> tuple[str, str]:
    """Emit the profile sketch turned onto the target's face; returns (box terms variable, sketch name).

    The sketch stays at the origin: the extrusion made from it is what gets placed on the face
    (FreeCAD 0.20 drops a sketch's bound placement once its constraints carry expressions).
    """
    w.use(BOX_TERMS)
    w.use(SKETCH_TURN)
    box = w.names.allocate(f"{node.id}_face")
    sketch = w.names.allocate(f"{node.id}_sketch")
    w.line("doc.recompute()")
    w.line(f"{box} = box_terms({w.results[op.target]})")
    emit_profile_sketch(w, node.id, op.profile, sketch, f"{_label(node)} profile")
    turn = f"sketch_turn({op.face!r}, {num(op.rotation)})"
    w.assign(sketch, "Placement", f"App.Placement(App.Vector(0, 0, 0), {turn})")
    return box, sketch


def _put_on_face(w: ScriptWriter, solid: str, box: str, op: PocketOp | BossOp, lift: float) -> None:
    w.use(PUT_ON_FACE)
    at = f"{num(op.at[0])!r}, {num(op.at[1])!r}"
    w.line(f"put_on_face({solid}, {box}, {op.face!r}, {at}, {num(lift)}, App.Rotation())")


def emit_pocket(w: ScriptWriter, node: TaskNode, op: PocketOp) -> str:
    """A profile extruded into the target from a face (1 mm clear of it) and cut away."""
    depth = "through" if op.depth is None else f"{num(op.depth)} mm deep"
    w.comment(f"{node.id}: {op.profile.shape} pocket, {depth}, in the {op.face} face of '{op.target}'")
    w.use(EXTRUDE_FROM_FACE)
    box, sketch = _face_sketch(w, node, op)
    if op.depth is None:
        length = f"{box}[{'XYZ'[FACE_FRAMES[op.face].normal] + 'Length'!r}] + ' + 2.0'"
    else:
        length = repr(f"{w.node_param(node.id, 'depth', op.depth)} + 1.0")
    tool = w.names.allocate(f"{node.id}_tool")
    label = text(f"{_label(node)} tool")
    w.line(
        f"{tool} = extrude_from_face(doc, {tool!r}, {label}, {sketch}, {op.face!r}, {length}, inward=True)"
    )
    _put_on_face(w, tool, box, op, 1.0)
    name = w.node_names[node.id]
    w.add_object("Part::Cut", name, _label(node))
    w.assign(name, "Base", w.results[op.target])
    w.assign(name, "Tool", tool)
    w.features[node.id] = tool
    return name


def emit_boss(w: ScriptWriter, node: TaskNode, op: BossOp) -> str:
    """A profile extruded out of a face of the target and fused to it."""
    w.comment(
        f"{node.id}: {op.profile.shape} boss {num(op.height)} mm high on the {op.face} face of '{op.target}'"
    )
    w.use(EXTRUDE_FROM_FACE)
    box, sketch = _face_sketch(w, node, op)
    solid = w.names.allocate(f"{node.id}_solid")
    height = repr(w.node_param(node.id, "height", op.height))
    label = text(f"{_label(node)} solid")
    w.line(
        f"{solid} = extrude_from_face(doc, {solid!r}, {label}, {sketch}, {op.face!r}, {height}, inward=False)"
    )
    _put_on_face(w, solid, box, op, 0.0)
    name = w.node_names[node.id]
    w.add_object("Part::Fuse", name, _label(node))
    w.assign(name, "Base", w.results[op.target])
    w.assign(name, "Tool", solid)
    w.assign(name, "Refine", str(not w.keep_faces))
    w.features[node.id] = solid
    return name


def emit_edge_feature(w: ScriptWriter, node: TaskNode, op: FilletOp | ChamferOp) -> str:
    """A Part::Fillet or Part::Chamfer on the edges the selectors pick when the script runs."""
    if isinstance(op, FilletOp):
        type_id, size, what = "Part::Fillet", op.radius, "fillet radius"
    else:
        type_id, size, what = "Part::Chamfer", op.size, "chamfer"
    picks = ", ".join(edge_pick_text(e) for e in op.edges)
    w.comment(f"{node.id}: {what} {num(size)} mm on the {picks} edges of '{op.target}'")
    w.use(EDGE_LIST)
    target = w.results[op.target]
    name = w.node_names[node.id]
    w.line("doc.recompute()")
    w.add_object(type_id, name, _label(node))
    w.assign(name, "Base", target)
    selectors = ", ".join(_pick_code(w, e) for e in op.edges)
    w.assign(name, "Edges", f"edge_list({target}, [{selectors}], {num(size)}, {node.id!r})")
    return name


def _pick_code(w: ScriptWriter, pick: EdgePick) -> str:
    """A selector as the script's select_edges takes it: a name, or a dict naming feature objects."""
    if not isinstance(pick, FeatureEdges):
        return repr(pick)
    meets = w.feature_object(pick.meets) if pick.meets is not None else "None"
    own = w.feature_object(pick.of)
    return f"{{'of': {own}, 'meets': {meets}, 'face': {pick.face!r}, 'kind': {pick.kind!r}}}"


def emit_shell(w: ScriptWriter, node: TaskNode, op: ShellOp) -> str:
    """Walls of the given thickness inside the target: Part::Thickness with open faces, else a hollow."""
    sides = ", ".join(op.open_faces) if op.open_faces else "no"
    w.comment(f"{node.id}: shell of '{op.target}' with {num(op.thickness)} mm walls, {sides} open side(s)")
    target = w.results[op.target]
    name = w.node_names[node.id]
    thickness = w.node_param(node.id, "thickness", op.thickness)
    w.line("doc.recompute()")
    if op.open_faces:
        w.use(FACES_ON_SIDES)
        w.add_object("Part::Thickness", name, _label(node))
        w.assign(name, "Faces", f"({target}, faces_on_sides({target}, {list(op.open_faces)!r}, {node.id!r}))")
        w.assign(name, "Mode", "'Skin'")
        w.assign(name, "Join", "'Intersection'")
        w.bind(name, "Value", f"-{thickness}")
        return name
    inside = w.names.allocate(f"{node.id}_inside")
    w.add_object("Part::Offset", inside, f"{_label(node)} inside")
    w.assign(inside, "Source", target)
    w.assign(inside, "Mode", "'Skin'")
    w.assign(inside, "Join", "'Intersection'")
    w.bind(inside, "Value", f"-{thickness}")
    w.add_object("Part::Cut", name, _label(node))
    w.assign(name, "Base", target)
    w.assign(name, "Tool", inside)
    return name
