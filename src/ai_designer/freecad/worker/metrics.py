"""Measure shapes: volume, area, tight bounding box, topology counts, holes, features.

A hole is a set of coaxial, concave cylindrical faces (plus coaxial concave
cones such as countersinks and drill points) that go all the way round. It is
a through hole when it opens at both ends: at each end of the set, a face next
to it reaches farther from the axis than the hole itself (the plate's top face
around it, a pocket's floor), where a blind or sealed hole meets only its own
bottom (a disc, a drill point, a skin of any thickness). A wider cylinder of
the set is its counterbore, a cone wider than the bore its countersink.
Slots, flat faces, fillets and chamfers come from :mod:`features`.
"""

from __future__ import annotations

import math
from typing import Any

import FreeCAD  # type: ignore[import-not-found]
import Part  # type: ignore[import-not-found]

_FULL_TURN = 2 * math.pi - 1e-3
_PARALLEL = 1 - 1e-6
_REACH_POINTS = 16  # points along each edge when measuring how far a face reaches from an axis


def number(value: float) -> float:
    value = float(value)
    return value if math.isfinite(value) else 0.0


def vec(v: Any) -> list[float]:
    return [number(v.x), number(v.y), number(v.z)]


def tight_bbox(shape: Any) -> dict[str, list[float]]:
    """The tight bounding box (``optimalBoundingBox``), falling back to ``BoundBox``."""
    try:
        box = shape.optimalBoundingBox()  # never pass arguments: they crash FreeCAD 0.20
    except Exception:
        box = shape.BoundBox
    return {
        "min": [number(box.XMin), number(box.YMin), number(box.ZMin)],
        "max": [number(box.XMax), number(box.YMax), number(box.ZMax)],
        "size": [number(box.XLength), number(box.YLength), number(box.ZLength)],
    }


def _center_of_mass(solids: list[Any]) -> list[float] | None:
    total = sum(s.Volume for s in solids)
    if not solids or abs(total) < 1e-12:
        return None
    acc = FreeCAD.Vector(0, 0, 0)
    for solid in solids:
        acc += solid.CenterOfMass * solid.Volume
    return vec(acc * (1.0 / total))


def _canonical(axis: Any) -> Any:
    """The axis direction pointing to the positive side of its largest component."""
    a = FreeCAD.Vector(axis).normalize()
    largest = max((a.x, a.y, a.z), key=abs)
    return a if largest > 0 else a.negative()


def concave_faces(solid: Any) -> list[dict[str, Any]]:
    """Cylindrical and conical faces whose material lies outside (a hole's walls)."""
    found = []
    for index, face in enumerate(solid.Faces):
        surface = face.Surface
        is_cylinder = isinstance(surface, Part.Cylinder)
        if not (is_cylinder or isinstance(surface, Part.Cone)):
            continue
        u0, u1, v0, v1 = face.ParameterRange
        point = face.valueAt((u0 + u1) / 2, (v0 + v1) / 2)
        normal = face.normalAt((u0 + u1) / 2, (v0 + v1) / 2)
        axis = _canonical(surface.Axis)
        origin = surface.Center
        foot = origin + axis * (point - origin).dot(axis)
        if normal.dot(point - foot) >= 0:
            continue  # convex: an outer surface
        found.append(
            {
                "face": face,
                "index": index,
                "cylinder": is_cylinder,
                "radius": surface.Radius if is_cylinder else None,
                "span": u1 - u0,
                "axis": axis,
                "origin": origin,
            }
        )
    return found


def _same_line(a: dict[str, Any], b: dict[str, Any], tol: float) -> bool:
    if abs(a["axis"].dot(b["axis"])) < _PARALLEL:
        return False
    offset = b["origin"] - a["origin"]
    across = offset - a["axis"] * offset.dot(a["axis"])
    return bool(across.Length < tol)


