"""Read the documents after a script ran: objects, feature tree and final objects.

The final objects are the part a FreeCAD user sees in the document: the shown
objects with solids that no shown object consumes. "Shown" means visible, and in
no hidden container (an App::Part, a Body, a group hides what it holds).
"Consumed" means a shown shape-bearing feature is made from the object's shape,
directly or through hidden features it is made from (a Cut's Base and Tool, a
Body's features, a Pad's sketch), through the input link properties of the
feature's own type: a reference that only places or directs a feature (an
extrusion's direction edge, a sweep's spine), a link property a script added,
or a hidden feature, consumes nothing of what the user sees. Their shapes are taken where the document
puts them, moved by the containers they are in (:func:`placed_shape`).
"""

from __future__ import annotations

import math
from typing import Any

import FreeCAD  # type: ignore[import-not-found]

ORIGIN_TYPES = frozenset({"App::Origin", "App::Line", "App::Plane"})
MAX_TREE_DEPTH = 64
MAX_TREE_NODES = 2000
# Links that position or reference something without using it as an input.
_REFERENCE_LINKS = frozenset(
    {
        "Support",
        "AttachmentSupport",
        "ExternalGeometry",
        "ReferenceAxis",
        "UpToFace",
        "UpToShape",
        "Origin",
        "ExpressionEngine",
        "_Body",
    }
)
#: The link properties through which a feature's shape is made from other objects' shapes (a
#: boolean's Base and Tool, a Body's features, a Pad's sketch). Others (Support, DirLink,
#: UpToFace, a sweep's Spine...) only point at geometry to place or direct the feature.
_INPUT_LINKS = frozenset(
    {
        "Base",
        "Tool",
        "Shapes",
        "Links",
        "Source",
        "Sources",
        "Sections",
        "Faces",
        "BaseFeature",
        "Profile",
        "Originals",
        "Transformations",
        "Group",
        "Tip",
    }
)
_DYNAMIC = 21  # App::Property::PropDynamic: getPropertyStatus lists it by number


def documents() -> list[Any]:
    """Every open document that holds at least one object."""
    return [doc for doc in FreeCAD.listDocuments().values() if doc.Objects]


def is_shape_feature(obj: Any) -> bool:
    """True for Part features (Body, Part::*, PartDesign::*, sketches)."""
    try:
        return bool(obj.isDerivedFrom("Part::Feature"))
    except Exception:
        return False


def _is_document_object(value: Any) -> bool:
    return hasattr(value, "TypeId") and hasattr(value, "Name") and hasattr(value, "Document")


def _flatten_links(value: Any) -> list[Any]:
    if value is None or isinstance(value, str):
        return []
    if _is_document_object(value):
        return [value]
    if isinstance(value, (list, tuple)):
        found: list[Any] = []
        for item in value:
            found.extend(_flatten_links(item))
        return found
    return []


def input_links(obj: Any) -> list[Any]:
    """Objects that ``obj`` uses as inputs, in property order, without duplicates."""
    found: list[Any] = []
    seen = {obj.FullName}
    for prop in obj.PropertiesList:
        if prop in _REFERENCE_LINKS:
            continue
        type_id = obj.getTypeIdOfProperty(prop)
        if not type_id.startswith(("App::PropertyLink", "App::PropertyXLink")) or "Hidden" in type_id:
            continue
        for target in _flatten_links(getattr(obj, prop, None)):
            if target.FullName not in seen:
                seen.add(target.FullName)
                found.append(target)
    return found


def _tree_children(obj: Any) -> list[Any]:
    if obj.TypeId == "PartDesign::Body":
        tip = getattr(obj, "Tip", None)
        base = getattr(obj, "BaseFeature", None)
        return [o for o in (tip, base) if o is not None]
    return [o for o in input_links(obj) if o.TypeId not in ORIGIN_TYPES]


def _has_solids(obj: Any) -> bool:
    try:
        shape = obj.Shape
        return not shape.isNull() and len(shape.Solids) > 0
    except Exception:
        return False


def _containers(obj: Any) -> list[Any]:
    """The groups, App::Parts and Bodies that hold ``obj``."""
    return [
        parent
        for parent in obj.InList
        if parent.hasExtension("App::GroupExtension") and obj in (getattr(parent, "Group", None) or [])
    ]


def _is_shown(obj: Any) -> bool:
    """True when ``obj`` is visible and so is every container holding it, up to the document."""
    seen: set[str] = set()
    todo = [obj]
    while todo:
        current = todo.pop()
        if current.FullName in seen:
            continue
        seen.add(current.FullName)
        if not getattr(current, "Visibility", True) or len(seen) > MAX_TREE_NODES:
            return False
        todo.extend(_containers(current))
    return True


def placed_shape(obj: Any) -> Any:
    """``obj``'s shape where the document puts it: moved by the App::Parts and Body holding it."""
    container = obj.getParentGeoFeatureGroup()
    if container is None:
        return obj.Shape
    return obj.Shape.transformed(container.getGlobalPlacement().toMatrix())  # a rigid move: no copy


def _shape_inputs(obj: Any) -> list[Any]:
    """The objects whose shapes ``obj``'s shape is made from: through its type's own input links
    (a link property the script added is not read by the feature)."""
    return [
        target
        for prop in obj.PropertiesList
        if prop in _INPUT_LINKS and _DYNAMIC not in obj.getPropertyStatus(prop)
        for target in _flatten_links(getattr(obj, prop, None))
    ]


def _consumed(users: list[Any]) -> set[str]:
    """Full names of the objects ``users`` are made from, directly or through other inputs."""
    found: set[str] = set()
    todo = [target for obj in users for target in _shape_inputs(obj)]
    while todo:
        current = todo.pop()
        if current.FullName not in found:
            found.add(current.FullName)
            todo.extend(_shape_inputs(current))
    return found


