"""Which nodes of a graph a feature word names ("the holes", "the fillets", "the bore")."""

from __future__ import annotations

from ai_designer.planner.chunks import Chunk, NounPhrase, Shell, Treatment
from ai_designer.schemas.task_graph import ChamferOp, FilletOp, HoleOp, PocketOp, ShellOp, TaskNode

_CUT_PREFIXES = {"pocket": ("pocket", "cavity"), "cutout": ("cutout",), "slot": ("slot",)}


def named_kinds(chunks: list[Chunk]) -> list[tuple[str, set[str], str]]:
    """(kind, adjectives, text) of every feature named in ``chunks``."""
    named: list[tuple[str, set[str], str]] = []
    for chunk in chunks:
        if isinstance(chunk, NounPhrase) and chunk.category == "feature":
            named.append((chunk.kind, set(chunk.adjectives), chunk.text))
        elif isinstance(chunk, Treatment):
            named.append((chunk.kind, set(), chunk.text))
        elif isinstance(chunk, Shell):
            named.append(("shell", set(), chunk.text))
    return named


def select(nodes: list[TaskNode], kind: str, flags: set[str]) -> list[TaskNode]:
    """The nodes a feature word names; "holes" falls back to the bore when there is nothing else."""

    def ops(cls: type) -> list[TaskNode]:
        return [n for n in nodes if isinstance(n.operation, cls)]

    if kind == "fillet":
        return ops(FilletOp)
    if kind == "chamfer":
        return ops(ChamferOp)
    if kind == "shell":
        return ops(ShellOp) + [n for n in ops(PocketOp) if n.id.startswith("cavity")]
    holes = ops(HoleOp)
    if kind in ("counterbore", "countersink"):
        return [n for n in holes if getattr(n.operation, kind) is not None]
    bores = [n for n in holes if n.id.startswith("bore")]
    if kind == "bore":
        return bores
    if kind == "hole":
        others = [n for n in holes if not n.id.startswith("bore")]
        if "bolt" in flags:
            others = [n for n in others if n.id.startswith("bolt")] or others
        return others or bores
    prefixes = _CUT_PREFIXES.get(kind, (kind,))
    cuts = [n for n in ops(PocketOp) if n.id.startswith(prefixes)]
    return cuts or [n for n in ops(PocketOp) if not n.id.startswith(("bore", "cavity"))]
