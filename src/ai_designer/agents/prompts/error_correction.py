"""Fix prompts: what went wrong, in words a model can act on, with a diagnosis of common FreeCAD failures.

* script-policy violations (the script was refused before running),
* FreeCAD execution errors and tracebacks, recompute failures,
* validation mismatches (measured result vs plan or request),
* plan problems (a TaskGraph that does not check out).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ai_designer.schemas.execution import ExecutionResult
from ai_designer.schemas.script_check import ScriptCheck
from ai_designer.schemas.validation import ValidationIssue

_MAX_TRACEBACK = 1500

#: (pattern in an error text, what usually causes it and how to fix it)
_DIAGNOSES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.I), advice)
    for pattern, advice in (
        (
            r"fillet|makeFillet",
            "A fillet failed: the radius is too large for a face next to one of the edges, or an edge "
            "ends in a tangent joint. Use a smaller radius or select fewer edges.",
        ),
        (
            r"chamfer",
            "A chamfer failed: the size is too large for a face next to one of the edges; "
            "use a smaller size.",
        ),
        (
            r"makePipeShell|pipe|sweep",
            "The sweep failed: put the profile at the start point of the path, normal to the path's tangent "
            "there, and keep the profile smaller than the path's radius of curvature.",
        ),
        (
            r"loft",
            "The loft failed: the sections must be closed wires that do not cross, in order along the loft, "
            "ideally with the same number of edges.",
        ),
        (
            r"BRep_API: command not done|Boolean|fuse|common|\bcut\b",
            "A boolean operation failed: operands whose faces only touch or coincide make booleans fail. "
            "Let them overlap (by 0.01 mm or more), make cutting tools longer than the material, and check "
            "that both operands are valid solids.",
        ),
        (
            r"null shape|shape is null|empty shape",
            "An operation produced nothing: check that each wire is closed and planar before Part.Face, "
            "that profiles do not cross themselves, and that a cut does not remove everything.",
        ),
        (
            r"not closed|wire is not closed|open wire",
            "A wire is open: repeat the first point at the end of Part.makePolygon, "
            "or join the edges end to end.",
        ),
        (
            r"has no attribute",
            "An attribute or function does not exist in this FreeCAD version: use the calls of the Part "
            "API reference (e.g. Part.LineSegment for a straight edge, shape.Solids[0] for the solid).",
        ),
        (
            r"is not defined|NameError",
            "A name is used before it is assigned or imported: define every variable and import FreeCAD, "
            "Part and math at the top.",
        ),
        (
            r"timed out|timeout|time limit",
            "The script took too long: use fewer pattern copies or turns, coarser helices, and avoid "
            "booleans inside long loops (fuse once with a list).",
        ),
        (
            r"memory",
            "The script used too much memory: reduce counts and resolution.",
        ),
    )
)


def diagnose(text: str) -> list[str]:
    """The advice for each known failure pattern found in an error text or traceback."""
    return [advice for pattern, advice in _DIAGNOSES if pattern.search(text)]


def _bullets(lines: Sequence[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def script_problems(check: ScriptCheck, extra: Sequence[str] = ()) -> list[str]:
    """Each violation as ``line L, column C [rule]: message``, then the ``extra`` problems."""
    return [f"line {v.line}, column {v.col} [{v.rule}]: {v.message}" for v in check.violations] + list(extra)


def script_problems_prompt(check: ScriptCheck, extra: Sequence[str] = ()) -> str:
    """The script policy refused the code (and/or it breaks the custom-node contract): fix and resend."""
    return (
        "The code was rejected before it ran:\n"
        f"{_bullets(script_problems(check, extra))}\n"
        "Rewrite it so that none of these remain, keeping the same geometry. "
        "Answer with the complete corrected code in one ```python block."
    )


def execution_error_prompt(execution: ExecutionResult) -> str:
    """The script ran in FreeCAD and failed (exception, recompute failure, no solid, limits)."""
    lines = [
        f"The script failed in FreeCAD ({execution.error_kind or 'error'}): {execution.error or 'no detail'}"
    ]
    if execution.error_line is not None:
        lines.append(f"It failed at line {execution.error_line} of the script.")
    failed = [o for o in execution.objects if not o.valid or o.error]
    if failed:
        lines.append("Objects that did not recompute:")
        lines.extend(f"- {o.label or o.name} ({o.type_id}): {o.error or 'invalid'}" for o in failed)
    if execution.traceback:
        lines.append("Traceback (last lines):\n" + execution.traceback[-_MAX_TRACEBACK:])
    advice = diagnose(
        " ".join(filter(None, [execution.error, execution.traceback, *(o.error or "" for o in failed)]))
    )
    if advice:
        lines.append("Likely cause:\n" + _bullets(advice))
    return "\n".join(lines)


def feedback_prompt(issues: Sequence[ValidationIssue]) -> str:
    """What the validator found wrong with the last result, grouped by kind, with fixes."""
    lines: list[str] = []
    titles = {
        "execution": "It failed to run or recompute:",
        "script": "The script was refused:",
        "geometry": "Measured geometry does not match the plan:",
        "completeness": "Something is missing:",
        "intent": "It does not match the request:",
        "vision": "It does not look like the request:",
    }
    for category, title in titles.items():
        found = [i for i in issues if i.category == category]
        if not found:
            continue
        lines.append(title)
        for issue in found:
            where = f" (node {issue.node_id})" if issue.node_id else ""
            fix = f" Fix: {issue.suggestion}" if issue.suggestion else ""
            lines.append(f"- [{issue.severity}]{where} {issue.message}{fix}")
        if category in ("execution", "script"):
            lines.extend(f"- Likely cause: {a}" for a in diagnose(" ".join(i.message for i in found)))
    return "\n".join(lines)


def plan_problems_prompt(problems: Sequence[str]) -> str:
    """The plan did not pass the graph checks: fix and send the whole plan again."""
    return (
        "The plan cannot be built as it is:\n"
        f"{_bullets(problems)}\n"
        'Reply again with the complete corrected JSON object ({"reasoning": ..., "graph": ...}), '
        "fixing every problem listed and keeping everything else."
    )