def final_objects(docs: list[Any]) -> tuple[list[Any], list[str]]:
    """The objects whose shapes make the final part, and warnings about the choice."""
    solids = [obj for doc in docs for obj in doc.Objects if is_shape_feature(obj) and _has_solids(obj)]
    shown = [obj for obj in solids if _is_shown(obj)]
    pool = shown or solids  # a script that hid everything: its top-level solids
    used = _consumed(pool)
    chosen = [obj for obj in pool if obj.FullName not in used]
    warnings: list[str] = []
    if len(chosen) > 1:
        names = ", ".join(obj.Name for obj in chosen)
        warnings.append(
            f"{len(chosen)} top-level solids were fused into the final shape ({names}); "
            "if some are helpers, set their Visibility to False or use them in a boolean"
        )
    return chosen, warnings


class _Tree:
    """Builds the feature tree within bounds: each object's subtree once, a depth and a node budget.

    A document is a graph the model chose, not a tree: expanding every shared
    feature under every consumer grows exponentially (a few dozen features that
    each use the two before them make millions of nodes), and a long chain of
    features nests deeper than a report can be read back. So a feature used
    again appears without its children (they are under its first appearance),
    and the tree stops at :data:`MAX_TREE_DEPTH` levels and :data:`MAX_TREE_NODES` nodes.
    """

    def __init__(self) -> None:
        self.expanded: set[str] = set()
        self.nodes = 0
        self.cut = False

    def node(self, obj: Any, depth: int) -> dict[str, Any]:
        self.nodes += 1
        children: list[dict[str, Any]] = []
        if obj.FullName not in self.expanded:
            self.expanded.add(obj.FullName)
            below = _tree_children(obj)
            if below and depth >= MAX_TREE_DEPTH:
                self.cut = True
                below = []
            for child in below:
                if self.nodes >= MAX_TREE_NODES:
                    self.cut = True
                    break
                children.append(self.node(child, depth + 1))
        return {
            "name": obj.Name,
            "label": obj.Label,
            "type_id": obj.TypeId,
            "document": obj.Document.Name,
            "children": children,
        }


def feature_tree(docs: list[Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """Nested nodes from the top-level objects down to the features they consume, and warnings.

    A Body shows the chain from its tip; features that belong to a Body never
    appear as top-level nodes. The tree is bounded (see :class:`_Tree`).
    """
    tree = _Tree()
    roots: list[dict[str, Any]] = []
    for doc in docs:
        objects = [obj for obj in doc.Objects if obj.TypeId not in ORIGIN_TYPES]
        below = {
            child.Name for obj in objects for child in _tree_children(obj) if child.Document.Name == doc.Name
        }
        below.update(
            member.Name
            for obj in objects
            if obj.TypeId == "PartDesign::Body"
            for member in getattr(obj, "Group", None) or []
        )
        for obj in objects:
            if obj.Name in below:
                continue
            if tree.nodes >= MAX_TREE_NODES:
                tree.cut = True
                break
            roots.append(tree.node(obj, 1))
    warnings = []
    if tree.cut:
        warnings.append(
            f"the feature tree is shown in part (at most {MAX_TREE_DEPTH} levels and {MAX_TREE_NODES} "
            "nodes); the model itself is complete"
        )
    return roots, warnings


def _number(value: float) -> float:
    value = float(value)
    return value if math.isfinite(value) else 0.0


def _placement(obj: Any) -> dict[str, Any] | None:
    placement = getattr(obj, "Placement", None)
    if not isinstance(placement, FreeCAD.Placement):
        return None
    base, rotation = placement.Base, placement.Rotation
    axis = rotation.Axis
    return {
        "position": [_number(base.x), _number(base.y), _number(base.z)],
        "axis": [_number(axis.x), _number(axis.y), _number(axis.z)],
        "angle_deg": _number(math.degrees(rotation.Angle)),
        "quaternion": [_number(q) for q in rotation.Q],
    }


def _error_text(obj: Any, valid: bool) -> str | None:
    if valid:
        return None
    try:
        text = str(obj.getStatusString())
    except Exception:
        return "invalid"
    return text or "invalid"


def object_info(obj: Any) -> dict[str, Any]:
    """The ExecutionResult ``ObjectInfo`` fields of one object."""
    try:
        valid = bool(obj.isValid())
    except Exception:
        valid = False
    info: dict[str, Any] = {
        "name": obj.Name,
        "label": obj.Label,
        "type_id": obj.TypeId,
        "document": obj.Document.Name,
        "parents": [o.Name for o in obj.InList],
        "children": [o.Name for o in obj.OutList],
        "placement": _placement(obj),
        "visible": bool(obj.Visibility) if hasattr(obj, "Visibility") else None,
        "state": [str(s) for s in obj.State],
        "valid": valid,
        "error": _error_text(obj, valid),
    }
    if is_shape_feature(obj):
        try:
            solids = obj.Shape.Solids
            info["solids"] = len(solids)
            info["volume"] = _number(sum(s.Volume for s in solids)) if solids else 0.0
        except Exception:
            info["solids"] = 0
    return info


def all_objects(docs: list[Any]) -> list[dict[str, Any]]:
    """ObjectInfo dicts for every object except origin axes and planes."""
    return [object_info(obj) for doc in docs for obj in doc.Objects if obj.TypeId not in ORIGIN_TYPES]


def failed_objects(docs: list[Any]) -> list[Any]:
    """Objects that did not recompute cleanly."""
    failed = []
    for doc in docs:
        for obj in doc.Objects:
            state = set(obj.State)
            if "Invalid" in state or "Error" in state or not obj.isValid():
                failed.append(obj)
    return failed
