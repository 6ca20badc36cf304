"""Modelled external ISO metric threads: the profile's numbers, the volume they remove, facts and checks.

The thread is cut as a helical groove. Its cross-section in a plane through the
axis is the ISO 68-1 space between two teeth: ``7/8 P`` wide at the major
diameter (the crest flat is ``P/8``), flanks at 30 degrees to the radial, a flat
root at the minor diameter ``d3 = d - 1.22687 P`` (``P/6`` wide). The cutting
tool reaches ``overcut`` past the major diameter so that it crosses the shaft's
surface cleanly.

Every point of the groove is moved by the same screw motion, so the volume it
removes per mm of shaft is exactly ``area * 2 pi * centroid radius / P``
(Pappus for a screw). The groove starts ``7/16 P`` inside the thread's length,
so that no cut reaches past it, and runs out through the shaft's end: it removes
that rate times ``length - 7/16 P``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from ai_designer.cad.facts import Facts, Section
from ai_designer.cad.op_checks import GraphProblem
from ai_designer.cad.regions import Disc2
from ai_designer.schemas.task_graph import ThreadOp

#: Radial depth of an external thread as a multiple of the pitch: (d - d3) / 2, d3 = d - 1.22687 P.
DEPTH_PER_PITCH = 1.22687 / 2
#: How far the target's diameter may differ from the nominal (major) diameter.
DIAMETER_TOLERANCE = 0.05
#: The shortest thread, in pitches (a shorter one would not hold a full turn of the groove).
MIN_TURNS = 2.0
_TAN30 = math.tan(math.radians(30))


@dataclass(frozen=True)
class ThreadGroove:
    """The groove of an external ISO metric thread of ``nominal`` diameter and ``pitch``."""

    nominal: float
    pitch: float

    @property
    def depth(self) -> float:
        """Radial depth from the major to the minor diameter."""
        return DEPTH_PER_PITCH * self.pitch

    @property
    def minor_diameter(self) -> float:
        """d3 = d - 1.22687 P."""
        return self.nominal - 2 * self.depth

    @property
    def outer_width(self) -> float:
        """Width of the groove at the major diameter (the pitch less the crest flat P/8)."""
        return 7 * self.pitch / 8

    @property
    def root_width(self) -> float:
        """Width of the flat root at the minor diameter (P/6)."""
        return self.outer_width - 2 * self.depth * _TAN30

    @property
    def overcut(self) -> float:
        """How far the cutting tool reaches past the major diameter."""
        return 0.1 * self.pitch

    @property
    def tool_outer_width(self) -> float:
        """Width of the cutting tool's section at its outer edge (flanks continued past the crest)."""
        return self.outer_width + 2 * self.overcut * _TAN30

    @property
    def start_offset(self) -> float:
        """Where the groove's first section is centred, measured from the inner end of the thread."""
        return self.outer_width / 2

    def removed_per_length(self) -> float:
        """Material the groove removes per mm along the shaft (mm³/mm)."""
        a, b, h = self.outer_width, self.root_width, self.depth
        area = h * (a + b) / 2
        centroid = self.minor_diameter / 2 + h * (b + 2 * a) / (3 * (a + b))
        return area * 2 * math.pi * centroid / self.pitch

    def removed_volume(self, length: float) -> float:
        """Material removed by a thread ``length`` mm long that runs out through the shaft's end."""
        return self.removed_per_length() * (length - self.start_offset)


def groove(op: ThreadOp) -> ThreadGroove:
    """The groove of a thread operation."""
    return ThreadGroove(op.nominal, op.pitch)


def round_section(target: Facts) -> Section | None:
    """The target's whole cross-section when it is a plain round bar (a cylinder), else None."""
    if target.bbox is None or target.cuts or len(target.sections) != 1:
        return None
    section = target.sections[0]
    if not section.exact or not isinstance(section.region, Disc2):
        return None
    if abs(section.hi - section.lo - target.bbox.size[section.axis]) > 1e-6:
        return None
    return section


def thread_facts(op: ThreadOp, target: Facts) -> Facts:
    """Facts after cutting the thread: the same box, the groove's volume less, no longer a prism; the
    flat face at the threaded end is gone (the groove runs out through it)."""
    removed = groove(op).removed_volume(op.length)
    volume = target.volume.shifted(-removed, -removed)
    section = round_section(target)
    sign = 1 if op.end == "top" else -1
    flats = tuple(
        f for f in target.flats if section is not None and not (f.axis == section.axis and f.sign == sign)
    )
    return replace(target, volume=volume, core=None, flats=flats, sections=(), cuts=(), round_cuts=())


def thread_local(nid: str, op: ThreadOp) -> Iterator[GraphProblem]:
    """The thread must hold at least two turns and leave a core."""
    if op.length < MIN_TURNS * op.pitch:
        yield GraphProblem(
            nid,
            "length",
            f"a {op.length:g} mm long thread is shorter than {MIN_TURNS:g} turns of its "
            f"{op.pitch:g} mm pitch",
        )
    if groove(op).minor_diameter <= 0.5 * op.nominal:
        yield GraphProblem(
            nid, "pitch", f"a {op.pitch:g} mm pitch is too coarse for a {op.nominal:g} mm thread"
        )


def thread_context(nid: str, op: ThreadOp, known: Mapping[str, Facts]) -> Iterator[GraphProblem]:
    """The target must be a plain round shaft of the nominal diameter, at least as long as the thread."""
    section = round_section(known[op.target])
    if section is None:
        yield GraphProblem(
            nid,
            "target",
            f"a modelled thread is cut into a plain round shaft (a cylinder node); '{op.target}' is not one",
        )
        return
    assert isinstance(section.region, Disc2)
    diameter = 2 * section.region.r
    if abs(diameter - op.nominal) > DIAMETER_TOLERANCE:
        yield GraphProblem(
            nid,
            "nominal",
            f"an {op.designation()} thread needs a Ø{op.nominal:g} mm shaft, but '{op.target}' is "
            f"Ø{diameter:g} mm: make the shaft Ø{op.nominal:g} mm or pick the thread of its size",
        )
    shaft_length = section.hi - section.lo
    if op.length > shaft_length + 1e-6:
        yield GraphProblem(
            nid,
            "length",
            f"the thread is {op.length:g} mm long but the shaft '{op.target}' is only "
            f"{shaft_length:g} mm long",
        )
