"""Features: holes (with counterbores, countersinks, clearance sizes), pockets, cutouts, slots,
fillets, chamfers and shells, chained onto a built shape.

Edge treatments come first (so "vertical edges" means the outside of the block, not the
seams of holes), then shells, then holes and cuts.
"""

from __future__ import annotations

from collections.abc import Callable

from ai_designer.cad.operations import analyse
from ai_designer.planner.audit import use
from ai_designer.planner.build import Frame, GraphBuilder, build_inner, fmt, origin_of, refuse
from ai_designer.planner.chunks import EdgeSet, Position, Spacing
from ai_designer.planner.edge_count import edge_count
from ai_designer.planner.flats import build_flat, check_d_shaft, into_flat
from ai_designer.planner.model import BodySpec, FeatureSpec
from ai_designer.planner.positions import FACE_AXES, FaceSpot, Layout, layout, shifted
from ai_designer.planner.radial import centre_along_axis, one_wall_depth
from ai_designer.planner.standards import (
    FITS,
    clearance_hole,
    coarse_thread,
    counterbore_for,
    countersink_for,
    keyway_for_shaft,
    tap_drill,
    thread_size,
)
from ai_designer.schemas.task_graph import (
    ChamferOp,
    CircleProfile,
    Counterbore,
    Countersink,
    EdgeSelector,
    Face,
    FilletOp,
    HoleOp,
    PocketOp,
    RectangleProfile,
    ShellOp,
    SlotProfile,
    TaskGraph,
    TaskNode,
    ThreadOp,
)

_PHASE = {"fillet": 0, "chamfer": 0, "shell": 1}
_CUTS = frozenset({"slot", "pocket", "cutout"})
_END_FACE: dict[str, Face] = {"z": "top", "x": "right", "y": "back"}
_AXIS_FACE: dict[str, Face] = {"z": "top", "x": "right", "y": "front"}
_END_EDGES: dict[str, list[EdgeSelector]] = {
    "z": ["top", "bottom"],
    "x": ["left", "right"],
    "y": ["front", "back"],
}
_EDGE_WORDS: dict[str, EdgeSelector] = {
    "vertical": "vertical",
    "top": "top",
    "bottom": "bottom",
    "horizontal": "horizontal",
    "outer": "all",
    "front": "front",
    "back": "back",
    "left": "left",
    "right": "right",
    "circular": "circular",
    "straight": "straight",
    "side": "vertical",
    "parallel_x": "parallel_x",
    "parallel_y": "parallel_y",
    "parallel_z": "vertical",
    **{f"free_{side}": side for side in ("top", "bottom", "left", "right")},
}
_SIDES = frozenset({"top", "bottom", "front", "back", "left", "right"})


def implied_features(body: BodySpec, g: GraphBuilder) -> list[FeatureSpec]:
    """Features the shape itself implies: the shell of an open box or cup, rounded plate corners."""
    implied: list[FeatureSpec] = []
    check_d_shaft(body)
    v = body.values
    shellable = body.kind in ("box", "base", "cube", "sphere", "hemisphere")
    hollow = body.kind == "container" or (shellable and ("wall" in v or "hollow" in body.adjectives))
    if hollow and not any(f.kind == "shell" for f in body.features):
        if "wall" not in v:
            v["wall"] = 2.0
            g.note("wall thickness not given: assumed 2 mm")
        implied.append(FeatureSpec(kind="shell", noun="shell", values={"thickness": v["wall"]}))
    if body.kind == "nut" and "thread" in v and not any(f.kind in ("hole", "bore") for f in body.features):
        size = f"M{fmt(v['thread'])}"
        g.note(f"{size} nut: {fmt(v['thread'])} mm hole, the thread's major diameter (cosmetic thread)")
        implied.append(
            FeatureSpec(
                kind="hole",
                noun="hole",
                values={"diameter": v["thread"]},
                flags={"through", "tapped"},
                clearance=size,
            )
        )
    if "corner_radius" in v and body.kind in ("box", "base"):
        edges = EdgeSet(noun="corners")
        implied.append(
            FeatureSpec(kind="fillet", noun="corners", values={"radius": v["corner_radius"]}, edges=edges)
        )
    return implied


