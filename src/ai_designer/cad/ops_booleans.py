"""Emitters for boolean operations and for the finished part (the union of the graph's outputs)."""

from __future__ import annotations

from ai_designer.cad.emit import ScriptWriter, text
from ai_designer.cad.placement import SHOW_ONLY
from ai_designer.schemas.task_graph import BooleanOp, TaskGraph, TaskNode


def _label(node: TaskNode) -> str:
    return node.label or node.id


def emit_boolean(w: ScriptWriter, node: TaskNode, op: BooleanOp) -> str:
    """Part::MultiFuse (union), Part::Cut of the fused rest from the first (cut) or Part::MultiCommon."""
    operands = [w.results[o] for o in op.operands]
    w.comment(f"{node.id}: {op.operation} of {', '.join(repr(o) for o in op.operands)}")
    name = w.node_names[node.id]
    if op.operation == "union":
        w.add_object("Part::MultiFuse", name, _label(node))
        w.assign(name, "Shapes", f"[{', '.join(operands)}]")
        w.assign(name, "Refine", str(not w.keep_faces))
    elif op.operation == "intersect":
        w.add_object("Part::MultiCommon", name, _label(node))
        w.assign(name, "Shapes", f"[{', '.join(operands)}]")
    else:
        tool = operands[1]
        if len(operands) > 2:
            tool = w.names.allocate(f"{node.id}_tools")
            w.add_object("Part::MultiFuse", tool, f"{_label(node)} tools")
            w.assign(tool, "Shapes", f"[{', '.join(operands[1:])}]")
        w.add_object("Part::Cut", name, _label(node))
        w.assign(name, "Base", operands[0])
        w.assign(name, "Tool", tool)
    return name


#: Longest title used as the finished part's name (longer ones are whole requests).
PART_NAME_CHARS = 40


def part_name(graph: TaskGraph, title: str) -> str:
    """The finished part's name: the title when it is a name (short, no sizes in it), else named
    after the first node, the body the part starts from ("Finished plate"; FreeCAD labels are
    unique, so it cannot be that body's own label)."""
    if title and len(title) <= PART_NAME_CHARS and not any(c.isdigit() for c in title):
        return title
    first = graph.nodes[0]
    name = first.label or first.id.replace("_", " ")
    return f"Finished {name[:1].lower()}{name[1:]}"


def emit_part(w: ScriptWriter, graph: TaskGraph, title: str) -> str:
    """Fuse the outputs (disjoint ones stay separate solids), show only that, recompute."""
    outputs = [w.results[o] for o in graph.outputs()]
    w.section("the finished part: the union of every result nothing else consumed")
    if len(outputs) == 1:
        final = outputs[0]
        w.line(f"{final}.Label = {text(part_name(graph, title))}  # named after the part, not its last step")
    else:
        final = w.names.allocate("part")
        w.add_object("Part::MultiFuse", final, title)
        w.assign(final, "Shapes", f"[{', '.join(outputs)}]")
        w.assign(final, "Refine", str(not w.keep_faces))
    w.use(SHOW_ONLY)
    w.line(f"show_only(doc, {final})")
    w.line("doc.recompute()")
    return final
