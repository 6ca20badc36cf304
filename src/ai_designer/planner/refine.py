"""Follow-up changes to an existing graph: resize, add features or shapes, remove features.

A change is read with the same grammar as a request. "remove"/"no"/"without" removes the
named features; "add", a new shell, or a feature described with its own size and position
adds; anything else changes dimensions (absolute "15 mm tall", relative "10 mm longer",
"double the length") of the named features, or of the shape. The input graph is never
changed: every edit works on a copy.
"""

from __future__ import annotations

import copy
import re

from ai_designer.cad.positions import hole_count
from ai_designer.planner import roles
from ai_designer.planner.assembly import assemble
from ai_designer.planner.audit import PLACING
from ai_designer.planner.build import GraphBuilder, origin_of, refuse, singular
from ai_designer.planner.chunks import (
    Chunk,
    Dim,
    Dims,
    Grid,
    Ignored,
    Material,
    NounPhrase,
    Position,
    Qty,
    Ref,
    Shell,
    Spacing,
    StepBreak,
    Treatment,
    Unknown,
    Unsupported,
    Verb,
)
from ai_designer.planner.edits import Edit, edit_feature, read_edits
from ai_designer.planner.features import (
    build_feature,
    edge_selectors,
    implied_features,
    measured_on,
    phase,
    place,
)
from ai_designer.planner.graph_edit import (
    copies_resized,
    ordered,
    reanchor,
    remove_node,
    retarget,
    updated,
)
from ai_designer.planner.kinds import shape_dims, shape_primary, shape_roles
from ai_designer.planner.material_words import part_material
from ai_designer.planner.model import BodySpec, FeatureSpec
from ai_designer.planner.planner import LocalPlanResult, check_understood, read_request, unused_note
from ai_designer.planner.readback import BodyNodes, main_body, read_bodies, rebuild
from ai_designer.planner.selection import Named, by_kind, identifying_size, named_kinds, node_ids_in, select
from ai_designer.planner.semantics import Reader
from ai_designer.schemas.task_graph import (
    ChamferOp,
    Counterbore,
    Countersink,
    FilletOp,
    HoleOp,
    PocketOp,
    ShellOp,
    SpurGearOp,
    TaskGraph,
    TaskNode,
)


def apply_change(graph: TaskGraph, change: str) -> LocalPlanResult:
    """``graph`` with ``change`` applied, as a new graph."""
    written_ids = node_ids_in(change, graph)
    chunks = [
        c
        for c in read_request(_ids_as_nouns(change, graph, written_ids)).chunks
        if not isinstance(c, StepBreak)
    ]
    unknown = [c.text for c in chunks if isinstance(c, (Unknown, Unsupported))]
    if unknown:
        raise refuse("these words were not understood", words=unknown)
    words, material = _material(chunks)
    if words and all(isinstance(c, (Ignored, Ref, Verb)) for c in chunks):  # "make it aluminium"
        return LocalPlanResult(
            graph=graph.model_copy(deep=True),
            notes=[f"material: {' '.join(words)}"],
            material_words=words,
            material=material,
        )
    _set_identifying_sizes_apart(chunks)
    editor = Editor(graph.model_copy(deep=True), set(written_ids))
    verbs = {c.kind for c in chunks if isinstance(c, Verb)}
    entries = [c for c in chunks if isinstance(c, NounPhrase) and c.kind in ("counterbore", "countersink")]
    placed = any(isinstance(c, (Position, Grid, Spacing)) for c in chunks)
    if "remove" in verbs:
        editor.remove(chunks)
    elif entries and ("add" in verbs or not select(editor.nodes, entries[0].kind, set())):
        editor.add_entry(entries[0].kind, chunks)
    elif "move" in verbs or (placed and named_kinds(chunks) and not editor.adds(chunks)):
        editor.relayout(chunks)
    elif "add" in verbs or editor.adds(chunks):
        editor.add(chunks)
    else:
        editor.resize(chunks)
    new = graph.model_copy(update={"nodes": ordered(editor.nodes)}, deep=True)
    unused = [c.text for c in chunks if isinstance(c, Ignored) and not isinstance(c, Material)]
    return LocalPlanResult(
        graph=TaskGraph.model_validate(new.model_dump()),
        unused=unused,
        notes=[*editor.notes, unused_note(unused)] if unused else editor.notes,
        material_words=words,
        material=material,
    )


