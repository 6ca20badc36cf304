"""Decide whether an FCStd file from the untrusted process may be loaded, before FreeCAD reads it.

Loading a document is itself a way in. An object type names the module FreeCAD
imports to restore it (``os::Thing`` would import ``os``), a FeaturePython
object names a Python class whose state FreeCAD unpickles, an XLink names
other files to open, and expressions and spreadsheet cells are evaluated as
the document loads (see ``expressions.py``). This module reads the archive with
the standard library only and refuses, before FreeCAD sees a byte:

* archives that are not plain zip files within size limits, members with paths
  or names that appear twice;
* XML with a document type, entities or an encoding other than UTF-8;
* object types outside :func:`object_type_problem`'s allow-list, and any
  element naming a type that is not of that element's own family (a geometry
  extension must name a geometry extension type: see ``doctypes.py``), Python
  payloads (``module``/``class`` attributes, ``<Python>``);
* ``file`` references to anything but a member of the archive;
* XML namespaces (FreeCAD's reader goes by local names: ``<q:Expression>`` is an
  ``Expression`` to it, but not to a check that compares tags);
* expressions, bound paths and spreadsheet cells that ``expressions.py`` refuses.

FreeCAD must never read the untrusted archive itself: its zip reader streams the
local entries and takes the *first* one as the document, whatever its name,
while the checks read the central directory by name, so the two would see
different documents. :func:`rebuild_fcstd` writes the archive FreeCAD opens
instead: the checked tree re-serialised as ``Document.xml``, first, then only
the members the document refers to, in the order FreeCAD reads them.

It needs no FreeCAD, so the host can test it and reuse the type rules.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

# Entities and document types are refused before anything is parsed (see _parse).
from xml.etree import ElementTree  # nosec B405

from .doctypes import OBJECT_TYPES, element_type_problem
from .expressions import Scope, check_cell, check_expression, check_path

MAX_MEMBERS = 20_000
MAX_UNPACKED_BYTES = 2 << 30
MAX_DOCUMENT_XML_BYTES = 128 << 20
MAX_XML_DEPTH = 64

_MEMBER_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")
_XML_DECLARATION = re.compile(rb"<\?xml[^>]*\?>")
_REFUSED_ATTRIBUTES = frozenset({"module", "class"})


class DocumentRefused(Exception):
    """The document may not be loaded; the message says why."""


def object_type_problem(type_id: str) -> str | None:
    """None when documents may hold objects of this type, else why not."""
    if type_id not in OBJECT_TYPES:
        return (
            f"object type {type_id!r} is not allowed: use Part::, PartDesign:: or Sketcher:: features, "
            "Spreadsheet::Sheet, App::Part or App::DocumentObjectGroup (no imports, files, links or Python)"
        )
    return None


@dataclass(frozen=True)
class ScannedDocument:
    """What the scan learnt about an accepted document."""

    objects: int
    expressions: int
    cells: int


def _read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    with archive.open(name) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise DocumentRefused(f"{name} is larger than {limit} bytes")
    return data


def _check_archive(archive: zipfile.ZipFile) -> set[str]:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise DocumentRefused(f"the archive holds more than {MAX_MEMBERS} files")
    if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise DocumentRefused(f"the archive unpacks to more than {MAX_UNPACKED_BYTES} bytes")
    names: set[str] = set()
    for member in members:
        if member.filename in names:  # two readers could pick different copies
            raise DocumentRefused(f"the archive holds {member.filename!r} twice")
        if member.flag_bits & 0x1:
            raise DocumentRefused(f"{member.filename} is encrypted")
        if member.filename.startswith(("/", "\\")) or ".." in member.filename or "\\" in member.filename:
            raise DocumentRefused(f"the archive member {member.filename!r} has a path")
        names.add(member.filename)
    if "Document.xml" not in names:
        raise DocumentRefused("the archive has no Document.xml: it is not a FreeCAD document")
    return names


def _no_namespaces(element: ElementTree.Element) -> None:
    tag = str(element.tag)
    if "{" in tag or any("{" in key or ":" in key for key in element.attrib):
        raise DocumentRefused(f"Document.xml uses XML namespaces (<{tag}>), which FreeCAD documents never do")


def _parse(xml: bytes) -> ElementTree.Element:
    head = xml[:4096].lstrip()
    declaration = _XML_DECLARATION.match(head)
    if (
        declaration
        and b"encoding" in declaration.group()
        and not re.search(rb"encoding=[\"']utf-8[\"']", declaration.group(), re.I)
    ):
        raise DocumentRefused("Document.xml is not UTF-8")
    if re.search(rb"<!(?:DOCTYPE|ENTITY|\[CDATA\[)", xml, re.I) or b"\x00" in xml:
        raise DocumentRefused("Document.xml holds a document type, entities, CDATA or NUL bytes")
    try:
        root = ElementTree.fromstring(xml)  # noqa: S314  # nosec B314
    except (ElementTree.ParseError, ValueError, RecursionError) as exc:
        raise DocumentRefused(f"Document.xml is not well-formed XML: {exc}") from exc
    if root.tag != "Document":
        raise DocumentRefused("Document.xml is not a FreeCAD document")
    stack = [(root, 1)]
    while stack:  # FreeCAD nests a dozen levels; deeper trees only stress the readers
        element, depth = stack.pop()
        if depth > MAX_XML_DEPTH:
            raise DocumentRefused(f"Document.xml nests elements more than {MAX_XML_DEPTH} deep")
        stack.extend((child, depth + 1) for child in element)
    return root


def _object_data(root: ElementTree.Element) -> Iterator[ElementTree.Element]:
    data = root.find("ObjectData")
    return iter(()) if data is None else data.iterfind("Object")


def _scope(root: ElementTree.Element) -> tuple[Scope, int]:
    scope = Scope()
    objects = root.find("Objects")
    declared = [] if objects is None else objects.findall("Object")
    for obj in declared:
        type_id, name = obj.get("type", ""), obj.get("name", "")
        problem = object_type_problem(type_id)
        if problem:
            raise DocumentRefused(f"{name}: {problem}")
        scope.objects.add(name)
    for obj in _object_data(root):
        for prop in obj.iter("Property"):
            scope.add_members([prop.get("name", "")])
            if prop.get("name") == "Label":
                label = prop.find("String")
                if label is not None and label.get("value"):
                    scope.objects.add(label.get("value", ""))
        for cell in obj.iter("Cell"):
            alias = cell.get("alias")
            if alias:
                scope.aliases.add(alias)
                scope.add_members([alias])
        scope.add_members(c.get("Name", "") for c in obj.iter("Constrain"))
    return scope, len(declared)


def _check_elements(root: ElementTree.Element, members: set[str] | None, scope: Scope) -> tuple[int, int]:
    expressions = cells = 0
    for element in root.iter():
        _no_namespaces(element)
        tag = str(element.tag)
        empty_xlinks = tag == "XLinks" and element.get("count", "0") == "0" and not len(element)
        if "Python" in tag or ("XLink" in tag and not empty_xlinks):
            raise DocumentRefused(f"the document holds <{tag}> data (Python objects or external links)")
        for key, value in element.attrib.items():
            if key in _REFUSED_ATTRIBUTES:
                raise DocumentRefused(f"<{tag}> names a Python {key} ({value!r})")
            if key == "type":
                problem = element_type_problem(tag, value)
                if problem:
                    raise DocumentRefused(problem)
            elif key == "file" and (
                not _MEMBER_NAME.fullmatch(value) or (members is not None and value not in members)
            ):
                raise DocumentRefused(f"<{tag}> refers to the file {value!r}, which is not in the document")
        if tag == "Expression":
            expressions += 1
            path, text = element.get("path", ""), element.get("expression", "")
            problem = check_path(path) or check_expression(text, scope)
            if problem:
                raise DocumentRefused(f"the expression {text[:80]!r} bound to {path!r}: {problem}")
        elif tag == "Cell" and "content" in element.attrib:
            cells += 1
            problem = check_cell(element.get("content", ""), scope)
            if problem:
                raise DocumentRefused(f"spreadsheet cell {element.get('address', '?')}: {problem}")
    return expressions, cells


def check_document(root: ElementTree.Element, members: set[str] | None = None) -> ScannedDocument:
    """Check a parsed Document.xml (``members``: the archive's files; None skips that check)."""
    scope, objects = _scope(root)
    expressions, cells = _check_elements(root, members, scope)
    return ScannedDocument(objects=objects, expressions=expressions, cells=cells)


def _read(path: str) -> tuple[zipfile.ZipFile, set[str], ElementTree.Element]:
    """The open archive, its member names and its parsed Document.xml."""
    archive = zipfile.ZipFile(path)
    try:
        members = _check_archive(archive)
        root = _parse(_read_member(archive, "Document.xml", MAX_DOCUMENT_XML_BYTES))
    except BaseException:
        archive.close()
        raise
    return archive, members, root


def _referenced_files(root: ElementTree.Element) -> list[str]:
    """Members named by ``file`` attributes, in document order (the order FreeCAD asks for them)."""
    names: list[str] = []
    for element in root.iter():
        name = element.get("file")
        if name is not None and name not in names:
            names.append(name)
    return names


# RuntimeError: a member too large to copy without ZIP64, which FreeCAD cannot read.
_READ_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)


