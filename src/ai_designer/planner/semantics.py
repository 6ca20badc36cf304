"""Phrases → shapes and features: who each dimension, position and relation belongs to.

Phrases are read in order. A shape or feature noun opens an object; the words before the
noun (its pre-modifiers) go to it when it takes them, otherwise to an earlier object
("a hex nut 17 mm across flats, 8 mm thick, with a 10 mm hole": the hole takes the 10 mm,
the nut the rest). A phrase after a noun goes to the most recent object that takes it and
does not have it yet ("a washer with OD 24, a 10.5 mm hole, 2 mm thick": the hole takes no
thickness, the washer does). What nothing takes is reported, never guessed.

Across sentences and steps the reader keeps track of what is being talked about:
- "the plate", "the slot", "its base", "the solid", "it" name something already described
  (a *reference*): what follows goes to it, and no new object is made;
- "A stepped shaft. 1. A cylinder 30 mm in diameter ..." describes the same thing twice
  (a *title*, then the description): the two are one object, and the title's words are
  read as its name;
- "On top of it, centred, a cylinder ...": a relation said before the new shape places the
  new shape against the one just described.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from ai_designer.planner.audit import use
from ai_designer.planner.build import refuse, singular
from ai_designer.planner.catalog import resolve_kind
from ai_designer.planner.chunks import (
    Chunk,
    Comparative,
    Dim,
    Dims,
    EdgeSet,
    Grid,
    Ignored,
    Material,
    Name,
    NounPhrase,
    Position,
    Qty,
    Ref,
    Relation,
    Remark,
    RoleRef,
    SameAs,
    Shell,
    StepBreak,
    Treatment,
    UnitDecl,
    Unknown,
    Unsupported,
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
    ("cylinder", "tube"),
    ("box", "cube"),
    ("box", "base"),
}
#: "a shaft collar", "an axle bush": a hollow part named after the solid one it fits on is hollow.
_FITS_ON = {("cylinder", "tube")}
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
    #: sizes given twice, or a bare length that could be any size of a shape: each says which
    clashes: list[tuple[str, str]] = field(default_factory=list)  # (words, why)
    verbs: list[Verb] = field(default_factory=list)
    refs: list[Chunk] = field(default_factory=list)
    removed: list[NounPhrase | Treatment] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    #: words saying what the part is made of ("a brass washer", "in aluminium")
    materials: list[Material] = field(default_factory=list)
    #: material words given to a later shape or a feature ("a plate with a brass boss")
    piece_materials: list[Material] = field(default_factory=list)
    #: True when the request was written as explicit steps (features are built in step order)
    stepwise: bool = False
    #: phrases the reader made from others ("at the left end" → a side to stand flush with): audited too
    made: list[Chunk] = field(default_factory=list)


class Reader:
    """Attaches phrases to objects; ``bodies`` seeds existing shapes (for follow-up changes)."""

    def __init__(self, bodies: list[BodySpec] | None = None) -> None:
        self.result = Reading(bodies=list(bodies or []))
        self.objects: list[Spec] = list(self.result.bodies)
        self.pending: list[Chunk] = []
        self.relation: tuple[Relation, BodySpec] | None = None  # "A on top of <the next shape>"
        self.relation_next: tuple[Relation, BodySpec] | None = None  # "on top of it, <the next shape>"
        self.homeless: list[FeatureSpec] = []  # features named before any shape
        self.negate = False
        self.last: tuple[Chunk, Spec] | None = None  # the phrase just attached, and where
        self.previous: tuple[Chunk, Spec] | None = None
        self.focus: BodySpec | None = None  # the shape a reference ("the plate", "it") pointed at
        self.named_feature: tuple[FeatureSpec, int] | None = None  # "the pocket ..." and its step
        self.step = 0
        self.shapes_in_step = 0
        self.nouns_in_step = 0  # shapes and features named or referred to in this sentence
        self.in_title = False  # reading the request's title ("A stepped shaft made in three steps.")
        self.title_body: BodySpec | None = None  # the shape a title named, until it is described
        self.face_next: Position | None = None  # "2. On the top face, <a shape or a feature> ..."
        self.face_of: BodySpec | None = None  # "a boss on the top face": placed, "of the base" may follow

    @property
    def body(self) -> BodySpec | None:
        """The shape features currently go to: the one referred to last, else the last one named."""
        if self.focus is not None:
            return self.focus
        return self.result.bodies[-1] if self.result.bodies else None

    def read(self, chunks: list[Chunk]) -> Reading:
        """Attach every phrase; the result lists what was left over."""
        for chunk in mark_names(chunks):
            self._read(chunk)
        self._finish()
        return self.result

    def _read(self, chunk: Chunk) -> None:
        self.previous, self.last = self.last, None
        if not isinstance(chunk, NounPhrase):
            self.face_of = None
        if isinstance(chunk, NounPhrase):
            for lead in chunk.lead:
                self._read(lead)
            self.nouns_in_step += 1
            self.result.names.extend(chunk.names)
            if chunk.category == "shape":
                self._shape(chunk)
            else:
                self._feature(chunk)
        elif isinstance(chunk, StepBreak):
            self._step(chunk)
        elif isinstance(chunk, Treatment):
            self._treatment(chunk)
        elif isinstance(chunk, Shell):
            self._shell(chunk)
        elif isinstance(chunk, Relation):
            self._relation(chunk)
        elif isinstance(chunk, Verb):
            self.result.verbs.append(chunk)
            chunk.used = True
            self.negate = chunk.kind == "remove"
        elif isinstance(chunk, SameAs):
            self._same_as(chunk)
        elif isinstance(chunk, (Comparative, RoleRef)) and self.in_title:
            self.result.names.append(chunk.text)  # "Electronics enclosure lid: ..."
            chunk.used = True
        elif isinstance(chunk, (Comparative, RoleRef)):
            self.result.refs.append(chunk)
        elif isinstance(chunk, Material):
            self.result.materials.append(chunk)
        elif isinstance(chunk, Ignored):
            self.result.unused.append(chunk.text)
        elif isinstance(chunk, Name):
            self.result.names.append(chunk.text)
            chunk.used = True
        elif isinstance(chunk, Remark):
            if chunk.shapes and (self.body is None or self.body.kind not in chunk.shapes):
                raise refuse("this is said of an angle or channel section only", words=[chunk.text])
            self.result.notes.append(chunk.note)
            chunk.used = True
        elif isinstance(chunk, Unsupported):
            self.result.unsupported.append(chunk.text)
        elif isinstance(chunk, Unknown) and self.in_title:
            self.result.names.append(chunk.text)  # a title's words name the part
            chunk.used = True
        elif isinstance(chunk, Unknown):
            self.result.unknown.append(chunk.text)
        elif isinstance(chunk, (UnitDecl, Ref)):
            chunk.used = True
        elif self.relation_next is not None and isinstance(chunk, Position):
            self.pending.append(chunk)  # "on top of it, centred, a cylinder": the next shape's
        elif isinstance(chunk, Position) and self._stands_on_face(chunk):
            pass
        elif isinstance(chunk, EdgeSet) and self.nouns_in_step == 0 and _one_side(chunk) is not None:
            # "At the left end of the base, a wall ...": where the next shape goes on the last
            side = _one_side(chunk) or ""
            made = Position(kind="end", faces=[side], text=chunk.text, start=chunk.start, end=chunk.end)
            self.result.made.append(made)
            self.pending.append(made)
        else:
            self._attach(chunk)

    def _same_as(self, chunk: SameAs) -> None:
        """ "a hemisphere of the same diameter": the size of the latest earlier shape that has it."""
        current = self.body
        value = next(
            (
                b.values[chunk.role]
                for b in reversed(self.result.bodies)
                if b is not current and chunk.role in b.values
            ),
            None,
        )
        if value is None:
            raise refuse(f"no shape before this one has a {chunk.role.replace('_', ' ')}", words=[chunk.text])
        qty = Qty(text=chunk.text, start=chunk.start, end=chunk.end, value=value, unit="mm", mm=value)
        chunk.used = True
        self._attach(Dim(text=chunk.text, start=chunk.start, end=chunk.end, role=chunk.role, qty=qty))

    def _step(self, step: StepBreak) -> None:
        self._settle_relation()
        if self.in_title and not step.title:
            self.title_body = self.body  # what the title named is described from here on
        self.in_title = step.title
        self.step = step.step
        self.result.stepwise = self.result.stepwise or step.explicit
        self.shapes_in_step = 0
        self.nouns_in_step = 0
        self.negate = False
        self.last = self.previous = None
        self.face_next = None

    # ------------------------------------------------------------------ objects

    def _open(self, obj: Spec, mods: list[Chunk], *, new: bool = False) -> None:
        """Give ``obj`` its pre-modifiers (the rest go to earlier objects), then make it current.

        The words nearest the noun are offered first: in "diameter 60 x 5, a 20 mm hole" the
        hole takes the 20 mm and leaves "diameter 60 x 5" to the disc before it.
        """
        whole_part = bool(self.result.bodies) and obj is self.result.bodies[0]
        for mod in mods:
            if isinstance(mod, Material):
                (self.result.materials if whole_part else self.result.piece_materials).append(mod)
            elif isinstance(mod, Ignored):
                self.result.unused.append(mod.text)
        mods = [m for m in mods if not isinstance(m, Ignored)]
        taken = {id(m) for m in reversed(mods) if self._offer(obj, m)}
        leftovers = [m for m in mods if id(m) not in taken]
        for mod in leftovers:
            self._attach(mod)
        self.objects = [o for o in self.objects if o is not obj]
        self.objects.append(obj)
        # "at the left end of the base, a wall": a side to stand flush with waits for a new shape
        waits = [c for c in self.pending if not new and isinstance(c, Position) and c.kind == "end"]
        self.pending = waits + [c for c in self.pending if c not in waits and not self._offer(obj, c)]

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
        """ "a block with a centered 6.6 mm hole", "a plate with a row of five holes": "centered" and
        "row" went to the shape before the feature, they are the feature's."""
        if self.previous is None:
            return
        chunk, owner = self.previous
        arrangement = ("center", "row", "column")
        if isinstance(owner, BodySpec) and isinstance(chunk, Position) and chunk.kind in arrangement:
            owner.positions = [p for p in owner.positions if p is not chunk]
            feature.positions.append(chunk)

    def _shape(self, np: NounPhrase) -> None:
        current = self.body
        mods = list(np.mods)
        kind = resolve_kind(np.kind, set(np.adjectives))
        title = current is not None and self._describes(current, kind, np)  # "A block. 1. A base ..."
        if (
            current is not None
            and not title
            and self.relation is None
            and np.kind in ("base", "part", "upright")
        ):
            part = PartSpec(kind=np.kind, text=np.text, body=current)
            last = self.objects[-1] if self.objects else None
            if isinstance(last, FeatureSpec) and not mods and last.part is None and current.kind == "bracket":
                last.part = np.kind  # "two holes in the base", "in the vertical leg" (the upright)
                np.used = True
                return
            if part.table():
                self._open(part, mods)
                return
        if np.kind in ("part", "upright"):
            self.result.unknown.append(np.text)
            return
        if self.in_title and current is not None and not (current.values or current.features):
            if (current.kind, kind) in _FITS_ON and not np.mods and not np.count:
                current.kind = kind  # "a shaft collar": a collar (for a shaft), hollow
                current.aliases.add(singular(np.noun))
                self.result.names.append(current.noun)
                current.noun = np.noun
            else:
                self.result.names.append(np.text)  # "A dome cover:": one part, named twice
            np.used = True
            return
        referred = self._by_size(np) if {"larger", "smaller"} & set(np.adjectives) else None
        referred = referred or self._referred_body(np, kind)
        if referred is not None:
            self._refer_to(referred, np, mods)
            return
        titled = self.title_body
        if titled is not None and not (titled.values or titled.features) and self.relation is None:
            self.title_body = None  # "A cup-shaped part. First make a cylinder ...": the title's shape
            titled.kind = kind
            titled.adjectives = set(np.adjectives)
            titled.aliases.add(singular(np.noun))
            self._open_existing(titled, mods)
            return
        if current is not None and self._describes(current, kind, np):
            if kind != current.kind and (current.kind, kind) not in _SAME_THING:
                current.kind = kind
            current.adjectives |= set(np.adjectives)
            current.aliases.add(singular(np.noun))
            self._open_existing(current, mods)
            return
        body = BodySpec(
            kind=kind,
            noun=np.noun,
            text=np.text,
            adjectives=set(np.adjectives),
            count=round(np.count) if np.count is not None else None,
            count_source=np if np.count is not None else None,
        )
        if self.relation is not None:
            relation, subject = self.relation
            subject.relation = (relation.kind, body)
            self.relation = None
        if self.relation_next is not None:
            relation, reference = self.relation_next
            body.relation = (relation.kind, reference)
            relation.used = True
            self.relation_next = None
        face = self.face_next
        if face is not None and current is not None and any(c is face for c in self.pending):
            self.pending = [c for c in self.pending if c is not face]  # "2. On the top face, a boss"
            self._place_on_face(body, face, current)
        self.result.bodies.append(body)
        body.features.extend(self.homeless)
        self.homeless.clear()
        self.focus = None
        self.shapes_in_step += 1
        self._open(body, mods, new=True)

    def _by_size(self, np: NounPhrase) -> BodySpec:
        """ "the larger section": the round shape with the largest (or smallest) diameter, of two or more."""
        sized = [
            (b.values.get("diameter", b.values.get("outer_diameter")), b)
            for b in self.result.bodies
            if b.kind in ("cylinder", "tube")
        ]
        known = [(d, b) for d, b in sized if d is not None]
        if len(known) < 2 or len(known) != len(sized):
            raise refuse("it is not clear which section this is", words=[np.text])
        extreme = max(d for d, _ in known) if "larger" in np.adjectives else min(d for d, _ in known)
        found = [b for d, b in known if d == extreme]
        if len(found) != 1:
            raise refuse("more than one section has that size", words=[np.text])
        return found[0]

    def _referred_body(self, np: NounPhrase, kind: str) -> BodySpec | None:
        """The shape "the plate" / "the base" / "the cylinder" names, when it is one already described."""
        if np.mods or np.count is not None or not (np.definite or np.noun == "solid"):
            return None
        word = singular(np.noun)
        named = [
            b
            for b in self.result.bodies
            if word in {singular(b.noun), *b.aliases} and (b.values or b.features)
        ]
        same_kind = [b for b in self.result.bodies if b.kind == kind and (b.values or b.features)]
        found = named or same_kind
        return found[-1] if len(found) >= 1 else None

    def _refer_to(self, body: BodySpec, np: NounPhrase, mods: list[Chunk]) -> None:
        np.used = True
        last = self.objects[-1] if self.objects else None
        drilled = isinstance(last, FeatureSpec) and last.kind in ("hole", "bore") and last.step == self.step
        if drilled and any(isinstance(p, Position) and p.kind == "through" for p in last.positions):  # type: ignore[union-attr]
            assert isinstance(last, FeatureSpec)
            if all(b is not body for b in last.through_bodies):
                last.through_bodies.append(body)  # "through the boss and the disc"
            if len(last.through_bodies) == 1 and all(f is not last for f in body.features):
                for other in self.result.bodies:  # "drill a hole through the plate": the plate's hole
                    other.features = [f for f in other.features if f is not last]
                body.features.append(last)
            return
        if self.face_of is not None and self.face_of is not body and self.face_of.relation is not None:
            self.face_of.relation = (self.face_of.relation[0], body)  # "on the top face of the base"
            return
        if self.relation is not None:
            relation, subject = self.relation
            relation.used = True
            self.relation = None
            if subject is not body:
                subject.relation = (relation.kind, body)
            return  # or "the slot ..., centred on the block": a feature is on its own shape
        if self.relation_next is not None:
            self.relation_next = (self.relation_next[0], body)
            return
        self.focus = body
        self._open_existing(body, mods)

    def _describes(self, current: BodySpec, kind: str, np: NounPhrase) -> bool:
        unnamed = not current.values and not current.features and np.count is None
        same = (
            kind == current.kind or (current.kind, kind) in _SAME_THING or (kind, current.kind) in _SAME_THING
        )
        return unnamed and same and current.relation is None

    def _open_existing(self, obj: Spec, mods: list[Chunk]) -> None:
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
        existing = self._same_feature(np, kind)
        if existing is not None and np.definite:
            self.named_feature = (existing, self.step)
        if existing is not None:
            existing.flags |= {a for a in np.adjectives if a != "center"}
            if existing.count is None and np.count is not None and existing.along_count is None:
                existing.count = round(np.count)
                existing.count_source = np
            np.used = True
            self._open(existing, mods)
            return
        feature = FeatureSpec(
            kind=kind,
            noun=np.noun,
            text=np.text,
            flags={a for a in np.adjectives if a != "center"},
            count=round(np.count) if np.count is not None else None,
            count_source=np if np.count is not None else None,
            step=self.step,
        )
        if "center" in np.adjectives:
            feature.positions.append(Position(kind="center", text="centered", used=True))
        if "corner" in np.adjectives:
            feature.positions.append(Position(kind="corners", text="corner", used=True))
        if np.plural and feature.count is None:
            feature.flags.add("plural")
        self._add_feature(feature)
        self._claim_centre(feature)
        self._open(feature, mods)
        for flag, sub in (("counterbored", "counterbore"), ("countersunk", "countersink")):
            if flag in feature.flags:
                self._sub_feature(sub, flag, [])
                self._open(feature, [])  # the hole stays the one sizes go to ("..., 5.5 mm through")

    def _same_feature(self, np: NounPhrase, kind: str) -> FeatureSpec | None:
        """An existing feature this noun phrase is about.

        - "The slot is 10 mm wide": a definite noun with no count names the slot described;
        - "a counterbored hole: a 6.6 mm through hole ...": a feature with no size yet,
          described again right after, is the same one.
        """
        body = self.body
        if body is None:
            return None
        same = [f for f in body.features if f.kind == kind]
        if not same:
            return None
        if np.definite and np.count is None and not any(isinstance(m, (Qty, Dims, Dim)) for m in np.mods):
            return same[-1]
        recent = [o for o in self.objects[-2:] if isinstance(o, FeatureSpec)]
        latest = same[-1]
        grid = next((p for p in latest.positions if isinstance(p, Grid)), None)
        counted = round(np.count) if np.count is not None and not np.mods else None
        if grid is not None and counted is not None and counted in (grid.columns, grid.rows):
            latest.along_count = counted  # "a 4 x 3 grid ..., with 4 holes along the 80 mm side"
            return latest
        sizeless = not latest.values and latest.clearance is None
        count_fits = np.count is None or latest.count is None or round(np.count) == latest.count
        if latest in recent and sizeless and count_fits and not np.definite:
            return latest
        return None

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
        if hole is None and self.body is not None:
            # "a cylinder with an 8 mm counterbore for an M4 screw": the counterbore of a hole
            hole = FeatureSpec(kind="hole", noun="hole", text=text, step=self.step)
            self._add_feature(hole)
            self._open(hole, [])
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
        last = self.objects[-1] if self.objects else None
        if _slot_ends(treatment) and isinstance(last, FeatureSpec) and last.kind == "slot":
            use(treatment)  # "a slot ... with rounded ends": what a slot is
            return
        if self._rounds_corners_of_named_cut(treatment):
            return
        bare = treatment.size is None and treatment.edges is None and treatment.count is None
        if bare and isinstance(last, FeatureSpec) and last.kind == treatment.kind and last.step == self.step:
            use(treatment)  # "R3 corner radii": the noun after the size and edges names the same rounding
            return
        if treatment.angle is not None and abs(treatment.angle - 45) > 1e-6:
            self.result.unsupported.append(f"{treatment.angle:g} degree chamfer (only 45 degrees)")
        feature = FeatureSpec(
            kind=treatment.kind,
            noun=treatment.kind,
            text=treatment.text,
            edges=treatment.edges,
            step=self.step,
            count=round(treatment.count) if treatment.count is not None else None,
            count_source=treatment if treatment.count is not None else None,
        )
        if treatment.size is not None:
            feature.take_value(feature.primary() or "size", treatment.size.mm, treatment.size)
        self._add_feature(feature)
        self._open(feature, [])

    def _rounds_corners_of_named_cut(self, treatment: Treatment) -> bool:
        """ "...; the pocket's vertical corners are rounded to R10": the corner radius of that pocket."""
        if self.named_feature is None or self.named_feature[1] != self.step:
            return False
        cut = self.named_feature[0]
        edges = treatment.edges
        corners = edges is not None and (edges.noun == "corners" or "vertical" in edges.adjectives)
        if cut.kind not in ("pocket", "cutout") or treatment.kind != "fillet" or not corners:
            return False
        if treatment.size is None or "corner_radius" in cut.values:
            return False
        cut.take_value("corner_radius", treatment.size.mm, treatment.size)
        use(edges)
        treatment.used = True
        return True

    def _shell(self, shell: Shell) -> None:
        feature = FeatureSpec(kind="shell", noun="shell", text=shell.text, step=self.step)
        self._add_feature(feature)
        self._open(feature, [shell.qty] if shell.qty is not None else [])

    def _relation(self, relation: Relation) -> None:
        last = self.objects[-1] if self.objects else None
        if isinstance(last, FeatureSpec) and relation.kind in ("on_top_of", "below") and self.shapes_in_step:
            face = "top" if relation.kind == "on_top_of" else "bottom"
            if last.kind in ("fillet", "chamfer"):  # "a 2 mm chamfer on top": the top face's edges
                if last.edges is None and relation.text.split() != ["on"]:
                    last.edges = EdgeSet(text=relation.text, adjectives=[face])
                    relation.used = True
                else:  # "a chamfer on the hole": edges of a feature are not planned offline
                    self.result.orphans.append(relation.text)
                return
            last.positions.append(Position(kind="face", faces=[face], text=relation.text, used=True))
            relation.used = True
            return
        body = self.body
        if body is None:
            self.result.orphans.append(relation.text)
            return
        if self.nouns_in_step == 0 and self.step > 0:
            self.relation_next = (relation, body)  # "2. On top of it, a cylinder ..."
            return
        self.relation = (relation, body)

    def _stands_on_face(self, face: Position) -> bool:
        """ "a boss ... on the top face (of the base)": a shape just named stands on the one before.

        At the start of a step ("2. On the top face, ...") the phrase waits: a shape named next
        stands on that face, a feature named next goes into it.
        """
        if face.kind != "face" or face.faces not in (["top"], ["bottom"]) or face.qty is not None:
            return False
        if self.nouns_in_step == 0 and self.step > 0:
            self.face_next = face
            return False
        bodies = self.result.bodies
        last = self.objects[-1] if self.objects else None
        if self.shapes_in_step == 0 or len(bodies) < 2 or last is not bodies[-1]:
            return False
        if bodies[-1].relation is not None:
            return False
        self._place_on_face(bodies[-1], face, bodies[-2])
        self.face_of = bodies[-1]
        return True

    def _place_on_face(self, body: BodySpec, face: Position, under: BodySpec) -> None:
        body.relation = ("on_top_of" if face.faces == ["top"] else "below", under)
        face.used = True

    def _stack_unplaced(self) -> None:
        """A shape named after another with no place given ("a plate with a 20 mm pin") stands on it."""
        bodies = self.result.bodies
        references = {id(b.relation[1]) for b in bodies if b.relation is not None}
        for before, body in itertools.pairwise(bodies):
            if body.relation is None and id(body) not in references:
                body.relation = ("on_top_of", before)
                self.result.notes.append(f"place of the {body.noun} not given: on top of the {before.noun}")

    def _settle_relation(self) -> None:
        """A relation with no shape after it in its sentence ("2. Add a block on top."): to the one before."""
        if self.relation is None:
            return
        relation, subject = self.relation
        self.relation = None
        earlier = [b for b in self.result.bodies if b is not subject]
        arrangement = _ARRANGEMENTS.get(relation.kind)
        if (subject.count or 1) > 1 and arrangement is not None and not earlier:
            subject.positions.append(Position(kind=arrangement, text=relation.text, used=True))
        elif earlier and subject.relation is None:
            subject.relation = (relation.kind, earlier[-1])
        else:
            self.result.orphans.append(relation.text)

    def _finish(self) -> None:
        self._settle_relation()
        if self.relation_next is not None:
            self.result.orphans.append(self.relation_next[0].text)
        self._stack_unplaced()
        for chunk in self.pending:
            clash = next(
                (c for b in reversed(self.result.bodies) if (c := b.clash(chunk, b.noun or b.kind))), None
            )
            if clash is None:
                self.result.orphans.append(chunk.text)
            else:
                self.result.clashes.append((chunk.text, clash))
        self.result.orphans.extend(f.text for f in self.homeless)
        if self.negate:
            self.result.orphans.append(
                next(v.text for v in reversed(self.result.verbs) if v.kind == "remove")
            )


