"""Running designs: new designs and refinements, from settings, for the CLI and the API alike."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver

from ai_designer import __version__
from ai_designer.agents.executor import ExecutorAgent, ScriptRunner
from ai_designer.agents.factory import LLMAgents, llm_agents
from ai_designer.agents.generator import GeneratorAgent
from ai_designer.agents.planning import PlannerAgent
from ai_designer.agents.prompts import PROMPT_VERSION
from ai_designer.agents.validator import ValidatorAgent
from ai_designer.cad.materials import material_name
from ai_designer.cad.sanity import SizeLimits
from ai_designer.config import Settings
from ai_designer.errors import PlanningError, StateError
from ai_designer.orchestration.events import EventEmitter, EventListener
from ai_designer.orchestration.pipeline import DesignPipeline
from ai_designer.planner import LocalPlanner
from ai_designer.planner.process import PlannerProcess
from ai_designer.schemas.design import (
    MAX_PROMPT_CHARS,
    DesignState,
    DesignStatus,
    PlannerChoice,
    utcnow,
)
from ai_designer.schemas.execution import DEFAULT_FORMATS, EXPORT_FORMATS, ExportFormat
from ai_designer.schemas.task_graph import TaskGraph


def check_request_text(text: str, what: str = "prompt") -> str:
    """The stripped request; PlanningError when it is empty or absurdly long."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise PlanningError(f"The {what} is empty.", hint='Describe the part, e.g. "a 20 mm cube".')
    if len(cleaned) > MAX_PROMPT_CHARS:
        raise PlanningError(
            f"The {what} is {len(cleaned)} characters long; the limit is {MAX_PROMPT_CHARS}.",
            hint="Describe one part in a few sentences; split large assemblies into separate designs.",
        )
    return cleaned


def check_formats(formats: Sequence[str]) -> list[ExportFormat]:
    """The formats, validated; PlanningError naming the unknown ones."""
    wanted = [f.strip().lower() for f in formats if f.strip()]
    unknown = [f for f in wanted if f not in EXPORT_FORMATS]
    if unknown:
        raise PlanningError(
            f"Unknown format(s): {', '.join(unknown)}.", hint=f"Choose from {', '.join(EXPORT_FORMATS)}."
        )
    return [f for f in EXPORT_FORMATS if f in wanted]


def plan_request(plan: TaskGraph) -> str:
    """The request recorded for a plan that came without words."""
    return f"the plan '{plan.title}'"


def new_design(
    prompt: str | None,
    *,
    output_dir: str,
    planner: PlannerChoice = "auto",
    formats: Sequence[str] = DEFAULT_FORMATS,
    max_iterations: int = 5,
    design_id: str | None = None,
    plan: TaskGraph | None = None,
) -> DesignState:
    """The state of a design about to be run for the first time.

    With ``plan`` (already read by :func:`~ai_designer.cad.plan_input.read_plan`) the design
    builds that plan instead of planning from ``prompt``, which then only says what the part is for.
    """
    if plan is not None and not (prompt or "").strip():
        prompt = plan_request(plan)
    text = check_request_text(prompt or "")
    return DesignState(
        design_id=design_id or uuid.uuid4().hex[:12],
        prompt=text,
        original_prompt=text,
        planner_choice=planner,
        given_plan=plan,
        formats=check_formats(formats),
        output_dir=output_dir,
        max_iterations=max_iterations,
        versions={"ai_designer": __version__},
        prompt_version=PROMPT_VERSION,
    )


def refinement_of(
    previous: DesignState,
    change: str | None,
    planner: PlannerChoice | None = None,
    plan: TaskGraph | None = None,
) -> DesignState:
    """The state of a new revision that changes ``previous`` as ``change`` says, or (``plan``
    given) that replaces its plan with ``plan``.

    The change applies to the last revision that completed; a failed attempt is kept in the history.
    """
    if plan is not None and not (change or "").strip():
        change = f"replaced by {plan_request(plan)}"
    text = check_request_text(change or "", "change")
    base = completed_graph(previous)
    if base is None and plan is None:
        raise StateError(
            "This design has no completed revision to change.",
            hint="Start a new design with a full description of the part.",
        )
    return previous.model_copy(
        update={
            "prompt": text,
            "revision": previous.revision + 1,
            "kind": "refine",
            "planner_choice": planner or previous.planner_choice,
            "base_graph": base,
            "given_plan": plan,
            "task_graph": None,
            "plan_source": None,
            "generated_script": None,
            "execution": None,
            "validation": None,
            "feedback": [],
            "iteration": 0,
            "status": DesignStatus.PENDING,
            # This revision is made by the installed version, not the one that made the last.
            "versions": {"ai_designer": __version__},
            "stage": "pending",
            "error": None,
            "timings_s": {},
            "history": [*previous.history, previous.as_revision()],
            "updated_at": utcnow(),
        }
    )


def with_material(state: DesignState, material: str | None) -> DesignState:
    """``state`` made of ``material`` as the caller chose it (``--material``; it stands over a
    material the request names); None leaves the state as it is."""
    if material is None:
        return state
    return state.model_copy(update={"material": material_name(material), "material_source": "option"})


def completed_graph(state: DesignState) -> TaskGraph | None:
    """The plan of the last revision that completed (the one a refine changes), if any."""
    if state.status == DesignStatus.COMPLETED:
        return state.task_graph
    for rev in reversed(state.history):
        if rev.status == DesignStatus.COMPLETED:
            return rev.task_graph
    return None


def build_pipeline(
    settings: Settings,
    runner: ScriptRunner,
    checkpointer: BaseCheckpointSaver[Any] | None = None,
    agents: LLMAgents | None = None,
    offline: LocalPlanner | PlannerProcess | None = None,
) -> DesignPipeline:
    """The pipeline with the offline agents, plus the LLM agents when a provider is configured.

    ``offline`` is the offline planner (default: in this process)."""
    llm = agents if agents is not None else llm_agents(settings)
    limits = SizeLimits(min_mm=settings.size_min_mm, max_mm=settings.size_max_mm)
    planner = PlannerAgent(offline or LocalPlanner(), llm.planner, limits)
    return DesignPipeline(
        planner,
        GeneratorAgent(llm.code_writer),
        ExecutorAgent(runner),
        ValidatorAgent(llm.reviewers),
        llm_timeout_s=settings.llm_timeout_s,
        freecad_timeout_s=settings.freecad_timeout_s,
        checkpointer=checkpointer,
        can_replan=planner.can_replan,
    )


async def run_design(
    pipeline: DesignPipeline, state: DesignState, listeners: Sequence[EventListener] = ()
) -> DesignState:
    """Run one revision through the pipeline, announcing it first."""
    emitter = EventEmitter(state.design_id, list(listeners))
    if state.kind == "refine":
        emitter.emit("refinement_started", stage="pending", revision=state.revision, message=state.prompt)
    else:
        emitter.emit("prompt_received", stage="pending", revision=state.revision, message=state.prompt)
    return await pipeline.run(state, emitter)
