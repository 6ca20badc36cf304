"""What the request describes, before it becomes nodes: shapes with their dimensions and features.

A :class:`BodySpec`, :class:`FeatureSpec` or :class:`PartSpec` is an *object* phrases attach
to. ``accepts``/``take`` decide whether a phrase (a dimension, a position...) belongs to it:
a dimension the kind does not take, or one it already has, goes to an earlier object.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ai_designer.planner import roles
from ai_designer.planner.chunks import (
    Chunk,
    Clearance,
    CountChunk,
    Dim,
    Dims,
    EdgeSet,
    Grid,
    OpenFaces,
    Position,
    Qty,
    Spacing,
)
from ai_designer.planner.kinds import shape_dims, shape_primary, shape_roles

#: Positions a shape (rather than a feature) can take.
BODY_POSITIONS = frozenset(
    {
        "center",
        "axis",
        "lying",
        "lying_axis",
        "vertical",
        "row",
        "column",
        "flat_down",
        "flat_up",
        "end",
        "axial",
    }
)
#: Features placed on a face (holes, pockets...), as opposed to edge treatments and shells.
FACE_FEATURES = frozenset({"hole", "bore", "pocket", "cutout", "slot", "keyway", "thread", "flat"})


#: What a length tagged with an axis ("100 mm (X)") is, for shapes measured along X, Y and Z.
AXIS_ROLES = {"x": "length", "y": "width", "z": "height"}


class Values(dict[str, float]):
    """A spec's dimensions; remembers which ones the builders read (the meaning audit)."""

    def __init__(self, *args: object, **kwargs: float) -> None:
        super().__init__(*args, **kwargs)
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> float:
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: float | None = None) -> float | None:  # type: ignore[override]
        if key in self:
            self.read.add(key)
        return super().get(key, default)

    def pop(self, key: str, *default: float) -> float:  # type: ignore[override]
        self.read.add(key)
        return super().pop(key, *default)