def _material(chunks: list[Chunk]) -> tuple[list[str], str | None]:
    """The change's material words and the material they name: said of the whole part ("in brass",
    "make it aluminium"), not of one piece alone ("add a brass boss")."""
    pieces = [m for c in chunks if isinstance(c, NounPhrase) for m in c.mods if isinstance(m, Material)]
    return part_material([c for c in chunks if isinstance(c, Material)], pieces)


class Editor:
    """Applies one change to a copy of the graph's nodes."""

    def __init__(self, graph: TaskGraph, written_ids: set[str] | None = None) -> None:
        self.graph = graph
        self.nodes: list[TaskNode] = list(graph.nodes)
        self.notes: list[str] = []
        self.written_ids = written_ids or set()

    def named(self, chunks: list[Chunk]) -> list[Named]:
        """The features the change names, narrowed to the node ids written in it."""
        found = named_kinds(chunks)
        for named in found:
            named.ids = {i for i in self.written_ids if i in {n.id for n in by_kind(self.nodes, named.kind)}}
        return found

    def pick(self, what: Named) -> list[TaskNode]:
        """The nodes ``what`` names; refused when it names one feature and several match."""
        found = select(self.nodes, what.kind, what)
        if what.one and not what.ids and len(found) > 1:
            listed = ", ".join(n.id for n in found)
            raise refuse(
                f"the part has {len(found)} features that could be '{what.text}' ({listed}): say which, by "
                "where it is ('the centre hole', 'the corner holes'), its size ('the 5 mm hole') or its id",
                words=[what.text],
            )
        return found

    def _current(self) -> TaskGraph:
        return self.graph.model_copy(update={"nodes": ordered(self.nodes)})

    # ------------------------------------------------------------------ which kind of change

    def adds(self, chunks: list[Chunk]) -> bool:
        """True when the change describes something new rather than resizing what is there."""
        if any(isinstance(c, Shell) for c in chunks):
            return True
        placed = any(isinstance(c, (Position, Grid, Spacing)) for c in chunks)
        for chunk in chunks:
            if isinstance(chunk, NounPhrase) and chunk.category == "shape" and chunk.mods:
                return not select(self.nodes, chunk.kind, set()) and not _names_body(self.nodes, chunk)
            if isinstance(chunk, NounPhrase) and chunk.category == "feature" and chunk.mods:
                existing = select(self.nodes, chunk.kind, set(chunk.adjectives))
                return placed or chunk.count is not None or not existing
            if isinstance(chunk, Treatment):
                existing = select(self.nodes, chunk.kind, set())
                return not existing or (chunk.edges is not None and not self._same_edges(existing, chunk))
        return False

    def _same_edges(self, existing: list[TaskNode], treatment: Treatment) -> bool:
        body = main_body(self._current())
        wanted = edge_selectors(treatment.edges, body.frame, GraphBuilder())
        return any(
            isinstance(n.operation, (FilletOp, ChamferOp)) and n.operation.edges == wanted for n in existing
        )

    # ------------------------------------------------------------------ remove

    def remove(self, chunks: list[Chunk]) -> None:
        """Remove the features named after "remove", "no", "without"."""
        named = self.named(chunks)
        if not named:
            raise refuse(
                "it is not clear what to remove", words=[c.text for c in chunks if isinstance(c, Verb)]
            )
        for what in named:
            kind = what.kind
            found = self.pick(what)
            if not found:
                raise refuse("the part has nothing of that kind to remove", words=[what.text])
            for node in found:
                if kind in ("counterbore", "countersink"):
                    self.nodes = [updated(n, **{kind: None}) if n.id == node.id else n for n in self.nodes]
                else:
                    self.nodes = remove_node(self.nodes, node.id)
                self.notes.append(f"removed {kind}: {node.id}")

    # ------------------------------------------------------------------ add

    def add(self, chunks: list[Chunk]) -> None:
        """Add the features (or shapes) described to the named shape, or the first one."""
        body = self._target_body(chunks)
        seed = copy.deepcopy(body.spec)
        seed.features = []
        before = dict(seed.values)
        reading = Reader([seed]).read([c for c in chunks if not isinstance(c, Verb)])
        check_understood(reading)
        g = GraphBuilder(nodes=list(self.nodes), taken={n.id for n in self.nodes})
        implied = [f for f in implied_features(seed, g) if seed.values != before]
        added = implied + seed.features
        if not added and len(reading.bodies) == 1:
            raise refuse("nothing to add was described", words=[c.text for c in chunks])
        for feature in sorted(added, key=lambda f: phase(f.kind)):
            self._insert(feature, seed, body, g)
        if len(reading.bodies) > 1:
            assemble(reading.bodies, g, built={id(seed): body.frame})
        self.nodes = g.nodes
        self.notes.extend(g.notes)

    def _insert(self, feature: FeatureSpec, seed: BodySpec, body: BodyNodes, g: GraphBuilder) -> None:
        """Build ``feature`` at its place in the shape's chain (edge treatments before holes)."""
        at = body.own[-1]
        for node_id in body.chain:
            if _node_phase(next(n for n in g.nodes if n.id == node_id)) > phase(feature.kind):
                break
            at = node_id
        users = [n.id for n in g.nodes if getattr(n.operation, "target", None) == at]
        body.frame.tip = at
        count = len(g.nodes)
        tip = build_feature(feature, seed, body.frame, g)
        new_ids = [n.id for n in g.nodes[count:]]
        g.nodes = [updated(n, target=tip) if n.id in users else n for n in g.nodes]
        where = body.chain.index(at) + 1 if at in body.chain else 0
        body.chain[where:where] = new_ids
        g.note(f"added {feature.kind}: {', '.join(new_ids)}")

    def _target_body(self, chunks: list[Chunk]) -> BodyNodes:
        bodies = read_bodies(self._current())
        if not bodies:
            raise refuse("the current part has no shape this planner can change")
        written = [b for b in bodies if self.written_ids & set(b.own)]
        if written:
            return written[0]
        shapes = [c for c in chunks if isinstance(c, NounPhrase) and c.category == "shape"]
        for chunk in shapes:  # the noun first ("the block" on a plate with a block on top), then the kind
            word = singular(chunk.noun)
            by_noun = [b for b in bodies if singular(b.spec.noun).split("_")[0] == word]
            if by_noun:
                return by_noun[0]
        for chunk in shapes:
            by_kind = [b for b in bodies if b.spec.kind == chunk.kind]
            if by_kind:
                return by_kind[0]
        return bodies[0]

    # ------------------------------------------------------------------ counterbores, positions

    def add_entry(self, kind: str, chunks: list[Chunk]) -> None:
        """A counterbore or countersink added to the existing holes."""
        holes = select(self.nodes, "hole", set())
        if not holes:
            raise refuse(f"there are no holes to {kind}", words=[kind])
        values = {e.role or "diameter": e.value for e in read_edits(chunks) if e.mode == "set"}
        for node in holes:
            op = node.operation
            assert isinstance(op, HoleOp)
            if values.get("diameter", 0) <= op.diameter:
                raise refuse(f"the {kind} diameter (larger than the hole) was not given", words=[kind])
            entry: Counterbore | Countersink
            if kind == "counterbore":
                if "depth" not in values:
                    raise refuse("the counterbore depth was not given", words=[kind])
                entry = Counterbore(diameter=values["diameter"], depth=values["depth"])
            else:
                angle = values.get("countersink_angle", values.get("angle", 90.0))
                entry = Countersink(diameter=values["diameter"], angle=angle)
            self.nodes = [updated(n, **{kind: entry}) if n.id == node.id else n for n in self.nodes]
            self.notes.append(f"added {kind}: {node.id}")

    def relayout(self, chunks: list[Chunk]) -> None:
        """Put the named holes or cuts where the change says ("move the holes 10 mm from the edges")."""
        body = self._target_body(chunks)
        seed = copy.deepcopy(body.spec)
        seed.features = []
        named = self.named(chunks)
        which = {id(c) for what in named for c in what.by}  # "the corner holes": which, not where
        reading = Reader([seed]).read([c for c in chunks if not isinstance(c, Verb) and id(c) not in which])
        check_understood(reading)
        moved = [f for f in seed.features if f.positions]
        if not moved:
            raise refuse("it is not clear what to move where", words=[c.text for c in chunks])
        for feature in moved:
            what = next((n for n in named if n.kind == feature.kind), Named(feature.kind, feature.flags))
            for node in self.pick(what):
                self._move(node, feature, body)
        unused = [p.text for f in moved for p in f.positions if isinstance(p, PLACING) and not p.used]
        if unused:  # the meaning audit, for a move: every position phrase is in the new layout
            raise refuse("it could not use these, and it does not move features ignoring them", words=unused)

    def _move(self, node: TaskNode, feature: FeatureSpec, body: BodyNodes) -> None:
        op = node.operation
        if isinstance(op, HoleOp):
            feature.count = feature.count or hole_count(op)
            face, places = place(
                feature, body.frame, (op.diameter, op.diameter), GraphBuilder(nodes=self.nodes)
            )
            places = measured_on(places, op.target, face, self.nodes)
            new = updated(node, face=face, at=places.at, pattern=places.pattern, from_edges=places.from_edges)
        elif isinstance(op, PocketOp):
            size = (getattr(op.profile, "length", 0.0), getattr(op.profile, "width", 0.0))
            face, places = place(feature, body.frame, size, GraphBuilder(nodes=self.nodes))
            new = updated(node, face=face, at=places.points()[0])
        else:
            raise refuse("only holes and cuts can be moved", words=[feature.text])
        self.nodes = [new if n.id == node.id else n for n in self.nodes]
        self.notes.append(f"moved {node.id}")

    # ------------------------------------------------------------------ resize

    def resize(self, chunks: list[Chunk]) -> None:
        """Change dimensions of the named features, or of the shape."""
        edits = read_edits(chunks)
        if not edits:
            raise refuse("no change of size was given", words=[c.text for c in chunks])
        named = self.named(chunks)
        wall_edit = [e for e in edits if e.role == "wall"]
        if not named and wall_edit and select(self.nodes, "shell", set()):
            named = [Named("shell", text="walls")]
        if named:
            for what in named:
                found = self.pick(what)
                if not found:
                    raise refuse("the part has nothing of that kind", words=[what.text])
                for node in found:
                    new, note = edit_feature(node, what.kind, edits)
                    self.nodes = [new if n.id == node.id else n for n in self.nodes]
                    self.notes.append(note)
            return
        self._resize_body(self._target_body(chunks), edits)

    def _resize_body(self, body: BodyNodes, edits: list[Edit]) -> None:
        spec = copy.deepcopy(body.spec)
        if spec.kind == "cube" and any(e.role in _AXES or e.dims for e in edits):
            side = spec.values.pop("side")  # "make it 15 mm tall": no longer a cube
            spec.kind, spec.values = "box", {"length": side, "width": side, "height": side}
        for edit in edits:
            _apply(spec, edit)
            self.notes.append(edit.describe(spec.noun))
        new_nodes, frame = rebuild(spec)
        old = {n.id: n for n in self.nodes}
        renamed = _same_ids(new_nodes, body.own)
        first = old[body.own[0]]
        creating = renamed[0]
        placement = getattr(first.operation, "placement", None)
        if placement is not None and hasattr(creating.operation, "placement"):
            renamed[0] = updated(creating, placement=placement)
        if isinstance(first.operation, SpurGearOp):
            renamed[0] = updated(renamed[0], bore_diameter=first.operation.bore_diameter)
        self.nodes = renamed + [n for n in self.nodes if n.id not in body.own]
        chain = set(body.chain)
        self.nodes = [
            copies_resized(reanchor(n, body.frame, frame), body.frame, frame) if n.id in chain else n
            for n in self.nodes
        ]


