"""Collecting TaskGraph nodes: unique, meaningful ids, notes, and where each built shape is.

A :class:`Frame` is what features need to know about the shape they go on: the node to
chain from (``tip``), the size of its bounding box and the axis of a round shape.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ai_designer.errors import PlanningError
from ai_designer.schemas.task_graph import Axis, Face, Operation, TaskNode

_ID_CHARS = re.compile(r"[^a-z0-9_]+")


@dataclass
class Frame:
    """A built shape as features see it."""

    kind: str
    body_id: str
    tip: str
    size: tuple[float, float, float]
    axis: Axis | None = None  # axis of revolution of a round shape
    sides: int | None = None  # a prism's number of sides
    hollow: bool = False  # its own nodes have inner edges too (a tube's bore)
    #: the sides of the box a flat was cut into ("a flat along the top" of a shaft)
    flats: list[str] = field(default_factory=list)
    #: the bore of a hollow shape, built after the treatments of its outer edges: (id, op on a target, label)
    inner: tuple[str, Callable[[str], Operation], str] | None = None
    #: named parts features can go in ("the base" of a bracket): face, (du, dv), centre offset (u, v)
    parts: dict[str, tuple[Face, tuple[float, float], tuple[float, float]]] = field(default_factory=dict)

    def face_size(self, face: Face) -> tuple[float, float]:
        """Extent of a face of the bounding box along its (u, v) directions."""
        x, y, z = self.size
        if face in ("top", "bottom"):
            return x, y
        if face in ("front", "back"):
            return x, z
        return y, z

    def face_is_round(self, face: Face) -> bool:
        """True when the face is a circle (the end of a cylinder)."""
        ends: dict[Axis, tuple[str, ...]] = {
            "z": ("top", "bottom"),
            "x": ("left", "right"),
            "y": ("front", "back"),
        }
        return self.axis is not None and face in ends[self.axis]


@dataclass
class GraphBuilder:
    """Accumulates nodes with unique ids, and the assumptions made on the way."""

    nodes: list[TaskNode] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    taken: set[str] = field(default_factory=set)
    #: the request was written as explicit steps: features are built in the order of the steps
    stepwise: bool = False

    def unique_id(self, base: str) -> str:
        """``base`` made into a valid, unused node id (``holes``, ``holes_2``...)."""
        stem = _ID_CHARS.sub("_", base.lower()).strip("_") or "part"
        if not stem[0].isalpha():
            stem = f"n_{stem}"
        stem = stem[:32]
        candidate, n = stem, 2
        while candidate in self.taken:
            candidate, n = f"{stem}_{n}", n + 1
        self.taken.add(candidate)
        return candidate

    def add(self, base_id: str, operation: Operation, label: str = "", origin: str | None = None) -> str:
        """Append a node; returns its id. ``origin`` (default: ``base_id``) records what it is part of."""
        node_id = self.unique_id(base_id)
        node = TaskNode(
            id=node_id, operation=operation, label=plain_label(label, node_id)[:200], origin=origin or base_id
        )
        self.nodes.append(node)
        return node_id

    def note(self, text: str) -> None:
        """Record an assumption (once)."""
        if text not in self.notes:
            self.notes.append(text)


def plain_label(label: str, node_id: str) -> str:
    """A label without sizes ("Plate 60 x 40 x 8" -> "Plate"): the words before the first number.

    Sizes live in the spreadsheet, where editing them would leave a label with numbers in it
    stale; without words before a number ("4 x Ø5 hole") the node id names it ("Holes").
    """
    words = []
    for word in label.split():
        if any(c.isdigit() for c in word):
            break
        words.append(word)
    plain = " ".join(words).rstrip(",;:")
    return plain or node_id.replace("_", " ").capitalize()


def origin_of(node: TaskNode) -> str:
    """What a node is part of: as the planner recorded it, else read from its id (other plans,
    and plans saved before origins were recorded): "holes_2" → "holes"."""
    return node.origin or node.id.rstrip("_0123456789")


def refuse(message: str, *, words: Iterable[str] = ()) -> PlanningError:
    """A PlanningError quoting ``words`` (the default hint says an LLM provider can handle it)."""
    quoted = [w for w in words if w]
    text = f"{message}: " + ", ".join(f"'{w}'" for w in quoted) if quoted else message
    return PlanningError(f"The offline planner cannot plan this: {text}.", words=quoted)


def singular(noun: str) -> str:
    """ "holes" → "hole", "boxes" → "box" (for node ids)."""
    if noun.endswith(("xes", "ches", "shes")):
        return noun[:-2]
    if noun.endswith("s") and not noun.endswith(("ss", "us", "is")):
        return noun[:-1]
    return noun


def fmt(value: float) -> str:
    """A length for labels and notes: ``6.6``, ``50.8``, ``24``."""
    return f"{value:.3f}".rstrip("0").rstrip(".")


def build_inner(frame: Frame, g: GraphBuilder) -> None:
    """Cut the bore of a hollow shape into ``frame.tip`` (once): its edges are inner edges from now on."""
    if frame.inner is None:
        return
    name, op, label = frame.inner
    frame.tip = g.add(name, op(frame.tip), label)
    frame.inner = None
    frame.hollow = True
