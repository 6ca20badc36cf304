"""Phrases → shapes and features: who each dimension, position and relation belongs to.

Phrases are read in order. A shape or feature noun opens an object; the words before the
noun (its pre-modifiers) go to it when it takes them, otherwise to an earlier object
("a hex nut 17 mm across flats, 8 mm thick, with a 10 mm hole": the hole takes the 10 mm,
the nut the rest). A phrase after a noun goes to the most recent object that takes it and
does not have it yet ("a washer with OD 24, a 10.5 mm hole, 2 mm thick": the hole takes no
thickness, the washer does). What nothing takes is reported, never guessed.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from ai_designer.planner.catalog import resolve_kind
from ai_designer.planner.chunks import (
    Chunk,
    Comparative,
    Dim,
    Dims,
    Ignored,
    NounPhrase,
    Position,
    Qty,
    Relation,
    RoleRef,
    Shell,
    Treatment,
    UnitDecl,
    Unknown,
    Verb,
)
from ai_designer.planner.model import BodySpec, FeatureSpec, PartSpec, Spec

#: A shape named right after another one that has no dimensions yet describes it
#: ("a flange: a 100 mm diameter disc ...").
_SAME_THING = {
    ("flange", "cylinder"),
    ("flange", "tube"),
    ("gear", "cylinder"),
    ("container", "box"),
    ("container", "cylinder"),
    ("nut", "prism"),
}
_SUB_FEATURES = ("counterbore", "countersink")
#: "two cubes side by side", "three discs stacked": a relation with no other shape arranges copies.
_ARRANGEMENTS = {"beside": "row", "stacked": "column", "on_top_of": "column"}


@dataclass
class Reading:
    """The objects a request describes, and what could not be used."""

    bodies: list[BodySpec] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    verbs: list[Verb] = field(default_factory=list)
    refs: list[Chunk] = field(default_factory=list)
    removed: list[NounPhrase | Treatment] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class Reader:
    """Attaches phrases to objects; ``bodies`` seeds existing shapes (for follow-up changes)."""

    def __init__(self, bodies: list[BodySpec] | None = None) -> None:
        self.result = Reading(bodies=list(bodies or []))
        self.objects: list[Spec] = list(self.result.bodies)
        self.pending: list[Chunk] = []
        self.relation: tuple[Relation, BodySpec] | None = None
        self.homeless: list[FeatureSpec] = []  # features named before any shape
        self.negate = False
        self.last: tuple[Chunk, Spec] | None = None  # the phrase just attached, and where
        self.previous: tuple[Chunk, Spec] | None = None

    @property
    def body(self) -> BodySpec | None:
        """The shape features currently go to (the last one named)."""
        return self.result.bodies[-1] if self.result.bodies else None

    def read(self, chunks: list[Chunk]) -> Reading:
        """Attach every phrase; the result lists what was left over."""
        for chunk in chunks:
            self._read(chunk)
        self._finish()
        return self.result

    def _read(self, chunk: Chunk) -> None:
        self.previous, self.last = self.last, None
        if isinstance(chunk, NounPhrase):
            for lead in chunk.lead:
                self._read(lead)
            if chunk.category == "shape":
                self._shape(chunk)
            else:
                self._feature(chunk)
        elif isinstance(chunk, Treatment):
            self._treatment(chunk)
        elif isinstance(chunk, Shell):
            self._shell(chunk)
        elif isinstance(chunk, Relation):
            self._relation(chunk)
        elif isinstance(chunk, Verb):
            self.result.verbs.append(chunk)
            self.negate = chunk.kind == "remove"
        elif isinstance(chunk, (Comparative, RoleRef)):
            self.result.refs.append(chunk)
        elif isinstance(chunk, Ignored):
            self.result.unused.append(chunk.text)
        elif isinstance(chunk, Unknown):
            self.result.unknown.append(chunk.text)
        elif isinstance(chunk, UnitDecl):
            return
        else:
            self._attach(chunk)

    # ------------------------------------------------------------------ objects

    def _open(self, obj: Spec, mods: list[Chunk]) -> None:
        """Give ``obj`` its pre-modifiers (the rest go to earlier objects), then make it current.

        The words nearest the noun are offered first: in "diameter 60 x 5, a 20 mm hole" the
        hole takes the 20 mm and leaves "diameter 60 x 5" to the disc before it.
        """
        self.result.unused.extend(m.text for m in mods if isinstance(m, Ignored))
        mods = [m for m in mods if not isinstance(m, Ignored)]
        taken = {id(m) for m in reversed(mods) if self._offer(obj, m)}
        leftovers = [m for m in mods if id(m) not in taken]
        for mod in leftovers:
            self._attach(mod)
        self.objects.append(obj)
        still_pending = [c for c in self.pending if not self._offer(obj, c)]
        self.pending = still_pending

    @staticmethod
    def _offer(obj: Spec, chunk: Chunk) -> bool:
        if obj.accepts(chunk):
            obj.take(chunk)
            return True
        return False

    def _attach(self, chunk: Chunk) -> None:
        for obj in reversed(self.objects):
            if self._offer(obj, chunk):
                self.last = (chunk, obj)
                return
        self.pending.append(chunk)

    def _claim_centre(self, feature: FeatureSpec) -> None:
        """ "a block with a centered 6.6 mm hole": "centered" went to the block, it is the hole's."""
        if self.previous is None:
            return
        chunk, owner = self.previous
        if isinstance(owner, BodySpec) and isinstance(chunk, Position) and chunk.kind == "center":
            owner.positions = [p for p in owner.positions if p is not chunk]
            feature.positions.append(chunk)

    def _shape(self, np: NounPhrase) -> None:
        current = self.body
        mods = list(np.mods)
        if current is not None and self.relation is None and np.kind in ("base", "part", "upright"):
            part = PartSpec(kind=np.kind, text=np.text, body=current)
            last = self.objects[-1] if self.objects else None
            if isinstance(last, FeatureSpec) and not mods and last.part is None and current.kind == "bracket":
                last.part = np.noun  # "two holes in the base"
                return
            if part.table():
                self._open(part, mods)
                return
        if np.kind in ("part", "upright"):
            self.result.unknown.append(np.text)
            return
        kind = resolve_kind(np.kind, set(np.adjectives))
        if current is not None and self._describes(current, kind, np):
            current.adjectives |= set(np.adjectives)
            self._open_existing(current, mods)
            return
        body = BodySpec(
            kind=kind,
            noun=np.noun,
            text=np.text,
            adjectives=set(np.adjectives),
            count=round(np.count) if np.count is not None else None,
        )
        if self.relation is not None:
            relation, subject = self.relation
            subject.relation = (relation.kind, body)
            self.relation = None
        self.result.bodies.append(body)
        body.features.extend(self.homeless)
        self.homeless.clear()
        self._open(body, mods)

    def _describes(self, current: BodySpec, kind: str, np: NounPhrase) -> bool:
        unnamed = not current.values and not current.features and np.count is None
        same = kind == current.kind or (current.kind, kind) in _SAME_THING
        return unnamed and same and current.relation is None

    def _open_existing(self, obj: Spec, mods: list[Chunk]) -> None:
        self.objects = [o for o in self.objects if o is not obj]
        self._open(obj, mods)

    def _feature(self, np: NounPhrase) -> None:
        mods = list(np.mods)
        if self.negate:
            self.result.removed.append(np)
            self.negate = False
            return
        if np.kind in _SUB_FEATURES:
            self._sub_feature(np.kind, np.text, mods)
            return
        sizes = [m for m in mods if isinstance(m, (Qty, Dims, Dim))]
        rectangular = bool(sizes) and isinstance(sizes[-1], Dims) and sizes[-1].lead_role is None
        rectangular = rectangular or bool({"square", "rectangular"} & set(np.adjectives))
        kind = "cutout" if np.kind == "hole" and rectangular else np.kind
        feature = FeatureSpec(
            kind=kind,
            noun=np.noun,
            text=np.text,
            flags={a for a in np.adjectives if a != "center"},
            count=round(np.count) if np.count is not None else None,
        )
        if "center" in np.adjectives:
            feature.positions.append(Position(kind="center", text="centered"))
        if "corner" in np.adjectives:
            feature.positions.append(Position(kind="corners", text="corner"))
        if np.plural and feature.count is None:
            feature.flags.add("plural")
        self._add_feature(feature)
        self._claim_centre(feature)
        self._open(feature, mods)
        for flag, sub in (("counterbored", "counterbore"), ("countersunk", "countersink")):
            if flag in feature.flags:
                self._sub_feature(sub, flag, [])

    def _add_feature(self, feature: FeatureSpec) -> None:
        if self.body is None:
            self.homeless.append(feature)
        else:
            self.body.features.append(feature)

    def _sub_feature(self, kind: str, text: str, mods: list[Chunk]) -> None:
        hole = next(
            (o for o in reversed(self.objects) if isinstance(o, FeatureSpec) and o.kind in ("hole", "bore")),
            None,
        )
        if hole is None:
            self.result.orphans.append(text)
            return
        sub = (
            hole.sub if hole.sub is not None and hole.sub.kind == kind else FeatureSpec(kind=kind, text=text)
        )
        sub.parent = hole
        hole.sub = sub
        self._open_existing(sub, mods)

    def _treatment(self, treatment: Treatment) -> None:
        if self.negate:
            self.result.removed.append(treatment)
            self.negate = False
            return
        if treatment.angle is not None and abs(treatment.angle - 45) > 1e-6:
            self.result.unsupported.append(f"{treatment.angle:g} degree chamfer (only 45 degrees)")
        feature = FeatureSpec(
            kind=treatment.kind, noun=treatment.kind, text=treatment.text, edges=treatment.edges
        )
        if treatment.size is not None:
            feature.values[feature.primary() or "size"] = treatment.size.mm
        self._add_feature(feature)
        self._open(feature, [])

    def _shell(self, shell: Shell) -> None:
        feature = FeatureSpec(kind="shell", noun="shell", text=shell.text)
        self._add_feature(feature)
        self._open(feature, [shell.qty] if shell.qty is not None else [])

    def _relation(self, relation: Relation) -> None:
        last = self.objects[-1] if self.objects else None
        if isinstance(last, FeatureSpec) and relation.kind in ("on_top_of", "below"):
            face = "top" if relation.kind == "on_top_of" else "bottom"
            last.positions.append(Position(kind="face", faces=[face], text=relation.text))
            return
        body = self.body
        if body is None:
            self.result.orphans.append(relation.text)
            return
        self.relation = (relation, body)

    def _stack_unplaced(self) -> None:
        """A shape named after another with no place given ("a plate with a 20 mm pin") stands on it."""
        bodies = self.result.bodies
        references = {id(b.relation[1]) for b in bodies if b.relation is not None}
        for before, body in itertools.pairwise(bodies):
            if body.relation is None and id(body) not in references:
                body.relation = ("on_top_of", before)
                self.result.notes.append(f"place of the {body.noun} not given: on top of the {before.noun}")

    def _finish(self) -> None:
        if self.relation is not None:
            relation, subject = self.relation
            earlier = [b for b in self.result.bodies if b is not subject]
            arrangement = _ARRANGEMENTS.get(relation.kind)
            if (subject.count or 1) > 1 and arrangement is not None and not earlier:
                subject.positions.append(Position(kind=arrangement, text=relation.text))
            elif earlier and subject.relation is None:
                subject.relation = (relation.kind, earlier[-1])
            else:
                self.result.orphans.append(relation.text)
        self._stack_unplaced()
        self.result.orphans.extend(c.text for c in self.pending)
        self.result.orphans.extend(f.text for f in self.homeless)
        if self.negate:
            self.result.orphans.append(
                next(v.text for v in reversed(self.result.verbs) if v.kind == "remove")
            )
