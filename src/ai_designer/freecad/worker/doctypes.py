"""Which types each element of a FreeCAD document may name, element by element.

FreeCAD restores an element that names a type by making an instance of that type
and using it as what the element holds, often without checking the two match:
``<GeoExtension type="Part::Feature">`` is cast to a geometry extension, an abstract
``<Geometry type="Part::GeomCurve">`` gives no instance at all, and the process that
loads the document crashes. So every element that names a type may only name a
concrete type of its own family, and an element that names a type without being
one of these is refused.

The families are FreeCAD 0.20.2's own registered, concrete types
(``Base.TypeId.getAllDerivedFrom``, keeping those FreeCAD can make), in the
modules modelling uses, without what the sandbox never loads: Python objects,
files, links to other documents, imports and exports, persistent objects (a
property that names yet another type to make), and objects whose own properties
are among those (a sub-shape binder's external links, a sketch's included file). A type FreeCAD adds later is
refused until it is listed here.
"""

from __future__ import annotations


def _named(module: str, names: str) -> set[str]:
    return {f"{module}::{name}" for name in names.split()}


OBJECT_TYPES = frozenset(
    _named("App", "DocumentObjectGroup Part Origin Line Plane Point VarSet")
    | _named("Spreadsheet", "Sheet")
    | _named("Mesh", "Feature")
    | _named("Sketcher", "SketchObject")
    | _named(
        "Part",
        "BodyBase Box Chamfer Circle Common Compound Compound2 Cone CurveNet CustomFeature Cut Cylinder "
        "Ellipse Ellipsoid Extrusion Face Feature FeatureExt FeatureGeometrySet Fillet FilletBase Fuse "
        "Helix Line Loft Mirroring MultiCommon MultiFuse Offset Offset2D Part2DObject Plane Polygon Prism "
        "Refine RegularPolygon Reverse Revolution RuledSurface Section Sphere Spiral Spline Sweep Thickness "
        "Torus Vertex Wedge",
    )
    | _named(
        "PartDesign",
        "AdditiveBox AdditiveCone AdditiveCylinder AdditiveEllipsoid AdditiveHelix AdditiveLoft "
        "AdditivePipe AdditivePrism AdditiveSphere AdditiveTorus AdditiveWedge Body Boolean Box Chamfer "
        "Cone CoordinateSystem Cylinder Draft DressUp Ellipsoid Feature FeatureAddSub FeatureBase "
        "FeatureExtrude FeaturePrimitive Fillet Groove Helix Hole Line LinearPattern Loft Mirrored "
        "MultiTransform Pad Pipe Plane Pocket Point PolarPattern Prism ProfileBased Revolution Scaled "
        "ShapeBinder Solid Sphere SubtractiveBox SubtractiveCone SubtractiveCylinder "
        "SubtractiveEllipsoid SubtractiveHelix SubtractiveLoft SubtractivePipe SubtractivePrism "
        "SubtractiveSphere SubtractiveTorus SubtractiveWedge Thickness Torus Transformed Wedge",
    )
)

PROPERTY_TYPES = frozenset(
    _named(
        "App",
        "PropertyAcceleration PropertyAngle PropertyArea PropertyBool PropertyBoolList PropertyColor "
        "PropertyColorList PropertyDirection PropertyDistance PropertyElectricPotential PropertyEnumeration "
        "PropertyExpressionEngine PropertyFloat PropertyFloatConstraint PropertyFloatList PropertyFont "
        "PropertyForce PropertyFrequency PropertyInteger PropertyIntegerConstraint PropertyIntegerList "
        "PropertyIntegerSet PropertyLength PropertyLink PropertyLinkChild PropertyLinkGlobal "
        "PropertyLinkHidden PropertyLinkList PropertyLinkListChild PropertyLinkListGlobal "
        "PropertyLinkListHidden PropertyLinkSub PropertyLinkSubChild PropertyLinkSubGlobal "
        "PropertyLinkSubHidden PropertyLinkSubList PropertyLinkSubListChild PropertyLinkSubListGlobal "
        "PropertyLinkSubListHidden PropertyMap PropertyMaterial PropertyMaterialList PropertyMatrix "
        "PropertyPercent PropertyPlacement PropertyPlacementLink PropertyPlacementList PropertyPosition "
        "PropertyPrecision PropertyPressure PropertyQuantity PropertyQuantityConstraint PropertyRotation "
        "PropertySpeed PropertyString PropertyStringList PropertyUUID PropertyVacuumPermittivity "
        "PropertyVector PropertyVectorDistance PropertyVectorList PropertyVolume",
    )
    | _named("Mesh", "PropertyCurvatureList PropertyMeshKernel PropertyNormalList")
    | _named("Part", "PropertyFilletEdges PropertyGeometryList PropertyPartShape PropertyShapeHistory")
    | _named("Sketcher", "PropertyConstraintList")
    | _named(
        "Spreadsheet", "PropertyColumnWidths PropertyRowHeights PropertySheet PropertySpreadsheetQuantity"
    )
)

EXTENSION_TYPES = frozenset(
    _named("App", "GroupExtension GeoFeatureGroupExtension OriginGroupExtension")
    | _named("Part", "AttachExtension PrismExtension")
)

GEOMETRY_TYPES = frozenset(
    _named(
        "Part",
        "GeomPoint GeomLine GeomLineSegment GeomCircle GeomArcOfCircle GeomEllipse GeomArcOfEllipse "
        "GeomHyperbola GeomArcOfHyperbola GeomParabola GeomArcOfParabola GeomBezierCurve GeomBSplineCurve "
        "GeomOffsetCurve GeomTrimmedCurve GeomPlane GeomCylinder GeomCone GeomSphere GeomToroid "
        "GeomBezierSurface GeomBSplineSurface GeomOffsetSurface GeomPlateSurface GeomTrimmedSurface "
        "GeomSurfaceOfRevolution GeomSurfaceOfExtrusion",
    )
)

#: The extensions FreeCAD saves with a geometry (not the solver's or the migration's: never saved).
GEO_EXTENSION_TYPES = frozenset(
    _named("Sketcher", "SketchGeometryExtension ExternalGeometryExtension")
    | _named(
        "Part", "GeometryIntExtension GeometryStringExtension GeometryBoolExtension GeometryDoubleExtension"
    )
)

#: Element tag -> (what its type is, the types it may name). ``Feature``: the layout of old documents.
FAMILIES: dict[str, tuple[str, frozenset[str]]] = {
    "Object": ("object", OBJECT_TYPES),
    "Feature": ("object", OBJECT_TYPES),
    "Property": ("property", PROPERTY_TYPES),
    "_Property": ("property", PROPERTY_TYPES),
    "Extension": ("extension", EXTENSION_TYPES),
    "Geometry": ("geometry", GEOMETRY_TYPES),
    "GeoExtension": ("geometry extension", GEO_EXTENSION_TYPES),
}
_TAGS = ", ".join(f"<{tag}>" for tag in FAMILIES)


def element_type_problem(tag: str, type_id: str) -> str | None:
    """None when an element ``<tag type=type_id>`` may be loaded, else why not."""
    family = FAMILIES.get(tag)
    if family is None:
        return f"the type {type_id!r} is not allowed on <{tag}>: documents name types only on {_TAGS}"
    kind, allowed = family
    if type_id not in allowed:
        return (
            f"the type {type_id!r} is not allowed on <{tag}>: it must be one of the {kind} types "
            "documents may hold (no Python, files, external links, or types of another kind)"
        )
    return None
