"""The offline planner's public API: words → TaskGraph, without a language model.

>>> result = LocalPlanner().plan("a 60 x 40 x 8 mm plate with four 5 mm holes 6 mm from the corners")
>>> [n.id for n in result.graph.nodes]
['plate', 'holes']

The steps: normalize.py (spelling) → steps.py (sentences and steps) → parser.py +
grammar.lark (phrases, one sentence at a time) → transform.py (phrase data) → semantics.py
(which shape each phrase belongs to) → shapes.py, features.py, positions.py, assembly.py
(nodes) → audit.py (every number and position phrase used, or a refusal); refine.py for
follow-up changes; cad/readback.py reads a plan back in words.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from ai_designer.cad.readback import explain
from ai_designer.errors import AIDesignerError, PlanningError
from ai_designer.planner.assembly import assemble
from ai_designer.planner.audit import record_reads, unused_phrases
from ai_designer.planner.build import GraphBuilder, refuse
from ai_designer.planner.chunks import (
    Chunk,
    Comparative,
    Ignored,
    Name,
    NounPhrase,
    Position,
    Ref,
    Remark,
    RoleRef,
    StepBreak,
    UnitDecl,
    UnitsRead,
    Unknown,
    resolve_units,
)
from ai_designer.planner.material_words import part_material
from ai_designer.planner.normalize import normalize
from ai_designer.planner.other_side import resolve_other_sides
from ai_designer.planner.parser import parse_words
from ai_designer.planner.semantics import Reader, Reading
from ai_designer.planner.steps import split_steps
from ai_designer.planner.transform import to_chunks
from ai_designer.schemas.design import MaterialWords
from ai_designer.schemas.task_graph import TaskGraph

_PLAN_VERBS = frozenset({"add", "remove", "set"})
#: The longest request the offline planner reads (characters); longer ones are refused at once.
MAX_REQUEST_CHARS = 4000
#: The longest sentence it parses (words after filler): a longer one is refused, not parsed slowly.
MAX_SENTENCE_WORDS = 120


class LocalPlanResult(MaterialWords):
    """A planned graph, the parts of the request it did not use, and the assumptions it made."""

    graph: TaskGraph
    unused: list[str] = Field(
        default_factory=list, description="Words of the request not used (filler excluded)."
    )
    notes: list[str] = Field(
        default_factory=list, description="Assumptions made, e.g. 'no unit given: assumed mm'."
    )
    readback: list[str] = Field(
        default_factory=list, description="The plan in plain words, one line per node (cad/readback.py)."
    )


@dataclass
class Request:
    """A request as read: its words, its phrases (a StepBreak before each sentence or step)."""

    words: list[str]
    chunks: list[Chunk]
    units: UnitsRead
    markers: list[int]


def read_request(text: str) -> Request:
    """The phrases of ``text`` with lengths in mm, sentence by sentence."""
    if len(text) > MAX_REQUEST_CHARS:
        raise PlanningError(
            f"The request is {len(text)} characters long; the offline planner reads at most "
            f"{MAX_REQUEST_CHARS}.",
            hint="Describe the part in fewer words, or split it into a design and follow-up changes.",
        )
    words = normalize(text)
    steps = split_steps(words)
    if not steps.segments:
        raise refuse("the request is empty")
    chunks: list[Chunk] = []
    for segment in steps.segments:
        if segment.end - segment.start > MAX_SENTENCE_WORDS:
            raise PlanningError(
                f"A sentence of the request has {segment.end - segment.start} words; the offline planner "
                f"reads sentences of at most {MAX_SENTENCE_WORDS}.",
                hint="Split the long sentence into several, one feature or step each.",
            )
        phrases = to_chunks(parse_words(words, segment.start, segment.end), words)
        title = segment.step == 0 and len(steps.segments) > 1 and is_title(phrases)
        if title:  # "Replacement foot for a desk: ...": a unit word in a title is a word, not a unit
            phrases = [
                Name(text=p.text, start=p.start, end=p.end) if isinstance(p, UnitDecl) else p for p in phrases
            ]
        chunks.append(StepBreak(step=segment.step, explicit=steps.explicit, title=title, start=segment.start))
        chunks += phrases
    return Request(words, resolve_other_sides(chunks), resolve_units(chunks), steps.markers)


def is_title(phrases: list[Chunk]) -> bool:
    """A first sentence that only names the part ("This is a mounting plate.", "A cup-shaped part:")."""
    naming = (NounPhrase, Name, Unknown, Ignored, Ref, Remark, UnitDecl, RoleRef, Comparative)
    shapes = [p for p in phrases if isinstance(p, NounPhrase) and p.category == "shape"]
    laid = ("axis", "lying_axis", "lying")  # "A stepped shaft along the X axis.": how the part lies
    plain = all(isinstance(p, naming) or (isinstance(p, Position) and p.kind in laid) for p in phrases)
    return (
        plain
        and not any(s.mods or s.count is not None for s in shapes)
        and not any(isinstance(p, NounPhrase) and p.category == "feature" for p in phrases)
    )


def unused_note(words: list[str]) -> str:
    """The note naming words the plan leaves out because they say nothing of the shape."""
    return "not used, as they say nothing of the shape: " + ", ".join(f"'{w}'" for w in words)


def check_understood(reading: Reading, *, shape_needed: bool = False) -> None:
    """Refuse, quoting the words, when a word was not understood or a phrase could not be placed."""
    if reading.unsupported or reading.unknown:
        parts = []
        if reading.unsupported:
            parts.append("it cannot make these: " + ", ".join(f"'{w}'" for w in reading.unsupported))
        if reading.unknown:
            parts.append("these words were not understood: " + ", ".join(f"'{w}'" for w in reading.unknown))
        raise PlanningError(
            f"The offline planner cannot plan this: {'; '.join(parts)}.",
            words=[*reading.unsupported, *reading.unknown],
        )
    if shape_needed and not reading.bodies:
        raise refuse("no shape was named (e.g. plate, block, cylinder, tube, sphere)", words=reading.orphans)
    if reading.clashes:
        unclear = [f"it is not clear what these refer to: {', '.join(repr(w) for w in reading.orphans)}"]
        raise PlanningError(
            "The offline planner cannot plan this: "
            + "; ".join([*(why for _, why in reading.clashes), *(unclear if reading.orphans else [])])
            + ".",
            hint="Give each size once, and say which size a bare length is ('5 mm thick', '60 mm long').",
            words=[*(words for words, _ in reading.clashes), *reading.orphans],
        )
    if reading.orphans:
        raise refuse("it is not clear what these refer to", words=reading.orphans)


def check_all_used(request: Request, reading: Reading) -> None:
    """Refuse when a number or a position phrase of the request is not in the plan (audit.py)."""
    record_reads(reading.bodies)
    unused = unused_phrases(request.words, [*request.chunks, *reading.made], request.markers)
    if unused:
        raise refuse("it could not use these, and it does not build a part that ignores them", words=unused)


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
        request = read_request(prompt)
        reading = Reader().read(request.chunks)
        stray = [c.text for c in reading.refs] + [v.text for v in reading.verbs if v.kind not in _PLAN_VERBS]
        if stray and not reading.unknown:
            raise refuse("these words ask for a change, but there is no part yet", words=stray)
        check_understood(reading, shape_needed=True)
        g = GraphBuilder(stepwise=reading.stepwise)
        if request.units.no_unit:
            g.note("no unit given: assumed mm")
        for name in reading.names:
            g.note(f"read as a name: '{name}'")
        for note in reading.notes:
            g.note(note)
        for removed in reading.removed:
            g.note(f"left out: {removed.text}")
        words, material = part_material(reading.materials, reading.piece_materials)
        if reading.unused:
            g.note(unused_note(reading.unused))
        if words and material is None:
            g.note(f"'{' '.join(words)}' does not say which material: no mass is given (see --material)")
        assemble(reading.bodies, g)
        check_all_used(request, reading)
        shown_in = "in" if request.units.unit == "inch" else "mm"
        graph = finish(TaskGraph(title=prompt.strip()[:120] or "part", units=shown_in, nodes=g.nodes))
        return LocalPlanResult(
            graph=graph,
            unused=reading.unused,
            notes=g.notes,
            readback=explain(graph),
            material_words=words,
            material=material,
        )

    def modify(self, graph: TaskGraph, change: str) -> LocalPlanResult:
        """A new graph: ``graph`` with ``change`` applied (the input is never mutated)."""
        from ai_designer.planner.refine import apply_change

        result = apply_change(graph, change)
        new = finish(result.graph)
        return result.model_copy(update={"graph": new, "readback": explain(new)})

    def understands(self, prompt: str) -> bool:
        """True when :meth:`plan` would succeed without refusing."""
        try:
            self.plan(prompt)
        except PlanningError:
            return False
        return True
