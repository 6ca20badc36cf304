"""Where repeated features go on a face: centre, corners, rows, grids, circles.

Coordinates are the TaskGraph's ``(u, v)`` offsets from the centre of the face (see
schemas/task_graph.py). Distances the user gives from edges, corners and ends are kept as
they were said (:class:`EdgePositions`), so the model keeps them when the part is resized;
everything else is an offset from the centre. Every result is checked to lie on the face.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ai_designer.cad.positions import edge_positions
from ai_designer.planner.audit import use
from ai_designer.planner.build import GraphBuilder, fmt, refuse
from ai_designer.planner.chunks import Grid, Position, Spacing
from ai_designer.planner.model import FeatureSpec
from ai_designer.schemas.task_graph import (
    CircularPattern,
    EdgePositions,
    EdgeRef,
    GridPattern,
    LinearPattern,
    Point2,
    PositionPattern,
)

_ROW_KINDS = frozenset({"evenly", "row", "along_length", "along_width", "centreline", "first_last", "ends"})


@dataclass
class FaceSpot:
    """The face a feature goes on: its extent along u and v, and whether it is a circle."""

    du: float
    dv: float
    round: bool = False
    bore: float | None = None  # a centre bore already there (for a default bolt circle)
    name: str = "top"  # which face of the shape's box


@dataclass
class Layout:
    """Explicit points, a pattern and/or positions measured from the edges of a face ``face`` (du, dv)."""

    at: list[Point2] = field(default_factory=list)
    pattern: PositionPattern | None = None
    from_edges: list[EdgePositions] = field(default_factory=list)
    face: tuple[float, float] = (0.0, 0.0)

    @property
    def count(self) -> int:
        """Number of positions."""
        return len(self.points())

    def points(self) -> list[Point2]:
        """Every position as an offset from the face centre, the pattern's and the edge-measured included."""
        return [*self.at, *_pattern_points(self.pattern), *self._measured()]

    def resolved(self) -> Layout:
        """The same positions with the edge-measured ones as offsets from the centre."""
        if not self.from_edges:
            return self
        return Layout(at=[*self.at, *self._measured()], pattern=self.pattern, face=self.face)

    def _measured(self) -> list[Point2]:
        return [point for spec in self.from_edges for point in edge_positions(spec, self.face)]


def _pattern_points(p: PositionPattern | None) -> list[Point2]:
    if isinstance(p, LinearPattern):
        du, dv = p.direction
        return [(p.start[0] + i * p.spacing * du, p.start[1] + i * p.spacing * dv) for i in range(p.count)]
    if isinstance(p, GridPattern):
        u0 = p.center[0] - (p.columns - 1) * p.pitch_u / 2
        v0 = p.center[1] - (p.rows - 1) * p.pitch_v / 2
        return [(u0 + c * p.pitch_u, v0 + r * p.pitch_v) for r in range(p.rows) for c in range(p.columns)]
    if isinstance(p, CircularPattern):
        step = 2 * math.pi / p.count
        start = math.radians(p.start_angle)
        return [
            (
                p.center[0] + p.diameter / 2 * math.cos(start + i * step),
                p.center[1] + p.diameter / 2 * math.sin(start + i * step),
            )
            for i in range(p.count)
        ]
    return []


