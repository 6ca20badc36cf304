"""The phrases the grammar recognises, as plain data (what transform.py builds from the parse tree).

Every chunk remembers the words it came from (``text``), so the planner can quote what it
did not use or did not understand. Lengths stay as written (:class:`Qty`: value and unit)
until :func:`resolve_units` has seen the whole request and converted them to millimetres.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from ai_designer.planner import units


@dataclass(kw_only=True)
class Chunk:
    """A phrase of the request: its words, and where they are (word indices, end exclusive)."""

    text: str = ""
    start: int = -1
    end: int = -1
    #: set when the plan uses what this phrase says (the meaning audit, audit.py)
    used: bool = field(default=False, compare=False, repr=False)


@dataclass(kw_only=True)
class Word(Chunk):
    """A word class member: ``Word("role", "height")`` for "tall", ``Word("shape", "box")`` for "plate"."""

    cls: str
    meaning: str


@dataclass(kw_only=True)
class Qty(Chunk):
    """A length as written; ``mm`` is filled in by :func:`resolve_units`."""

    value: float
    unit: str | None = None
    mm: float = 0.0
    axis: str | None = None  # "100 mm (X)": the axis the length runs along

    @property
    def unitless(self) -> bool:
        """True when no unit was written next to the number."""
        return self.unit is None


@dataclass(kw_only=True)
class CountChunk(Chunk):
    """A bare number of things ("four")."""

    n: float


@dataclass(kw_only=True)
class Dims(Chunk):
    """``60 x 40 x 10`` (two or three lengths); ``lead_role`` for "diameter 60 x 5", ``tail_role``
    for the role named after the last length ("40 x 30 x 15 mm deep", "diameter 12 x 100 long")."""

    values: list[Qty]
    lead_role: str | None = None
    tail_role: str | None = None


@dataclass(kw_only=True)
class Dim(Chunk):
    """A named dimension: a length (``qty``), a count (``number``: teeth, turns) or an ``angle``."""

    role: str
    qty: Qty | None = None
    number: float | None = None
    angle: float | None = None
    absolute: bool = False  # "to 6 mm" (a new value even after "increase")


@dataclass(kw_only=True)
class EdgeSet(Chunk):
    """Which edges: ``quant`` (all/each/both), adjectives (vertical, top...), noun (edges/corners/ends)."""

    quant: str | None = None
    adjectives: list[str] = field(default_factory=list)
    noun: str = "edges"
    count: float | None = None  # "the four vertical edges"


@dataclass(kw_only=True)
class NounPhrase(Chunk):
    """A shape or feature noun with what stands before it ("four 5 mm through holes")."""

    category: str  # "shape" or "feature"
    kind: str  # the noun's meaning: box, cylinder, hole, pocket...
    noun: str  # the noun as written (its last word): plate, shaft, holes
    count: float | None = None
    mods: list[Chunk] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    lead: list[Chunk] = field(default_factory=list)  # sizes before "a"/"the"/"with": not this noun's
    definite: bool = False  # "the slot", "its base": may name something already described
    identity: float | None = None  # "make the 5 mm holes 6 mm": the size that says which ones (refine.py)
    names: list[str] = field(default_factory=list)  # name words inside it ("a square adaptor plate")

    @property
    def plural(self) -> bool:
        """True for "holes", "cubes" (a count may be implied)."""
        return self.noun.endswith("s") and not self.noun.endswith(("ss", "us"))


@dataclass(kw_only=True)
class Treatment(Chunk):
    """A fillet or chamfer: kind, size and edges as far as given."""

    kind: str  # fillet | chamfer
    size: Qty | None = None
    edges: EdgeSet | None = None
    count: float | None = None
    angle: float | None = None  # "2 mm x 45° chamfer"


@dataclass(kw_only=True)
class Shell(Chunk):
    """Hollowing: "shelled to 2 mm"."""

    qty: Qty | None = None


@dataclass(kw_only=True)
class OpenFaces(Chunk):
    """Faces left open: "open at the top", "no lid"."""

    faces: list[str]


@dataclass(kw_only=True)
class Position(Chunk):
    """Where features (or shapes) go: centre, corners, inset from edges, rows, faces, axes, circles."""

    kind: str
    qty: Qty | None = None
    qty2: Qty | None = None  # the second size of a rectangle of positions ("on 80 x 30 centres")
    faces: list[str] = field(default_factory=list)
    axis: str | None = None
    ref: str | None = None  # what an inset is measured from: edges | ends | center | face
    count: float | None = None
    hours: list[float] = field(default_factory=list)  # clock positions: 12 is the +Y side, 3 the +X


@dataclass(kw_only=True)
class Spacing(Chunk):
    """Distance between repeated things: ``pitch`` (centre to centre), ``apart``/``gap`` (between faces)."""

    kind: str
    qty: Qty


@dataclass(kw_only=True)
class Grid(Chunk):
    """A grid of ``columns`` x ``rows`` (None when only "a grid" was said)."""

    columns: float | None = None
    rows: float | None = None


@dataclass(kw_only=True)
class Clearance(Chunk):
    """A metric screw size: a clearance hole ("M6 clearance", "for M6 bolts"), a tapped hole or a
    thread; ``pitch`` when it was given ("M10 x 1.25")."""

    size: str
    pitch: float | None = None


@dataclass(kw_only=True)
class Relation(Chunk):
    """One shape placed against another: on_top_of, stacked, below, beside, left_of, behind, in_front_of."""

    kind: str


@dataclass(kw_only=True)
class Verb(Chunk):
    """A change verb: add, remove, double, halve, triple, increase, decrease, set."""

    kind: str


@dataclass(kw_only=True)
class Comparative(Chunk):
    """ "longer", "thinner", "bigger": a role and a direction (+1 / -1)."""

    role: str
    sign: int


@dataclass(kw_only=True)
class SameAs(Chunk):
    """A size taken from an earlier shape ("a hemisphere of the same diameter")."""

    role: str


@dataclass(kw_only=True)
class RoleRef(Chunk):
    """A dimension named without a value ("the length", in "double the length")."""

    role: str


@dataclass(kw_only=True)
class UnitDecl(Chunk):
    """A unit said on its own ("all dimensions in inches"): bare numbers use it."""

    unit: str


@dataclass(kw_only=True)
class Ignored(Chunk):
    """Words that say nothing about the geometry (materials, purposes): reported as unused."""


@dataclass(kw_only=True)
class Material(Ignored):
    """A word saying what the part is made of: no geometry, but the design's material (its mass)."""

    #: the material table's name; None for a kind of material ("plastic") that gives no density
    name: str | None = None


