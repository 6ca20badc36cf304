"""Shapes with their features → one graph: build order, placement against each other, copies.

A shape placed against another ("on top of", "beside") is built after it and its creating
node gets a relative :class:`~ai_designer.schemas.task_graph.Placement`. Several of the same
shape ("three cubes in a row") become one shape and a linear copy.
"""

from __future__ import annotations

from ai_designer.cad.geometry import Vec
from ai_designer.cad.operations import analyse
from ai_designer.planner.audit import use
from ai_designer.planner.build import Frame, GraphBuilder, fmt, refuse, singular
from ai_designer.planner.catalog import build_shape
from ai_designer.planner.chunks import Position, Spacing
from ai_designer.planner.features import build_feature, build_features, feature_face
from ai_designer.planner.model import BodySpec
from ai_designer.planner.positions import Layout, shifted
from ai_designer.schemas.task_graph import (
    CREATING_OPS,
    BooleanOp,
    Face,
    HoleOp,
    LinearCopyOp,
    Placement,
    TaskGraph,
    TaskNode,
)

#: relation word → (Placement relation, placed the other way round)
_RELATIONS: dict[str, tuple[str, bool]] = {
    "on_top_of": ("on_top_of", False),
    "stacked": ("on_top_of", False),
    "below": ("below", False),
    "beside": ("beside_x", False),
    "behind": ("beside_y", False),
    "left_of": ("beside_x", True),
    "in_front_of": ("beside_y", True),
}
_DIRECTIONS = {
    "row": ((1.0, 0.0, 0.0), 0),
    "column": ((0.0, 0.0, 1.0), 2),
    "along_width": ((0.0, 1.0, 0.0), 1),
}


def assemble(bodies: list[BodySpec], g: GraphBuilder, built: dict[int, Frame] | None = None) -> None:
    """Add the nodes of every shape to ``g``, in an order where references come first.

    Shapes in ``built`` (by ``id()``) exist already: they are only placed against.
    """
    placements: dict[int, tuple[str, BodySpec]] = {}
    for body in bodies:
        if body.relation is None:
            continue
        word, other = body.relation
        relation, swapped = _RELATIONS[word]
        subject, reference = (other, body) if swapped else (body, other)
        placements[id(subject)] = (relation, reference)
    _to_free_ends(bodies, placements)
    _share_axes(bodies, placements)
    frames: dict[int, Frame] = dict(built or {})
    for body in _ordered(bodies, placements):
        if id(body) in frames:
            continue
        frame = build_shape(body, g)
        _use_orientation(body, frame)
        placed = placements.get(id(body))
        if placed is not None:
            relation, reference = placed
            _coaxial(body, reference, frame, relation, frames[id(reference)])
            _place(body, frame, relation, frames[id(reference)], g)
            _into_joined(body, frame, _CONTACT_FACE.get(relation))
        frame = build_features(body, frame, g)
        if (body.count or 1) > 1:
            frame.tip = _copies(body, frame, g)
        frames[id(body)] = frame
    _through_all(bodies, frames, g)


#: the face of a shape that stands against the one it is placed on
_CONTACT_FACE: dict[str, Face] = {"on_top_of": "bottom", "below": "top"}
#: features cut into a face (the ones that would be sealed in by the shape against that face)
_CUT_KINDS = frozenset({"hole", "bore", "pocket", "slot", "cutout"})


def _into_joined(body: BodySpec, frame: Frame, contact: Face | None) -> None:
    """ "A hemisphere on the cylinder; a hole into the bottom face": that face of the hemisphere
    lies on the cylinder, so the hole goes into the bottom face of the joined part (cut into the
    hemisphere alone, it would be a cavity sealed in by the cylinder)."""
    if contact is None or (body.count or 1) > 1:
        return
    for feature in body.features:
        if feature.kind in _CUT_KINDS and feature_face(feature, frame) == contact:
            feature.on_joined = True


