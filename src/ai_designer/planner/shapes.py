"""Primitive shapes: the nodes that make a cube, box, cylinder, tube, sphere, cone, torus, prism,
pyramid or cup from its dimensions.

Every builder reads the canonical dimensions of a :class:`~model.BodySpec` (see roles.py),
refuses when a dimension that defines the shape is missing, notes the assumptions it makes
and returns the :class:`~build.Frame` features are put on.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ai_designer.planner.audit import use
from ai_designer.planner.build import Frame, GraphBuilder, build_inner, fmt, refuse, singular
from ai_designer.planner.shapekind import RoleTable, ShapeKind
from ai_designer.planner.standards import standard_nut, standard_washer
from ai_designer.schemas.task_graph import (
    Axis,
    BoxOp,
    ConeOp,
    CylinderOp,
    HoleOp,
    Operation,
    PocketOp,
    PrismOp,
    PyramidOp,
    RectangleProfile,
    SphereOp,
    TorusOp,
)

if TYPE_CHECKING:
    from ai_designer.planner.model import BodySpec

_POLYGON_SIDES = {"triangular": 3, "pentagonal": 5, "hex": 6, "octagonal": 8}
_NOUN_SIDES = {"triangle": 3, "pentagon": 5, "hexagon": 6, "octagon": 8}
_END_FACE = {"z": "top", "x": "right", "y": "back"}


def body_axis(spec: BodySpec) -> Axis:
    """The axis a round shape stands on: Z unless "lying" (X) or "along the Y axis"."""
    for position in spec.positions:
        kind = getattr(position, "kind", "")
        axis = getattr(position, "axis", None)
        if kind in ("axis", "lying_axis") and axis in ("x", "y", "z"):
            use(position)
            return axis  # type: ignore[no-any-return]
        if kind == "lying":
            use(position)
            return "x"
    return "z"


def need(spec: BodySpec, *names: str) -> float:
    for name in names:
        if name in spec.values:
            return spec.values[name]
    what = names[0].replace("_", " ")
    raise refuse(f"the {what} of the {spec.noun or spec.kind} was not given", words=[spec.text])


def axial_size(axis: Axis, diameter: float, length: float) -> tuple[float, float, float]:
    return {
        "z": (diameter, diameter, length),
        "x": (length, diameter, diameter),
        "y": (diameter, length, diameter),
    }[axis]


def node_name(spec: BodySpec) -> str:
    return singular(spec.noun) if spec.noun else spec.kind


def _cube(spec: BodySpec, g: GraphBuilder) -> Frame:
    side = need(spec, "side")
    node = g.add(node_name(spec), BoxOp(length=side, width=side, height=side), f"Cube {fmt(side)}")
    return Frame("box", node, node, (side, side, side))


def _box(spec: BodySpec, g: GraphBuilder) -> Frame:
    v = spec.values
    length, width, height = v.get("length"), v.get("width"), v.get("height")
    if "side" in v:  # "square": the plan (with a thickness) or the cross-section (with a length)
        if length is not None and height is None:
            width, height = width or v["side"], v["side"]
        else:
            length, width = length or v["side"], width or v["side"]
    if "d2a" in v:  # "a x b": the plan (with a thickness) or the cross-section (with a length)
        a, b = v["d2a"], v["d2b"]
        if length is not None and height is None:
            width, height = a, b
        else:
            length, width = a, b
    missing = [n for n, val in (("length", length), ("width", width), ("height", height)) if val is None]
    if missing:
        raise refuse(f"the {' and '.join(missing)} of the {spec.noun or 'box'}: not given", words=[spec.text])
    assert length is not None and width is not None and height is not None
    node = g.add(
        node_name(spec),
        BoxOp(length=length, width=width, height=height),
        _box_label(spec, length, width, height),
    )
    return Frame("box", node, node, (length, width, height))


def _box_label(spec: BodySpec, length: float, width: float, height: float) -> str:
    return f"{(spec.noun or 'box').capitalize()} {fmt(length)} x {fmt(width)} x {fmt(height)}"


def _cylinder(spec: BodySpec, g: GraphBuilder) -> Frame:
    diameter = need(spec, "diameter")
    if "height" not in spec.values:
        g.note(f"height of the {spec.noun} not given: assumed {fmt(diameter)} mm (equal to its diameter)")
    height = spec.values.get("height", diameter)
    axis = body_axis(spec)
    node = g.add(
        node_name(spec),
        CylinderOp(radius=diameter / 2, height=height, axis=axis),
        f"{spec.noun.capitalize()} Ø{fmt(diameter)} x {fmt(height)}",
    )
    return Frame("cylinder", node, node, axial_size(axis, diameter, height), axis)


def _tube(spec: BodySpec, g: GraphBuilder) -> Frame:
    standard_washer(spec, g)
    v = spec.values
    bored = next((f for f in spec.features if f.kind == "bore" and "diameter" in f.values), None)
    if "outer_diameter" not in v and "diameter" not in v and "wall" in v and bored is not None:
        v["outer_diameter"] = bored.values["diameter"] + 2 * v["wall"]  # "a 30 mm bore and a 5 mm wall"
        spec.features = [f for f in spec.features if f is not bored]  # that bore is the tube's own
        use(*bored.sources.get("diameter", []), *bored.positions)
        g.note(f"outer diameter of the {spec.noun}: {fmt(v['outer_diameter'])} mm (bore + 2 x wall)")
    outer = need(spec, "outer_diameter", "diameter")
    height = need(spec, "height")
    inner = v.get("inner_diameter")
    if inner is None and "wall" in v:
        inner = outer - 2 * v["wall"]
    if inner is None and not any(f.kind in ("hole", "bore") for f in spec.features):
        raise refuse(
            f"the inner diameter (or wall thickness) of the {spec.noun} was not given", words=[spec.text]
        )
    if inner is not None and not 0 < inner < outer:
        raise refuse("the inner diameter must be smaller than the outer one", words=[spec.text])
    axis = body_axis(spec)
    node = g.add(
        node_name(spec),
        CylinderOp(radius=outer / 2, height=height, axis=axis),
        f"{spec.noun.capitalize()} Ø{fmt(outer)} x {fmt(height)}",
    )
    frame = Frame("cylinder", node, node, axial_size(axis, outer, height), axis)
    if inner is not None:
        diameter, face = inner, _END_FACE[axis]

        def bore(target: str) -> HoleOp:
            return HoleOp(target=target, diameter=diameter, face=face, at=[(0.0, 0.0)])

        frame.inner = ("bore", bore, f"Bore Ø{fmt(inner)}")
        if not outer_edges_treated(spec):
            build_inner(frame, g)
    return frame


def outer_edges_treated(spec: BodySpec) -> bool:
    """True when a fillet or chamfer of the shape names its outer edges ("the outside edge at each end")."""
    return any(
        f.kind in ("fillet", "chamfer") and f.edges is not None and "outer" in f.edges.adjectives
        for f in spec.features
    )


def _rect_tube(spec: BodySpec, g: GraphBuilder) -> Frame:
    v = spec.values
    length = need(spec, "length")
    width = need(spec, "width", "side")
    height = v.get("height", v.get("side", width))
    wall = need(spec, "wall")
    if 2 * wall >= min(width, height):
        raise refuse("the wall is too thick for the tube", words=[spec.text])
    node = g.add(
        node_name(spec),
        BoxOp(length=length, width=width, height=height),
        _box_label(spec, length, width, height),
    )
    profile = RectangleProfile(length=width - 2 * wall, width=height - 2 * wall)
    tip = g.add("bore", PocketOp(target=node, profile=profile, face="right"), "Hollow")
    frame = Frame("box", node, tip, (length, width, height))
    frame.hollow = True
    return frame


def _sphere(spec: BodySpec, g: GraphBuilder) -> Frame:
    diameter = need(spec, "diameter")
    half = spec.kind == "hemisphere"
    node = g.add(
        node_name(spec),
        SphereOp(radius=diameter / 2, hemisphere=half),
        f"{spec.noun.capitalize()} Ø{fmt(diameter)}",
    )
    return Frame("sphere", node, node, (diameter, diameter, diameter / 2 if half else diameter))


def _cone(spec: BodySpec, g: GraphBuilder) -> Frame:
    base = need(spec, "base_diameter")
    height = need(spec, "height")
    if "truncated" in spec.adjectives or spec.noun == "frustum":
        top = need(spec, "top_diameter")
    else:
        top = spec.values.get("top_diameter", 0.0)
    axis = body_axis(spec)
    node = g.add(
        node_name(spec),
        ConeOp(radius_bottom=base / 2, radius_top=top / 2, height=height, axis=axis),
        f"Cone Ø{fmt(base)} → Ø{fmt(top)} x {fmt(height)}",
    )
    return Frame("cone", node, node, axial_size(axis, max(base, top), height), axis)


def _torus(spec: BodySpec, g: GraphBuilder) -> Frame:
    v = spec.values
    minor, major = v.get("minor_radius"), v.get("major_radius")
    inner, outer = v.get("inner_diameter"), v.get("outer_diameter")
    if minor is None and inner is not None and outer is not None:
        minor = (outer - inner) / 4
    if major is None and minor is not None:
        major = outer / 2 - minor if outer is not None else inner / 2 + minor if inner is not None else None
    if major is None or minor is None:
        raise refuse(f"the size of the {spec.noun} (major and minor radius) was not given", words=[spec.text])
    if minor >= major:
        raise refuse("the minor radius must be smaller than the major radius", words=[spec.text])
    axis = body_axis(spec)
    node = g.add(
        node_name(spec),
        TorusOp(major_radius=major, minor_radius=minor, axis=axis),
        f"Torus R{fmt(major)} r{fmt(minor)}",
    )
    d = 2 * (major + minor)
    return Frame("torus", node, node, axial_size(axis, d, 2 * minor), axis)


def _prism(spec: BodySpec, g: GraphBuilder) -> Frame:
    standard_nut(spec, g)
    v = spec.values
    sides = (
        round(v.get("sides", 0))
        or next((n for adj, n in _POLYGON_SIDES.items() if adj in spec.adjectives), 0)
        or next((_NOUN_SIDES[n] for n in (singular(spec.noun), *spec.aliases) if n in _NOUN_SIDES), 0)
        or (6 if spec.kind == "nut" else 0)
    )
    if not 3 <= sides <= 64:
        raise refuse(f"the number of sides of the {spec.noun} was not given", words=[spec.text])
    half = math.pi / sides
    if "across_flats" in v:
        radius = v["across_flats"] / (2 * math.cos(half))
    elif "across_corners" in v:
        radius = v["across_corners"] / 2
    elif "side" in v:
        radius = v["side"] / (2 * math.sin(half))
    else:
        raise refuse(f"the size (across flats) of the {spec.noun} was not given", words=[spec.text])
    height = need(spec, "height")
    has_hole = any(f.kind in ("hole", "bore") for f in spec.features) or "thread" in v
    if spec.kind == "nut" and not has_hole:
        raise refuse("the hole size of the nut was not given", words=[spec.text])
    axis = body_axis(spec)
    node = g.add(
        node_name(spec),
        PrismOp(sides=sides, circumradius=radius, height=height, axis=axis),
        f"{sides}-sided prism R{fmt(radius)} x {fmt(height)}",
    )
    xs = [radius * math.cos(2 * half * k) for k in range(sides)]
    ys = [radius * math.sin(2 * half * k) for k in range(sides)]
    across_x, across_y = max(xs) - min(xs), max(ys) - min(ys)
    size = {
        "z": (across_x, across_y, height),
        "x": (height, across_y, across_x),
        "y": (across_x, height, across_y),
    }
    frame = Frame("prism", node, node, size[axis], axis)
    frame.sides = sides
    return frame


def _pyramid(spec: BodySpec, g: GraphBuilder) -> Frame:
    v = spec.values
    length = v.get("base_length", v.get("base_size"))
    width = v.get("base_width", v.get("base_size", length))
    if length is None or width is None:
        raise refuse(f"the base size of the {spec.noun} was not given", words=[spec.text])
    height = need(spec, "height")
    top_l = v.get("top_length", v.get("top_size", 0.0))
    top_w = v.get("top_width", v.get("top_size", top_l))
    node = g.add(
        node_name(spec),
        PyramidOp(base_length=length, base_width=width, height=height, top_length=top_l, top_width=top_w),
        f"Pyramid {fmt(length)} x {fmt(width)} x {fmt(height)}",
    )
    return Frame("pyramid", node, node, (length, width, height))


def cup(spec: BodySpec, g: GraphBuilder) -> Frame:
    diameter = need(spec, "diameter")
    height = need(spec, "height")
    node = g.add(
        node_name(spec),
        CylinderOp(radius=diameter / 2, height=height),
        f"{spec.noun.capitalize()} Ø{fmt(diameter)}",
    )
    return Frame("cylinder", node, node, (diameter, diameter, height), "z")


_BOX: RoleTable = {"length": "length", "width": "width", "height": "height", "thickness": "height"}
_BOX_EXTRA: RoleTable = {"side": "side", "size": "side", "depth": "depth", "wall": "wall", "bottom": "bottom"}
_ROUND: RoleTable = {"diameter": "diameter", "radius": ("diameter", 2.0)}
_AXIAL: RoleTable = {"height": "height", "length": "height", "thickness": "height"}
_BOX_DIMS = {2: ("d2a", "d2b"), 3: ("length", "width", "height")}
_PRISM_ROLES: RoleTable = {
    "across_flats": "across_flats",
    "across_corners": "across_corners",
    "diameter": "across_corners",
    "side": "side",
    "sides": "sides",
    **_AXIAL,
}


def _sphere_back(op: Operation) -> tuple[dict[str, float], set[str]] | None:
    return ({"diameter": 2 * op.radius}, set()) if isinstance(op, SphereOp) and not op.hemisphere else None


def _hemisphere_back(op: Operation) -> tuple[dict[str, float], set[str]] | None:
    return ({"diameter": 2 * op.radius}, set()) if isinstance(op, SphereOp) and op.hemisphere else None


def _cone_back(op: Operation) -> tuple[dict[str, float], set[str]] | None:
    if not isinstance(op, ConeOp):
        return None
    values = {"base_diameter": 2 * op.radius_bottom, "top_diameter": 2 * op.radius_top, "height": op.height}
    return values, set()


def _torus_back(op: Operation) -> tuple[dict[str, float], set[str]] | None:
    if not isinstance(op, TorusOp):
        return None
    return {"major_radius": op.major_radius, "minor_radius": op.minor_radius}, set()


def _prism_back(op: Operation) -> tuple[dict[str, float], set[str]] | None:
    if not isinstance(op, PrismOp):
        return None
    flats = 2 * op.circumradius * math.cos(math.pi / op.sides)
    return {"sides": op.sides, "across_flats": flats, "height": op.height}, set()


def _pyramid_back(op: Operation) -> tuple[dict[str, float], set[str]] | None:
    if not isinstance(op, PyramidOp):
        return None
    values = {"base_length": op.base_length, "base_width": op.base_width, "height": op.height}
    return values | {"top_length": op.top_length, "top_width": op.top_width}, set()


#: The plain shapes (mechanical.py has the brackets, flanges, gears and springs).
KINDS = (
    ShapeKind(
        "cube",
        _cube,
        {"side": "side", "size": "side", "length": "side", "width": "side", "height": "side", "wall": "wall"},
        nouns=("cube", "cubes"),
        primary="side",
        dims={3: ("side", "side", "side")},
    ),
    ShapeKind(
        "box",
        _box,
        {**_BOX, **_BOX_EXTRA, "corner_radius": "corner_radius"},
        nouns=(
            "strip",
            "strips",
            "box",
            "boxes",
            "block",
            "blocks",
            "cuboid",
            "cuboids",
            "brick",
            "slab",
            "plate",
            "plates",
            "bar",
            "bars",
            "platform",
            "panel",
            "tile",
            "beam",
            "sheet",
            "board",
        ),
        dims=_BOX_DIMS,
    ),
    ShapeKind("base", _box, {**_BOX, **_BOX_EXTRA, "corner_radius": "corner_radius"}, dims=_BOX_DIMS),
    ShapeKind(
        "container",
        _box,
        {**_BOX, **_BOX_EXTRA, **_ROUND},
        nouns=("tray", "cup", "enclosure", "container", "bin", "case", "housing"),
        dims=_BOX_DIMS,
    ),
    ShapeKind(
        "cylinder",
        _cylinder,
        {
            **_ROUND,
            **_AXIAL,
            "depth": "height",
            "outer_diameter": "diameter",
            "inner_diameter": "inner_diameter",
            "wall": "wall",
        },
        nouns=(
            "cylinder",
            "cylinders",
            "rod",
            "rods",
            "shaft",
            "shafts",
            "disc",
            "discs",
            "disk",
            "disks",
            "hub",
            "hubs",
            "spigot",
            "spigots",
            "stem",
            "shank",
            "puck",
            "pucks",
            "pin",
            "pins",
            "dowel",
            "dowels",
            "post",
            "pillar",
            "axle",
            "peg",
            "coin",
            "boss",
        ),
        primary="diameter",
        dims={2: ("diameter", "height")},
    ),
    ShapeKind(
        "tube",
        _tube,
        {
            "outer_diameter": "outer_diameter",
            "diameter": "outer_diameter",
            "radius": ("outer_diameter", 2.0),
            "outer_radius": ("outer_diameter", 2.0),
            "inner_diameter": "inner_diameter",
            "inner_radius": ("inner_diameter", 2.0),
            "wall": "wall",
            **_AXIAL,
            "width": "height",  # "a collar 30 mm OD, 15 mm bore, 12 mm wide": its length along the axis
        },
        nouns=(
            "tube",
            "tubes",
            "pipe",
            "pipes",
            "washer",
            "washers",
            "spacers",
            "bushing",
            "bushings",
            "bush",
            "sleeve",
            "collar",
            "standoff",
        ),
        primary="outer_diameter",
        dims={2: ("outer_diameter", "height"), 3: ("outer_diameter", "inner_diameter", "height")},
    ),
    ShapeKind(
        "rect_tube",
        _rect_tube,
        {**_BOX, "side": "side", "wall": "wall"},
        dims={2: ("width", "height"), 3: ("length", "width", "height")},
    ),
    ShapeKind(
        "sphere",
        _sphere,
        {**_ROUND, "wall": "wall"},
        nouns=("sphere", "spheres", "ball", "balls", "orb"),
        primary="diameter",
        read_back=_sphere_back,
    ),
    ShapeKind(
        "hemisphere",
        _sphere,
        {**_ROUND, "wall": "wall"},
        nouns=("hemisphere", "dome"),
        primary="diameter",
        read_back=_hemisphere_back,
    ),
    ShapeKind(
        "cone",
        _cone,
        {
            "base_diameter": "base_diameter",
            "bottom": "base_diameter",
            "base_radius": ("base_diameter", 2.0),
            "diameter": "base_diameter",
            "radius": ("base_diameter", 2.0),
            "top_diameter": "top_diameter",
            "top_radius": ("top_diameter", 2.0),
            "top": "top_diameter",
            "height": "height",
            "length": "height",
        },
        nouns=("cone", "cones", "frustum"),
        primary="base_diameter",
        dims={2: ("base_diameter", "height"), 3: ("base_diameter", "top_diameter", "height")},
        read_back=_cone_back,
    ),
    ShapeKind(
        "torus",
        _torus,
        {
            "major_radius": "major_radius",
            "major_diameter": ("major_radius", 0.5),
            "minor_radius": "minor_radius",
            "minor_diameter": ("minor_radius", 0.5),
            "section_diameter": ("minor_radius", 0.5),
            "thickness": ("minor_radius", 0.5),
            "inner_diameter": "inner_diameter",
            "outer_diameter": "outer_diameter",
            "diameter": "outer_diameter",
        },
        nouns=("torus", "donut", "doughnut", "oring"),
        read_back=_torus_back,
    ),
    ShapeKind(
        "prism",
        _prism,
        _PRISM_ROLES,
        nouns=("prism", "prisms", "pentagon", "octagon", "triangle"),
        primary="across_flats",
        dims={2: ("across_flats", "height")},
        read_back=_prism_back,
    ),
    ShapeKind(
        "nut",
        _prism,
        _PRISM_ROLES,
        nouns=("nut", "nuts"),
        primary="across_flats",
        dims={2: ("across_flats", "height")},
    ),
    ShapeKind(
        "pyramid",
        _pyramid,
        {
            "base_size": "base_size",
            "bottom": "base_size",
            "side": "base_size",
            "size": "base_size",
            "base_length": "base_length",
            "length": "base_length",
            "base_width": "base_width",
            "width": "base_width",
            "height": "height",
            "top_size": "top_size",
            "top": "top_size",
            "top_length": "top_length",
            "top_width": "top_width",
        },
        nouns=("pyramid", "pyramids"),
        primary="base_size",
        dims={2: ("base_length", "base_width"), 3: ("base_length", "base_width", "height")},
        read_back=_pyramid_back,
    ),
)
