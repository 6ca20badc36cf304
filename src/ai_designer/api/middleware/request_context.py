"""Request and correlation ids on every request, in the logs and the response; one access line;
and the last line of defence: an unexpected exception becomes a 500 problem, never a trace.

``X-Request-ID`` and ``X-Correlation-ID`` are taken from the request when they look sane
(letters, digits, ``-_.:``, at most 128 characters) and made up otherwise; the correlation
id defaults to the request id. Both are bound into every log line of the request and sent
back as response headers.
"""

from __future__ import annotations

import re
import time

import structlog
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ai_designer.api.problems import problem_response
from ai_designer.logging import bind_correlation_id, get_logger, new_correlation_id

REQUEST_ID_HEADER = "X-Request-ID"
CORRELATION_ID_HEADER = "X-Correlation-ID"
_SANE_ID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")

log = get_logger("ai_designer.api.access")


def _sane(value: str | None) -> str | None:
    return value if value is not None and _SANE_ID.fullmatch(value) else None


class RequestContextMiddleware:
    """Pure ASGI middleware (HTTP and WebSocket)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        request_id = _sane(headers.get(REQUEST_ID_HEADER)) or new_correlation_id()
        correlation_id = _sane(headers.get(CORRELATION_ID_HEADER)) or request_id
        scope.setdefault("state", {})["request_id"] = request_id
        status = 0

        async def send_with_ids(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                response_headers = MutableHeaders(scope=message)
                response_headers[REQUEST_ID_HEADER] = request_id
                response_headers[CORRELATION_ID_HEADER] = correlation_id
            await send(message)

        started = time.perf_counter()
        with (
            bind_correlation_id(correlation_id),
            structlog.contextvars.bound_contextvars(request_id=request_id),
        ):
            try:
                await self.app(scope, receive, send_with_ids)
            except Exception:
                log.exception("request_crashed", path=scope["path"])
                if scope["type"] != "http" or status:
                    raise
                response = problem_response(
                    HTTPConnection(scope),
                    500,
                    "The server hit an unexpected error.",
                    hint=f"This is a bug; report it with the request id {request_id}.",
                )
                await response(scope, receive, send_with_ids)
            finally:
                log.info(
                    "http_request" if scope["type"] == "http" else "websocket",
                    method=scope.get("method", "WS"),
                    path=scope["path"],
                    status=status,
                    duration_ms=round((time.perf_counter() - started) * 1000, 1),
                )