def _through_all(bodies: list[BodySpec], frames: dict[int, Frame], g: GraphBuilder) -> None:
    """Holes "through both" or "through the block and the plate" go through the joined shapes, and
    cuts into a face a shape stands on go into the joined shapes' face.

    The shapes are joined first; each hole is then placed on the joined part's face, moved so
    that it stays where it was said to be on its own shape (its centre, its corners...).
    """
    holes = [(body, f) for body in bodies for f in body.features if f.through_all or f.on_joined]
    if not holes:
        return
    tips = list(dict.fromkeys(frames[id(b)].tip for b in bodies if id(b) in frames))
    if len(tips) < 2:  # "straight through both walls" of one tube: through that shape
        for body, hole in holes:
            frames[id(body)].tip = build_feature(hole, body, frames[id(body)], g)
        return
    joined = g.add("joined", BooleanOp(operation="union", operands=tips), "Joined shapes")
    for body, hole in holes:
        facts = analyse(TaskGraph(nodes=g.nodes))
        whole, own = facts[joined].bbox, facts[frames[id(body)].tip].bbox
        if whole is None or own is None:
            raise refuse("the size of the joined shapes is not known", words=[hole.text])
        frame = Frame("box", joined, joined, whole.size, frames[id(body)].axis)
        before = len(g.nodes)
        tip = build_feature(hole, body, frame, g)
        face: Face = getattr(g.nodes[-1].operation, "face", "top")
        du, dv = _face_offset(own.center, whole.center, face)
        g.nodes[before:] = [_moved(n, du, dv, frame.face_size(face)) for n in g.nodes[before:]]
        joined = tip


#: The axes (u, v) of each face run along (0 = X, 1 = Y, 2 = Z).
_FACE_UV = {"top": (0, 1), "bottom": (0, 1), "front": (0, 2), "back": (0, 2), "left": (1, 2), "right": (1, 2)}


def _face_offset(own: Vec, whole: Vec, face: str) -> tuple[float, float]:
    """Where a shape's centre is on a face of the joined part, as (u, v) from that face's centre."""
    u, v = _FACE_UV[face]
    return own[u] - whole[u], own[v] - whole[v]


def _moved(node: TaskNode, du: float, dv: float, face: tuple[float, float]) -> TaskNode:
    """A hole node moved by (du, dv) on its face, of size ``face``."""
    op = node.operation
    if not isinstance(op, HoleOp) or (du, dv) == (0.0, 0.0):
        return node
    here = Layout(at=list(op.at), pattern=op.pattern, from_edges=list(op.from_edges), face=face)
    layout = shifted(here, du, dv)
    fields = {"at": layout.at, "pattern": layout.pattern, "from_edges": layout.from_edges}
    moved = op.model_copy(update=fields)
    return node.model_copy(update={"operation": moved})


def _ordered(bodies: list[BodySpec], placements: dict[int, tuple[str, BodySpec]]) -> list[BodySpec]:
    done: list[BodySpec] = []

    def visit(body: BodySpec, path: tuple[int, ...]) -> None:
        if any(b is body for b in done):
            return
        if id(body) in path:
            raise refuse("the shapes are placed against each other in a circle", words=[body.text])
        if id(body) in placements:
            visit(placements[id(body)][1], (*path, id(body)))
        done.append(body)

    for body in bodies:
        visit(body, ())
    return done


def _use_orientation(body: BodySpec, frame: Frame) -> None:
    """ "centred" and "standing upright" say what a shape is by default: they are used as said.

    A shape is centred on the one it stands on (or on the origin), and stands along Z.
    """
    for position in body.positions:
        if isinstance(position, Position) and position.kind == "center":
            use(position)  # centred: how shapes are put together anyway
        if isinstance(position, Position) and position.kind == "axial" and body.relation is None:
            use(position)
        if isinstance(position, Position) and position.kind == "vertical" and frame.axis in (None, "z"):
            use(position)
        if isinstance(position, Position) and position.kind == "flat_down" and body.kind == "hemisphere":
            use(position)  # a hemisphere is made flat side down


#: the side of the reference a shape is put against, by relation; and each side's opposite
_RELATION_SIDE = {"on_top_of": "top", "below": "bottom", "beside_x": "right", "beside_y": "back"}
_OPPOSITE = {
    "top": "bottom",
    "bottom": "top",
    "right": "left",
    "left": "right",
    "back": "front",
    "front": "back",
}


def _to_free_ends(bodies: list[BodySpec], placements: dict[int, tuple[str, BodySpec]]) -> None:
    """ "chamfer the free right-hand end of the shaft": the treatment goes to the shape whose end
    that is, following the shapes put against that side (the shaft's right end may be its last step)."""
    by_id = {id(b): b for b in bodies}

    def owner(body: BodySpec, side: str, seen: set[int]) -> BodySpec:
        seen = seen | {id(body)}
        for key, (relation, reference) in placements.items():
            if reference is body and _RELATION_SIDE.get(relation) == side and key not in seen:
                return owner(by_id[key], side, seen)
        if id(body) in placements:
            relation, reference = placements[id(body)]
            if _OPPOSITE.get(_RELATION_SIDE.get(relation, "")) == side and id(reference) not in seen:
                return owner(reference, side, seen)
        return body

    for body in bodies:
        for feature in list(body.features):
            edges = feature.edges.adjectives if feature.edges is not None else []
            sides = {a.removeprefix("free_") for a in edges if a.startswith("free_")}
            if feature.kind not in ("fillet", "chamfer") or len(sides) != 1:
                continue
            target = owner(body, sides.pop(), set())
            if target is not body:
                body.features.remove(feature)
                target.features.append(feature)