_AXES = frozenset({"length", "width", "height", "thickness", "depth"})


def _node_phase(node: TaskNode) -> int:
    """Where an existing feature node sits in the order of features (see features.phase)."""
    op = node.operation
    if isinstance(op, (FilletOp, ChamferOp)):
        return 0
    if isinstance(op, ShellOp) or (isinstance(op, PocketOp) and origin_of(node) == "cavity"):
        return 1
    return 2


def _names_body(nodes: list[TaskNode], np: NounPhrase) -> bool:
    return any(n.id.startswith(np.noun.rstrip("s")) for n in nodes)


def _apply(spec: BodySpec, edit: Edit) -> None:
    """Apply one edit to a shape spec's canonical values."""
    if edit.dims is not None:
        names = shape_dims(spec.kind, len(edit.dims))
        if names is None:
            raise refuse(f"{len(edit.dims)} sizes do not fit a {spec.kind}", words=[edit.text])
        names = tuple({"d2a": "length", "d2b": "width"}.get(n, n) for n in names)
        spec.values.update(dict(zip(names, edit.dims, strict=True)))
        return
    role = edit.role or shape_primary(spec.kind)
    if spec.kind == "tube" and role == "wall":
        spec.values.pop("inner_diameter", None)
    target = roles.canonical(shape_roles(spec.kind), role) if role else None
    if target is None:
        raise refuse(f"a {spec.kind} has no such dimension", words=[edit.text])
    name, factor = target
    if spec.kind == "bracket" and name == "thickness":
        current_t = spec.values.pop("base_thickness", None)
        spec.values.pop("upright_thickness", None)
        spec.values.setdefault("thickness", current_t or 0.0)
    current = spec.values.get(name)
    if current is None and edit.mode != "set":
        raise refuse(
            f"the {name.replace('_', ' ')} is not known, so it cannot be changed relatively",
            words=[edit.text],
        )
    spec.values[name] = edit.new_value(current, factor)
    edit.before, edit.after, edit.name = current, spec.values[name], name


