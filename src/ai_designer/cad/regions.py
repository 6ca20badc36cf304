"""Plane regions (rectangles and discs) for containment and contact tests.

The graph analysis describes cross-sections, flat faces and feature footprints
with these two shapes. Coordinates are the two axes of some plane, in mm.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ai_designer.cad.geometry import EPS


@dataclass(frozen=True)
class Rect2:
    """An axis-aligned rectangle from ``(u0, v0)`` to ``(u1, v1)``."""

    u0: float
    v0: float
    u1: float
    v1: float

    @property
    def area(self) -> float:
        """Area in mm²."""
        return max(self.u1 - self.u0, 0.0) * max(self.v1 - self.v0, 0.0)

    def shifted(self, du: float, dv: float) -> Rect2:
        """The rectangle moved by ``(du, dv)``."""
        return Rect2(self.u0 + du, self.v0 + dv, self.u1 + du, self.v1 + dv)

    def shrunk(self, amount: float) -> Rect2 | None:
        """The rectangle with every side pulled in by ``amount`` (None when nothing is left)."""
        out = Rect2(self.u0 + amount, self.v0 + amount, self.u1 - amount, self.v1 - amount)
        return out if out.u1 - out.u0 > EPS and out.v1 - out.v0 > EPS else None


@dataclass(frozen=True)
class Disc2:
    """A disc of radius ``r`` centred at ``(cu, cv)``."""

    cu: float
    cv: float
    r: float

    @property
    def area(self) -> float:
        """Area in mm²."""
        return math.pi * self.r * self.r

    def shifted(self, du: float, dv: float) -> Disc2:
        """The disc moved by ``(du, dv)``."""
        return Disc2(self.cu + du, self.cv + dv, self.r)

    def shrunk(self, amount: float) -> Disc2 | None:
        """The disc with its radius reduced by ``amount`` (None when nothing is left)."""
        return Disc2(self.cu, self.cv, self.r - amount) if self.r - amount > EPS else None


Region = Rect2 | Disc2


def bounds(region: Region) -> Rect2:
    """The rectangle around a region."""
    if isinstance(region, Rect2):
        return region
    return Rect2(region.cu - region.r, region.cv - region.r, region.cu + region.r, region.cv + region.r)


def contains(outer: Region, inner: Region, margin: float = 0.0) -> bool:
    """True when ``inner`` lies inside ``outer`` with at least ``margin`` to spare."""
    if isinstance(outer, Rect2):
        box = bounds(inner)
        return (
            box.u0 >= outer.u0 + margin - EPS
            and box.v0 >= outer.v0 + margin - EPS
            and box.u1 <= outer.u1 - margin + EPS
            and box.v1 <= outer.v1 - margin + EPS
        )
    if isinstance(inner, Disc2):
        return math.hypot(inner.cu - outer.cu, inner.cv - outer.cv) + inner.r <= outer.r - margin + EPS
    corners = ((inner.u0, inner.v0), (inner.u0, inner.v1), (inner.u1, inner.v0), (inner.u1, inner.v1))
    return all(math.hypot(u - outer.cu, v - outer.cv) <= outer.r - margin + EPS for u, v in corners)


def overlap(a: Region, b: Region) -> bool:
    """True when the regions share a positive area."""
    if isinstance(a, Rect2):
        return _rects_overlap(a, b) if isinstance(b, Rect2) else _rect_disc_overlap(a, b)
    if isinstance(b, Rect2):
        return _rect_disc_overlap(b, a)
    return math.hypot(a.cu - b.cu, a.cv - b.cv) < a.r + b.r - EPS


def _rects_overlap(a: Rect2, b: Rect2) -> bool:
    return min(a.u1, b.u1) - max(a.u0, b.u0) > EPS and min(a.v1, b.v1) - max(a.v0, b.v0) > EPS


def _rect_disc_overlap(rect: Rect2, disc: Disc2) -> bool:
    nearest_u = min(max(disc.cu, rect.u0), rect.u1)
    nearest_v = min(max(disc.cv, rect.v0), rect.v1)
    return rect.area > 0 and math.hypot(disc.cu - nearest_u, disc.cv - nearest_v) < disc.r - EPS
