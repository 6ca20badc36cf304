"""The TaskGraph: a DAG of typed CAD operations, the one language between planners and the compiler.

Conventions (the LLM planner is given this module's JSON Schema, so the
docstrings and field descriptions are written for it as much as for people):

* Lengths are millimetres and angles degrees. Unit conversion happens before
  a graph is built.
* Axes: X is length, Y is width, Z is height. ``top`` is +Z, ``bottom`` -Z,
  ``front`` -Y, ``back`` +Y, ``left`` -X, ``right`` +X.
* A primitive is created at a canonical spot (documented per operation) and then
  moved by its ``placement``.
* Features on a face (holes, pockets, bosses) are positioned with ``(u, v)``
  offsets from the centre of that face of the target's bounding box: on
  ``top``/``bottom`` u is X and v is Y; on ``front``/``back`` u is X and v is Z;
  on ``left``/``right`` u is Y and v is Z.
* A node whose result is used as ``target`` or ``operands`` of another node is
  consumed by it. The part is the union of the nodes nobody consumes.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from ai_designer.freecad.text import one_line

#: Human text of a plan (title, labels, descriptions): an LLM may write it and consoles, reports,
#: FreeCAD's tree and the API show it, so it is one line without escape sequences or control
#: characters (a description could otherwise print "✔ all checks passed" on a line of its own).
PlainText = Annotated[str, AfterValidator(one_line)]
Length = Annotated[float, Field(gt=0, description="millimetres, > 0")]
NonNegLength = Annotated[float, Field(ge=0, description="millimetres, >= 0")]
Angle = Annotated[float, Field(description="degrees")]
NodeId = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]{0,39}$",
        description="lower_snake_case id; also the prefix of the node's spreadsheet parameters "
        "(e.g. node 'plate' with field 'length' gives parameter 'plate_length')",
    ),
]
Axis = Literal["x", "y", "z"]
Face = Literal["top", "bottom", "front", "back", "left", "right"]
Plane = Literal["xy", "xz", "yz"]
Point2 = tuple[float, float]
Vec3 = tuple[float, float, float]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- placement


class Rotation(_Strict):
    """A rotation about an axis through the part's own bounding-box centre."""

    axis: Axis = "z"
    angle: Angle = 0.0


class Placement(_Strict):
    """Where a created solid goes: its canonical spot moved by ``offset``; with ``relative_to``, first
    put against that node's bounding box (``on_top_of``: on its top, centred in X/Y; ``below``;
    ``centered_on``; ``beside_x``/``beside_y``: touching its +X/+Y side ``gap`` mm apart, centred
    on the other axes).
    """

    offset: Vec3 = (0.0, 0.0, 0.0)
    rotation: Rotation | None = None
    relative_to: NodeId | None = None
    relation: Literal["on_top_of", "below", "centered_on", "beside_x", "beside_y"] | None = None
    gap: NonNegLength = 0.0


# --------------------------------------------------------------------------- profiles


class RectangleProfile(_Strict):
    """A rectangle centred on the sketch origin (length along u, width along v)."""

    shape: Literal["rectangle"] = "rectangle"
    length: Length
    width: Length
    corner_radius: NonNegLength = 0.0


class CircleProfile(_Strict):
    """A circle centred on the sketch origin."""

    shape: Literal["circle"] = "circle"
    radius: Length


class PolygonProfile(_Strict):
    """A regular polygon centred on the origin, one vertex on +u."""

    shape: Literal["polygon"] = "polygon"
    sides: Annotated[int, Field(ge=3, le=64)]
    circumradius: Length


class SlotProfile(_Strict):
    """A stadium (obround) slot centred on the origin: overall length along u, width = end diameter."""

    shape: Literal["slot"] = "slot"
    length: Length
    width: Length


class PolylineSegment(_Strict):
    """A point of a closed outline; ``bulge``: see the arc bulge convention."""

    x: float
    y: float
    bulge: float = 0.0


class PolylineProfile(_Strict):
    """A closed outline through the given points (closed automatically)."""

    shape: Literal["polyline"] = "polyline"
    points: Annotated[list[PolylineSegment], Field(min_length=3)]


Profile = Annotated[
    RectangleProfile | CircleProfile | PolygonProfile | SlotProfile | PolylineProfile,
    Field(discriminator="shape"),
]