def layout(feature: FeatureSpec, face: FaceSpot, extent: tuple[float, float], g: GraphBuilder) -> Layout:
    """Positions for ``feature``; ``extent`` is its size along u and v (a hole: its diameter twice)."""
    size = max(extent)
    positions = {p.kind: p for p in feature.positions if isinstance(p, Position)}
    grid = next((p for p in feature.positions if isinstance(p, Grid)), None)
    spacing = next((p for p in feature.positions if isinstance(p, Spacing)), None)
    count = feature.count if feature.count is not None or "plural" in feature.flags else 1
    inset = positions.get("inset") or positions.get("first_last")
    insets = [p for p in feature.positions if isinstance(p, Position) and p.kind == "inset"]
    to_corners = (
        count == 4 and bool(insets) and all(p.ref in ("edges", None, "long", "short") for p in insets)
    )
    count = _count_at_ends(positions.get("ends"), count, face, feature)
    rows = positions.keys() & _ROW_KINDS
    if feature.kind in ("slot", "pocket", "cutout") and count in (None, 1):
        rows -= {"along_length", "along_width"}  # one slot "running along the length": its direction
    elif count == 1 and rows & {"along_length", "along_width"}:  # "a hole along its length": a bore?
        along = positions.get("along_length") or positions["along_width"]
        raise refuse(
            "one feature cannot make a row; for a hole running along the part, say which face it goes into",
            words=[along.text],
        )
    circle = positions.get("circle_d") or positions.get("circle_r") or positions.get("circle")
    clocks = [p for p in feature.positions if isinstance(p, Position) and p.kind == "clock"]
    rectangle = positions.get("square") or positions.get("rect")
    if "ends" in positions and face.round:  # "a hole in one end" of a cylinder: its end face's centre
        result = Layout(at=[(0.0, 0.0)])
        use(positions["ends"], positions.get("center"))
    elif rectangle is not None:
        result = _rectangle(rectangle, count, feature)
        use(rectangle, positions.get("center"), positions.get("evenly"))
    elif clocks:
        result = _clock(clocks, positions, count, face, feature)
    elif circle is not None:
        result = _circle(circle, count, face, feature, g)
        first = positions.get("clock_first")
        if first is not None and isinstance(result.pattern, CircularPattern):
            result.pattern = result.pattern.model_copy(
                update={"start_angle": (90.0 - 30.0 * first.hours[0]) % 360.0}
            )
        use(circle, positions.get("evenly"), positions.get("center"), first)
    elif "halfway" in positions and face.round and count not in (None, 1):
        result = Layout(pattern=CircularPattern(diameter=_halfway_diameter(face, feature), count=count))
        use(positions["halfway"], positions.get("evenly"))
    elif grid is not None:
        source = feature.count_source
        total = source is not None and 0 <= source.start < grid.start  # "six holes in two rows"
        result = _grid(grid, count, spacing, face, size, g, total)
        result = _grid_along_side(result, feature, positions.get("along_side"), face)
        use(grid, spacing, positions.get("center"))
        if grid.columns is None or grid.rows is None:
            use(feature.count_source)  # "3 rows of 4 holes": the count is the columns
    elif "corners" in positions or to_corners:
        result = _corners(insets, count, face, size, feature, g)
        use(positions.get("corners"), *insets)
    elif rows or spacing is not None or (inset is not None and inset.ref == "ends"):
        result = _row(
            positions, inset, count or (2 if "ends" in positions else None), spacing, face, size, feature, g
        )
        use(inset, spacing, positions.get("center"), *(positions[k] for k in rows))
    elif inset is not None and inset.ref == "face" and count in (None, 1):
        from_edges = [p for p in feature.positions if isinstance(p, Position) and p.kind == "inset"]
        result = _from_edges(from_edges, face, feature, g)
        use(*from_edges)
    elif "center" in positions or "axial" in positions or "centred_axis" in positions:
        if count not in (None, 1):
            raise refuse(f"{count} features cannot all be at the centre", words=[feature.text])
        result = Layout(at=[(0.0, 0.0)])
        use(positions.get("center"), positions.get("axial"), positions.get("centred_axis"))
    else:
        result = _default(count, face, size, feature, g)
    result.face = (face.du, face.dv)
    if face.round:
        result = result.resolved()
    if result.count == count or count is None:
        use(feature.count_source)
    _check_fits(result, face, extent, feature)
    return result


def _grid_along_side(result: Layout, feature: FeatureSpec, side: Position | None, face: FaceSpot) -> Layout:
    """ "with 4 holes along the 80 mm side": the grid turned so that many holes run along that side."""
    if side is None:
        return result
    grid = result.pattern
    if feature.along_count is None or side.qty is None or not isinstance(grid, GridPattern):
        raise refuse("it is not clear how many features run along that side", words=[side.text])
    along_u = abs(side.qty.mm - face.du) < 1e-6
    if not along_u and abs(side.qty.mm - face.dv) >= 1e-6:
        raise refuse("the face has no side of that length", words=[side.text])
    wanted = feature.along_count
    if (grid.columns if along_u else grid.rows) != wanted:
        turned = grid.model_copy(
            update={
                "columns": grid.rows,
                "rows": grid.columns,
                "pitch_u": grid.pitch_v,
                "pitch_v": grid.pitch_u,
            }
        )
        result = Layout(pattern=turned)
    if (result.pattern.columns if along_u else result.pattern.rows) != wanted:  # type: ignore[union-attr]
        raise refuse("the grid has no side with that many features", words=[side.text])
    use(side)
    return result


