"""Sizes from the standards, by metric screw size: clearance, counterbored, countersunk and tapped
holes, hex nuts, plain washers and shaft keyways. The values are in tables.py, each with its
sources; a size a table does not hold is refused, never guessed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ai_designer.planner.build import GraphBuilder, fmt, refuse
from ai_designer.planner.tables import (
    DIN_74_F_CSINK_DIA,
    DIN_974_1_ROW1_CBORE_DEPTH_ISO4762,
    DIN_974_1_ROW1_CBORE_DIA,
    DIN_6885_1_KEYS,
    ISO_261_COARSE_PITCH,
    ISO_273,
    ISO_2306_TAP_DRILL,
    ISO_4032,
    ISO_7089,
)
from ai_designer.schemas.task_graph import Thread

if TYPE_CHECKING:
    from ai_designer.planner.model import BodySpec

#: ISO 273 series by the words people use for the fit; medium is the default.
FITS = {"fine": 0, "close": 0, "medium": 1, "normal": 1, "coarse": 2, "loose": 2}


def thread_size(msize: str) -> float:
    """ "m6" → 6.0, "M2.5" → 2.5."""
    return float(msize.lower().lstrip("m"))


def _name(size: float) -> str:
    return f"M{fmt(size)}"


def clearance_hole(msize: str, fit: str = "medium") -> tuple[float, str]:
    """The ISO 273 clearance hole for a screw, and a note saying which series."""
    size = thread_size(msize)
    if size not in ISO_273:
        raise refuse("no ISO 273 clearance hole is known for this screw", words=[_name(size)])
    diameter = ISO_273[size][FITS[fit]]
    series = {0: "fine", 1: "medium", 2: "coarse"}[FITS[fit]]
    return diameter, f"{_name(size)} clearance hole: Ø{fmt(diameter)} mm (ISO 273 {series})"


def tap_drill(msize: str) -> tuple[float, str]:
    """The tap drill for a coarse metric thread (ISO 2306), and a note recording the thread."""
    size = thread_size(msize)
    if size not in ISO_2306_TAP_DRILL:
        raise refuse("no tap drill size is known for this thread", words=[_name(size)])
    drill = ISO_2306_TAP_DRILL[size]
    pitch = ISO_261_COARSE_PITCH[size]
    note = (
        f"{_name(size)}x{fmt(pitch)} thread (ISO 261 coarse) is cosmetic: recorded in the model, not cut; "
        f"Ø{fmt(drill)} mm tap drill hole (ISO 2306)"
    )
    return drill, note


def coarse_thread(msize: str) -> Thread:
    """The coarse metric thread of a screw size (ISO 261): M5 → nominal 5, pitch 0.8."""
    size = thread_size(msize)
    if size not in ISO_261_COARSE_PITCH:
        raise refuse("no coarse pitch is known for this thread", words=[_name(size)])
    return Thread(nominal=size, pitch=ISO_261_COARSE_PITCH[size])


def counterbore_for(msize: str) -> tuple[float, float, str]:
    """Counterbore diameter and depth for an ISO 4762 socket head cap screw (DIN 974-1 row 1)."""
    size = thread_size(msize)
    if size not in DIN_974_1_ROW1_CBORE_DIA or size not in DIN_974_1_ROW1_CBORE_DEPTH_ISO4762:
        raise refuse(
            "no confirmed counterbore size for this screw; give the counterbore diameter and depth",
            words=[_name(size)],
        )
    diameter = DIN_974_1_ROW1_CBORE_DIA[size]
    depth = DIN_974_1_ROW1_CBORE_DEPTH_ISO4762[size]
    note = f"{_name(size)} counterbore: Ø{fmt(diameter)} x {fmt(depth)} mm deep (ISO 4762 screw, DIN 974-1)"
    return diameter, depth, note


def countersink_for(msize: str) -> tuple[float, str]:
    """90° countersink diameter for an ISO 10642 countersunk screw (DIN 74 form F)."""
    size = thread_size(msize)
    if size not in DIN_74_F_CSINK_DIA:
        raise refuse(
            "no confirmed countersink size for this screw; give the countersink diameter", words=[_name(size)]
        )
    diameter = DIN_74_F_CSINK_DIA[size]
    return diameter, f"{_name(size)} countersink: Ø{fmt(diameter)} mm x 90° (ISO 10642 screw, DIN 74 form F)"


def keyway_for_shaft(diameter: float) -> tuple[float, float, str]:
    """Key width and shaft keyway depth for a parallel key (DIN 6885-1), and a note."""
    for low, high, width, _height, depth, _hub in DIN_6885_1_KEYS:
        if low < diameter <= high:
            size = f"{fmt(width)} mm wide, {fmt(depth)} mm deep"
            note = f"keyway for a Ø{fmt(diameter)} shaft: {size} (DIN 6885-1)"
            return width, depth, note
    raise refuse(f"no DIN 6885-1 key is listed for a Ø{fmt(diameter)} mm shaft", words=["keyway"])


def standard_nut(spec: BodySpec, g: GraphBuilder) -> None:
    """An "M8 nut": across flats and height from ISO 4032 where not given."""
    thread = spec.values.get("thread")
    if spec.kind != "nut" or thread is None:
        return
    standard = ISO_4032.get(thread)
    if standard is None:
        return
    name = _name(thread)
    if "across_flats" not in spec.values and "across_corners" not in spec.values:
        spec.values["across_flats"] = standard[0]
        g.note(f"{name} nut: {fmt(standard[0])} mm across flats (ISO 4032)")
    if "height" not in spec.values:
        spec.values["height"] = standard[1]
        g.note(f"{name} nut: {fmt(standard[1])} mm thick (ISO 4032)")


def standard_washer(spec: BodySpec, g: GraphBuilder) -> None:
    """A "washer for an M8 bolt": sizes from ISO 7089 where not given."""
    thread = spec.values.get("thread")
    standard = ISO_7089.get(thread) if thread is not None else None
    if standard is None:
        return
    for role, value in zip(("inner_diameter", "outer_diameter", "height"), standard, strict=True):
        if role not in spec.values and not (role == "inner_diameter" and "wall" in spec.values):
            spec.values[role] = value
            g.note(f"{_name(thread or 0)} washer: {role.replace('_', ' ')} {fmt(value)} mm (ISO 7089)")
