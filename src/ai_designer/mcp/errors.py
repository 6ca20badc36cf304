"""Project errors as MCP tool errors, with the same message and hint the CLI prints."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError, ToolError

from ai_designer.errors import AIDesignerError, StateError
from ai_designer.schemas.design import DesignState, DesignStatus


@contextmanager
def tool_errors() -> Iterator[None]:
    """Turn an :class:`AIDesignerError` into a ToolError the client's model reads: message, then
    ``→ hint``. Anything else is a bug, and the SDK reports it as one."""
    try:
        yield
    except AIDesignerError as exc:
        raise ToolError(str(exc)) from exc


@contextmanager
def resource_errors() -> Iterator[None]:
    """The same for resource reads: a missing design or file is "not found", the rest an error."""
    try:
        yield
    except StateError as exc:
        raise ResourceNotFoundError(str(exc)) from exc
    except AIDesignerError as exc:
        raise ResourceError(str(exc)) from exc


def unfinished_design_error(state: DesignState) -> ToolError:
    """The error for a run that did not complete: why, the checks that failed, what to do."""
    status = "needs review" if state.status == DesignStatus.NEEDS_REVIEW else state.status.value
    message = state.error.message if state.error else f"the run ended as {state.status.value}"
    lines = [f"Design {state.design_id} revision {state.revision} {status}: {message}"]
    if state.validation:
        lines += [
            f"  ✗ {c.name}: expected {c.expected}, got {c.actual}"
            for c in state.validation.checks
            if not c.passed
        ]
    if state.error and state.error.hint:
        lines.append(f"  → {state.error.hint}")
    lines.append(
        f'get_design("{state.design_id}") shows the plan and every check; refine_design with a '
        "corrected plan or change tries again."
    )
    return ToolError("\n".join(lines))