@dataclass
class Spec:
    """Something dimensions attach to."""

    kind: str
    text: str = ""
    values: dict[str, float] = field(default_factory=Values)
    count: int | None = None
    #: the phrase each value was written in (``values`` key → chunk), and the count's
    sources: dict[str, list[Chunk]] = field(default_factory=dict)
    count_source: Chunk | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.values, Values):
            self.values = Values(self.values)

    def used_values(self) -> set[str]:
        """The dimensions the builders read."""
        return self.values.read if isinstance(self.values, Values) else set(self.values)

    def take_value(self, name: str, value: float, source: Chunk | None) -> None:
        """Record a dimension and the phrase it came from."""
        self._store(name, value)
        if source is not None:
            self.sources.setdefault(name, []).append(source)

    def table(self) -> dict[str, str | tuple[str, float]]:
        """Role → canonical role for this kind."""
        return {}

    def dims_roles(self, n: int) -> tuple[str, ...] | None:
        """What ``n`` lengths written as ``a x b (x c)`` mean here."""
        return roles.DIMS.get(self.kind, {}).get(n)

    def dims_targets(self, dims: Dims) -> list[tuple[str, float]] | None:
        """The canonical role (and value factor) of each length of ``dims``, in order.

        A role written before the first length ("diameter 60 x 5", "60 mm OD x 40 mm ID") or after
        the last ("40 x 30 x 15 mm deep") is that length's; the others take what ``a x b (x c)``
        means for this kind, in order. A named role the kind does not take refuses the whole.
        """
        n = len(dims.values)
        slots: list[tuple[str, float] | None] = [None] * n
        if any(q.axis is not None for q in dims.values):
            if not all(q.axis is not None for q in dims.values):
                return None  # some lengths tagged with an axis, some not: not guessed
            tagged = [roles.canonical(self.table(), AXIS_ROLES[q.axis or ""]) for q in dims.values]
            return None if None in tagged else [t for t in tagged if t is not None]
        for i, role in ((0, dims.lead_role), (n - 1, dims.tail_role)):
            if role is not None:
                target = roles.canonical(self.table(), role)
                if target is None:
                    return None
                slots[i] = target
        free = [i for i, slot in enumerate(slots) if slot is None]
        if free:
            rest = list(self.dims_roles(n) or ())
            for slot in slots:
                if slot is not None:
                    if slot[0] not in rest:
                        return None  # not among what "a x b" means here: the others are not guessed
                    rest.remove(slot[0])
            if len(rest) != len(free):
                return None
            for i, name in zip(free, rest, strict=True):
                slots[i] = (name, 1.0)
        return [slot for slot in slots if slot is not None]

    def primary(self) -> str | None:
        """The role of a bare length written next to the noun."""
        return roles.PRIMARY.get(self.kind)

    def _free(self, role: str) -> tuple[str, float] | None:
        target = roles.canonical(self.table(), role)
        if target is None or self._has(target[0]):
            return None
        return target

    def _has(self, canonical: str) -> bool:
        return canonical in self.values

    def _store(self, canonical: str, value: float) -> None:
        self.values[canonical] = value

    def accepts(self, chunk: Chunk) -> bool:
        """True when ``chunk`` can belong to this object."""
        if isinstance(chunk, Qty) and chunk.axis is not None:
            return self._free(AXIS_ROLES[chunk.axis]) is not None
        if isinstance(chunk, Dim):
            return self._free(chunk.role) is not None
        if isinstance(chunk, Dims):
            targets = self.dims_targets(chunk)
            return targets is not None and not any(self._has(name) for name, _ in targets)
        if isinstance(chunk, Qty):
            primary = self.primary()
            return primary is not None and not self._has(primary)
        if isinstance(chunk, CountChunk):
            return self.count is None
        return False

    def clash(self, chunk: Chunk, noun: str) -> str | None:
        """Why ``chunk``, which this object did not accept, still names one of its sizes.

        "60 x 40 x 8 mm plate, 10 mm thick" gives the height twice; in "a 5 mm plate" a bare
        length could be any of a plate's sizes. None when ``chunk`` is simply not this object's.
        """
        names: list[str] = []
        if isinstance(chunk, Qty) and chunk.axis is not None:
            target = roles.canonical(self.table(), AXIS_ROLES[chunk.axis])
            names = [target[0]] if target is not None else []
        elif isinstance(chunk, Dim):
            target = roles.canonical(self.table(), chunk.role)
            names = [target[0]] if target is not None else []
        elif isinstance(chunk, Dims):
            names = [name for name, _ in self.dims_targets(chunk) or []]
        elif isinstance(chunk, Qty):
            sizes = self.dims_roles(3) or self.dims_roles(2) or ()
            missing = any(not self._has(size) for size in sizes)
            if self.primary() is None and missing and not chunk.unitless:
                return (
                    f"'{chunk.text}' could be any size of the {noun}: say which (e.g. '{chunk.text} thick')"
                )
            return None  # a bare length with every size given: not said to be one of them
        for name in names:
            if self._has(name):
                sources = self.sources.get(name, [])
                unit = " mm" if sources and all(isinstance(s, Qty) for s in sources) else ""
                given = f"{self.values[name]:g}{unit}"
                return f"'{chunk.text}' gives the {noun}'s {name} a second time: it is already {given}"
        return None

    def take(self, chunk: Chunk) -> None:
        """Record ``chunk`` (only after :meth:`accepts` said yes)."""
        if isinstance(chunk, Dim):
            target = self._free(chunk.role)
            assert target is not None
            value = (
                chunk.qty.mm
                if chunk.qty is not None
                else chunk.number
                if chunk.number is not None
                else chunk.angle
            )
            assert value is not None
            raw = chunk.qty.value if chunk.qty is not None and chunk.role == "module" else value
            self.take_value(target[0], raw * target[1], chunk.qty or chunk)
        elif isinstance(chunk, Dims):
            targets = self.dims_targets(chunk)
            assert targets is not None
            for (name, factor), qty in zip(targets, chunk.values, strict=True):
                self.take_value(name, qty.mm * factor, qty)
        elif isinstance(chunk, Qty) and chunk.axis is not None:
            target = self._free(AXIS_ROLES[chunk.axis])
            assert target is not None
            self.take_value(target[0], chunk.mm * target[1], chunk)
        elif isinstance(chunk, Qty):
            primary = self.primary()
            assert primary is not None
            self.take_value(primary, chunk.mm, chunk)
        elif isinstance(chunk, CountChunk):
            self.count = round(chunk.n)
            self.count_source = chunk


