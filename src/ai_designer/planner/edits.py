"""Size changes read from a follow-up request, and their effect on a feature node.

"make it 15 mm tall" is an absolute edit of the height, "10 mm longer" a relative one
(+10 on the length), "double the length" a factor; a bare size ("make the holes 6 mm")
is the primary size of what is named (a hole's diameter, a fillet's radius).
"""

from __future__ import annotations

from dataclasses import dataclass

from ai_designer.planner.build import fmt, refuse
from ai_designer.planner.chunks import (
    Chunk,
    Clearance,
    Comparative,
    CountChunk,
    Dim,
    Dims,
    NounPhrase,
    Qty,
    RoleRef,
    Shell,
    Treatment,
    Verb,
)
from ai_designer.planner.standards import clearance_hole, coarse_thread, tap_drill
from ai_designer.schemas.task_graph import (
    ChamferOp,
    CircleProfile,
    CircularPattern,
    FilletOp,
    HoleOp,
    LinearPattern,
    Operation,
    PocketOp,
    RectangleProfile,
    ShellOp,
    SlotProfile,
    TaskNode,
    ThreadOp,
)

_FACTORS = {"double": 2.0, "halve": 0.5, "triple": 3.0}
_SIGNS = {"increase": 1.0, "decrease": -1.0}


@dataclass
class Edit:
    """One change: ``role`` (None: the primary size) set to, moved by, or multiplied by ``value``."""

    role: str | None
    mode: str  # set | delta | factor
    value: float = 0.0
    dims: list[float] | None = None
    text: str = ""
    name: str = ""
    before: float | None = None
    after: float | None = None
    screw: str | None = None  # "M6": a screw size, whose clearance or tap drill a hole takes

    def new_value(self, current: float | None, factor: float = 1.0) -> float:
        """The value after this edit (``factor`` converts the role, e.g. radius → diameter)."""
        if self.mode == "set":
            value = self.value * factor
        elif self.mode == "delta":
            value = (current or 0.0) + self.value * factor
        else:
            value = (current or 0.0) * self.value
        if value <= 0:
            raise refuse("the change would make a size zero or negative", words=[self.text])
        return value

    def describe(self, what: str) -> str:
        """A note: "height of plate: 10 → 15 mm"."""
        name = (self.name or self.role or "size").replace("_", " ")
        before = f"{fmt(self.before)} → " if self.before is not None else ""
        after = fmt(self.after) if self.after is not None else "?"
        return f"{name} of {what}: {before}{after}"


def read_edits(chunks: list[Chunk]) -> list[Edit]:
    """The size changes of a follow-up request."""
    verbs = [c.kind for c in chunks if isinstance(c, Verb)]
    sign = next((_SIGNS[v] for v in verbs if v in _SIGNS), None)
    factor = next((_FACTORS[v] for v in verbs if v in _FACTORS), None)
    named = [c for c in chunks if isinstance(c, RoleRef)]
    comparatives = [c for c in chunks if isinstance(c, Comparative)]
    edits: list[Edit] = []
    amounts: list[Qty] = []
    for chunk in _flatten(chunks):
        if isinstance(chunk, Dim):
            edits.append(_dim_edit(chunk, sign))
        elif isinstance(chunk, Dims):
            edits.append(Edit(None, "set", dims=[q.mm for q in chunk.values], text=chunk.text))
        elif isinstance(chunk, Qty):
            amounts.append(chunk)
        elif isinstance(chunk, CountChunk):
            edits.append(Edit("count", "set", chunk.n, text=chunk.text))
        elif isinstance(chunk, Clearance):
            edits.append(
                Edit("diameter", "set", clearance_hole(chunk.size)[0], text=chunk.text, screw=chunk.size)
            )
    for amount in amounts:
        if comparatives:
            comp = comparatives.pop(0)
            role = None if comp.role == "size" else comp.role
            edits.append(Edit(role, "delta", comp.sign * amount.mm, text=f"{amount.text} {comp.text}"))
        elif named:
            ref = named.pop(0)
            edits.append(Edit(ref.role, "delta" if sign else "set", (sign or 1.0) * amount.mm, text=ref.text))
        else:
            edits.append(Edit(None, "delta" if sign else "set", (sign or 1.0) * amount.mm, text=amount.text))
    if factor is not None:
        targets: list[str | None] = [r.role for r in named]
        targets = targets or [None if c.role == "size" else c.role for c in comparatives] or [None]
        edits.extend(Edit(role, "factor", factor, text=role or "size") for role in targets)
    elif comparatives:
        raise refuse("by how much was not given", words=[c.text for c in comparatives])
    return edits


def _flatten(chunks: list[Chunk]) -> list[Chunk]:
    flat: list[Chunk] = []
    for chunk in chunks:
        if isinstance(chunk, NounPhrase):
            if chunk.count is not None:
                flat.append(CountChunk(n=chunk.count, text=chunk.text))
            flat.extend(chunk.mods)
        elif isinstance(chunk, Treatment) and chunk.size is not None:
            flat.append(chunk.size)
        elif isinstance(chunk, Shell) and chunk.qty is not None:
            flat.append(Dim(role="thickness", qty=chunk.qty, text=chunk.text))
        else:
            flat.append(chunk)
    return flat