def _rectangle(rectangle: Position, count: int | None, feature: FeatureSpec) -> Layout:
    """ "on a 31 mm square", "on 80 x 30 centres": four features at the corners, centred on the face."""
    if count not in (None, 4):
        raise refuse(f"{count} features cannot go on the 4 corners of a rectangle", words=[feature.text])
    assert rectangle.qty is not None
    u = rectangle.qty.mm / 2
    v = (rectangle.qty2 or rectangle.qty).mm / 2
    return Layout(at=[(-u, -v), (u, -v), (u, v), (-u, v)])


def _halfway_diameter(face: FaceSpot, feature: FeatureSpec) -> float:
    """The diameter midway across the wall of a ring: between its bore and its outside."""
    if not face.round or face.bore is None:
        raise refuse("halfway between the inner and outer edge needs a ring or a tube", words=[feature.text])
    return (min(face.du, face.dv) + face.bore) / 2


def _clock_radius(positions: dict[str, Position], face: FaceSpot, feature: FeatureSpec) -> float:
    """The distance of clock positions from the centre: "halfway across the wall", "N mm from the centre"."""
    circle = positions.get("circle_d") or positions.get("circle_r")
    if circle is not None and circle.qty is not None:
        use(circle)
        return circle.qty.mm / (2 if circle.kind == "circle_d" else 1)
    if "halfway" in positions:
        use(positions["halfway"])
        return _halfway_diameter(face, feature) / 2
    inset = positions.get("inset")
    if inset is not None and inset.ref == "center" and inset.qty is not None:
        use(inset)
        return inset.qty.mm
    raise refuse("how far from the centre the features are was not given", words=[feature.text])


def _clock(
    clocks: list[Position],
    positions: dict[str, Position],
    count: int | None,
    face: FaceSpot,
    feature: FeatureSpec,
) -> Layout:
    """ "one at 12 o'clock and one at 6 o'clock": 12 is the +Y (back) side, 3 the +X (right) side."""
    hours = [hour for clock in clocks for hour in clock.hours]
    for clock in clocks:
        if clock.count is not None and round(clock.count) != len(clock.hours):
            raise refuse("the number of features does not match the clock positions", words=[clock.text])
    if count is not None and count != len(hours):
        raise refuse(f"{count} features but {len(hours)} clock positions", words=[feature.text])
    if any(not 0 < hour <= 12 for hour in hours):
        raise refuse("a clock position is a whole hour from 1 to 12", words=[c.text for c in clocks])
    radius = _clock_radius(positions, face, feature)
    use(*clocks)
    at = [
        (
            round(radius * math.cos(math.radians(90 - 30 * hour)), 9) + 0.0,
            round(radius * math.sin(math.radians(90 - 30 * hour)), 9) + 0.0,
        )
        for hour in hours
    ]
    return Layout(at=at)


def _circle(
    circle: Position, count: int | None, face: FaceSpot, feature: FeatureSpec, g: GraphBuilder
) -> Layout:
    if count is None:
        raise refuse("how many features go on the circle was not given", words=[feature.text])
    if circle.qty is not None:
        diameter = circle.qty.mm * (2 if circle.kind == "circle_r" else 1)
    else:
        outer = min(face.du, face.dv)
        diameter = (outer + face.bore) / 2 if face.bore else outer / 2
        g.note(f"circle diameter not given: assumed {fmt(diameter)} mm")
    return Layout(pattern=CircularPattern(diameter=diameter, count=count))