@dataclass
class FeatureSpec(Spec):
    """A hole, pocket, slot, counterbore, fillet, chamfer or shell on a body."""

    noun: str = ""
    flags: set[str] = field(default_factory=set)
    positions: list[Chunk] = field(default_factory=list)
    clearance: str | None = None
    pitch: float | None = None  # a thread's pitch, when given with its size ("M10 x 1.25")
    edges: EdgeSet | None = None
    sub: FeatureSpec | None = None
    parent: FeatureSpec | None = None
    part: str | None = None  # "in the base" (of a bracket)
    step: int = 0  # the sentence or step it was described in
    along_count: int | None = None  # "with 4 holes along the 80 mm side": a grid's count along a side
    #: shapes named after "through" ("through the boss and the disc"): drilled through all of them
    through_bodies: list[BodySpec] = field(default_factory=list)
    #: goes into the joined shapes: its shape's own face is the one that stands on another shape
    on_joined: bool = False

    @property
    def through_all(self) -> bool:
        """True for a hole through several shapes: "through both", "through the block and the plate"."""
        said_all = any(
            isinstance(p, Position) and p.kind == "through" and p.ref == "all" for p in self.positions
        )
        return self.kind in ("hole", "bore") and (said_all or len(self.through_bodies) >= 2)

    clearance_source: Chunk | None = None

    def table(self) -> dict[str, str | tuple[str, float]]:
        return roles.FEATURE_ROLES.get(self.kind, {})

    def primary(self) -> str | None:
        if self.kind in ("pocket", "cutout") and "round" in self.flags:
            return "diameter"
        if self.kind in ("pocket", "cutout") and "square" in self.flags:
            return "side"
        return super().primary()

    def accepts(self, chunk: Chunk) -> bool:
        if isinstance(chunk, (Position, Spacing, Grid)):
            if self.kind in FACE_FEATURES:
                return not isinstance(chunk, Position) or chunk.kind not in ("lying", "lying_axis")
            return (
                self.kind in ("fillet", "chamfer") and isinstance(chunk, Position) and self._edge_like(chunk)
            )
        if isinstance(chunk, Clearance):
            return (
                self.kind in ("hole", "bore", "thread")
                and self.clearance is None
                and "diameter" not in self.values
            )
        if isinstance(chunk, EdgeSet):
            return self.kind in ("fillet", "chamfer") and self.edges is None
        return super().accepts(chunk)

    def _edge_like(self, position: Position) -> bool:
        if position.kind == "axis":  # "the four edges parallel to the Z axis"
            return self.edges is None or not self.edges.adjectives
        return self.edges is None and position.kind in ("corners", "ends", "face")

    def take(self, chunk: Chunk) -> None:
        if isinstance(chunk, (Position, Spacing, Grid)):
            if self.kind in ("fillet", "chamfer") and isinstance(chunk, Position) and chunk.kind == "axis":
                edges = self.edges or EdgeSet(text=chunk.text)
                edges.adjectives.append(f"parallel_{chunk.axis}")
                edges.text = f"{edges.text} {chunk.text}" if self.edges else edges.text
                self.edges = edges
                chunk.used = True
            elif self.kind in ("fillet", "chamfer") and isinstance(chunk, Position):
                self.edges = _edges_from_position(chunk)
            else:
                self.positions.append(chunk)
        elif isinstance(chunk, Clearance):
            self.clearance = chunk.size
            self.pitch = chunk.pitch
            self.clearance_source = chunk
        elif isinstance(chunk, EdgeSet):
            self.edges = chunk
        else:
            super().take(chunk)


