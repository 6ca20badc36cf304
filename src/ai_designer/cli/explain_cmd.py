"""`ai-designer explain DIR` and `design --explain`: a plan in plain words, nothing built."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ai_designer.cli.app import command
from ai_designer.cli.common import cli_settings, console, safe, user_errors

if TYPE_CHECKING:
    from ai_designer.config import Settings
    from ai_designer.schemas.design import DesignState
    from ai_designer.schemas.task_graph import TaskGraph


def print_explanation(heading: str, lines: list[str], notes: list[str]) -> None:
    """A heading, the plan one node a line, then the planner's notes."""
    from ai_designer.cli.summary import print_plan

    console.print(safe(heading))
    print_plan(lines, console)
    for note in notes:
        console.print(f"  {'note:':<8} {safe(note)}")


def explain_request(prompt: str | None, plan: TaskGraph | None, settings: Settings, as_json: bool) -> None:
    """How ``prompt`` (or ``plan``) would be built: the plan and notes, or the refusal (raised).

    Only the offline planner reads the words here, so nothing is sent anywhere and nothing is built.
    """
    from pydantic import ValidationError

    from ai_designer.agents.planning import with_expectations
    from ai_designer.cad.readback import explain
    from ai_designer.cad.sanity import SizeLimits, check_sizes, impossible_sizes
    from ai_designer.orchestration.service import check_request_text
    from ai_designer.planner import LocalPlanner

    notes: list[str] = []
    if plan is not None:
        graph, heading = plan, f"the plan '{plan.title}' would be built as:"
    else:
        text = check_request_text(prompt or "")
        try:
            result = LocalPlanner().plan(text)
        except ValidationError as exc:
            raise impossible_sizes(exc) from exc
        graph, notes, heading = result.graph, result.notes, "the offline planner reads it as:"
    graph = with_expectations(graph)  # validates the graph too
    check_sizes(graph, SizeLimits(min_mm=settings.size_min_mm, max_mm=settings.size_max_mm))
    lines = explain(graph)
    if as_json:
        typer.echo(
            json.dumps({"plan": lines, "notes": notes, "task_graph": graph.model_dump(mode="json")}, indent=2)
        )
        return
    print_explanation(heading, lines, notes)
    if graph.expected.bbox:
        x, y, z = graph.expected.bbox
        console.print(f"  {'size:':<8} {x:g} x {y:g} x {z:g} mm")
    console.print("Nothing was built (--explain).")


def _plan_of(state: DesignState) -> tuple[int, str, TaskGraph | None, list[str]]:
    """The newest revision that has a plan: number, status, graph and planner notes."""
    if state.task_graph is not None:
        notes = state.plan_source.notes if state.plan_source else []
        return state.revision, state.status.value, state.task_graph, notes
    for rev in reversed(state.history):
        if rev.task_graph is not None:
            notes = rev.plan_source.notes if rev.plan_source else []
            return rev.number, rev.status.value, rev.task_graph, notes
    return state.revision, state.status.value, None, []


@command("explain", examples=("ai-designer explain out/plate", "ai-designer explain out/plate --json"))
def explain_design(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="A design folder.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan lines as JSON.")] = False,
) -> None:
    """Print the plan of a saved design in plain words, one line per feature."""
    from ai_designer.workspace import DesignWorkspace

    cli_settings()
    with user_errors():
        state = DesignWorkspace(folder).load()
    print_design_plan(state, folder, as_json)


def print_design_plan(state: DesignState, folder: Path, as_json: bool = False) -> None:
    """The plan of a saved design's newest planned revision, in words (or JSON)."""
    from ai_designer.cad.readback import explain

    number, status, graph, notes = _plan_of(state)
    lines = explain(graph) if graph is not None else []
    if as_json:
        typer.echo(
            json.dumps({"revision": number, "status": status, "plan": lines, "notes": notes}, indent=2)
        )
        return
    if graph is None:
        why = f": {state.error.message}" if state.error else ""
        console.print(f"revision {number} ({status}) has no plan{safe(why)}")
        return
    print_explanation(f"{folder}, revision {number} ({status}):", lines, notes)
