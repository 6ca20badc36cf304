"""The offline planner's public API: words → TaskGraph, without a language model.

>>> result = LocalPlanner().plan("a 60 x 40 x 8 mm plate with four 5 mm holes 6 mm from the corners")
>>> [n.id for n in result.graph.nodes]
['plate', 'holes']

The steps: normalize.py (spelling) → parser.py + grammar.lark (phrases) → transform.py
(phrase data) → semantics.py (which shape each phrase belongs to) → shapes.py, features.py,
positions.py, assembly.py (nodes); refine.py for follow-up changes.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from ai_designer.errors import AIDesignerError, PlanningError
from ai_designer.planner.assembly import assemble
from ai_designer.planner.build import GraphBuilder, refuse
from ai_designer.planner.chunks import Chunk, resolve_units
from ai_designer.planner.normalize import normalize
from ai_designer.planner.parser import parse_words
from ai_designer.planner.semantics import Reader, Reading
from ai_designer.planner.transform import to_chunks
from ai_designer.schemas.task_graph import TaskGraph

_PLAN_VERBS = frozenset({"add", "remove", "set"})


class LocalPlanResult(BaseModel):
    """A planned graph, the parts of the request it did not use, and the assumptions it made."""

    graph: TaskGraph
    unused: list[str] = Field(
        default_factory=list, description="Words of the request not used (filler excluded)."
    )
    notes: list[str] = Field(
        default_factory=list, description="Assumptions made, e.g. 'no unit given: assumed mm'."
    )


def read_request(text: str) -> tuple[list[Chunk], bool]:
    """The phrases of ``text`` with lengths in mm; the flag is True when no unit was written at all."""
    words = normalize(text)
    if not words:
        raise refuse("the request is empty")
    chunks = to_chunks(parse_words(words), words)
    return chunks, resolve_units(chunks)


def check_understood(reading: Reading, *, shape_needed: bool = False) -> None:
    """Refuse, quoting the words, when a word was not understood or a phrase could not be placed."""
    if reading.unknown:
        raise refuse("these words were not understood", words=reading.unknown)
    if reading.unsupported:
        raise refuse("it cannot make these", words=reading.unsupported)
    if shape_needed and not reading.bodies:
        raise refuse("no shape was named (e.g. plate, block, cylinder, tube, sphere)", words=reading.orphans)
    if reading.orphans:
        raise refuse("it is not clear what these refer to", words=reading.orphans)


def finish(graph: TaskGraph) -> TaskGraph:
    """Fill ``graph.expected`` from the cad package's analysis."""
    try:
        from ai_designer.cad.expectations import derive_expectations
    except ImportError:  # pragma: no cover - the cad package ships with the project
        return graph
    try:
        expected = derive_expectations(graph)
    except AIDesignerError as exc:
        raise PlanningError(
            f"The offline planner produced a graph that does not check out: {exc.message}"
        ) from exc
    return graph.model_copy(update={"expected": expected})


class LocalPlanner:
    """Plans parts from English descriptions with a grammar; refuses what it does not understand."""

    def plan(self, prompt: str) -> LocalPlanResult:
        """A TaskGraph for ``prompt``; raises PlanningError (quoting the words) when it cannot."""
        chunks, no_unit = read_request(prompt)
        reading = Reader().read(chunks)
        stray = [c.text for c in reading.refs] + [v.text for v in reading.verbs if v.kind not in _PLAN_VERBS]
        if stray and not reading.unknown:
            raise refuse("these words ask for a change, but there is no part yet", words=stray)
        check_understood(reading, shape_needed=True)
        g = GraphBuilder()
        if no_unit:
            g.note("no unit given: assumed mm")
        for note in reading.notes:
            g.note(note)
        for removed in reading.removed:
            g.note(f"left out: {removed.text}")
        assemble(reading.bodies, g)
        graph = TaskGraph(title=prompt.strip()[:120] or "part", nodes=g.nodes)
        return LocalPlanResult(graph=finish(graph), unused=reading.unused, notes=g.notes)

    def modify(self, graph: TaskGraph, change: str) -> LocalPlanResult:
        """A new graph: ``graph`` with ``change`` applied (the input is never mutated)."""
        from ai_designer.planner.refine import apply_change

        result = apply_change(graph, change)
        return result.model_copy(update={"graph": finish(result.graph)})

    def understands(self, prompt: str) -> bool:
        """True when :meth:`plan` would succeed without refusing."""
        try:
            self.plan(prompt)
        except PlanningError:
            return False
        return True