@dataclass(kw_only=True)
class StepBreak(Chunk):
    """The start of a sentence or step (steps.py); ``explicit`` when the request is written in steps."""

    step: int
    explicit: bool = False
    title: bool = False  # the request's title: names the part, describes no geometry (planner.py)


@dataclass(kw_only=True)
class Ref(Chunk):
    """A pronoun or "the solid": the shape just named ("on top of it", "every edge of the solid")."""


@dataclass(kw_only=True)
class Name(Chunk):
    """Words that name the part or its purpose ("mounting", "cup-shaped"): noted, never geometry."""


@dataclass(kw_only=True)
class Remark(Chunk):
    """A remark about the description itself ("made in three operations", "thread not modelled")."""

    note: str
    count: float | None = None
    #: the kinds of shape the remark can be said of ("no root radius": a rolled section); empty: any
    shapes: tuple[str, ...] = ()


@dataclass(kw_only=True)
class Unsupported(Chunk):
    """Geometry the offline planner knows it cannot make ("knurled", "keyway", "tapered")."""


@dataclass(kw_only=True)
class Unknown(Chunk):
    """Words the grammar does not know, or knows but found out of place (``stray``)."""

    stray: bool = False


C = TypeVar("C", bound=Chunk)


def nested(chunks: list[Chunk], kind: type[C]) -> list[C]:
    """Every ``kind`` chunk inside ``chunks``, nested ones included (in noun phrases, dims, positions...)."""
    found: list[C] = []

    def visit(obj: object) -> None:
        if isinstance(obj, kind):
            found.append(obj)
        if isinstance(obj, list):
            for item in obj:
                visit(item)
        elif isinstance(obj, Chunk):
            for value in vars(obj).values():
                visit(value)

    visit(chunks)
    return found


def _share_group_unit(dims: Dims) -> None:
    """ "2 x 1 x 0.25 inch": the one unit written in a group of sizes is the unit of all of them."""
    written = {q.unit for q in dims.values if q.unit is not None}
    if len(written) == 1:
        unit = written.pop()
        for q in dims.values:
            q.unit = q.unit or unit


@dataclass
class UnitsRead:
    """What :func:`resolve_units` found: whether no length had a unit, and the request's one unit."""

    no_unit: bool
    unit: str | None


def resolve_units(chunks: list[Chunk]) -> UnitsRead:
    """Convert every length to mm; bare numbers take the request's unit (pint's name, e.g. "inch",
    when it used exactly one)."""
    quantities = nested(chunks, Qty)
    for dims in nested(chunks, Dims):
        _share_group_unit(dims)
    written = [q.unit for q in quantities if q.unit is not None]
    written += [c.unit for c in chunks if isinstance(c, UnitDecl)]
    default = units.default_unit(written)
    for q in quantities:
        q.mm = units.to_mm(q.value, q.unit if q.unit is not None else default)
    return UnitsRead(no_unit=bool(quantities) and not written, unit=default)