def _edges_from_position(position: Position) -> EdgeSet:
    if position.kind == "corners":
        return EdgeSet(quant="all", noun="corners", text=position.text)
    if position.kind == "ends":
        return EdgeSet(quant="both", noun="ends", text=position.text)
    return EdgeSet(adjectives=list(position.faces), noun="edges", text=position.text)


@dataclass
class BodySpec(Spec):
    """A shape of the part, with its features and where it goes."""

    noun: str = ""
    adjectives: set[str] = field(default_factory=set)
    features: list[FeatureSpec] = field(default_factory=list)
    positions: list[Chunk] = field(default_factory=list)
    relation: tuple[str, BodySpec] | None = None
    open_faces: list[str] | None = None
    aliases: set[str] = field(default_factory=set)  # other nouns it was called by ("block", then "base")

    def table(self) -> dict[str, str | tuple[str, float]]:
        return shape_roles(self.kind)

    def dims_roles(self, n: int) -> tuple[str, ...] | None:
        return shape_dims(self.kind, n)

    def primary(self) -> str | None:
        if self.kind in ("box", "base", "container", "rect_tube") and "square" in self.adjectives:
            return "side"
        return shape_primary(self.kind)

    def accepts(self, chunk: Chunk) -> bool:
        if isinstance(chunk, Position):
            return chunk.kind in BODY_POSITIONS
        if isinstance(chunk, Spacing):
            return (self.count or 1) > 1 or (
                self.kind == "spring" and chunk.kind == "pitch" and "pitch" not in self.values
            )
        if isinstance(chunk, OpenFaces):
            return self.open_faces is None
        if isinstance(chunk, Clearance):
            return self.kind in ("nut", "tube") and "thread" not in self.values
        if isinstance(chunk, Dim) and chunk.role == "depth" and self.kind in ("box", "base", "container"):
            return not ("height" in self.values and "width" in self.values)
        return super().accepts(chunk)

    def take(self, chunk: Chunk) -> None:
        if isinstance(chunk, Spacing) and self.kind == "spring" and (self.count or 1) == 1:
            self.take_value("pitch", chunk.qty.mm, chunk.qty)
            chunk.used = True
        elif isinstance(chunk, (Position, Spacing)):
            self.positions.append(chunk)
        elif isinstance(chunk, OpenFaces):
            self.open_faces = chunk.faces
        elif isinstance(chunk, Clearance):
            self.take_value("thread", float(chunk.size[1:]), chunk)
        elif isinstance(chunk, Dim) and chunk.role == "depth" and self.kind in ("box", "base", "container"):
            assert chunk.qty is not None
            self.take_value("height" if "height" not in self.values else "width", chunk.qty.mm, chunk.qty)
        else:
            super().take(chunk)


@dataclass
class PartSpec(Spec):
    """A named part of a shape ("the base" of a bracket or pyramid): its dimensions go to the shape."""

    body: BodySpec | None = None

    def table(self) -> dict[str, str | tuple[str, float]]:
        assert self.body is not None
        return roles.PART_ROLES.get((self.body.kind, self.kind), {})

    def primary(self) -> str | None:
        assert self.body is not None
        if self.body.kind == "bracket":
            return {"base": "base_length", "upright": "height"}.get(self.kind, "leg")
        return {"pyramid": "base_size", "cone": "base_diameter", "container": "bottom", "box": "bottom"}.get(
            self.body.kind
        )

    def dims_roles(self, n: int) -> tuple[str, ...] | None:
        assert self.body is not None
        if self.body.kind == "pyramid" and n == 2:
            return ("base_length", "base_width")
        if self.body.kind == "bracket" and self.kind == "base" and n == 2:
            return ("base_length", "width")
        return None

    def _has(self, canonical: str) -> bool:
        assert self.body is not None
        return canonical in self.body.values

    def _store(self, canonical: str, value: float) -> None:
        assert self.body is not None
        self.body.values[canonical] = value

    def take_value(self, name: str, value: float, source: Chunk | None) -> None:
        assert self.body is not None
        self.body.take_value(name, value, source)
