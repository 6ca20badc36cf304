"""The trusted side's checks of untrusted documents, without FreeCAD: expressions, cells, FCStd archives."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ai_designer.freecad.worker.docscan import (
    DocumentRefused,
    object_type_problem,
    rebuild_fcstd,
    scan_fcstd,
)
from ai_designer.freecad.worker.doctypes import element_type_problem
from ai_designer.freecad.worker.expressions import Scope, check_cell, check_expression, check_path

SCOPE = Scope(
    objects={"Box", "Parameters", "Base plate", "Sketch"},
    members={"Length", "Shape", "Placement", "Constraints", "plate_length", "width"},
    aliases={"plate_length"},
)

ALLOWED = [
    "Parameters.plate_length",
    "-Parameters.plate_length / 2 + 1e-3",
    "60 - (cos(3 * Parameters.plate_length / 5) * 60 - sin(2) * 60)",
    "Box.Shape.BoundBox.Center.x + 0.5 * Parameters.plate_length",
    "Box.Placement.Base.z",
    "<<Base plate>>.Length * 2",
    "Parameters.B2 + 10 mm",
    "Length > 10 ? 5 mm : 2.5 mm",
    "Sketch.Constraints.width",
    "2 * pi * 3 µm",
]
REFUSED = [
    "_app.ActiveDocument.FileName == <<>> ? 10 mm : 1000 mm",
    "_py.len(<<abc>>)",
    "__import__",
    "_self.Document.FileName",
    "Box.Document.FileName",
    "Box.Proxy",
    "Box.Shape.copy()",
    "Box.Shape.__class__",
    "Other#Box.Length",
    "<<Unknown>>.Length",
    "<<just a string>>",
    "hiddenref(Box.Length)",
    "create(<<vector>>, 1, 2, 3)",
    "Box.Shape.Edges[0].Length",
    "(Box).Length",
    "Nowhere.Length",
    "mystery * 2",
    "Box.Shape.Mystery",
    "x" * 5000,
]


@pytest.mark.parametrize("text", ALLOWED)
def test_modelling_arithmetic_is_allowed(text: str) -> None:
    assert check_expression(text, SCOPE) is None


@pytest.mark.parametrize("text", REFUSED)
def test_expressions_reaching_outside_the_model_are_refused(text: str) -> None:
    assert check_expression(text, SCOPE) is not None


def test_refused_members_are_refused_as_bare_names_even_when_the_document_defines_them() -> None:
    # a document may name a property or alias anything; bare names are looked up on the owner too
    scope = Scope(objects={"Box"}, members={"Document", "FileName", "Length"}, aliases={"InList"})
    for name in ("Document", "FileName", "InList"):
        assert check_expression(f"{name} ? 1 mm : 2 mm", scope) is not None
    assert check_expression("Length ? 1 mm : 2 mm", scope) is None


def test_bound_paths_are_plain_property_paths() -> None:
    assert check_path("Placement.Base.x") is None
    assert check_path(".Length") is None
    assert check_path("Constraints[3]") is None
    for path in ("_app.x", "Proxy", "Placement.__class__", "Document.FileName", "a#b"):
        assert check_path(path) is not None


@pytest.mark.parametrize(
    ("content", "allowed"),
    [
        ("60.0", True),
        ("'=_app.x", True),  # quoted text is never evaluated
        ("Parameter", True),
        ("holes: pattern pitch u (mm)", True),
        ("10 mm", True),
        ("sum(A1:A3)", True),
        ("=Parameters.plate_length * 2", True),
        ("=A1 + B2", True),
        ("=_py", False),
        ("_app.ActiveDocument.Name", False),  # no '=' yet evaluated on load
        ("x _self", False),
        ("Box.Document", False),
        ("foo(3)", False),
        ("Doc#Box.Length", False),
        ("<<Base plate>>", False),
    ],
)
def test_spreadsheet_cells(content: str, allowed: bool) -> None:
    assert (check_cell(content, SCOPE) is None) is allowed


def test_type_rules() -> None:
    assert object_type_problem("Part::Box") is None
    assert object_type_problem("PartDesign::Pad") is None
    assert object_type_problem("Spreadsheet::Sheet") is None
    for refused in ("Part::FeaturePython", "App::Link", "os::system", "Part::Import", "App::DocumentObject"):
        assert object_type_problem(refused) is not None
    assert element_type_problem("Property", "App::PropertyLength") is None
    for refused in ("App::PropertyPythonObject", "App::PropertyFileIncluded", "App::PropertyXLink", "os::X"):
        assert element_type_problem("Property", refused) is not None


# (element, a type of its family that FreeCAD 0.20.2 writes, types of other families or none at all)
FAMILY_CASES = [
    ("Object", "Part::Box", ["Part::GeomCircle", "Part::Primitive", "App::FeaturePython"]),
    ("Property", "Part::PropertyGeometryList", ["Part::Feature", "App::PropertyPersistentObject"]),
    ("_Property", "Part::PropertyShapeHistory", ["App::PropertyContainer", "App::PropertyLinkBase"]),
    ("Extension", "Part::AttachExtension", ["Part::Feature", "App::LinkExtension"]),
    ("Geometry", "Part::GeomLineSegment", ["Part::GeomCurve", "Sketcher::SketchGeometryExtension"]),
    (
        "GeoExtension",
        "Sketcher::SketchGeometryExtension",
        ["Part::Feature", "Part::Nothing", "Sketcher::SolverGeometryExtension"],
    ),
    ("Constrain", None, ["Sketcher::SketchGeometryExtension"]),  # an element that never names a type
]


@pytest.mark.parametrize(("tag", "allowed", "refused"), FAMILY_CASES, ids=[c[0] for c in FAMILY_CASES])
def test_each_element_names_only_types_of_its_own_family(
    tag: str, allowed: str | None, refused: list[str]
) -> None:
    if allowed is not None:
        assert element_type_problem(tag, allowed) is None
    for type_id in refused:
        problem = element_type_problem(tag, type_id)
        assert problem is not None and type_id in problem and f"<{tag}>" in problem


def test_a_geometry_extension_of_another_family_is_refused_before_loading(tmp_path: Path) -> None:
    # FreeCAD casts what a <GeoExtension> names to a geometry extension unchecked: the loader crashed
    xml = DOC.format(expression="Params.w", cell="10").replace(
        '<Property name="Shape" type="Part::PropertyPartShape"><Part file="PartShape.brp"/></Property>',
        '<Property name="Geometry" type="Part::PropertyGeometryList"><GeometryList count="1">'
        '<Geometry type="Part::GeomPoint"><GeoExtensions count="1"><GeoExtension type="Part::Feature"/>'
        '</GeoExtensions><GeomPoint X="0" Y="0" Z="0"/></Geometry></GeometryList></Property>',
    )
    with pytest.raises(DocumentRefused, match="GeoExtension"):
        scan_fcstd(str(_fcstd(tmp_path / "bad.FCStd", xml)))


def _fcstd(path: Path, xml: str, **members: bytes) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Document.xml", xml)
        for name, data in members.items():
            archive.writestr(name, data)
    return path


DOC = (
    "<?xml version='1.0' encoding='utf-8'?>"
    '<Document><Objects Count="2"><Object type="Part::Box" name="Box"/>'
    '<Object type="Spreadsheet::Sheet" name="Params"/></Objects><ObjectData Count="2">'
    '<Object name="Box"><Properties Count="2">'
    '<Property name="ExpressionEngine" type="App::PropertyExpressionEngine">'
    '<ExpressionEngine count="1"><Expression path="Length" expression="{expression}"/></ExpressionEngine>'
    '</Property><Property name="Shape" type="Part::PropertyPartShape"><Part file="PartShape.brp"/></Property>'
    '</Properties></Object><Object name="Params"><Properties Count="1">'
    '<Property name="cells" type="Spreadsheet::PropertySheet"><Cells Count="1"><XLinks count="0"></XLinks>'
    '<Cell address="A1" content="{cell}" alias="w"/></Cells></Property></Properties></Object></ObjectData>'
    "</Document>"
)


def test_a_plain_document_passes(tmp_path: Path) -> None:
    doc = _fcstd(
        tmp_path / "ok.FCStd", DOC.format(expression="Params.w * 2", cell="10"), **{"PartShape.brp": b""}
    )
    scanned = scan_fcstd(str(doc))
    assert (scanned.objects, scanned.expressions, scanned.cells) == (2, 1, 1)


@pytest.mark.parametrize(
    ("xml", "members", "reason"),
    [
        (
            DOC.format(expression="_app.ActiveDocument.FileName", cell="10"),
            {"PartShape.brp": b""},
            "expression",
        ),
        (DOC.format(expression="Params.w", cell="_self.Document"), {"PartShape.brp": b""}, "cell"),
        (DOC.format(expression="Params.w", cell="10"), {}, "not in the document"),
        (DOC.replace("Part::Box", "Part::FeaturePython").format(expression="1", cell="1"), {}, "not allowed"),
        (DOC.replace("Part::Box", "antigravity::Box").format(expression="1", cell="1"), {}, "not allowed"),
        ('<!DOCTYPE d [<!ENTITY a "b">]><Document>&a;</Document>', {}, "entities"),
        ("<?xml version='1.0' encoding='utf-16'?><Document/>", {}, "UTF-8"),
        ("<Document><Python module='os' class='system'/></Document>", {}, "Python"),
        ('<Document><XLinks count="1"><XLink file="x.FCStd"/></XLinks></Document>', {}, "external links"),
        (  # FreeCAD's reader goes by local names: to it this is an Expression the checks never saw
            DOC.format(expression="Params.w", cell="10").replace(
                '<ExpressionEngine count="1">',
                '<ExpressionEngine count="2" xmlns:q="urn:q">'
                '<q:Expression path="Width" expression="_self.Document.FileName"/>',
            ),
            {"PartShape.brp": b""},
            "namespaces",
        ),
        (  # the layout of old documents: FreeCAD still makes objects from it
            '<Document SchemaVersion="2"><Features Count="1"><Feature type="App::FeatureTest" name="T"/>'
            "</Features></Document>",
            {},
            "not allowed",
        ),
        ("<Document>" + "<a>" * 5000 + "</a>" * 5000 + "</Document>", {}, "deep"),
        ("<Docu", {}, "well-formed"),
        ("<Other/>", {}, "not a FreeCAD document"),
    ],
)
def test_documents_that_could_reach_outside_are_refused(
    tmp_path: Path, xml: str, members: dict[str, bytes], reason: str
) -> None:
    with pytest.raises(DocumentRefused, match=reason):
        scan_fcstd(str(_fcstd(tmp_path / "bad.FCStd", xml, **members)))


def test_archives_that_are_not_plain_documents_are_refused(tmp_path: Path) -> None:
    not_zip = tmp_path / "not.FCStd"
    not_zip.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(DocumentRefused, match="not a readable FCStd"):
        scan_fcstd(str(not_zip))
    with pytest.raises(DocumentRefused, match="path"):
        scan_fcstd(str(_fcstd(tmp_path / "a.FCStd", "<Document/>", **{"../escape": b"x"})))
    twice = tmp_path / "twice.FCStd"
    with zipfile.ZipFile(twice, "w") as archive:
        archive.writestr("Document.xml", "<Document/>")
        with pytest.warns(UserWarning):
            archive.writestr("Document.xml", "<Document/>")
    with pytest.raises(DocumentRefused, match="twice"):
        scan_fcstd(str(twice))
    other = tmp_path / "other.FCStd"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("GuiDocument.xml", "<Document/>")
    with pytest.raises(DocumentRefused, match=r"no Document\.xml"):
        scan_fcstd(str(other))


def test_freecad_gets_only_what_was_checked(tmp_path: Path) -> None:
    # FreeCAD's zip reader takes the first entry as the document, whatever its name; the checks
    # read Document.xml by name. The rebuilt archive holds the checked tree, first, and the
    # members it refers to, in the order it refers to them: nothing else reaches FreeCAD.
    checked = DOC.format(expression="Params.w * 2", cell="10").replace(
        "</ObjectData>",
        '<Object name="Extra"><Properties Count="1"><Property name="Shape" type="Part::PropertyPartShape">'
        '<Part file="Other.brp"/></Property></Properties></Object></ObjectData>',
    )
    hidden = DOC.format(expression="_app.ActiveDocument.FileName", cell="_self.Document")
    source = tmp_path / "crafted.FCStd"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("Hidden.xml", hidden)  # first entry: what FreeCAD would have read
        archive.writestr("Other.brp", b"other shape")
        archive.writestr("Document.xml", checked)
        archive.writestr("GuiDocument.xml", "<Document/>")
        archive.writestr("PartShape.brp", b"box shape")
    rebuilt = tmp_path / "checked.FCStd"
    scanned = rebuild_fcstd(str(source), str(rebuilt))
    assert (scanned.expressions, scanned.cells) == (1, 1)
    with zipfile.ZipFile(rebuilt) as archive:
        assert archive.namelist() == ["Document.xml", "PartShape.brp", "Other.brp"]
        assert archive.read("PartShape.brp") == b"box shape"
        document = archive.read("Document.xml")
    assert b"_app" not in document and b"Params.w * 2" in document
    assert scan_fcstd(str(rebuilt)) == scanned
    with pytest.raises(DocumentRefused, match="expression"):  # a refused document is never rebuilt
        source.unlink()
        _fcstd(source, hidden, **{"PartShape.brp": b""})
        rebuild_fcstd(str(source), str(tmp_path / "never.FCStd"))
    assert not (tmp_path / "never.FCStd").exists()