def _groups(faces: list[dict[str, Any]], tol: float) -> list[list[dict[str, Any]]]:
    groups: list[list[dict[str, Any]]] = []
    for face in faces:
        for group in groups:
            if _same_line(group[0], face, tol):
                group.append(face)
                break
        else:
            groups.append([face])
    return groups


def _goes_all_round(group: list[dict[str, Any]]) -> bool:
    spans: dict[float, float] = {}
    for face in group:
        if face["cylinder"]:
            key = round(face["radius"], 6)
            spans[key] = spans.get(key, 0.0) + face["span"]
    return any(span >= _FULL_TURN for span in spans.values())


def _edge_faces(solid: Any) -> dict[int, list[int]]:
    """The indexes of the faces around each edge of ``solid``, by the edge's hash."""
    around: dict[int, list[int]] = {}
    for index, face in enumerate(solid.Faces):
        for edge in face.Edges:
            around.setdefault(edge.hashCode(), []).append(index)
    return around


def _reach(face: Any, axis: Any, origin: Any, enough: float = math.inf) -> float:
    """How far the boundary of ``face`` goes from the line through ``origin`` along ``axis``
    (or the first distance found beyond ``enough``)."""
    far = 0.0
    for edge in face.Edges:
        for point in edge.discretize(_REACH_POINTS):
            offset = point - origin
            far = max(far, float((offset - axis * offset.dot(axis)).Length))
            if far > enough:
                return far
    return far


def _open_ends(
    solid: Any, group: list[dict[str, Any]], ends: tuple[float, ...], around: dict[int, list[int]], tol: float
) -> list[bool]:
    """For each axial position in ``ends``: whether a face next to the hole there reaches wider
    than the hole (so the hole opens there, instead of meeting its own bottom)."""
    axis, origin = group[0]["axis"], group[0]["origin"]
    own = {face["index"] for face in group}
    width = max(_reach(face["face"], axis, origin) for face in group)
    found = [False] * len(ends)
    for face in group:
        for edge in face["face"].Edges:
            levels = [(v.Point - origin).dot(axis) for v in edge.Vertexes]
            touched = [i for i, end in enumerate(ends) if any(abs(level - end) <= tol for level in levels)]
            if any(not found[i] for i in touched) and any(
                index not in own and _reach(solid.Faces[index], axis, origin, width + tol) > width + tol
                for index in around.get(edge.hashCode(), [])
            ):
                for i in touched:
                    found[i] = True
    return found


def _hole(
    solid: Any, group: list[dict[str, Any]], around: dict[int, list[int]], tol: float
) -> dict[str, Any]:
    axis, origin = group[0]["axis"], group[0]["origin"]
    positions = [(v.Point - origin).dot(axis) for face in group for v in face["face"].Vertexes]
    low, high = min(positions), max(positions)
    start = origin + axis * low
    through = all(_open_ends(solid, group, (low, high), around, tol))
    radius = min(face["radius"] for face in group if face["cylinder"])
    return {
        "diameter": number(2 * radius),
        "axis": vec(axis),
        "start": vec(start),
        "depth": number(high - low),
        "through": bool(through),
        **_entry(group, radius),
    }


def _entry(group: list[dict[str, Any]], bore: float) -> dict[str, Any]:
    """The counterbore (a wider coaxial cylinder: diameter, depth) and the countersink (a cone
    wider than the bore: largest diameter, included angle) of a hole, when it has them."""
    found: dict[str, Any] = {}
    axis, origin = group[0]["axis"], group[0]["origin"]
    wider = [f for f in group if f["cylinder"] and f["radius"] > bore + 1e-6]
    if wider:
        widest = max(f["radius"] for f in wider)
        ends = [
            (v.Point - origin).dot(axis) for f in wider if f["radius"] == widest for v in f["face"].Vertexes
        ]
        found["counterbore_diameter"] = number(2 * widest)
        found["counterbore_depth"] = number(max(ends) - min(ends))
    for face in group:
        if face["cylinder"]:
            continue
        reach = max(
            ((v.Point - origin) - axis * (v.Point - origin).dot(axis)).Length for v in face["face"].Vertexes
        )
        if reach > bore + 1e-6:
            found["countersink_diameter"] = number(2 * reach)
            found["countersink_angle"] = number(2 * abs(math.degrees(face["face"].Surface.SemiAngle)))
    return found