def _one_side(edges: EdgeSet) -> str | None:
    """ "the left end", "the back edge": the one side of a shape a phrase names."""
    sides = [a for a in edges.adjectives if a in ("left", "right", "front", "back")]
    if (
        len(sides) == 1
        and len(edges.adjectives) == 1
        and edges.noun in ("ends", "edges")
        and edges.count is None
    ):
        return sides[0]
    return None


def _slot_ends(treatment: Treatment) -> bool:
    """ "with rounded ends" (no size): the shape of a slot, not a fillet."""
    edges = treatment.edges
    return (
        treatment.kind == "fillet"
        and treatment.size is None
        and edges is not None
        and (edges.noun == "ends" or "end" in edges.adjectives)
    )


#: Words that describe the shape of a part, so they cannot be read as its name ("a stepped shaft"
#: must be described step by step: as a title it is a name, before a shape noun it is refused).
NOT_NAMES = frozenset({"stepped", "flanged", "shouldered", "tiered", "profiled", "contoured", "shaped"})


def mark_names(chunks: list[Chunk]) -> list[Chunk]:
    """Decide which words name the part rather than describe it.

    - Words right before a shape noun, with no number between, name that shape: "a motor
      mounting plate", "a hand-held grip block" ("read as a name" in the report). Words that
      describe a shape ("stepped", and the geometry the planner cannot make) are not names.
    - A name word in a title or in a sentence that describes nothing ("A cup-shaped part.")
      names the part.
    - A name word anywhere else (before a feature it does not name, or alone) is a word the
      planner did not understand.
    """
    out: list[Chunk] = []
    run: list[Chunk] = []
    title = False
    for chunk in [*chunks, None]:
        if isinstance(chunk, Name) or (isinstance(chunk, Unknown) and not chunk.stray):
            run.append(chunk)
            continue
        before_shape = isinstance(chunk, NounPhrase) and chunk.category == "shape" and not chunk.lead
        if run and before_shape:
            out.extend(_as_name(word) for word in run)
        elif run and not title:
            quiet = (chunk is None or isinstance(chunk, StepBreak)) and _describes_nothing(out, run)
            out.extend(r if quiet or isinstance(r, Unknown) else _as_unknown(r) for r in run)
        else:
            out.extend(run)
        run = []
        if isinstance(chunk, StepBreak):
            title = chunk.title
        if chunk is not None:
            out.append(chunk)
    return out


def _as_name(word: Chunk) -> Chunk:
    if isinstance(word, Unknown) and word.text in NOT_NAMES:
        return word
    return word if isinstance(word, Name) else Name(text=word.text, start=word.start, end=word.end)


def _as_unknown(word: Chunk) -> Unknown:
    return Unknown(text=word.text, start=word.start, end=word.end)


def _describes_nothing(before: list[Chunk], run: Sequence[Chunk]) -> bool:
    """True when the sentence ending with ``run`` holds only names, pronouns and remarks."""
    sentence: list[Chunk] = []
    for chunk in reversed(before):
        if isinstance(chunk, StepBreak):
            break
        sentence.append(chunk)
    quiet = (Name, Ref, Remark, Ignored)
    return all(isinstance(c, quiet) for c in [*sentence, *run])
