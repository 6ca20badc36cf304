"""The compiler: TaskGraph -> a parametric FreeCAD Python script, deterministically and without an LLM.

:func:`compile_graph` validates the graph (an invalid one raises
:class:`~ai_designer.errors.InvalidTaskGraphError` before anything runs), then
emits one block per node in dependency order. The script is standalone
(``freecadcmd model.py``): it creates a document with a ``Parameters``
spreadsheet, builds Part workbench features whose dimensions are bound to it by
expressions, fuses the outputs into the finished part, hides everything else
and recomputes. It never saves or exports (the engine does). The same graph
always gives byte-identical code.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ai_designer.cad.analysis import dependency_order
from ai_designer.cad.emit import ScriptWriter
from ai_designer.cad.expressions import num
from ai_designer.cad.graph_checks import validate_graph
from ai_designer.cad.operations import entry_for
from ai_designer.cad.ops_booleans import emit_part
from ai_designer.schemas.task_graph import TaskGraph, TaskNode

#: Bumped whenever the emitted code changes for the same graph.
COMPILER_VERSION = "1.1.0"


class CompiledScript(BaseModel):
    """A FreeCAD script compiled from a TaskGraph, and how to find things in it."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(description="The standalone FreeCAD Python script.")
    parameters: dict[str, float] = Field(
        description="Spreadsheet alias -> value (the 'Parameters' sheet), e.g. plate_length."
    )
    object_names: dict[str, str] = Field(
        description="TaskGraph node id -> FreeCAD object holding its result."
    )
    final_object: str = Field(
        description="The FreeCAD object holding the finished part (the only visible one)."
    )
    compiler_version: str = COMPILER_VERSION


def _summary(node: TaskNode) -> str:
    """``id: op (label) field=value...`` for the heading comment of a node's block."""
    op = node.operation
    values = [
        f"{field}={num(value) if isinstance(value, float) else value}"
        for field, value in op
        if isinstance(value, (int, float, str))
        and not isinstance(value, bool)
        and field not in ("op", "code")
    ]
    label = f" ({node.label})" if node.label else ""
    return f"{node.id}: {op.op}{label} {' '.join(values)}".strip()


def _emit(w: ScriptWriter, node: TaskNode) -> str:
    """Write one node's block (the operation table's emitter); return the object holding its result."""
    return entry_for(node.operation).emit(w, node, node.operation)


def compile_graph(graph: TaskGraph, *, title: str | None = None) -> CompiledScript:
    """Compile a TaskGraph into a FreeCAD script.

    Raises InvalidTaskGraphError (the graph is wrong) or GenerationError (a custom
    node has no usable code yet) before any FreeCAD run.
    """
    validate_graph(graph)
    name = title if title is not None else graph.title
    w = ScriptWriter([n.id for n in graph.nodes], graph.units)
    for node in dependency_order(graph):
        w.section(_summary(node))
        w.results[node.id] = _emit(w, node)
    final = emit_part(w, graph, name)
    return CompiledScript(
        code=w.render(name, COMPILER_VERSION),
        parameters=w.parameters,
        object_names={n.id: w.results[n.id] for n in graph.nodes},
        final_object=final,
    )