def scan_fcstd(path: str) -> ScannedDocument:
    """Check the FCStd at ``path``; raise :class:`DocumentRefused` when it may not be loaded."""
    try:
        archive, members, root = _read(path)
        archive.close()
    except _READ_ERRORS as exc:
        raise DocumentRefused(f"the file is not a readable FCStd archive: {exc}") from exc
    return check_document(root, members)


def rebuild_fcstd(source: str, target: str) -> ScannedDocument:
    """Check the FCStd at ``source`` and write to ``target`` exactly what was checked.

    ``target`` holds the checked tree as ``Document.xml`` (first, re-serialised:
    no comments, declarations of other encodings or namespaces) and the members
    it refers to, nothing else. Only ``target`` may be given to FreeCAD.
    """
    try:
        archive, members, root = _read(source)
        with archive:
            scanned = check_document(root, members)
            with zipfile.ZipFile(target, "x", zipfile.ZIP_DEFLATED, compresslevel=1) as rebuilt:
                rebuilt.writestr(
                    "Document.xml", ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
                )
                for name in _referenced_files(root):
                    with archive.open(name) as member, rebuilt.open(name, "w") as copy:
                        while chunk := member.read(1 << 20):
                            copy.write(chunk)
    except _READ_ERRORS as exc:
        raise DocumentRefused(f"the file is not a readable FCStd archive: {exc}") from exc
    return scanned