# --------------------------------------------------------------------------- primitives


class BoxOp(_Strict):
    """A rectangular block; canonical spot: min corner at the origin, length along X, width Y, height Z."""

    op: Literal["box"] = "box"
    length: Length
    width: Length
    height: Length
    placement: Placement = Field(default_factory=Placement)


class CylinderOp(_Strict):
    """A cylinder; canonical spot: base centre at the origin, extending along +axis."""

    op: Literal["cylinder"] = "cylinder"
    radius: Length
    height: Length
    axis: Axis = "z"
    placement: Placement = Field(default_factory=Placement)


class SphereOp(_Strict):
    """A sphere (or a hemisphere when ``hemisphere``: flat face down on z=0); centre at the origin."""

    op: Literal["sphere"] = "sphere"
    radius: Length
    hemisphere: bool = False
    placement: Placement = Field(default_factory=Placement)


class ConeOp(_Strict):
    """A cone or frustum; base centre at the origin, extending along +axis. ``radius_top`` 0 = pointed."""

    op: Literal["cone"] = "cone"
    radius_bottom: NonNegLength
    radius_top: NonNegLength
    height: Length
    axis: Axis = "z"
    placement: Placement = Field(default_factory=Placement)


class TorusOp(_Strict):
    """A torus centred on the origin, ring in the plane normal to ``axis``."""

    op: Literal["torus"] = "torus"
    major_radius: Length
    minor_radius: Length
    axis: Axis = "z"
    placement: Placement = Field(default_factory=Placement)


class PrismOp(_Strict):
    """A regular polygon prism (hex bar...); base centred on the origin, along +axis.

    ``circumradius``: centre to vertex (= across flats / (2 cos(180°/sides))); one vertex on +X
    (axis z), so a hexagon is 2*circumradius across corners along X.
    """

    op: Literal["prism"] = "prism"
    sides: Annotated[int, Field(ge=3, le=64)]
    circumradius: Length
    height: Length
    axis: Axis = "z"
    placement: Placement = Field(default_factory=Placement)


class PyramidOp(_Strict):
    """A rectangular pyramid or frustum (wedge); base centred on the origin in the XY plane, apex up.

    ``top_length``/``top_width`` 0 make a pointed pyramid; otherwise a flat top centred over the base.
    """

    op: Literal["pyramid"] = "pyramid"
    base_length: Length
    base_width: Length
    height: Length
    top_length: NonNegLength = 0.0
    top_width: NonNegLength = 0.0
    placement: Placement = Field(default_factory=Placement)


class ExtrudeOp(_Strict):
    """A profile sketched on ``plane`` (centred on the origin) and extruded ``distance`` along its normal
    (+Z for xy, +Y for xz, +X for yz; both ways when ``symmetric``)."""

    op: Literal["extrude"] = "extrude"
    profile: Profile
    plane: Plane = "xy"
    distance: Length
    symmetric: bool = False
    placement: Placement = Field(default_factory=Placement)


class RevolveOp(_Strict):
    """A closed polyline in the XZ plane (x = radius >= 0, y of each point = height z) revolved about Z."""

    op: Literal["revolve"] = "revolve"
    profile: PolylineProfile
    angle: Annotated[float, Field(gt=0, le=360)] = 360.0
    placement: Placement = Field(default_factory=Placement)


class SpurGearOp(_Strict):
    """An involute spur gear; centred on the Z axis, from z=0 up to ``face_width``.

    Pitch diameter = module * teeth; tip diameter = module * (teeth + 2).
    """

    op: Literal["spur_gear"] = "spur_gear"
    module: Length
    teeth: Annotated[int, Field(ge=6, le=400)]
    face_width: Length
    pressure_angle: Annotated[float, Field(gt=0, lt=45)] = 20.0
    bore_diameter: NonNegLength = 0.0
    placement: Placement = Field(default_factory=Placement)


class SpringOp(_Strict):
    """A helical (compression) spring of round wire; coil axis Z, starting at z=0."""

    op: Literal["spring"] = "spring"
    wire_diameter: Length
    mean_diameter: Length
    pitch: Length
    turns: Annotated[float, Field(gt=0, le=200)]
    left_handed: bool = False
    placement: Placement = Field(default_factory=Placement)