def build_order(feature: FeatureSpec, stepwise: bool) -> tuple[int, int]:
    """Where a feature is built among its shape's: by step when the request is written in steps.

    Edge treatments of the shape's own edges (their number stated, "the four vertical edges", or
    "the outer edges") are built on the plain shape, whatever step they were written in.
    """
    treated = feature.kind in ("fillet", "chamfer")
    own = treated and (stated_edge_count(feature) is not None or _outer(feature.edges))
    return (feature.step if stepwise and not own else 0, phase(feature.kind))


def _outer(edges: EdgeSet | None) -> bool:
    return edges is not None and "outer" in edges.adjectives


def phase(kind: str) -> int:
    """Order of features on a shape: edge treatments (0), shells (1), holes and cuts (2)."""
    return _PHASE.get(kind, 2)


def build_features(body: BodySpec, frame: Frame, g: GraphBuilder) -> Frame:
    """Chain every feature of ``body`` onto ``frame``; returns the frame with its new tip."""
    features = implied_features(body, g) + [f for f in body.features if not (f.through_all or f.on_joined)]
    ordered = sorted(features, key=lambda f: build_order(f, g.stepwise))
    outer = [f for f in ordered if f.kind in ("fillet", "chamfer") and _outer(f.edges)]
    if frame.inner is not None:  # a tube's outer edges are treated before its bore is cut
        ordered = outer + [f for f in ordered if f not in outer]
    for feature in ordered:
        if feature not in outer:
            build_inner(frame, g)
        frame.tip = build_feature(feature, body, frame, g)
    build_inner(frame, g)
    return frame


def build_feature(feature: FeatureSpec, body: BodySpec, frame: Frame, g: GraphBuilder) -> str:
    """The node(s) of one feature on ``frame.tip``; returns the id of the last one."""
    return BUILDERS[feature.kind](feature, body, frame, g)


def feature_face(feature: FeatureSpec, frame: Frame) -> Face:
    """The face a hole or cut goes in: as said ("from the front"), along an axis, else the top.

    A cross hole goes through the side of a round shape, across its axis.
    """
    if "cross" in feature.flags and frame.axis is not None:
        side: Face = {"z": "front", "x": "top", "y": "top"}[frame.axis]  # type: ignore[assignment]
        if side == "top":  # across a lying shaft, from the top: "vertically" says so too
            use(*(p for p in feature.positions if isinstance(p, Position) and p.kind == "vertical"))
        return side
    for p in feature.positions:  # a face said wins: "on the centreline along X ..., from the top"
        if isinstance(p, Position) and p.kind in ("face", "face_through") and p.faces:
            use(p)
            return p.faces[0]  # type: ignore[return-value]
    for p in feature.positions:
        if isinstance(p, Position) and p.kind == "axial":
            use(p)  # "through its axis": into the end of a round shape, at its centre
            return _END_FACE.get(frame.axis or "z", "top")
        if isinstance(p, Position) and p.kind == "vertical":
            use(p)  # "drilled vertically": from the top (across a shaft lying along X or Y)
            return "top"
        if isinstance(p, Position) and p.kind == "axis" and p.axis:
            if feature.kind in _CUTS and p.axis != "z":
                continue  # "a slot along the X axis": which way it runs (_runs_across), not where it goes in
            use(p)
            return _AXIS_FACE[p.axis]
    return "top"


def _runs_across(feature: FeatureSpec, face: Face) -> bool:
    """True when a cut runs along the face's v direction ("across the width", "along the Y axis")."""
    across = False
    u, v, normal = FACE_AXES[face]
    for p in feature.positions:
        if isinstance(p, Position) and p.kind == "along_width":
            across = True
        if isinstance(p, Position) and p.kind == "along_length":
            use(p)
        if isinstance(p, Position) and p.kind == "axis" and p.axis in (u, v, normal):
            across = across or p.axis == v
            use(p)
    return across


def place(
    feature: FeatureSpec, frame: Frame, extent: tuple[float, float], g: GraphBuilder
) -> tuple[Face, Layout]:
    """The face a feature goes on and its positions there (inside a named part, if any)."""
    face = feature_face(feature, frame)
    if feature.part is not None and feature.part not in frame.parts:
        named = " or ".join(f"the {p}" for p in frame.parts) or "a part of the shape"
        raise refuse(
            f"it is not clear which part of the shape this goes in (say {named})", words=[feature.text]
        )
    part = feature.part or ("base" if face == "top" and "base" in frame.parts else None)
    if part not in frame.parts:
        return face, layout(feature, _spot(frame, face, g), extent, g)
    assert part is not None
    face, (du, dv), (cu, cv) = frame.parts[part]
    # distances from a part's edges are not distances from the whole shape's: offsets from its centre
    return face, shifted(layout(feature, FaceSpot(du, dv, name=face), extent, g).resolved(), cu, cv)


