"""Axis-aligned boxes, axes, rotations and face frames: the 3D vocabulary of the graph analysis.

Everything here is plain Python (no FreeCAD). Coordinates are millimetres in the
TaskGraph's frame: X length, Y width, Z height.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ai_designer.schemas.task_graph import Axis, Face, Plane

Vec = tuple[float, float, float]

#: Index of each axis name in a coordinate triple.
AXIS_INDEX: dict[Axis, int] = {"x": 0, "y": 1, "z": 2}
#: The axis normal to each sketch plane.
PLANE_NORMAL: dict[Plane, Axis] = {"xy": "z", "xz": "y", "yz": "x"}

#: Lengths closer than this are treated as equal.
EPS = 1e-6


@dataclass(frozen=True)
class FaceFrame:
    """How a bounding-box face is addressed: its normal axis and side, and the (u, v) axes on it."""

    normal: int
    sign: int
    u: int
    v: int


#: The face conventions of the TaskGraph: u/v offsets measured from the face centre.
FACE_FRAMES: dict[Face, FaceFrame] = {
    "top": FaceFrame(normal=2, sign=1, u=0, v=1),
    "bottom": FaceFrame(normal=2, sign=-1, u=0, v=1),
    "front": FaceFrame(normal=1, sign=-1, u=0, v=2),
    "back": FaceFrame(normal=1, sign=1, u=0, v=2),
    "left": FaceFrame(normal=0, sign=-1, u=1, v=2),
    "right": FaceFrame(normal=0, sign=1, u=1, v=2),
}


def is_right_angle_multiple(angle_deg: float) -> bool:
    """True when the angle is a whole number of quarter turns."""
    quarter = angle_deg / 90.0
    return abs(quarter - round(quarter)) < 1e-9


def rotate_point(point: Vec, axis: Axis, angle_deg: float, about: Vec = (0.0, 0.0, 0.0)) -> Vec:
    """``point`` turned counter-clockwise by ``angle_deg`` about ``axis`` through ``about``."""
    quarter = angle_deg / 90.0
    if abs(quarter - round(quarter)) < 1e-9:  # exact for quarter turns: no cos/sin round-off
        c, s = ((1.0, 0.0), (0.0, 1.0), (-1.0, 0.0), (0.0, -1.0))[round(quarter) % 4]
    else:
        c, s = math.cos(math.radians(angle_deg)), math.sin(math.radians(angle_deg))
    i = AXIS_INDEX[axis]
    a, b = (i + 1) % 3, (i + 2) % 3
    rel = [point[k] - about[k] for k in range(3)]
    out = list(rel)
    out[a] = c * rel[a] - s * rel[b]
    out[b] = s * rel[a] + c * rel[b]
    return (out[0] + about[0], out[1] + about[1], out[2] + about[2])


@dataclass(frozen=True)
class Box3:
    """An axis-aligned box from ``lo`` to ``hi``."""

    lo: Vec
    hi: Vec

    @staticmethod
    def around(points: list[Vec]) -> Box3:
        """The smallest box holding every point."""
        return Box3(
            (min(p[0] for p in points), min(p[1] for p in points), min(p[2] for p in points)),
            (max(p[0] for p in points), max(p[1] for p in points), max(p[2] for p in points)),
        )

    @property
    def size(self) -> Vec:
        """Extent along X, Y, Z."""
        return (self.hi[0] - self.lo[0], self.hi[1] - self.lo[1], self.hi[2] - self.lo[2])

    @property
    def center(self) -> Vec:
        """Centre point."""
        return (
            (self.lo[0] + self.hi[0]) / 2,
            (self.lo[1] + self.hi[1]) / 2,
            (self.lo[2] + self.hi[2]) / 2,
        )

    @property
    def volume(self) -> float:
        """Volume in mm³."""
        sx, sy, sz = self.size
        return sx * sy * sz

    def corners(self) -> list[Vec]:
        """The eight corner points."""
        return [
            (x, y, z)
            for x in (self.lo[0], self.hi[0])
            for y in (self.lo[1], self.hi[1])
            for z in (self.lo[2], self.hi[2])
        ]

    def translated(self, delta: Vec) -> Box3:
        """The box moved by ``delta``."""
        return Box3(
            (self.lo[0] + delta[0], self.lo[1] + delta[1], self.lo[2] + delta[2]),
            (self.hi[0] + delta[0], self.hi[1] + delta[1], self.hi[2] + delta[2]),
        )

    def union(self, other: Box3) -> Box3:
        """The smallest box holding both."""
        return Box3(
            (min(self.lo[0], other.lo[0]), min(self.lo[1], other.lo[1]), min(self.lo[2], other.lo[2])),
            (max(self.hi[0], other.hi[0]), max(self.hi[1], other.hi[1]), max(self.hi[2], other.hi[2])),
        )

    def intersection(self, other: Box3) -> Box3 | None:
        """The common part, or None when the boxes do not overlap with positive volume."""
        lo = (max(self.lo[0], other.lo[0]), max(self.lo[1], other.lo[1]), max(self.lo[2], other.lo[2]))
        hi = (min(self.hi[0], other.hi[0]), min(self.hi[1], other.hi[1]), min(self.hi[2], other.hi[2]))
        if any(hi[k] - lo[k] <= EPS for k in range(3)):
            return None
        return Box3(lo, hi)

    def separated_from(self, other: Box3) -> bool:
        """True when a positive gap lies between the boxes along some axis (they cannot touch)."""
        return any(self.lo[k] > other.hi[k] + EPS or other.lo[k] > self.hi[k] + EPS for k in range(3))

    def rotated(self, axis: Axis, angle_deg: float, about: Vec) -> Box3:
        """The box holding this box turned about ``axis`` through ``about``.

        Exact for quarter turns; for other angles it is the box around the turned corners,
        which holds the turned shape but may be larger than its tight box.
        """
        return Box3.around([rotate_point(p, axis, angle_deg, about) for p in self.corners()])

    def mirrored(self, axis: int, coordinate: float) -> Box3:
        """The box reflected in the plane ``x[axis] = coordinate``."""
        lo, hi = list(self.lo), list(self.hi)
        lo[axis], hi[axis] = 2 * coordinate - self.hi[axis], 2 * coordinate - self.lo[axis]
        return Box3((lo[0], lo[1], lo[2]), (hi[0], hi[1], hi[2]))

    def face_size(self, face: Face) -> tuple[float, float]:
        """Extent of a face along its (u, v) axes."""
        frame = FACE_FRAMES[face]
        size = self.size
        return size[frame.u], size[frame.v]

    def depth_below(self, face: Face) -> float:
        """Extent of the box along the face's normal (how far a hole from that face can go)."""
        return self.size[FACE_FRAMES[face].normal]