class LoftSection(_Strict):
    """One section of a loft: ``profile`` drawn in the plane parallel to XY at height ``z``,
    centred on the Z axis (u along X, v along Y)."""

    profile: Profile
    z: float


class LoftOp(_Strict):
    """A solid through two or more profiles on parallel planes (e.g. a square at z=0 to a circle at z=30).

    Sections go bottom to top (``z`` increasing); ``ruled`` joins neighbours with straight lines,
    else one smooth surface passes through all.
    """

    op: Literal["loft"] = "loft"
    sections: Annotated[list[LoftSection], Field(min_length=2, max_length=20)]
    ruled: bool = False
    placement: Placement = Field(default_factory=Placement)


class LinePath(_Strict):
    """A straight path from the origin along +Z, ``length`` long."""

    kind: Literal["line"] = "line"
    length: Length


class ArcPath(_Strict):
    """A circular path starting at the origin heading +Z and bending towards +X, in the XZ plane,
    about a centre at (``radius``, 0, 0), through ``angle`` degrees (90 = quarter bend ending along +X)."""

    kind: Literal["arc"] = "arc"
    radius: Length
    angle: Annotated[float, Field(gt=0, lt=360)]


class PolylinePath(_Strict):
    """A path of straight segments from the origin through ``points`` (x, y, z) in turn; corners are
    mitred. The profile is square to the first segment (turned the shortest way from +Z)."""

    kind: Literal["polyline"] = "polyline"
    points: Annotated[list[Vec3], Field(min_length=1, max_length=50)]


class HelixPath(_Strict):
    """A helix about the Z axis starting at (``radius``, 0, 0) and rising ``pitch`` mm per turn.
    The profile is square to the helix at its start: u along X (radial), v along the climb."""

    kind: Literal["helix"] = "helix"
    radius: Length
    pitch: Length
    turns: Annotated[float, Field(gt=0, le=10)]
    left_handed: bool = False


SweepPath = Annotated[LinePath | ArcPath | PolylinePath | HelixPath, Field(discriminator="kind")]


class SweepOp(_Strict):
    """A profile swept along a path. The profile is drawn centred on the path's start, square to it
    (for line, arc and a polyline starting along +Z: u along X, v along Y)."""

    op: Literal["sweep"] = "sweep"
    profile: Profile
    path: SweepPath
    placement: Placement = Field(default_factory=Placement)


class PipeOp(_Strict):
    """A hollow round tube (pipe, hose, bent tube) swept along a path, open at both ends."""

    op: Literal["pipe"] = "pipe"
    outer_diameter: Length
    inner_diameter: Length
    path: SweepPath
    placement: Placement = Field(default_factory=Placement)


class CustomOp(_Strict):
    """Free-form geometry: FreeCAD Python that assigns the ``Part.Shape`` to ``result``."""

    op: Literal["custom"] = "custom"
    description: Annotated[PlainText, Field(min_length=1, max_length=4000)]
    code: str | None = Field(default=None, description="Filled in by the generator, not the planner.")
    placement: Placement = Field(default_factory=Placement)


# --------------------------------------------------------------------------- features


class Counterbore(_Strict):
    diameter: Length
    depth: Length


class Countersink(_Strict):
    diameter: Length
    angle: Annotated[float, Field(gt=0, lt=180)] = 90.0


class Thread(_Strict):
    """A cosmetic internal thread: the hole is its tap drill (``diameter``), and the thread's
    nominal (major) diameter and pitch are recorded in the model, not cut (e.g. M5: 5 and 0.8)."""

    nominal: Length
    pitch: Length

    def designation(self) -> str:
        """'M5x0.8'."""
        return f"M{self.nominal:g}x{self.pitch:g}"


class ThreadOp(_Strict):
    """A modelled (helical) right-hand ISO metric external thread cut into ``target``, a cylinder
    node of diameter ``nominal`` (10 for M10), ``length`` mm from its ``end`` (``top``: the +Z end,
    +X/+Y for a shaft along X/Y). Cosmetic threads in holes: ``hole.thread``.
    """

    op: Literal["thread"] = "thread"
    target: NodeId
    nominal: Length
    pitch: Length
    length: Length
    end: Literal["top", "bottom"] = "top"

    def designation(self) -> str:
        """'M10x1.5'."""
        return f"M{self.nominal:g}x{self.pitch:g}"