def measured_on(places: Layout, target: str, face: Face, nodes: list[TaskNode]) -> Layout:
    """``places`` with its edge-measured positions kept only where the model measures them from the
    same face: the compiled holes read the face from the target's bounding box, which must then be
    the face the positions were laid out on (else they become offsets from the centre)."""
    if not places.from_edges:
        return places
    facts = analyse(TaskGraph(nodes=nodes)).get(target)
    if facts is None or facts.bbox is None or not facts.exact_bbox:
        return places.resolved()
    size = facts.bbox.face_size(face)
    if any(abs(a - b) > 1e-6 for a, b in zip(size, places.face, strict=True)):
        return places.resolved()
    return places


def _spot(frame: Frame, face: Face, g: GraphBuilder) -> FaceSpot:
    du, dv = frame.face_size(face)
    bore = next(
        (
            n.operation.diameter
            for n in g.nodes
            if isinstance(n.operation, HoleOp)
            and origin_of(n) == "bore"
            and n.operation.at in ([], [(0.0, 0.0)])
            and not n.operation.from_edges
        ),
        None,
    )
    return FaceSpot(du, dv, round=frame.face_is_round(face), bore=bore, name=face)


def _through_said(feature: FeatureSpec) -> bool:
    said = [p for p in feature.positions if isinstance(p, Position) and p.kind in ("through", "face_through")]
    use(*said)
    return "through" in feature.flags or bool(said)


def _hole(feature: FeatureSpec, body: BodySpec, frame: Frame, g: GraphBuilder) -> str:
    diameter = feature.values.get("diameter")
    if "tapped" in feature.flags and feature.clearance is None:
        raise refuse("a tapped hole needs its thread size (e.g. M5)", words=[feature.text])
    if diameter is None and feature.clearance is not None:
        diameter, note = _screw_hole(feature)
        g.note(note)
        use(feature.clearance_source)
    if diameter is None:
        raise refuse("the hole diameter was not given", words=[feature.text])
    depth = feature.values.get("depth")
    if depth is None and "blind" in feature.flags:
        raise refuse("the depth of the blind hole was not given", words=[feature.text])
    if body.kind == "gear" and feature.count in (None, 1) and "plural" not in feature.flags:
        return _gear_bore(diameter, frame, g)
    centre_along_axis(feature, body, frame, feature_face(feature, frame))
    depth = one_wall_depth(feature, frame, diameter, g) or depth
    into_flat(feature, feature_face(feature, frame), frame)
    if depth is None and not _through_said(feature):
        g.note("hole depth not given: through")
    face, places = place(feature, frame, (diameter, diameter), g)
    places = measured_on(places, frame.tip, face, g.nodes)
    counterbore, countersink = _entry(feature.sub, diameter, feature.clearance, g)
    op = HoleOp(
        target=frame.tip,
        diameter=diameter,
        depth=depth,
        face=face,
        at=places.at,
        pattern=places.pattern,
        from_edges=places.from_edges,
        counterbore=counterbore,
        countersink=countersink,
        thread=coarse_thread(feature.clearance) if "tapped" in feature.flags and feature.clearance else None,
    )
    return g.add(_hole_id(feature, body, places.count, g), op, f"{places.count} x Ø{fmt(diameter)} hole")


def _hole_id(feature: FeatureSpec, body: BodySpec, count: int, g: GraphBuilder) -> str:
    if feature.kind == "bore" or (body.kind == "tube" and "bore" not in g.taken and count == 1):
        return "bore"
    if "bolt" in feature.flags:
        return "bolt_holes"
    return "holes" if count > 1 else "hole"


def _gear_bore(diameter: float, frame: Frame, g: GraphBuilder) -> str:
    for i, node in enumerate(g.nodes):
        if node.id == frame.body_id:
            op = node.operation.model_copy(update={"bore_diameter": diameter})
            g.nodes[i] = node.model_copy(update={"operation": op})
    return frame.tip


def _screw_hole(feature: FeatureSpec) -> tuple[float, str]:
    """The hole for a screw size: a tap drill when tapped, else a clearance hole of the fit said."""
    assert feature.clearance is not None
    if "tapped" in feature.flags:
        return tap_drill(feature.clearance)
    fit = next((f for f in FITS if f"fit_{f}" in feature.flags), "medium")
    return clearance_hole(feature.clearance, fit)


