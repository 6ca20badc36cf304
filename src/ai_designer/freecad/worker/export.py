"""Write the requested files: FCStd, STEP (AP214, metadata in the header, the part's title as
its product name), STL, BREP, PNG previews; OBJ, 3MF and GLB meshes; a DXF of the top view.

Everything is written inside the job's output folder; the runner moves the
files to their destination afterwards.
"""

from __future__ import annotations

import json
import math
import re
import struct
from pathlib import Path
from typing import Any

import MeshPart  # type: ignore[import-not-found]
import Part  # type: ignore[import-not-found]

_STEP_HEADER_FIELDS = re.compile(rb"FILE_DESCRIPTION\s*\(.*?(?=FILE_SCHEMA)", re.S)
# OCC names the product after write.step.product.name plus a counter (" 1"): the title, exactly.
_STEP_PRODUCT = re.compile(rb"PRODUCT\(\s*'(?:[^']|'')* 1',\s*'(?:[^']|'')* 1'")
_DEFAULT_NAME = "ai-designer model"
_STEP_HEAD_BYTES = 65536
_STEP_TEXT_MAX = 200


def _step_string(text: str) -> str:
    """A STEP (ISO 10303-21) string literal, ASCII only."""
    ascii_text = text.encode("ascii", "replace").decode("ascii")[:_STEP_TEXT_MAX]
    return "'" + ascii_text.replace("\\", "\\\\").replace("'", "''") + "'"


def _step_header(metadata: dict[str, str], filename: str) -> bytes:
    versions = (metadata.get("ai_designer_version", ""), metadata.get("freecad_version", ""))
    description = ["ai-designer model"] + [f"{key}={value}" for key, value in sorted(metadata.items())]
    fields = [
        _step_string(filename),
        _step_string(metadata.get("created_utc", "")),
        "(" + _step_string("ai-designer") + ")",
        "(" + _step_string("") + ")",
        _step_string(f"Open CASCADE STEP processor {Part.OCC_VERSION}"),
        _step_string(f"ai-designer {versions[0]} / FreeCAD {versions[1]}"),
        _step_string(""),
    ]
    text = (
        "FILE_DESCRIPTION(("
        + ",\n  ".join(_step_string(d) for d in description)
        + "),'2;1');\nFILE_NAME("
        + ",\n  ".join(fields)
        + ");\n"
    )
    return text.encode("ascii")


def _rewrite_step_header(path: Path, metadata: dict[str, str]) -> None:
    """Replace FILE_DESCRIPTION and FILE_NAME, copying the data section unchanged."""
    rewritten = path.with_name(path.name + ".header")
    with path.open("rb") as source:
        head = source.read(_STEP_HEAD_BYTES)
        new_head, count = _STEP_HEADER_FIELDS.subn(
            lambda _m: _step_header(metadata, path.name), head, count=1
        )
        if count != 1:
            return
        name = _step_string(metadata.get("name", _DEFAULT_NAME)).encode("ascii")
        new_head = _STEP_PRODUCT.sub(lambda _m: b"PRODUCT(" + name + b"," + name, new_head, count=1)
        with rewritten.open("wb") as target:
            target.write(new_head)
            while chunk := source.read(1 << 20):
                target.write(chunk)
    rewritten.replace(path)


def write_step(shape: Any, path: Path, metadata: dict[str, str]) -> None:
    """STEP AP214 with the metadata in the header and the part's title as the product name."""
    try:
        Part.setStaticValue("write.step.schema", "AP214IS")
        Part.setStaticValue("write.step.product.name", metadata.get("name", _DEFAULT_NAME))
    except Exception:  # noqa: S110 - older/newer FreeCAD: AP214 is the default anyway  # nosec B110
        pass
    shape.exportStep(str(path))
    _rewrite_step_header(path, metadata)


def tessellate(shape: Any, tolerance_mm: float) -> Any:
    """A mesh of ``shape`` whose facets stay within ``tolerance_mm`` of the surface."""
    return MeshPart.meshFromShape(
        Shape=shape, LinearDeflection=float(tolerance_mm), AngularDeflection=math.radians(15), Relative=False
    )


