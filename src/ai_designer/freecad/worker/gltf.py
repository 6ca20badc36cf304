"""Write a shape as binary glTF 2.0 (GLB): one mesh, smooth within each face, sharp between faces.

glTF is Y-up and in metres, so a point (x, y, z) in mm (FreeCAD, Z-up) is written as
(x, z, -y) / 1000; viewers and DCC tools then show the part the right way up and the
right size. Each face is tessellated on its own (vertices are not shared across an edge)
so its normals, averaged over the face's triangles, keep the edges crisp.
"""

from __future__ import annotations

import json
import struct
from array import array
from pathlib import Path
from typing import Any

_GLB_MAGIC = 0x46546C67  # "glTF"
_CHUNK_JSON = 0x4E4F534A
_CHUNK_BIN = 0x004E4942
_FLOAT = 5126
_UNSIGNED_INT = 5125
_ARRAY_BUFFER = 34962
_ELEMENT_ARRAY_BUFFER = 34963
_MM_PER_M = 1000.0


def _padded(data: bytes, fill: bytes) -> bytes:
    return data + fill * (-len(data) % 4)


def _face_mesh(face: Any, tolerance_mm: float) -> tuple[list[tuple[float, float, float]], list[int]]:
    """The face's points (glTF axes, metres) and triangle corner indices, in the face's orientation."""
    points, triangles = face.tessellate(tolerance_mm)
    converted = [(p.x / _MM_PER_M, p.z / _MM_PER_M, -p.y / _MM_PER_M) for p in points]
    return converted, [index for triangle in triangles for index in triangle]


def _face_normals(points: list[tuple[float, float, float]], corners: list[int]) -> list[float]:
    """Per-point normals: the area-weighted mean of the normals of the triangles around each point."""
    sums = [[0.0, 0.0, 0.0] for _ in points]
    for t in range(0, len(corners), 3):
        a, b, c = (points[i] for i in corners[t : t + 3])
        u = (b[0] - a[0], b[1] - a[1], b[2] - a[2])
        v = (c[0] - a[0], c[1] - a[1], c[2] - a[2])
        n = (u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0])
        for i in corners[t : t + 3]:
            for axis in range(3):
                sums[i][axis] += n[axis]
    flat: list[float] = []
    for s in sums:
        length = (s[0] ** 2 + s[1] ** 2 + s[2] ** 2) ** 0.5
        flat.extend((s[0] / length, s[1] / length, s[2] / length) if length > 0 else (0.0, 1.0, 0.0))
    return flat


def mesh_arrays(shape: Any, tolerance_mm: float) -> tuple[array[float], array[float], array[int]]:
    """Positions, normals (3 floats a point) and triangle indices of the whole shape."""
    positions: array[float] = array("f")
    normals: array[float] = array("f")
    indices: array[int] = array("I")
    for face in shape.Faces:
        points, corners = _face_mesh(face, tolerance_mm)
        if not corners:
            continue
        base = len(positions) // 3
        positions.extend(coordinate for point in points for coordinate in point)
        normals.extend(_face_normals(points, corners))
        indices.extend(base + i for i in corners)
    return positions, normals, indices


def glb_bytes(
    positions: array[float], normals: array[float], indices: array[int], name: str, extras: dict[str, str]
) -> bytes:
    """A GLB file holding one mesh with one grey material."""
    count = len(positions) // 3
    lows = [min(positions[axis::3]) for axis in range(3)] if count else [0.0] * 3
    highs = [max(positions[axis::3]) for axis in range(3)] if count else [0.0] * 3
    blobs = [positions.tobytes(), normals.tobytes(), indices.tobytes()]
    views, offset = [], 0
    for blob, target in zip(blobs, (_ARRAY_BUFFER, _ARRAY_BUFFER, _ELEMENT_ARRAY_BUFFER), strict=True):
        views.append({"buffer": 0, "byteOffset": offset, "byteLength": len(blob), "target": target})
        offset += len(blob)  # every blob is made of 4-byte items, so the next one stays aligned
    document = {
        "asset": {"version": "2.0", "generator": "ai-designer", "extras": extras},
        "scene": 0,
        "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0, "name": name}],
        "meshes": [
            {
                "name": name,
                "primitives": [
                    {"attributes": {"POSITION": 0, "NORMAL": 1}, "indices": 2, "material": 0, "mode": 4}
                ],
            }
        ],
        "materials": [
            {
                "name": "part",
                "pbrMetallicRoughness": {
                    "baseColorFactor": [0.62, 0.68, 0.76, 1.0],
                    "metallicFactor": 0.1,
                    "roughnessFactor": 0.6,
                },
            }
        ],
        "accessors": [
            {
                "bufferView": 0,
                "componentType": _FLOAT,
                "count": count,
                "type": "VEC3",
                "min": lows,
                "max": highs,
            },
            {"bufferView": 1, "componentType": _FLOAT, "count": count, "type": "VEC3"},
            {"bufferView": 2, "componentType": _UNSIGNED_INT, "count": len(indices), "type": "SCALAR"},
        ],
        "bufferViews": views,
        "buffers": [{"byteLength": offset}],
    }
    json_chunk = _padded(json.dumps(document, separators=(",", ":")).encode("utf-8"), b" ")
    bin_chunk = _padded(b"".join(blobs), b"\0")
    total = 12 + 8 + len(json_chunk) + 8 + len(bin_chunk)
    return b"".join(
        [
            struct.pack("<III", _GLB_MAGIC, 2, total),
            struct.pack("<II", len(json_chunk), _CHUNK_JSON),
            json_chunk,
            struct.pack("<II", len(bin_chunk), _CHUNK_BIN),
            bin_chunk,
        ]
    )


def write_glb(shape: Any, path: Path, tolerance_mm: float, metadata: dict[str, str]) -> None:
    """The shape as ``path`` (GLB), tessellated to ``tolerance_mm``."""
    positions, normals, indices = mesh_arrays(shape, tolerance_mm)
    name = metadata.get("name", "ai-designer model")
    path.write_bytes(glb_bytes(positions, normals, indices, name, metadata))