def _entry(
    sub: FeatureSpec | None, diameter: float, screw: str | None, g: GraphBuilder
) -> tuple[Counterbore | None, Countersink | None]:
    """A counterbore or countersink as said, or from the screw size's standard ("M6 counterbored")."""
    if sub is None:
        return None, None
    size = sub.values.get("diameter")
    if sub.kind == "counterbore" and size is None and "depth" not in sub.values and screw is not None:
        size, standard_depth, note = counterbore_for(screw)
        g.note(note)
        return Counterbore(diameter=size, depth=standard_depth), None
    if sub.kind == "countersink" and size is None and screw is not None:
        size, note = countersink_for(screw)
        g.note(note)
    if size is None or size <= diameter:
        raise refuse(f"the {sub.kind} diameter (larger than the hole) was not given", words=[sub.text])
    if sub.kind == "counterbore":
        depth = sub.values.get("depth")
        if depth is None and screw is not None:
            _, depth, _ = counterbore_for(screw)
            g.note(f"{screw.upper()} counterbore depth: {fmt(depth)} mm (ISO 4762 screw, DIN 974-1)")
        if depth is None:
            raise refuse("the counterbore depth was not given", words=[sub.text])
        return Counterbore(diameter=size, depth=depth), None
    return None, Countersink(diameter=size, angle=sub.values.get("angle", 90.0))


def _cut(feature: FeatureSpec, body: BodySpec, frame: Frame, g: GraphBuilder) -> str:
    v = feature.values
    length, width = v.get("length", v.get("side")), v.get("width", v.get("side"))
    profile: SlotProfile | CircleProfile | RectangleProfile
    centres = next((p for p in feature.positions if isinstance(p, Spacing) and p.kind == "pitch"), None)
    if feature.kind == "slot" and length is None and width is not None and centres is not None:
        length = centres.qty.mm + width  # "10 mm wide and 40 mm centre to centre"
        feature.positions = [p for p in feature.positions if p is not centres]
        use(centres)
    if feature.kind == "slot":
        if length is None or width is None:
            raise refuse("the slot's length and width were not given", words=[feature.text])
        length, width = max(length, width), min(length, width)
        profile = SlotProfile(length=length, width=width)
    elif "diameter" in v:
        length = width = v["diameter"]
        profile = CircleProfile(radius=v["diameter"] / 2)
    elif length is not None and width is not None:
        profile = RectangleProfile(length=length, width=width, corner_radius=v.get("corner_radius", 0.0))
    else:
        raise refuse(f"the size of the {feature.noun or feature.kind} was not given", words=[feature.text])
    depth = v.get("depth")
    if depth is None and feature.kind == "pocket":
        raise refuse("the pocket depth was not given", words=[feature.text])
    if depth is None and not _through_said(feature):
        g.note(f"{feature.kind} depth not given: through")
    across = _runs_across(feature, feature_face(feature, frame))
    extent = (width, length) if across else (length, width)
    if feature.kind == "slot" and (feature.count or 1) > 1:
        _side_by_side(feature, across)
    face, places = place(feature, frame, extent, g)
    tip = frame.tip
    for u, v_ in places.points():
        op = PocketOp(
            target=tip, profile=profile, face=face, at=(u, v_), rotation=90.0 if across else 0.0, depth=depth
        )
        tip = g.add(
            feature.kind if feature.kind != "cutout" else "cutout", op, f"{feature.kind.capitalize()}"
        )
    return tip


def _side_by_side(feature: FeatureSpec, across: bool) -> None:
    """Several slots ("two parallel slots, 40 mm apart") stand side by side, across their length:
    a word about their direction said which way they run, not which way the row goes."""
    kinds = ("along_length", "along_width")
    use(*(p for p in feature.positions if isinstance(p, Position) and p.kind in kinds))
    feature.positions = [p for p in feature.positions if not (isinstance(p, Position) and p.kind in kinds)]
    feature.positions.append(Position(kind="along_length" if across else "along_width", used=True))