class LinearPattern(_Strict):
    """``count`` positions from ``start`` every ``spacing`` mm along ``direction`` (u, v unit-ish vector)."""

    kind: Literal["linear"] = "linear"
    start: Point2 = (0.0, 0.0)
    direction: Point2 = (1.0, 0.0)
    count: Annotated[int, Field(ge=1, le=500)]
    spacing: NonNegLength


class GridPattern(_Strict):
    """A rectangular grid of ``columns`` x ``rows`` positions centred on ``center`` (u pitch, v pitch)."""

    kind: Literal["grid"] = "grid"
    center: Point2 = (0.0, 0.0)
    columns: Annotated[int, Field(ge=1, le=100)]
    rows: Annotated[int, Field(ge=1, le=100)]
    pitch_u: NonNegLength
    pitch_v: NonNegLength


class CircularPattern(_Strict):
    """``count`` positions equally spaced on a circle of ``diameter`` around ``center``,
    the first at ``start_angle`` (degrees from +u)."""

    kind: Literal["circular"] = "circular"
    center: Point2 = (0.0, 0.0)
    diameter: Length
    count: Annotated[int, Field(ge=1, le=500)]
    start_angle: Angle = 0.0


PositionPattern = Annotated[LinearPattern | GridPattern | CircularPattern, Field(discriminator="kind")]


EdgeRef = Literal["min", "max", "both", "centre"]


class EdgePositions(_Strict):
    """Positions on a face measured from its edges, keeping the user's own numbers.

    ``u`` mm in from the ``u_from`` edge and ``v`` mm in from the ``v_from`` edge of the target's face:
    ``min`` is the edge at the low end of the axis (-X, -Y or -Z), ``max`` the high end, ``both``
    each of the two ("6 mm from the corners" is u=6, u_from=both, v=6, v_from=both: four holes),
    ``centre`` an offset from the middle. Resizing the part keeps these distances.
    """

    u: float
    u_from: EdgeRef = "centre"
    v: float
    v_from: EdgeRef = "centre"


class HoleOp(_Strict):
    """Round holes drilled into ``target`` from ``face``.

    Positions are ``at`` (explicit (u, v) offsets from the face centre), ``pattern`` and/or
    ``from_edges`` (distances from the face's edges, as the user gave them).
    ``depth`` None means through all. Optional counterbore or countersink at the entry; ``thread``
    records a cosmetic thread (the diameter is then its tap drill).
    """

    op: Literal["hole"] = "hole"
    target: NodeId
    diameter: Length
    depth: Length | None = None
    face: Face = "top"
    at: list[Point2] = Field(default_factory=list)
    pattern: PositionPattern | None = None
    from_edges: list[EdgePositions] = Field(default_factory=list)
    counterbore: Counterbore | None = None
    countersink: Countersink | None = None
    thread: Thread | None = None


class PocketOp(_Strict):
    """A profile cut into ``target`` from ``face``, centred at ``at``, ``depth`` deep (None = through)."""

    op: Literal["pocket"] = "pocket"
    target: NodeId
    profile: Profile
    face: Face = "top"
    at: Point2 = (0.0, 0.0)
    rotation: Angle = 0.0
    depth: Length | None = None


class BossOp(_Strict):
    """A profile added on ``face`` of ``target``, centred at ``at``, standing ``height`` out of it."""

    op: Literal["boss"] = "boss"
    target: NodeId
    profile: Profile
    face: Face = "top"
    at: Point2 = (0.0, 0.0)
    rotation: Angle = 0.0
    height: Length


class OffsetPocketOp(_Strict):
    """A cut ``depth`` deep following the outline of ``face`` of ``target`` (its largest flat face
    there): with ``width``, a band ``width`` wide whose outer edge is ``inset`` mm inside the face's
    edge (0: a step along it); without, everything inside the outline inset by ``inset`` (> 0).
    """

    op: Literal["offset_pocket"] = "offset_pocket"
    target: NodeId
    face: Face = "top"
    inset: NonNegLength = 0.0
    width: Length | None = None
    depth: Length


class OffsetBossOp(_Strict):
    """Material ``height`` tall on ``face`` of ``target`` following its outline: with ``width``, a rim
    ``width`` wide ``inset`` mm inside the face's edge; without, a plateau inside the inset outline."""

    op: Literal["offset_boss"] = "offset_boss"
    target: NodeId
    face: Face = "top"
    inset: NonNegLength = 0.0
    width: Length | None = None
    height: Length