def find_holes(solid: Any) -> list[dict[str, Any]]:
    """Cylindrical holes in one solid."""
    diagonal = solid.BoundBox.DiagonalLength or 1.0
    tol = max(1e-4, diagonal * 1e-7)
    groups = [group for group in _groups(concave_faces(solid), tol) if _goes_all_round(group)]
    around = _edge_faces(solid) if groups else {}
    holes = [_hole(solid, group, around, tol) for group in groups]
    return sorted(holes, key=lambda h: (h["start"], h["diameter"]))


def _merged(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """The features of several solids as one ShapeFeatures dict."""
    merged: dict[str, Any] = {"slots": [], "flats": [], "rounds": [], "chamfers": []}
    for part in parts:
        for key in merged:
            merged[key] += part[key]
    merged["flats"] = sorted(merged["flats"], key=lambda f: -float(f["area"]))  # bounds.py cuts them
    merged["rounds"] = _summed(merged["rounds"], ("radius", "concave"))
    merged["chamfers"] = _summed(merged["chamfers"], ("width",))
    return merged


def _summed(groups: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """Groups of faces of equal ``keys`` (one per solid) as one group each, their faces summed,
    in the order of their keys (as each solid's own groups come)."""
    faces: dict[tuple[Any, ...], int] = {}
    for group in groups:
        key = tuple(group[k] for k in keys)
        faces[key] = faces.get(key, 0) + int(group["faces"])
    return [
        {**{name: key[i] for i, name in enumerate(keys)}, "faces": count}
        for key, count in sorted(faces.items())
    ]


def shape_metrics(
    shape: Any, holes: list[dict[str, Any]] | None = None, found: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The ExecutionResult ``ShapeMetrics`` fields of a shape."""
    from .features import find_features  # features builds on this module's face helpers

    solids = list(shape.Solids)
    if holes is None:
        holes = [hole for solid in solids for hole in find_holes(solid)]
    if found is None:
        found = _merged([find_features(solid) for solid in solids])
    return {
        "volume": number(shape.Volume),
        "area": number(shape.Area),
        "bbox": tight_bbox(shape),
        "center_of_mass": _center_of_mass(solids),
        "solids": len(solids),
        "shells": len(shape.Shells),
        "faces": len(shape.Faces),
        "edges": len(shape.Edges),
        "vertices": len(shape.Vertexes),
        "is_valid": bool(shape.isValid()),
        "through_holes": sum(1 for hole in holes if hole["through"]),
        "holes": holes,
        "features": found,
    }


def measure(shape: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Metrics of the whole shape and of each of its solids (holes found once per solid)."""
    solids = shape.Solids
    per_solid = [shape_metrics(solid) for solid in solids]
    if (
        len(solids) == 1
        and len(shape.Faces) == len(solids[0].Faces)
        and len(shape.Edges) == len(solids[0].Edges)
    ):
        return dict(per_solid[0]), per_solid  # the shape is that one solid: measure it once
    holes = [hole for metrics in per_solid for hole in metrics["holes"]]
    return shape_metrics(shape, holes, _merged([m["features"] for m in per_solid])), per_solid


def fuse(shapes: list[Any]) -> tuple[Any, list[str]]:
    """One shape from the final objects' shapes (a fusion, or a compound if fusing fails)."""
    if len(shapes) == 1:
        return shapes[0], []
    try:
        fused = shapes[0].fuse(shapes[1:])
        if fused.isValid() and fused.Solids:
            return fused, []
    except Exception:  # noqa: S110 - fall back to a compound below  # nosec B110
        pass
    return Part.makeCompound(shapes), ["the final solids could not be fused; they are kept as a compound"]