def edge_selectors(edges: EdgeSet | None, frame: Frame, g: GraphBuilder) -> list[EdgeSelector]:
    """The edge selectors for "all edges", "the vertical edges", "both ends", "the corners"..."""
    if edges is None:
        g.note("edges not given: all edges")
        return ["all"]
    if "outer" in edges.adjectives and frame.hollow:
        raise refuse("the outer edges alone cannot be picked on a hollow shape", words=[edges.text])
    if edges.noun == "ends" or "end" in edges.adjectives:
        ends = _END_EDGES[frame.axis or "x"]
        sides = [_EDGE_WORDS[a] for a in edges.adjectives if a.removeprefix("free_") in _SIDES]
        if any(side not in ends for side in sides):
            raise refuse(f"that side is not an end of the {frame.kind}", words=[edges.text])
        return sides or list(ends)  # "the right end": that end; "the ends", "each end": both
    if edges.noun == "corners":
        return ["all"] if frame.axis is not None else ["vertical"]
    qualified = [a for a in edges.adjectives if a != "outer"] or edges.adjectives  # "the outer top edge"
    picked = [_EDGE_WORDS[a] for a in qualified if a in _EDGE_WORDS]
    if not picked and edges.quant is None:
        if edges.text.split()[-1] == "edge":  # "a chamfer on its edge": one edge, but which?
            raise refuse("it is not said which edge", words=[edges.text])
        g.note("which edges not said: all edges")
    if "all" in picked or not picked:
        return ["all"]
    return list(dict.fromkeys(picked))


def stated_edge_count(feature: FeatureSpec) -> int | None:
    """ "the four vertical edges", "two chamfers": how many edges the request says are treated."""
    if feature.edges is not None and feature.edges.count is not None:
        return round(feature.edges.count)
    return feature.count


def _check_edge_count(feature: FeatureSpec, edges: list[EdgeSelector], frame: Frame) -> None:
    """A stated number of edges must be the number the selection picks on the shape."""
    stated = stated_edge_count(feature)
    if stated is None:
        return
    words = [feature.edges.text if feature.edges is not None else feature.text]
    actual = edge_count(frame, edges)
    if actual is None:
        raise refuse(f"the number of edges cannot be checked on a {frame.kind}", words=words)
    if actual != stated:
        raise refuse(f"the {frame.kind} has {actual} such edges, not {stated}", words=words)
    use(feature.edges, feature.count_source)


def _treatment(feature: FeatureSpec, body: BodySpec, frame: Frame, g: GraphBuilder) -> str:
    key = "radius" if feature.kind == "fillet" else "size"
    size = feature.values.get(key)
    if size is None and feature.edges is None:
        what = "radius" if feature.kind == "fillet" else "size"
        raise refuse(f"neither the {feature.kind} {what} nor the edges were given", words=[feature.text])
    if size is None:
        size = 1.0
        g.note(f"{feature.kind} size not given: assumed 1 mm")
    edges = edge_selectors(feature.edges, frame, g)
    _check_edge_count(feature, edges, frame)
    if feature.kind == "fillet":
        op: FilletOp | ChamferOp = FilletOp(target=frame.tip, radius=size, edges=edges)
    else:
        op = ChamferOp(target=frame.tip, size=size, edges=edges)
    return g.add(feature.kind, op, f"{feature.kind.capitalize()} {fmt(size)} on {', '.join(edges)} edges")


def _shell(feature: FeatureSpec, body: BodySpec, frame: Frame, g: GraphBuilder) -> str:
    thickness = feature.values.get("thickness", body.values.get("wall"))
    if thickness is None:
        raise refuse("the wall thickness of the shell was not given", words=[feature.text])
    if thickness * 2 >= min(frame.size):
        raise refuse("the walls are too thick for the part", words=[feature.text])
    open_faces = body.open_faces
    if open_faces is None and "open" in body.adjectives:
        open_faces = ["top"]  # "an open-top box"
    if open_faces is None:
        closed = (
            body.kind in ("sphere", "hemisphere")
            or "closed" in body.adjectives
            or "hollow" in body.adjectives
        )
        open_faces = [] if closed else ["bottom"] if body.kind == "hemisphere" else ["top"]
        if not closed:
            g.note("open face not given: open at the top")
    bottom = body.values.get("bottom")
    if bottom is not None and abs(bottom - thickness) > 1e-9 and open_faces == ["top"]:
        return _open_box_pocket(thickness, bottom, frame, g)
    op = ShellOp(target=frame.tip, thickness=thickness, open_faces=open_faces)
    return g.add("shell", op, f"Shell {fmt(thickness)}")


def _open_box_pocket(wall: float, bottom: float, frame: Frame, g: GraphBuilder) -> str:
    """An open box whose bottom differs from its walls: a pocket leaves both thicknesses."""
    x, y, z = frame.size
    profile = RectangleProfile(length=x - 2 * wall, width=y - 2 * wall)
    return g.add("cavity", PocketOp(target=frame.tip, profile=profile, depth=z - bottom), "Cavity")