def _same_ids(new_nodes: list[TaskNode], old_ids: list[str]) -> list[TaskNode]:
    """Rebuilt nodes get the ids the shape had (references stay valid)."""
    if len(new_nodes) != len(old_ids):
        raise refuse(
            "this change would turn the shape into another kind of shape; describe the new part instead"
        )
    mapping = {new.id: old for new, old in zip(new_nodes, old_ids, strict=True)}
    result = []
    for node in new_nodes:
        node = node.model_copy(update={"id": mapping[node.id]})
        for src, dst in mapping.items():
            if src != dst:
                node = retarget([node], src, dst)[0]
        result.append(node)
    return result


def _ids_as_nouns(change: str, graph: TaskGraph, ids: list[str]) -> str:
    """ "make holes_2 6 mm" → "make hole 6 mm": a node id read as the noun of what it is."""
    for node_id in ids:
        change = re.sub(rf"\b{re.escape(node_id)}\b", f"the {_noun_of(graph.node(node_id))}", change)
    return change


def _noun_of(node: TaskNode) -> str:
    op = node.operation
    if isinstance(op, HoleOp):
        return "bore" if origin_of(node) == "bore" else "hole"
    if isinstance(op, PocketOp):
        return next((p for p in ("slot", "cutout") if origin_of(node) == p), "pocket")
    if isinstance(op, (FilletOp, ChamferOp, ShellOp)):
        return op.op
    return node.id.split("_")[0]


def _set_identifying_sizes_apart(chunks: list[Chunk]) -> None:
    """ "make the 5 mm holes 6 mm": the 5 mm says which holes, so it is not a new size."""
    amounts = [c for c in chunks if isinstance(c, (Qty, Dim, Dims))]
    if not amounts:
        return
    for chunk in chunks:
        if (
            isinstance(chunk, NounPhrase)
            and chunk.category == "feature"
            and identifying_size(chunk) is not None
        ):
            chunk.identity = identifying_size(chunk)
            chunk.mods = [m for m in chunk.mods if not isinstance(m, (Qty, Dim))]
