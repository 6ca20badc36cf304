"""A plan handed in from outside (a JSON file, an MCP client's model): read and checked.

A plan from outside gets the same graph checks as one from the project's own planners,
and one error listing *every* problem (JSON syntax, schema, then the graph checks), each
naming its node, so whoever wrote the plan can fix all of them in one go.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from ai_designer.cad.graph_checks import GraphProblem, find_problems, problems_error
from ai_designer.errors import InvalidTaskGraphError
from ai_designer.schemas.task_graph import TaskGraph

#: Longest plan text accepted (a plan of a few hundred nodes is well under this).
MAX_PLAN_CHARS = 500_000
PLAN_HINT = (
    "Fix every listed problem and send the whole plan again. The plan language is described by "
    "`ai-designer schema task-graph` (over MCP: the get_plan_language tool)."
)
#: The fields that choose a member of a tagged union (an operation, a profile, a position pattern).
_TAGS = ("op", "shape", "kind")


def read_plan(source: str | Mapping[str, Any]) -> TaskGraph:
    """The checked TaskGraph in ``source``, JSON text or already-decoded JSON.

    Raises :class:`InvalidTaskGraphError` whose message lists every problem found and whose
    ``context["problems"]`` holds them as ``{"node", "field", "message"}``.
    """
    data = _decode(source) if isinstance(source, str) else dict(source)
    try:
        graph = TaskGraph.model_validate(data)
    except ValidationError as exc:
        raise _invalid([_problem(data, err) for err in exc.errors(include_url=False)]) from exc
    problems = find_problems(graph)
    if problems:
        raise _invalid(problems)
    return graph


def _decode(text: str) -> dict[str, Any]:
    if len(text) > MAX_PLAN_CHARS:
        raise _invalid(
            [GraphProblem(None, None, f"the plan is {len(text)} characters; the limit is {MAX_PLAN_CHARS}")]
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise _invalid([GraphProblem(None, None, f"not valid JSON ({where}: {exc.msg})")]) from exc
    if not isinstance(data, dict):
        found = type(data).__name__
        raise _invalid([GraphProblem(None, None, f"a plan is a JSON object with 'nodes', not a {found}")])
    return data


def _problem(data: Mapping[str, Any], error: Any) -> GraphProblem:
    """One pydantic error as a problem on its node: ('nodes', 2, 'operation', 'hole', 'diameter')
    becomes node '<id of node 2>', field 'operation.diameter' (union tags left out)."""
    loc: Sequence[str | int] = error["loc"]
    node: str | None = None
    path: list[str] = []
    current: Any = data
    for index, part in enumerate(loc):
        if isinstance(current, Mapping) and part not in current and _is_tag(current, part):
            continue  # pydantic names the union member it tried; the input has no such key
        if index == 1 and loc[0] == "nodes" and isinstance(part, int):
            node = _node_name(current, part)
        else:
            path.append(str(part))
        current = _step(current, part)
    field = ".".join(path[1:] if node is not None else path) or None
    return GraphProblem(node, field, str(error["msg"]))


def _is_tag(value: Mapping[str, Any], part: str | int) -> bool:
    return any(value.get(tag) == part for tag in _TAGS)


def _step(value: Any, part: str | int) -> Any:
    if isinstance(value, Mapping):
        return value.get(part)
    if isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
        return value[part]
    return None


def _node_name(nodes: Any, index: int) -> str:
    item = _step(nodes, index)
    node_id = item.get("id") if isinstance(item, Mapping) else None
    return node_id if isinstance(node_id, str) and node_id else f"#{index}"


def _invalid(problems: list[GraphProblem]) -> InvalidTaskGraphError:
    return problems_error(problems, "The plan", PLAN_HINT)
