"""Reading a GLB file back: its glTF document and its one mesh in FreeCAD's axes and mm."""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from typing import Any

_COMPONENTS = {5126: ("f", 4), 5125: ("I", 4), 5123: ("H", 2)}
_WIDTH = {"SCALAR": 1, "VEC3": 3}


@dataclass
class GlbMesh:
    """The glTF document and the mesh's points (mm, Z-up), normals (glTF axes) and triangles."""

    document: dict[str, Any]
    points: list[tuple[float, float, float]]
    normals: list[tuple[float, float, float]]
    triangles: list[tuple[int, int, int]]

    def volume(self) -> float:
        """The signed volume the triangles enclose (positive when they face outwards)."""
        total = 0.0
        for i, j, k in self.triangles:
            (ax, ay, az), (bx, by, bz), (cx, cy, cz) = self.points[i], self.points[j], self.points[k]
            total += ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx)
        return total / 6.0

    def size(self) -> tuple[float, float, float]:
        lows = [min(p[a] for p in self.points) for a in range(3)]
        highs = [max(p[a] for p in self.points) for a in range(3)]
        return (highs[0] - lows[0], highs[1] - lows[1], highs[2] - lows[2])


def read_glb(data: bytes) -> GlbMesh:
    """Parse a GLB written by ai-designer (AssertionError when it is not well formed)."""
    magic, version, length = struct.unpack_from("<III", data, 0)
    assert (magic, version, length) == (0x46546C67, 2, len(data))
    json_length, json_type = struct.unpack_from("<II", data, 12)
    assert json_type == 0x4E4F534A and json_length % 4 == 0
    document = json.loads(data[20 : 20 + json_length])
    bin_at = 20 + json_length
    bin_length, bin_type = struct.unpack_from("<II", data, bin_at)
    assert bin_type == 0x004E4942 and bin_length % 4 == 0
    binary = data[bin_at + 8 : bin_at + 8 + bin_length]

    def accessor(index: int) -> list[Any]:
        acc = document["accessors"][index]
        view = document["bufferViews"][acc["bufferView"]]
        code, size = _COMPONENTS[acc["componentType"]]
        width = _WIDTH[acc["type"]]
        assert view["byteOffset"] % 4 == 0
        values = struct.unpack_from(f"<{acc['count'] * width}{code}", binary, view["byteOffset"])
        assert acc["count"] * width * size <= view["byteLength"]
        return [values[i : i + width] for i in range(0, len(values), width)]

    primitive = document["meshes"][0]["primitives"][0]
    gl_points = accessor(primitive["attributes"]["POSITION"])
    normals = accessor(primitive["attributes"]["NORMAL"])
    corners = [c[0] for c in accessor(primitive["indices"])]
    points = [(x * 1000.0, -z * 1000.0, y * 1000.0) for x, y, z in gl_points]  # back to mm, Z-up
    triangles = [(corners[t], corners[t + 1], corners[t + 2]) for t in range(0, len(corners), 3)]
    return GlbMesh(document, points, [tuple(n) for n in normals], triangles)  # type: ignore[misc]