def _grid(
    grid: Grid,
    count: int | None,
    spacing: Spacing | None,
    face: FaceSpot,
    size: float,
    g: GraphBuilder,
    total: bool = False,
) -> Layout:
    """``total``: the count is of every feature ("six holes in two rows"), not of one row ("two
    rows of three holes")."""
    rows = round(grid.rows) if grid.rows is not None else None
    if total and grid.columns is None and rows and count:
        if count % rows:
            raise refuse(f"{count} features do not make {rows} equal rows", words=[grid.text])
        count //= rows
    columns = round(grid.columns) if grid.columns is not None else count
    if columns is not None and rows is None and count:
        rows = max(1, count // columns)
    if columns is None or rows is None:
        raise refuse("the grid's rows and columns were not given", words=[grid.text])
    if spacing is not None:
        pitch = spacing.qty.mm + (size if spacing.kind == "gap" else 0.0)
        pitch_u = pitch_v = pitch
    else:
        pitch_u, pitch_v = face.du / columns, face.dv / rows
        g.note(f"grid pitch not given: spread evenly ({fmt(pitch_u)} x {fmt(pitch_v)} mm)")
    return Layout(pattern=GridPattern(columns=columns, rows=rows, pitch_u=pitch_u, pitch_v=pitch_v))


def _count_at_ends(
    ends: Position | None, count: int | None, face: FaceSpot, feature: FeatureSpec
) -> int | None:
    """How many features "at each end" / "at one end" makes, or a refusal where it is not one per end.

    "a hole at each end" is two holes; "two holes at each end" could be two or four, and "three
    holes at one end" says nothing of how they sit there: both are refused, never spread over the
    whole length. On a round face (a cylinder's end) "the end" is the face itself.
    """
    if ends is None:
        return count
    if ends.ref == "both":
        if face.round:
            raise refuse(
                "features in both end faces of a round shape are not planned offline: "
                "describe the feature in each end face on its own",
                words=[ends.text],
            )
        if count in (None, 1):
            return 2
        if count == 2 and "each" not in ends.text and "either" not in ends.text:
            return 2  # "two holes at both ends", "two holes at the ends"
        raise refuse(f"it is not clear how {count} features sit at each end", words=[feature.text, ends.text])
    if count not in (None, 1):
        raise refuse(f"it is not clear how {count} features sit at one end", words=[feature.text, ends.text])
    return 1


def _default_inset(size: float, g: GraphBuilder, what: str) -> float:
    inset = round(max(1.5 * size, size / 2 + 2), 1)
    g.note(f"distance from the {what} not given: assumed {fmt(inset)} mm")
    return inset


def _corners(
    insets: list[Position],
    count: int | None,
    face: FaceSpot,
    size: float,
    feature: FeatureSpec,
    g: GraphBuilder,
) -> Layout:
    """One feature in each corner, each distance measured from the edges it names: "8 mm from the
    edges", or "15 mm from the short edges and 10 mm from the long edges"."""
    if count not in (None, 1, 4):  # "a hole in each corner" is one per corner
        raise refuse(f"{count} features cannot go one in each of 4 corners", words=[feature.text])
    inset: list[float | None] = [None, None]  # from the edges across u, across v
    long_along_u = face.du >= face.dv
    for position in insets:
        if position.qty is None:
            raise refuse("the distance from the edges was not given", words=[position.text])
        axes = {"long": [1 if long_along_u else 0], "short": [0 if long_along_u else 1]}.get(
            position.ref or "", [0, 1]
        )
        for axis in axes:
            if inset[axis] is not None:
                raise refuse("two distances are given from the same edges", words=[position.text])
            inset[axis] = position.qty.mm
    if inset == [None, None]:
        inset = [_default_inset(size, g, "edges")] * 2
    if None in inset:
        raise refuse("the distance from one pair of edges was not given", words=[feature.text])
    spec = EdgePositions(u=inset[0] or 0.0, u_from="both", v=inset[1] or 0.0, v_from="both")
    return Layout(from_edges=[spec])


def _row(
    positions: dict[str, Position],
    inset: Position | None,
    count: int | None,
    spacing: Spacing | None,
    face: FaceSpot,
    size: float,
    feature: FeatureSpec,
    g: GraphBuilder,
) -> Layout:
    centreline = positions.get("centreline")
    across = "along_width" in positions or (centreline is not None and centreline.ref == "short")
    along = positions.get("axis")  # "on the centreline along X": the row runs along that axis
    if along is not None and along.axis in FACE_AXES[face.name][:2]:
        across = along.axis == FACE_AXES[face.name][1]
        use(along)
    length = face.dv if across else face.du
    direction = (0.0, 1.0) if across else (1.0, 0.0)
    if count is None:
        raise refuse("how many features go in the row was not given", words=[feature.text])
    from_edge = _edge_of_row(inset, across, face) if inset is not None and inset.ref == "face" else None
    side = cross = None
    if from_edge is not None:
        inset = None
        if from_edge.runs_along:  # "15 mm from the front edge": the row is that far from the edge
            cross = from_edge
        else:  # "the first 10 mm from the left edge": where the row starts
            side = from_edge
    if spacing is not None:
        pitch = spacing.qty.mm + (size if spacing.kind == "gap" else 0.0)
        first = -(count - 1) * pitch / 2
        if side is not None:
            end = length / 2 - side.distance  # the feature nearest that edge
            first = -end if side.sign < 0 else end - (count - 1) * pitch
    else:
        if side is not None:
            raise refuse(
                "a row measured from one end needs its spacing (e.g. '20 mm apart')", words=[side.text]
            )
        from_ends = (inset is not None and inset.qty is not None) or "ends" in positions
        if inset is not None and inset.qty is not None:
            margin = inset.qty.mm
        elif "ends" in positions or count == 2:
            margin = _default_inset(size, g, "ends")
        else:
            margin = length / count / 2
            if count > 1:
                g.note(f"row spacing not given: spread evenly, {fmt(length / count)} mm apart")
        if from_ends and count <= 3 and cross is None:
            return _row_from_ends(margin, count, across)
        first = -(length / 2 - margin)
        pitch = (length - 2 * margin) / (count - 1) if count > 1 else 0.0
    offset = 0.0 if cross is None else cross.sign * ((face.du if across else face.dv) / 2 - cross.distance)
    start = (first * direction[0] + offset * direction[1], first * direction[1] + offset * direction[0])
    if count == 1:
        return Layout(at=[start])
    return Layout(pattern=LinearPattern(start=start, direction=direction, count=count, spacing=pitch))


@dataclass
class _RowEdge:
    """A face edge a row is measured from: how far, on which side (-1 low, +1 high), and whether the
    edge runs along the row (the distance places the row) or across it (it places the row's end)."""

    distance: float
    sign: float
    runs_along: bool
    text: str


def _edge_of_row(inset: Position, across: bool, face: FaceSpot) -> _RowEdge:
    edges = FACE_EDGES[face.name]
    side = inset.faces[0] if inset.faces else None
    if side is None or inset.qty is None:
        raise refuse("it is not clear which edge this is measured from", words=[inset.text])
    if side not in edges:
        raise refuse(f"the {side} edge is not an edge of the {face.name} face", words=[inset.text])
    index = edges.index(side)
    measured_along_v = index // 2 == 1  # front/back (or bottom/top): a distance along v
    return _RowEdge(
        distance=inset.qty.mm,
        sign=-1.0 if index % 2 == 0 else 1.0,
        runs_along=measured_along_v != across,
        text=inset.text,
    )


def _row_from_ends(margin: float, count: int, across: bool) -> Layout:
    """A row of up to three features ``margin`` from its ends, kept that far from them in the model:
    one at the low end, two at both ends, three with one in the middle (more are spaced evenly
    between the ends, which distances from the edges cannot say)."""
    ref: EdgeRef = "min" if count == 1 else "both"
    spec = (
        EdgePositions(u=0.0, v=margin, v_from=ref) if across else EdgePositions(u=margin, u_from=ref, v=0.0)
    )
    return Layout(at=[(0.0, 0.0)] if count == 3 else [], from_edges=[spec])


#: The axes each face's u and v run along, and its normal.
FACE_AXES: dict[str, tuple[str, str, str]] = {
    "top": ("x", "y", "z"),
    "bottom": ("x", "y", "z"),
    "front": ("x", "z", "y"),
    "back": ("x", "z", "y"),
    "left": ("y", "z", "x"),
    "right": ("y", "z", "x"),
}
#: The edges of each face, in the order u-, u+, v-, v+ (see schemas/task_graph.py for u and v).
FACE_EDGES: dict[str, tuple[str, str, str, str]] = {
    "top": ("left", "right", "front", "back"),
    "bottom": ("left", "right", "front", "back"),
    "front": ("left", "right", "bottom", "top"),
    "back": ("left", "right", "bottom", "top"),
    "left": ("front", "back", "bottom", "top"),
    "right": ("front", "back", "bottom", "top"),
}


def _from_edges(insets: list[Position], face: FaceSpot, feature: FeatureSpec, g: GraphBuilder) -> Layout:
    """One feature measured from named edges of its face ("20 mm from the left edge and 15 mm from
    the front edge"); a direction no edge was named for is centred, and a note says so."""
    edges = FACE_EDGES[face.name]
    offset: list[tuple[float, EdgeRef] | None] = [None, None]  # distance, and the edge it is from
    for centred in (p for p in feature.positions if isinstance(p, Position) and p.kind == "centred_axis"):
        if centred.axis not in FACE_AXES[face.name][:2]:
            raise refuse(f"that direction does not lie in the {face.name} face", words=[centred.text])
        offset[FACE_AXES[face.name].index(centred.axis or "")] = (0.0, "centre")  # "centred in Y"
        use(centred)
    for inset in insets:
        side = inset.faces[0] if inset.faces and inset.ref == "face" else None
        if side is None or inset.qty is None:
            raise refuse("it is not clear which edge this is measured from", words=[inset.text])
        if side not in edges:
            raise refuse(f"the {side} edge is not an edge of the {face.name} face", words=[inset.text])
        index = edges.index(side)
        axis = index // 2
        if offset[axis] is not None:
            raise refuse("two distances are given along the same direction", words=[inset.text])
        offset[axis] = (inset.qty.mm, "min" if index % 2 == 0 else "max")
    for axis, value in enumerate(offset):
        if value is None:
            g.note(
                f"position of the {feature.noun or feature.kind} between the {edges[2 * axis]} and "
                f"{edges[2 * axis + 1]} edges not given: centred"
            )
    (u, u_from), (v, v_from) = (value or (0.0, "centre") for value in offset)
    return Layout(from_edges=[EdgePositions(u=u, u_from=u_from, v=v, v_from=v_from)])


def _default(count: int | None, face: FaceSpot, size: float, feature: FeatureSpec, g: GraphBuilder) -> Layout:
    n = count or (None if "plural" in feature.flags else 1)
    if n is None:
        raise refuse("how many features there are was not given", words=[feature.text])
    if n == 1:
        g.note(f"position of the {feature.noun or feature.kind} not given: centred")
        return Layout(at=[(0.0, 0.0)])
    if face.round:
        outer = min(face.du, face.dv)
        diameter = (outer + face.bore) / 2 if face.bore else outer / 2
        g.note(f"positions not given: {n} equally spaced on a {fmt(diameter)} mm circle")
        return Layout(pattern=CircularPattern(diameter=diameter, count=n))
    if n == 4:
        return _corners([], 4, face, size, feature, g)
    g.note(f"positions not given: {n} in a row along the length")
    return _row({"evenly": Position(kind="evenly")}, None, n, None, face, size, feature, g)


def _check_fits(result: Layout, face: FaceSpot, extent: tuple[float, float], feature: FeatureSpec) -> None:
    ru, rv = extent[0] / 2, extent[1] / 2
    for u, v in result.points():
        if face.round:
            inside = math.hypot(u, v) + max(ru, rv) <= min(face.du, face.dv) / 2 + 1e-6
        else:
            inside = abs(u) + ru <= face.du / 2 + 1e-6 and abs(v) + rv <= face.dv / 2 + 1e-6
        if not inside:
            raise refuse("the features would not fit on the face", words=[feature.text])


def shifted(result: Layout, du: float, dv: float) -> Layout:
    """``result`` moved by (du, dv) on its face (edge-measured positions become offsets from the centre)."""
    if du == 0 and dv == 0:
        return result
    result = result.resolved()
    at = [(u + du, v + dv) for u, v in result.at]
    pattern = result.pattern
    if isinstance(pattern, LinearPattern):
        pattern = pattern.model_copy(update={"start": (pattern.start[0] + du, pattern.start[1] + dv)})
    elif isinstance(pattern, (GridPattern, CircularPattern)):
        pattern = pattern.model_copy(update={"center": (pattern.center[0] + du, pattern.center[1] + dv)})
    return Layout(at=at, pattern=pattern, face=result.face)
