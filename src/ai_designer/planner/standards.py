"""Standard parts by metric size: clearance holes (ISO 273), hex nuts (ISO 4032), plain washers
(ISO 7089). "An M8 nut" or "a washer for an M8 bolt" takes its sizes from these tables."""

from __future__ import annotations

from ai_designer.planner.build import GraphBuilder, fmt
from ai_designer.planner.model import BodySpec

#: ISO 273 clearance holes, medium series (mm).
ISO_273_MEDIUM: dict[str, float] = {
    "m2": 2.4,
    "m2.5": 2.9,
    "m3": 3.4,
    "m4": 4.5,
    "m5": 5.5,
    "m6": 6.6,
    "m8": 9.0,
    "m10": 11.0,
    "m12": 13.5,
    "m16": 17.5,
    "m20": 22.0,
    "m24": 26.0,
}

#: ISO 4032 hex nuts: thread → (width across flats, height).
ISO_4032: dict[float, tuple[float, float]] = {
    3: (5.5, 2.4),
    4: (7.0, 3.2),
    5: (8.0, 4.7),
    6: (10.0, 5.2),
    8: (13.0, 6.8),
    10: (16.0, 8.4),
    12: (18.0, 10.8),
    16: (24.0, 14.8),
    20: (30.0, 18.0),
    24: (36.0, 21.5),
}


def standard_nut(spec: BodySpec, g: GraphBuilder) -> None:
    """An "M8 nut": across flats and height from ISO 4032 where not given."""
    thread = spec.values.get("thread")
    if spec.kind != "nut" or thread is None:
        return
    standard = ISO_4032.get(thread)
    if standard is None:
        return
    name = f"M{fmt(thread)}"
    if "across_flats" not in spec.values and "across_corners" not in spec.values:
        spec.values["across_flats"] = standard[0]
        g.note(f"{name} nut: {fmt(standard[0])} mm across flats (ISO 4032)")
    if "height" not in spec.values:
        spec.values["height"] = standard[1]
        g.note(f"{name} nut: {fmt(standard[1])} mm thick (ISO 4032)")


#: ISO 7089 plain washers: thread → (hole, outer diameter, thickness).
ISO_7089: dict[float, tuple[float, float, float]] = {
    3: (3.2, 7.0, 0.5),
    4: (4.3, 9.0, 0.8),
    5: (5.3, 10.0, 1.0),
    6: (6.4, 12.0, 1.6),
    8: (8.4, 16.0, 1.6),
    10: (10.5, 20.0, 2.0),
    12: (13.0, 24.0, 2.5),
    16: (17.0, 30.0, 3.0),
    20: (21.0, 37.0, 3.0),
    24: (25.0, 44.0, 4.0),
}


def standard_washer(spec: BodySpec, g: GraphBuilder) -> None:
    """A "washer for an M8 bolt": sizes from ISO 7089 where not given."""
    thread = spec.values.get("thread")
    standard = ISO_7089.get(thread) if thread is not None else None
    if standard is None:
        return
    for role, value in zip(("inner_diameter", "outer_diameter", "height"), standard, strict=True):
        if role not in spec.values and not (role == "inner_diameter" and "wall" in spec.values):
            spec.values[role] = value
            g.note(f"M{fmt(thread or 0)} washer: {role.replace('_', ' ')} {fmt(value)} mm (ISO 7089)")