#: the direction a shape is put against another one in, by relation
_RELATION_AXIS = {"on_top_of": "z", "below": "z", "beside_x": "x", "beside_y": "y"}


def _axial(body: BodySpec) -> list[Position]:
    return [p for p in body.positions if isinstance(p, Position) and p.kind == "axial"]


def _own_axis(body: BodySpec) -> str | None:
    laid = [
        p for p in body.positions if isinstance(p, Position) and p.kind in ("axis", "lying_axis", "lying")
    ]
    return (laid[0].axis or "x") if laid else None


def _share_axes(bodies: list[BodySpec], placements: dict[int, tuple[str, BodySpec]]) -> None:
    """ "a 20 mm cylinder on the same axis" (its own axis not said): it lies along the axis said for
    the shape it is put against."""
    by_id = {id(b): b for b in bodies}
    for key, (_, reference) in placements.items():
        subject = by_id[key]
        for body, other in ((subject, reference), (reference, subject)):
            axis = _own_axis(other)
            if _axial(body) and _own_axis(body) is None and axis is not None:
                body.positions.append(Position(kind="axis", axis=axis, text="same axis", used=True))


def _coaxial(body: BodySpec, other: BodySpec, frame: Frame, relation: str, reference: Frame) -> None:
    """ "on the same axis": true when both round shapes lie along the direction they are put together
    in (then, centred against each other, they are coaxial); else the words stay unused (refused)."""
    if frame.axis is not None and frame.axis == reference.axis == _RELATION_AXIS.get(relation):
        use(*_axial(body), *_axial(other))


def _place(body: BodySpec, frame: Frame, relation: str, reference: Frame, g: GraphBuilder) -> None:
    spacing = next((p for p in body.positions if isinstance(p, Spacing) and (body.count or 1) == 1), None)
    gap = spacing.qty.mm if spacing is not None else 0.0
    use(spacing)
    placement = Placement(
        relative_to=reference.tip, relation=relation, gap=gap, offset=_alignment(body, frame, reference)
    )
    for i, node in enumerate(g.nodes):
        if node.id == frame.body_id:
            if node.operation.op not in CREATING_OPS:
                raise refuse("this shape cannot be placed against another one", words=[body.text])
            op = node.operation.model_copy(update={"placement": placement})
            g.nodes[i] = node.model_copy(update={"operation": op})


#: "at the left end": the side a shape is flush with, as (axis index, direction)
_SIDE_AXES = {"left": (0, -1.0), "right": (0, 1.0), "front": (1, -1.0), "back": (1, 1.0)}


def _alignment(body: BodySpec, frame: Frame, reference: Frame) -> tuple[float, float, float]:
    """The shift that puts a shape flush with a side of the one it is placed on ("at the left end")."""
    offset = [0.0, 0.0, 0.0]
    for position in body.positions:
        if isinstance(position, Position) and position.kind == "end" and position.faces[0] in _SIDE_AXES:
            axis, direction = _SIDE_AXES[position.faces[0]]
            offset[axis] = direction * (reference.size[axis] - frame.size[axis]) / 2
            use(position)
    return offset[0], offset[1], offset[2]


def _copies(body: BodySpec, frame: Frame, g: GraphBuilder) -> str:
    count = body.count or 1
    use(body.count_source)
    kinds = {p.kind for p in body.positions if isinstance(p, Position)}
    arrangement = next((k for k in ("column", "along_width", "row") if k in kinds), "row")
    use(*(p for p in body.positions if isinstance(p, Position) and p.kind == arrangement))
    direction, index = _DIRECTIONS[arrangement]
    size = frame.size[index]
    spacing = next((p for p in body.positions if isinstance(p, Spacing)), None)
    use(spacing)
    if spacing is None:
        pitch = size
        g.note(f"gap between the {count} copies not given: touching")
    elif spacing.kind == "pitch":
        pitch = spacing.qty.mm
    else:
        pitch = size + spacing.qty.mm
    if pitch < size - 1e-9:
        g.note("the copies overlap: they are joined into one solid")
    label = f"{count} x {body.noun} every {fmt(pitch)} mm"
    op = LinearCopyOp(target=frame.tip, count=count, spacing=pitch, direction=direction)
    return g.add(f"{singular(body.noun)}_copies", op, label)
