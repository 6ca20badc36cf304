"""Every error as an RFC 7807 problem document: a status, a clear message and a hint, never a trace.

Deliberate errors (:class:`~ai_designer.errors.AIDesignerError`) keep their message and
hint; request validation errors list the invalid fields (without echoing the input);
HTTP errors from routing (404, 405) become problems too. Anything unexpected is turned
into a 500 problem by the request-context middleware.
"""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import Any, cast

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.routing import Match

from ai_designer.api.errors import (
    AuthenticationError,
    DesignBusyError,
    DesignNotFoundError,
    RateLimitedError,
)
from ai_designer.api.models import FieldProblem, Problem
from ai_designer.errors import (
    AIDesignerError,
    FreeCADConnectionError,
    FreeCADNotFoundError,
    PlanningError,
    StateError,
    StoreUnavailableError,
)
from ai_designer.jobs.base import QueueFullError

PROBLEM_MEDIA_TYPE = "application/problem+json"

#: Status of each deliberate error, most specific first.
_STATUS: tuple[tuple[type[AIDesignerError], int], ...] = (
    (AuthenticationError, 401),
    (DesignNotFoundError, 404),
    (DesignBusyError, 409),
    (RateLimitedError, 429),
    (QueueFullError, 503),
    (StoreUnavailableError, 503),
    (FreeCADNotFoundError, 503),
    (FreeCADConnectionError, 503),
    (PlanningError, 422),
    (StateError, 409),
)

_HTTP_HINTS = {
    400: "Send the body as UTF-8 JSON (see /docs for its shape).",
    404: "Check the URL; the API lives under /api/v1 (see /docs).",
    413: "Send a smaller body.",
    405: "Check the HTTP method for this URL (see /docs).",
}


class ProblemResponse(JSONResponse):
    """A JSON response with the problem media type."""

    media_type = PROBLEM_MEDIA_TYPE


def status_for(exc: AIDesignerError) -> int:
    """The HTTP status of a deliberate error (500 for kinds the API does not expect)."""
    return next((status for kind, status in _STATUS if isinstance(exc, kind)), 500)


def _slug(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name.removesuffix("Error")).lower() or "error"


def problem_response(
    conn: HTTPConnection,
    status: int,
    detail: str,
    *,
    hint: str = "",
    kind: str = "",
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> ProblemResponse:
    """A problem document for ``status``; ``kind`` names the problem type (defaults to the status)."""
    phrase = HTTPStatus(status).phrase
    body = Problem(
        type=f"urn:ai-designer:problem:{kind or _slug(phrase.replace(' ', ''))}",
        title=phrase,
        status=status,
        detail=detail,
        hint=hint,
        instance=conn.url.path,
        request_id=getattr(conn.state, "request_id", None),
        **extensions,
    )
    return ProblemResponse(body.model_dump(mode="json", exclude_none=True), status, headers=headers)


def error_problem(conn: HTTPConnection, exc: AIDesignerError) -> ProblemResponse:
    """The problem document of a deliberate error."""
    status = status_for(exc)
    headers: dict[str, str] = {}
    if isinstance(exc, (RateLimitedError, QueueFullError)):
        headers["Retry-After"] = str(exc.context.get("retry_after_s", 1))
    if isinstance(exc, AuthenticationError):
        headers["WWW-Authenticate"] = "APIKey"
    return problem_response(
        conn, status, exc.message, hint=exc.hint, kind=_slug(type(exc).__name__), headers=headers or None
    )


async def _on_error(request: Request, exc: Exception) -> Response:
    return error_problem(request, cast(AIDesignerError, exc))


async def _on_validation(request: Request, exc: Exception) -> Response:
    invalid = cast(RequestValidationError, exc)
    fields = [
        FieldProblem(
            loc=list(err.get("loc", ())), message=str(err.get("msg", "")), type=str(err.get("type", ""))
        )
        for err in invalid.errors()
    ]
    where = ", ".join(".".join(str(p) for p in f.loc) for f in fields[:5])
    return problem_response(
        request,
        422,
        f"The request is not valid: {where}." if where else "The request is not valid.",
        hint="See `errors` for each invalid field, and /docs for the expected shape.",
        kind="invalid-request",
        errors=fields,
    )


def _allowed_methods(request: Request) -> str:
    """Every method some route accepts at this path (Starlette names only the first route's)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match != Match.NONE:
            methods |= getattr(route, "methods", None) or set()
    return ", ".join(sorted(methods))


async def _on_http(request: Request, exc: Exception) -> Response:
    http = cast(StarletteHTTPException, exc)
    headers = dict(http.headers) if http.headers else {}
    if http.status_code == 405:
        headers["Allow"] = _allowed_methods(request)
    return problem_response(
        request,
        http.status_code,
        str(http.detail),
        hint=_HTTP_HINTS.get(http.status_code, ""),
        headers=headers or None,
    )


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every handled error with a problem document."""
    app.add_exception_handler(AIDesignerError, _on_error)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI declarations of the problem responses a route can give."""
    return {status: {"model": Problem, "description": HTTPStatus(status).phrase} for status in statuses}


def use_problem_media_type(openapi: dict[str, Any]) -> dict[str, Any]:
    """Declare error responses as ``application/problem+json`` (FastAPI writes application/json)."""
    for path in openapi.get("paths", {}).values():
        for operation in path.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if status[0] in "45" and "application/json" in content:
                    content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
    return openapi