def _dim_edit(dim: Dim, sign: float | None) -> Edit:
    if dim.absolute:
        sign = None
    if dim.qty is not None:
        mode = "delta" if sign else "set"
        return Edit(dim.role, mode, (sign or 1.0) * dim.qty.mm, text=dim.text)
    value = dim.number if dim.number is not None else dim.angle
    assert value is not None
    return Edit(dim.role, "set", value, text=dim.text)


def edit_feature(node: TaskNode, kind: str, edits: list[Edit]) -> tuple[TaskNode, str]:
    """``node`` with ``edits`` applied; and a note saying what changed."""
    op = node.operation
    notes = []
    for edit in edits:
        if isinstance(op, HoleOp) and kind in ("counterbore", "countersink"):
            sub = getattr(op, kind)
            field = {"depth": "depth"}.get(edit.role or "", "diameter")
            new_sub = sub.model_copy(update={field: edit.new_value(getattr(sub, field))})
            op = op.model_copy(update={kind: new_sub})
            notes.append(f"{kind} {field} of {node.id}: {fmt(getattr(new_sub, field))}")
            continue
        if (
            isinstance(op, HoleOp)
            and op.thread is not None
            and edit.role in (None, "diameter", "size", "radius")
        ):
            op = _retap(op, edit)
            notes.append(
                f"{node.id}: tapped {op.thread.designation() if op.thread else ''}, Ø{fmt(op.diameter)}"
            )
            continue
        if edit.role == "count":
            op = _recount(op, round(edit.value), edit)
            notes.append(f"number of {node.id}: {round(edit.value)}")
            continue
        field, factor = _feature_field(op, edit)
        if field.startswith("profile."):
            name = field.split(".", 1)[1]
            current = getattr(op.profile, name)  # type: ignore[union-attr]
            value = edit.new_value(current, factor)
            op = op.model_copy(update={"profile": op.profile.model_copy(update={name: value})})  # type: ignore[union-attr]
        else:
            current = getattr(op, field)
            value = edit.new_value(current, factor)
            op = op.model_copy(update={field: value})
        notes.append(f"{field.split('.')[-1]} of {node.id}: {fmt(value)}")
    return node.model_copy(update={"operation": op}), "; ".join(notes)


_HOLE_SIZE_ROLES = (None, "diameter", "size", "radius")


def _retap(op: HoleOp, edit: Edit) -> HoleOp:
    """A tapped hole given a screw size takes that thread and its tap drill; given a plain size, it
    keeps its thread when the size can still be its tap drill or major diameter, else is refused."""
    assert op.thread is not None
    if edit.screw is not None:
        drill, _ = tap_drill(edit.screw)
        return op.model_copy(update={"diameter": drill, "thread": coarse_thread(edit.screw)})
    diameter = edit.new_value(op.diameter, 2.0 if edit.role == "radius" else 1.0)
    thread = op.thread
    if not thread.nominal - 2 * thread.pitch <= diameter <= thread.nominal:
        raise refuse(
            f"the holes are tapped {thread.designation()}: a Ø{fmt(diameter)} mm hole cannot hold that "
            f"thread; give a screw size for another thread (e.g. 'make the holes "
            f"M{fmt(thread.nominal + 1)}')",
            words=[edit.text],
        )
    return op.model_copy(update={"diameter": diameter})


def _feature_field(op: Operation, edit: Edit) -> tuple[str, float]:
    role = edit.role
    if isinstance(op, HoleOp):
        if role in (None, "diameter", "size"):
            return "diameter", 1.0
        if role == "radius":
            return "diameter", 2.0
        if role == "depth":
            return "depth", 1.0
    elif isinstance(op, (FilletOp,)) and role in (None, "radius", "size"):
        return "radius", 1.0
    elif isinstance(op, ChamferOp) and role in (None, "size", "radius"):
        return "size", 1.0
    elif isinstance(op, ShellOp) and role in (None, "thickness", "wall"):
        return "thickness", 1.0
    elif isinstance(op, ThreadOp) and role == "length":
        return "length", 1.0
    elif isinstance(op, PocketOp):
        return _pocket_field(op, role)
    raise refuse("that dimension cannot be changed on this feature", words=[edit.text])


def _pocket_field(op: PocketOp, role: str | None) -> tuple[str, float]:
    if role == "depth":
        return "depth", 1.0
    profile = op.profile
    if isinstance(profile, CircleProfile) and role in (None, "diameter", "radius", "size"):
        return "profile.radius", 1.0 if role == "radius" else 0.5
    if isinstance(profile, (RectangleProfile, SlotProfile)) and role in ("length", "width"):
        return f"profile.{role}", 1.0
    if isinstance(profile, RectangleProfile) and role == "corner_radius":
        return "profile.corner_radius", 1.0
    raise refuse("that dimension cannot be changed on this cut", words=[role or "size"])


def _recount(op: Operation, count: int, edit: Edit) -> HoleOp:
    if isinstance(op, HoleOp) and isinstance(op.pattern, CircularPattern):
        return op.model_copy(update={"pattern": op.pattern.model_copy(update={"count": count})})
    if isinstance(op, HoleOp) and isinstance(op.pattern, LinearPattern) and count > 1:
        p = op.pattern
        span = p.spacing * (p.count - 1)
        return op.model_copy(
            update={"pattern": p.model_copy(update={"count": count, "spacing": span / (count - 1)})}
        )
    raise refuse("the number of these features cannot be changed this way", words=[edit.text])