EdgeSelector = Literal[
    "all",
    "vertical",
    "horizontal",
    "top",
    "bottom",
    "front",
    "back",
    "left",
    "right",
    "parallel_x",
    "parallel_y",
    "parallel_z",
    "circular",
    "straight",
]
EDGE_SELECTOR_HELP = (
    "'vertical' is parallel to Z; a face name picks the edges lying in that face of the bounding box; "
    "several selectors add up."
)


class FeatureEdges(_Strict):
    """Edges picked by the feature that made them, for fillets and chamfers.

    ``of``: edges of the target on the surface of node ``of``'s solid (for a hole, pocket or boss:
    its tool or added solid: rim, floor, walls). ``meets``: only those also on node ``meets``
    ("where the shank meets the head"; a pocket's rim: ``of`` the pocket, ``meets`` the plate).
    ``face``: only those on that side of ``of``'s bounding box (a boss's base: ``bottom``).
    ``kind``: a geometric selector on top. Both nodes must be earlier steps of the target.
    """

    of: NodeId
    meets: NodeId | None = None
    face: Face | None = None
    kind: EdgeSelector = "all"


EdgePick = EdgeSelector | FeatureEdges
FEATURE_EDGES_HELP = (
    EDGE_SELECTOR_HELP + " An object {of, meets?, face?, kind?} picks the edges a feature made instead."
)


def feature_edge_refs(edges: list[EdgePick]) -> list[str]:
    """Node ids the feature-scoped selectors refer to, in order, without repeats."""
    refs: list[str] = []
    for pick in edges:
        if isinstance(pick, FeatureEdges):
            refs += [r for r in (pick.of, pick.meets) if r is not None and r not in refs]
    return refs


class FilletOp(_Strict):
    """Round the selected edges of ``target``."""

    op: Literal["fillet"] = "fillet"
    target: NodeId
    radius: Length
    edges: Annotated[list[EdgePick], Field(min_length=1, description=FEATURE_EDGES_HELP)] = ["all"]


class ChamferOp(_Strict):
    """Bevel the selected edges of ``target`` (equal distance ``size``)."""

    op: Literal["chamfer"] = "chamfer"
    target: NodeId
    size: Length
    edges: Annotated[list[EdgePick], Field(min_length=1, description=FEATURE_EDGES_HELP)] = ["all"]


class ShellOp(_Strict):
    """Hollow ``target`` leaving walls ``thickness`` thick (inwards); ``open_faces`` are removed."""

    op: Literal["shell"] = "shell"
    target: NodeId
    thickness: Length
    open_faces: list[Face] = Field(default_factory=lambda: list[Face](["top"]))


class LinearCopyOp(_Strict):
    """``count`` copies of ``target`` (including the original) every ``spacing`` mm along ``direction``."""

    op: Literal["linear_pattern"] = "linear_pattern"
    target: NodeId
    count: Annotated[int, Field(ge=1, le=500)]
    spacing: NonNegLength
    direction: Vec3 = (1.0, 0.0, 0.0)


class PolarCopyOp(_Strict):
    """``count`` copies of ``target`` spread over ``angle`` degrees about an axis through ``center``."""

    op: Literal["polar_pattern"] = "polar_pattern"
    target: NodeId
    count: Annotated[int, Field(ge=1, le=500)]
    angle: Annotated[float, Field(gt=0, le=360)] = 360.0
    axis: Axis = "z"
    center: Vec3 = (0.0, 0.0, 0.0)


class GridCopyOp(_Strict):
    """A grid of copies of ``target``: ``columns`` along X every ``spacing_x``,
    ``rows`` along Y every ``spacing_y``."""

    op: Literal["grid_pattern"] = "grid_pattern"
    target: NodeId
    columns: Annotated[int, Field(ge=1, le=100)]
    rows: Annotated[int, Field(ge=1, le=100)]
    spacing_x: NonNegLength
    spacing_y: NonNegLength


class MirrorOp(_Strict):
    """Mirror ``target`` across ``plane`` through ``point``; ``keep_original`` unites both halves."""

    op: Literal["mirror"] = "mirror"
    target: NodeId
    plane: Plane = "yz"
    point: Vec3 = (0.0, 0.0, 0.0)
    keep_original: bool = True


