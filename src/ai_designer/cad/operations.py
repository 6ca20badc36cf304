"""The operation table: for every TaskGraph operation, its emitter, its facts and its checks.

Adding an operation to the plan language means adding its model to the
``Operation`` union in :mod:`ai_designer.schemas.task_graph` and one
:class:`OpEntry` here. The compiler (:mod:`ai_designer.cad.compiler`), the
analysis walk (:func:`analyse`) and the graph checks
(:mod:`ai_designer.cad.graph_checks`) all look operations up in
:data:`OPERATIONS`; a unit test fails when an operation of the union has no entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from ai_designer.cad import analysis as A
from ai_designer.cad import facts as F
from ai_designer.cad import offsets as O
from ai_designer.cad import op_checks as C
from ai_designer.cad import sweeps as S
from ai_designer.cad import threads as T
from ai_designer.cad.emit import ScriptWriter
from ai_designer.cad.facts import Facts
from ai_designer.cad.ops_booleans import emit_boolean
from ai_designer.cad.ops_features import emit_boss, emit_edge_feature, emit_pocket, emit_shell
from ai_designer.cad.ops_holes import emit_hole
from ai_designer.cad.ops_offsets import emit_offset_boss, emit_offset_pocket
from ai_designer.cad.ops_patterns import emit_grid_copies, emit_linear_copies, emit_mirror, emit_polar_copies
from ai_designer.cad.ops_primitives import (
    emit_box,
    emit_cone,
    emit_custom,
    emit_cylinder,
    emit_extrude,
    emit_prism,
    emit_pyramid,
    emit_revolve,
    emit_sphere,
    emit_spring,
    emit_spur_gear,
    emit_torus,
)
from ai_designer.cad.ops_sweeps import emit_loft, emit_pipe, emit_sweep
from ai_designer.cad.ops_threads import emit_thread
from ai_designer.cad.positions import grid_copy_offsets, linear_copy_offsets
from ai_designer.schemas.task_graph import (
    BooleanOp,
    BossOp,
    BoxOp,
    ChamferOp,
    ConeOp,
    CustomOp,
    CylinderOp,
    ExtrudeOp,
    FilletOp,
    GridCopyOp,
    HoleOp,
    LinearCopyOp,
    LoftOp,
    MirrorOp,
    OffsetBossOp,
    OffsetPocketOp,
    PipeOp,
    PocketOp,
    PolarCopyOp,
    PrismOp,
    PyramidOp,
    RevolveOp,
    ShellOp,
    SphereOp,
    SpringOp,
    SpurGearOp,
    SweepOp,
    TaskGraph,
    TaskNode,
    ThreadOp,
    TorusOp,
)

Op = TypeVar("Op", bound=BaseModel)
Known = Mapping[str, Facts]
Problems = Iterator[C.GraphProblem]


def _no_local(nid: str, op: Any) -> Problems:
    return iter(())


def _no_context(nid: str, op: Any, known: Known) -> Problems:
    return iter(())


@dataclass(frozen=True)
class OpEntry(Generic[Op]):
    """What the CAD domain knows about one operation type.

    ``emit`` writes the node's block of the script and returns the object holding its result;
    ``facts`` predicts the result (box, volume, counts) from the facts of the nodes it refers to;
    ``local`` checks the parameters alone; ``context`` checks them against the referred nodes.
    """

    model: type[Op]
    emit: Callable[[ScriptWriter, TaskNode, Op], str]
    facts: Callable[[Op, Known], Facts]
    local: Callable[[str, Op], Problems] = _no_local
    context: Callable[[str, Op, Known], Problems] = _no_context


def created(canonical: Callable[[Op], Facts]) -> Callable[[Op, Known], Facts]:
    """Facts of a creating operation: its canonical facts moved by its ``placement``."""

    def facts(op: Op, known: Known) -> Facts:
        return A.placed(canonical(op), op.placement, known)  # type: ignore[attr-defined]

    return facts


def _entries() -> list[OpEntry[Any]]:
    return [
        OpEntry(BoxOp, emit_box, created(lambda op: F.box_facts(op.length, op.width, op.height))),
        OpEntry(
            CylinderOp,
            emit_cylinder,
            created(lambda op: F.orient(F.cylinder_facts(op.radius, op.height), op.axis)),
        ),
        OpEntry(SphereOp, emit_sphere, created(lambda op: F.sphere_facts(op.radius, op.hemisphere))),
        OpEntry(
            ConeOp,
            emit_cone,
            created(lambda op: F.orient(F.cone_facts(op.radius_bottom, op.radius_top, op.height), op.axis)),
            C.cone_local,
        ),
        OpEntry(
            TorusOp,
            emit_torus,
            created(lambda op: F.orient(F.torus_facts(op.major_radius, op.minor_radius), op.axis)),
            C.torus_local,
        ),
        OpEntry(PrismOp, emit_prism, created(lambda op: F.orient(A.prism_facts(op), op.axis))),
        OpEntry(
            PyramidOp,
            emit_pyramid,
            created(
                lambda op: F.pyramid_facts(
                    op.base_length, op.base_width, op.height, op.top_length, op.top_width
                )
            ),
        ),
        OpEntry(ExtrudeOp, emit_extrude, created(A.extrude_facts), C.profile_local),
        OpEntry(RevolveOp, emit_revolve, created(A.revolve_facts), C.revolve_local),
        OpEntry(SpurGearOp, emit_spur_gear, created(A.gear_facts), C.gear_local),
        OpEntry(
            SpringOp,
            emit_spring,
            created(
                lambda op: F.spring_facts(
                    op.wire_diameter, op.mean_diameter, op.pitch, op.turns, op.left_handed
                )
            ),
            C.spring_local,
        ),
        OpEntry(LoftOp, emit_loft, created(S.loft_facts), C.loft_local),
        OpEntry(SweepOp, emit_sweep, created(S.sweep_facts), C.sweep_local),
        OpEntry(PipeOp, emit_pipe, created(S.pipe_facts), C.pipe_local),
        OpEntry(CustomOp, emit_custom, created(lambda op: F.UNKNOWN)),
        OpEntry(
            HoleOp,
            emit_hole,
            lambda op, known: A.hole_facts(op, known[op.target]),
            C.hole_local,
            C.hole_context,
        ),
        OpEntry(
            PocketOp,
            emit_pocket,
            lambda op, known: A.pocket_facts(op, known[op.target]),
            C.profile_local,
            C.pocket_context,
        ),
        OpEntry(
            BossOp,
            emit_boss,
            lambda op, known: A.boss_facts(op, known[op.target]),
            C.profile_local,
            C.boss_context,
        ),
        OpEntry(
            OffsetPocketOp,
            emit_offset_pocket,
            lambda op, known: O.offset_pocket_facts(op, known[op.target]),
            C.offset_local,
            C.offset_context,
        ),
        OpEntry(
            OffsetBossOp,
            emit_offset_boss,
            lambda op, known: O.offset_boss_facts(op, known[op.target]),
            C.offset_local,
            C.offset_context,
        ),
        OpEntry(
            FilletOp,
            emit_edge_feature,
            lambda op, known: A.edge_facts(known[op.target], op.edges, op.radius, "fillet"),
            context=C.edge_context,
        ),
        OpEntry(
            ChamferOp,
            emit_edge_feature,
            lambda op, known: A.edge_facts(known[op.target], op.edges, op.size, "chamfer"),
            context=C.edge_context,
        ),
        OpEntry(
            ShellOp,
            emit_shell,
            lambda op, known: A.shell_facts(op, known[op.target]),
            context=C.shell_context,
        ),
        OpEntry(
            ThreadOp,
            emit_thread,
            lambda op, known: T.thread_facts(op, known[op.target]),
            T.thread_local,
            T.thread_context,
        ),
        OpEntry(
            LinearCopyOp,
            emit_linear_copies,
            lambda op, known: F.union([F.translate(known[op.target], d) for d in linear_copy_offsets(op)]),
            C.linear_copy_local,
        ),
        OpEntry(
            PolarCopyOp,
            emit_polar_copies,
            lambda op, known: A.polar_facts(op, known[op.target]),
        ),
        OpEntry(
            GridCopyOp,
            emit_grid_copies,
            lambda op, known: F.union([F.translate(known[op.target], d) for d in grid_copy_offsets(op)]),
            C.grid_copy_local,
        ),
        OpEntry(MirrorOp, emit_mirror, lambda op, known: A.mirror_facts(op, known[op.target])),
        OpEntry(
            BooleanOp,
            emit_boolean,
            lambda op, known: A.boolean_facts(op, [known[o] for o in op.operands]),
            context=C.intersect_context,
        ),
    ]


#: Operation model -> its entry. Every member of the TaskGraph ``Operation`` union has one.
OPERATIONS: dict[type[BaseModel], OpEntry[Any]] = {entry.model: entry for entry in _entries()}


def entry_for(op: BaseModel) -> OpEntry[Any]:
    """The table entry of an operation (KeyError naming the operation when it has none)."""
    try:
        return OPERATIONS[type(op)]
    except KeyError:
        raise KeyError(f"operation {type(op).__name__} has no entry in the operation table") from None


def node_facts(node: TaskNode, known: Known) -> Facts:
    """Facts of one node, given those of the nodes it refers to."""
    return entry_for(node.operation).facts(node.operation, known)


def analyse(graph: TaskGraph) -> dict[str, Facts]:
    """Facts of every node, keyed by id."""
    known: dict[str, Facts] = {}
    for node in A.dependency_order(graph):
        known[node.id] = node_facts(node, known)
    return known


def output_facts(graph: TaskGraph, known: Known) -> Facts:
    """Facts of the finished part: the union of the outputs."""
    return F.union([known[node_id] for node_id in graph.outputs()])