def write_glb(mesh: Any, path: Path, name: str) -> None:
    """Binary glTF 2.0: one mesh, in metres with Y up (glTF's convention; CAD's Z up becomes Y)."""
    points, facets = mesh.Topology
    coords = [c for p in points for c in (p.x / 1000.0, p.z / 1000.0, -p.y / 1000.0)]
    indices = [i for facet in facets for i in facet]
    index_bytes = struct.pack(f"<{len(indices)}I", *indices)
    position_bytes = struct.pack(f"<{len(coords)}f", *coords)
    low = [min(coords[axis::3]) for axis in range(3)]
    high = [max(coords[axis::3]) for axis in range(3)]
    document = {
        "asset": {"version": "2.0", "generator": "ai-designer"},
        "scene": 0,
        "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0, "name": name}],
        "meshes": [{"name": name, "primitives": [{"attributes": {"POSITION": 1}, "indices": 0}]}],
        "buffers": [{"byteLength": len(index_bytes) + len(position_bytes)}],
        "bufferViews": [
            {"buffer": 0, "byteOffset": 0, "byteLength": len(index_bytes), "target": 34963},
            {"buffer": 0, "byteOffset": len(index_bytes), "byteLength": len(position_bytes), "target": 34962},
        ],
        "accessors": [
            {"bufferView": 0, "componentType": 5125, "count": len(indices), "type": "SCALAR"},
            {
                "bufferView": 1,
                "componentType": 5126,
                "count": len(points),
                "type": "VEC3",
                "min": low,
                "max": high,
            },
        ],
    }
    text = json.dumps(document, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 4)
    binary = index_bytes + position_bytes  # 4-byte items: already aligned
    chunks = (
        struct.pack("<I4s", len(text), b"JSON") + text + struct.pack("<I4s", len(binary), b"BIN\0") + binary
    )
    path.write_bytes(struct.pack("<4sII", b"glTF", 2, 12 + len(chunks)) + chunks)


def write_top_dxf(shape: Any, path: Path) -> None:
    """The part seen from above (looking down -Z), visible edges only, as a DXF drawing in mm."""
    import FreeCAD  # type: ignore[import-not-found]
    import Import  # type: ignore[import-not-found]
    import TechDraw  # type: ignore[import-not-found]

    # projectEx: visible hard, smooth, seam, outline and iso-line edges, then the hidden ones.
    visible = TechDraw.projectEx(shape, FreeCAD.Vector(0, 0, 1))[:5]
    edges = [edge for group in visible if group is not None for edge in group.Edges]
    Import.writeDXFShape([Part.makeCompound(edges)], str(path))


def write_fcstd(docs: list[Any], main_doc: Any, out_dir: Path, metadata: dict[str, str]) -> dict[str, str]:
    """Save the main document as model.FCStd and any other one beside it."""
    written: dict[str, str] = {}
    for doc in docs:
        doc.CreatedBy = "ai-designer"
        doc.Comment = "Generated by ai-designer: " + json.dumps(metadata, sort_keys=True)
        doc.Meta = {f"ai_designer.{key}": str(value) for key, value in metadata.items()}
        if metadata.get("request_id"):
            doc.Id = str(metadata["request_id"])
        if doc is main_doc:
            key, filename = "fcstd", "model.FCStd"
        else:
            key, filename = f"fcstd_{doc.Name}", f"model_{doc.Name}.FCStd"
        doc.saveAs(str(out_dir / filename))
        written[key] = filename
    return written


#: Formats written from the tessellated mesh, with their file names.
MESH_FILES = {"stl": "model.stl", "obj": "model.obj", "3mf": "model.3mf", "glb": "model.glb"}


def _write_meshes(
    formats: list[str], shape: Any, out_dir: Path, metadata: dict[str, str], tolerance_mm: float
) -> dict[str, str]:
    """STL, OBJ, 3MF, GLB from one tessellation (mm; GLB in metres, as glTF has it)."""
    wanted = [fmt for fmt in MESH_FILES if fmt in formats]
    if not wanted:
        return {}
    mesh = tessellate(shape, tolerance_mm)
    for fmt in wanted:
        target = out_dir / MESH_FILES[fmt]
        if fmt == "glb":
            write_glb(mesh, target, metadata.get("name", _DEFAULT_NAME))
        else:
            mesh.write(str(target))  # FreeCAD's Mesh module picks the format from the suffix
    return {fmt: MESH_FILES[fmt] for fmt in wanted}


def write_artifacts(
    formats: list[str],
    shape: Any | None,
    docs: list[Any],
    main_doc: Any,
    out_dir: Path,
    metadata: dict[str, str],
    stl_tolerance_mm: float,
    preview_size: int,
) -> dict[str, str]:
    """Write each requested format; return artifact kind -> file name in ``out_dir``.

    Shape formats need ``shape``; without it only the FCStd is written.
    """
    written: dict[str, str] = {}
    if shape is not None:
        if "png" in formats:  # before the meshes: the coarse preview mesh must not reuse a fine one
            from . import render  # needs numpy, which some FreeCAD builds lack

            for view, png in render.render_previews(shape, preview_size).items():
                filename = f"preview_{view}.png"
                (out_dir / filename).write_bytes(png)
                written[f"preview_{view}"] = filename
        if "step" in formats:
            write_step(shape, out_dir / "model.step", metadata)
            written["step"] = "model.step"
        written.update(_write_meshes(formats, shape, out_dir, metadata, stl_tolerance_mm))
        if "brep" in formats:
            shape.exportBrep(str(out_dir / "model.brep"))
            written["brep"] = "model.brep"
        if "dxf" in formats:
            write_top_dxf(shape, out_dir / "model.dxf")
            written["dxf"] = "model.dxf"
    if "fcstd" in formats and docs:
        written.update(write_fcstd(docs, main_doc, out_dir, metadata))
    return written
