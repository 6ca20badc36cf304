"""Involute spur-gear geometry (standard full-depth teeth, no backlash, no profile shift).

Pitch radius ``r = m z / 2``, base radius ``r cos(pressure angle)``, tip radius
``r + m`` and root radius ``r - 1.25 m`` (tip diameter m(z+2), root diameter
m(z-2.5)). Tooth 0 is centred on +X. At radius ``rho`` on the involute, each side
of a tooth sits ``psi(rho)`` from the tooth centre line, with
``psi(rho) = pi/(2z) + inv(pressure angle) - inv(arccos(base/rho))`` and
``inv(a) = tan(a) - a``. Between the root circle and the base circle (when the
root lies inside it) the flank is radial. The same geometry feeds the expectations
(area, extents) and, through :data:`GEAR_FACE`, the emitted script.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ai_designer.cad.emit import Helper

Point2 = tuple[float, float]


def involute(angle: float) -> float:
    """The involute function inv(a) = tan(a) - a (radians)."""
    return math.tan(angle) - angle


@dataclass(frozen=True)
class GearGeometry:
    """The radii and tooth shape of one involute spur gear."""

    module: float
    teeth: int
    pressure_angle: float

    @property
    def pitch_radius(self) -> float:
        """Radius of the pitch circle."""
        return self.module * self.teeth / 2

    @property
    def base_radius(self) -> float:
        """Radius of the base circle the involute unrolls from."""
        return self.pitch_radius * math.cos(math.radians(self.pressure_angle))

    @property
    def root_radius(self) -> float:
        """Radius of the root circle, m(z - 2.5)/2."""
        return self.pitch_radius - 1.25 * self.module

    @property
    def tip_radius(self) -> float:
        """Radius of the tip circle, m(z + 2)/2, cut down where the teeth would come to a point."""
        nominal = self.pitch_radius + self.module
        if self.half_angle(nominal) > 0:
            return nominal
        low, high = self.flank_start, nominal
        for _ in range(60):
            mid = (low + high) / 2
            low, high = (mid, high) if self.half_angle(mid) > 0 else (low, mid)
        return low

    @property
    def flank_start(self) -> float:
        """Radius where the involute flank begins (the base circle, or the root circle outside it)."""
        return max(self.base_radius, self.root_radius)

    def half_angle(self, radius: float) -> float:
        """Angle (radians) from the tooth centre line to its flank at ``radius``."""
        alpha = math.radians(self.pressure_angle)
        at_base = math.pi / (2 * self.teeth) + involute(alpha)
        if radius <= self.base_radius:
            return at_base
        return at_base - involute(math.acos(self.base_radius / radius))

    def flank(self, samples: int) -> list[tuple[float, float]]:
        """``samples`` (radius, half angle) pairs from the flank start up to the tip."""
        start, tip = self.flank_start, self.tip_radius
        radii = [start + (tip - start) * i / (samples - 1) for i in range(samples)]
        return [(r, self.half_angle(r)) for r in radii]

    def outline(self, samples: int = 64) -> list[Point2]:
        """A dense polygon along the whole gear outline, counter-clockwise."""
        pitch = 2 * math.pi / self.teeth
        flank = self.flank(samples)
        tip_r, tip_psi = flank[-1]
        root_r, root_psi = self.root_radius, flank[0][1]
        points: list[Point2] = []
        for k in range(self.teeth):
            c = k * pitch
            polar: list[tuple[float, float]] = []
            if root_r < flank[0][0]:
                polar.append((root_r, c - root_psi))
            polar += [(r, c - psi) for r, psi in flank]
            polar += [(tip_r, c - tip_psi + 2 * tip_psi * j / samples) for j in range(1, samples)]
            polar += [(r, c + psi) for r, psi in reversed(flank)]
            if root_r < flank[0][0]:
                polar.append((root_r, c + root_psi))
            gap = pitch - 2 * root_psi
            polar += [(root_r, c + root_psi + gap * j / samples) for j in range(1, samples)]
            points += [(r * math.cos(a), r * math.sin(a)) for r, a in polar]
        return points

    def area(self) -> float:
        """Area of the gear outline (no bore), mm²."""
        pts = self.outline()
        return abs(sum(pts[i - 1][0] * pts[i][1] - pts[i][0] * pts[i - 1][1] for i in range(len(pts)))) / 2

    def extents(self) -> tuple[float, float, float, float]:
        """(xmin, ymin, xmax, ymax) of the outline."""
        pts = self.outline()
        return (
            min(p[0] for p in pts),
            min(p[1] for p in pts),
            max(p[0] for p in pts),
            max(p[1] for p in pts),
        )


GEAR_FACE = Helper(
    "gear_face",
    '''
def gear_face(teeth, root, flank):
    """The face of an involute spur gear, tooth 0 centred on +x. flank lists (radius, half angle
    in radians) pairs from where the involute starts up to the tip; below that start the flank
    is radial down to the root circle (radius root), which joins neighbouring teeth."""
    pitch = 2 * math.pi / teeth
    start, start_angle = flank[0]
    tip, tip_angle = flank[-1]

    def at(radius, angle):
        return App.Vector(radius * math.cos(angle), radius * math.sin(angle), 0)

    radial = root < start - 1e-9
    edges = []
    for k in range(teeth):
        c = k * pitch
        if radial:
            edges.append(Part.LineSegment(at(root, c - start_angle), at(start, c - start_angle)))
        rising = Part.BSplineCurve()
        rising.interpolate([at(r, c - a) for r, a in flank])
        edges.append(rising)
        edges.append(Part.Arc(at(tip, c - tip_angle), at(tip, c), at(tip, c + tip_angle)))
        falling = Part.BSplineCurve()
        falling.interpolate([at(r, c + a) for r, a in reversed(flank)])
        edges.append(falling)
        if radial:
            edges.append(Part.LineSegment(at(start, c + start_angle), at(root, c + start_angle)))
        low, mid, high = c + start_angle, c + pitch / 2, c + pitch - start_angle
        edges.append(Part.Arc(at(root, low), at(root, mid), at(root, high)))
    return Part.Face(Part.Wire([edge.toShape() for edge in edges]))
''',
)