#: The side face a keyway is cut into, and its turn on that face, by the axis of the shaft.
_KEYWAY_FACE: dict[str, tuple[Face, float]] = {"z": ("front", 90.0), "x": ("front", 0.0), "y": ("top", 90.0)}


def _keyway(feature: FeatureSpec, body: BodySpec, frame: Frame, g: GraphBuilder) -> str:
    """A shaft keyway for a parallel key: a rounded slot along the shaft, its width and depth by
    DIN 6885-1 from the shaft diameter unless given, centred along the shaft."""
    if frame.kind != "cylinder" or frame.axis is None or body.kind != "cylinder":
        raise refuse("a keyway can be cut into a plain round shaft only", words=[feature.text])
    length = feature.values.get("length")
    if length is None:
        raise refuse("the keyway length was not given", words=[feature.text])
    axis_length = frame.size["xyz".index(frame.axis)]
    diameter = min(frame.size)
    width, depth = feature.values.get("width"), feature.values.get("depth")
    if width is None or depth is None:
        table_width, table_depth, note = keyway_for_shaft(diameter)
        width, depth = width or table_width, depth or table_depth
        g.note(note)
    if length > axis_length or width >= diameter:
        raise refuse("the keyway does not fit on the shaft", words=[feature.text])
    face, turn = _KEYWAY_FACE[frame.axis]
    _position_along_axis(feature, g)
    op = PocketOp(
        target=frame.tip,
        profile=SlotProfile(length=length, width=width),
        face=face,
        rotation=turn,
        depth=depth,
    )
    return g.add("keyway", op, "Keyway")


def _position_along_axis(feature: FeatureSpec, g: GraphBuilder) -> None:
    centred = [p for p in feature.positions if isinstance(p, Position) and p.kind == "center"]
    use(*centred)
    if not centred:
        g.note("keyway position not given: centred along the shaft")


def _thread(feature: FeatureSpec, body: BodySpec, frame: Frame, g: GraphBuilder) -> str:
    """A modelled external thread on a plain round shaft, asked for as such ("a modelled M10 thread
    20 mm long at the top"): the screw size gives the nominal diameter and, unless given with it
    ("M10 x 1.25"), the ISO coarse pitch; it runs from the top end unless the bottom is named."""
    if "modelled" not in feature.flags:
        raise refuse(
            "a thread on a shaft is made only when asked for as a modelled thread", words=[feature.noun]
        )
    if frame.kind != "cylinder" or frame.axis is None or body.kind != "cylinder":
        raise refuse("a modelled thread can be cut on a plain round shaft only", words=[feature.text])
    if feature.clearance is None:
        raise refuse("the thread size (e.g. M10) was not given", words=[feature.text])
    use(feature.clearance_source)
    length = feature.values.get("length")
    if length is None:
        raise refuse("the thread length was not given", words=[feature.text])
    thread = coarse_thread(feature.clearance) if feature.pitch is None else None
    nominal = thread.nominal if thread is not None else thread_size(feature.clearance)
    pitch = thread.pitch if thread is not None else feature.pitch
    assert pitch is not None
    if thread is not None:
        g.note(f"thread pitch not given: M{fmt(nominal)} coarse, {fmt(pitch)} mm (ISO 261)")
    ends = [p for p in feature.positions if isinstance(p, Position) and p.kind == "face"]
    faces = {face for p in ends for face in p.faces}
    if not faces <= {"top", "bottom"} or len(faces) > 1:
        raise refuse(
            "a thread runs from the top or the bottom end of the shaft", words=[p.text for p in ends]
        )
    use(*ends)
    if not faces:
        g.note("thread end not given: from the top end")
    op = ThreadOp(
        target=frame.tip,
        nominal=nominal,
        pitch=pitch,
        length=length,
        end="bottom" if "bottom" in faces else "top",
    )
    return g.add("thread", op, f"M{fmt(nominal)} thread")


BUILDERS: dict[str, Callable[[FeatureSpec, BodySpec, Frame, GraphBuilder], str]] = {
    "hole": _hole,
    "bore": _hole,
    "pocket": _cut,
    "cutout": _cut,
    "slot": _cut,
    "fillet": _treatment,
    "chamfer": _treatment,
    "shell": _shell,
    "keyway": _keyway,
    "thread": _thread,
    "flat": build_flat,
}