class BooleanOp(_Strict):
    """``union`` of all operands, ``cut`` of the rest from the first, or ``intersect`` of all."""

    op: Literal["boolean"] = "boolean"
    operation: Literal["union", "cut", "intersect"]
    operands: Annotated[list[NodeId], Field(min_length=2)]


#: The operations that make a solid from nothing (they carry a ``placement``).
CreatingOp = (
    BoxOp
    | CylinderOp
    | SphereOp
    | ConeOp
    | TorusOp
    | PrismOp
    | PyramidOp
    | ExtrudeOp
    | RevolveOp
    | SpurGearOp
    | SpringOp
    | LoftOp
    | SweepOp
    | PipeOp
    | CustomOp
)
#: The operations that change or combine existing solids.
FeatureOp = (
    HoleOp
    | PocketOp
    | BossOp
    | OffsetPocketOp
    | OffsetBossOp
    | FilletOp
    | ChamferOp
    | ShellOp
    | ThreadOp
    | LinearCopyOp
    | PolarCopyOp
    | GridCopyOp
    | MirrorOp
    | BooleanOp
)
Operation = Annotated[CreatingOp | FeatureOp, Field(discriminator="op")]

#: Operations that create a new solid from nothing (they carry a ``placement``).
CREATING_OPS = frozenset(
    {
        "box",
        "cylinder",
        "sphere",
        "cone",
        "torus",
        "prism",
        "pyramid",
        "extrude",
        "revolve",
        "spur_gear",
        "spring",
        "loft",
        "sweep",
        "pipe",
        "custom",
    }
)


class TaskNode(_Strict):
    """One operation in the graph."""

    id: NodeId
    operation: Operation
    label: PlainText = Field(default="", max_length=200, description="Human name shown in FreeCAD's tree.")
    origin: PlainText | None = Field(
        default=None,
        max_length=64,
        description="Informational: what the node is part of ('bolt_holes').",
    )
    depends_on: list[NodeId] = Field(
        default_factory=list,
        description="Extra ordering; the operation's references are dependencies already.",
    )

    def references(self) -> list[str]:
        """Ids this node's operation refers to (target, operands, relative placement)."""
        op = self.operation
        refs: list[str] = []
        target = getattr(op, "target", None)
        if target:
            refs.append(target)
        refs.extend(getattr(op, "operands", []) or [])
        placement = getattr(op, "placement", None)
        if placement is not None and placement.relative_to:
            refs.append(placement.relative_to)
        if isinstance(op, (FilletOp, ChamferOp)):
            refs += [r for r in feature_edge_refs(op.edges) if r not in refs]
        return refs

    def consumes(self) -> list[str]:
        """Ids whose result this node takes over (they are no longer part of the output on their own)."""
        op = self.operation
        target = getattr(op, "target", None)
        return ([target] if target else []) + list(getattr(op, "operands", []) or [])


class Expectations(_Strict):
    """What the finished part should measure; the validator checks the result against it."""

    bbox: Vec3 | None = Field(default=None, description="Overall size along X, Y, Z in mm.")
    bbox_tolerance: NonNegLength = 0.1
    bbox_any_orientation: bool = False
    solids: Annotated[int, Field(ge=1)] | None = 1
    holes: Annotated[int, Field(ge=0)] | None = Field(default=None, description="Round through/blind holes.")
    volume_min: NonNegLength | None = None
    volume_max: NonNegLength | None = None


class TaskGraph(_Strict):
    """A part as a DAG of operations plus what the result should measure."""

    version: Literal[1] = 1
    title: PlainText = Field(default="part", max_length=120)
    units: Literal["mm", "in"] = Field(
        default="mm",
        description="The unit the person wrote in; lengths are mm either way ('in' shows inches in "
        "the spreadsheet).",
    )
    nodes: Annotated[list[TaskNode], Field(min_length=1)]
    expected: Expectations = Field(default_factory=Expectations)

    def node(self, node_id: str) -> TaskNode:
        """The node with this id (KeyError if absent)."""
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(node_id)

    def outputs(self) -> list[str]:
        """Ids of the nodes no other node consumes: their union is the part."""
        consumed = {ref for n in self.nodes for ref in n.consumes()}
        return [n.id for n in self.nodes if n.id not in consumed]
