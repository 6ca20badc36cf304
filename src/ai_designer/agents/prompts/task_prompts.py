"""The user turn of each call: the request, the plan, the measured result, the feedback."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ai_designer.agents.prompts.error_correction import feedback_prompt
from ai_designer.agents.prompts.few_shot_examples import FewShotExample
from ai_designer.agents.prompts.rendering import (
    describe_expectations,
    describe_result,
    graph_json,
    without_defaults,
)
from ai_designer.schemas.execution import ExecutionResult
from ai_designer.schemas.task_graph import CustomOp, TaskGraph, TaskNode
from ai_designer.schemas.validation import ValidationIssue


def new_part_prompt(request: str) -> str:
    """Plan a new part."""
    return f"Request: {request}"


def modification_prompt(base: TaskGraph, change: str) -> str:
    """Change an existing plan rather than start again."""
    return (
        "This is the current plan of the part:\n"
        f"{graph_json(base)}\n\n"
        f"Change requested: {change}\n\n"
        "Return the complete updated plan. Keep the ids, values and order of everything the change does "
        "not touch; change, add or remove only what the request asks for; update `expected` to match."
    )


def example_answer(example: FewShotExample) -> str:
    """The planner's answer to a few-shot example, in the requested format."""
    return json.dumps(
        {"reasoning": example.reasoning, "graph": without_defaults(example.graph)}, separators=(",", ":")
    )


def _graph_without_code(graph: TaskGraph) -> TaskGraph:
    nodes = [
        n.model_copy(update={"operation": n.operation.model_copy(update={"code": None})})
        if isinstance(n.operation, CustomOp)
        else n
        for n in graph.nodes
    ]
    return graph.model_copy(update={"nodes": nodes})


def custom_code_prompt(
    node: TaskNode, graph: TaskGraph, feedback: Sequence[ValidationIssue], previous_code: str | None
) -> str:
    """Write (or fix) the code of one custom node."""
    op = node.operation
    description = op.description if isinstance(op, CustomOp) else ""
    parts = [
        f"Write the code for node `{node.id}`"
        + (f" ({node.label})" if node.label else "")
        + f' of the plan "{graph.title}".',
        f"Description: {description}",
        "",
        "The whole plan, for context (your code makes only this node's shape):",
        graph_json(_graph_without_code(graph)),
    ]
    if previous_code:
        parts += ["", "The previous code for this node:", f"```python\n{previous_code.rstrip()}\n```"]
    if feedback:
        parts += [
            "",
            "What was wrong with the last result:",
            feedback_prompt(feedback),
            "",
            "Fix these problems and keep what was right.",
        ]
    return "\n".join(parts)


def intent_review_prompt(request: str, graph: TaskGraph, execution: ExecutionResult) -> str:
    """Compare the measured result with the request."""
    return "\n".join(
        [
            f"Request: {request}",
            "",
            "The plan that was built:",
            graph_json(_graph_without_code(graph)),
            "",
            "What the plan expects:",
            describe_expectations(graph.expected),
            "",
            "What FreeCAD measured on the result:",
            describe_result(execution),
        ]
    )


def vision_review_prompt(request: str, graph: TaskGraph, execution: ExecutionResult) -> str:
    """Judge the rendered previews against the request (measurements given for scale)."""
    return "\n".join(
        [
            f"Request: {request}",
            "",
            "For scale, FreeCAD measured:",
            describe_result(execution),
            "",
            f'The previews of "{graph.title}" follow.',
        ]
    )
