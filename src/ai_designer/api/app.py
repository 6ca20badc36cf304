"""The FastAPI application: designs over REST, their events over a WebSocket, health and metrics.

:func:`create_app` wires everything from settings; the store, the FreeCAD runner and the
pipeline may be passed in instead (tests, embedding). Designs run in this process as
asyncio tasks sharing one FreeCAD runner; with Redis as the store any number of such
processes serve the same designs. ``ai-designer serve`` runs it under uvicorn.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from ai_designer import __version__
from ai_designer.agents.executor import ScriptRunner
from ai_designer.api.deps import ApiContext
from ai_designer.api.jobs import DesignJobs
from ai_designer.metrics import Metrics
from ai_designer.api.middleware.auth import API_KEY_HEADER
from ai_designer.api.middleware.metrics import RequestMetricsMiddleware
from ai_designer.api.middleware.request_context import (
    CORRELATION_ID_HEADER,
    REQUEST_ID_HEADER,
    RequestContextMiddleware,
)
from ai_designer.api.problems import install_problem_handlers, use_problem_media_type
from ai_designer.api.routes import design, health, ws
from ai_designer.config import Settings, get_settings
from ai_designer.errors import AIDesignerError
from ai_designer.freecad.runner import FreeCADRunner
from ai_designer.logging import configure_logging, get_logger
from ai_designer.orchestration.pipeline import DesignPipeline
from ai_designer.orchestration.service import build_pipeline
from ai_designer.store import DesignStore, store_from_settings

log = get_logger(__name__)

DESCRIPTION = """\
Turn a sentence into an editable CAD part (FCStd, STEP, STL, BREP, PNG previews).

`POST /api/v1/design` starts a design and answers 202 with its id; follow it on the
WebSocket `/api/v1/ws/design/{id}` (JSON design events, the ones so far then live ones,
until the run ends) or poll `GET /api/v1/design/{id}`, then download files from
`/api/v1/design/{id}/export?format=step`.

Authentication: send `X-API-Key` when the server has `API_KEYS` configured (when that list
is empty, authentication is off). Errors are `application/problem+json` documents
(RFC 7807) with a `detail` and a `hint`.
"""


def _open_runner(settings: Settings) -> tuple[FreeCADRunner | None, AIDesignerError | None]:
    """The FreeCAD runner, or the reason there is none (the API still starts; /ready says why)."""
    try:
        return FreeCADRunner.from_settings(settings), None
    except AIDesignerError as exc:
        log.error("freecad_unavailable", error=exc.message)
        return None, exc


def create_app(
    settings: Settings,
    store: DesignStore | None = None,
    runner: ScriptRunner | None = None,
    pipeline: DesignPipeline | None = None,
) -> FastAPI:
    """The API. A store, runner or pipeline passed in is used as is and not closed at shutdown."""
    the_store = store if store is not None else store_from_settings(settings)
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned, engine_error = _open_runner(settings) if runner is None else (None, None)
        engine = runner if runner is not None else owned
        the_pipeline = pipeline
        if the_pipeline is None and engine is not None:
            the_pipeline = build_pipeline(settings, engine)
        jobs = DesignJobs(the_store, the_pipeline, metrics, unavailable=engine_error)
        app.state.context = ApiContext(settings, the_store, jobs, metrics, engine, engine_error)
        try:
            yield
        finally:
            await jobs.shutdown()
            if owned is not None:
                await asyncio.to_thread(owned.close)
            if store is None:
                await the_store.close()

    app = FastAPI(
        title="ai-designer",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    install_problem_handlers(app)
    app.include_router(design.router)
    app.include_router(ws.router)
    app.include_router(health.router)
    app.add_middleware(RequestMetricsMiddleware, metrics=metrics)
    app.add_middleware(RequestContextMiddleware)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=[API_KEY_HEADER, REQUEST_ID_HEADER, CORRELATION_ID_HEADER, "Content-Type"],
            expose_headers=[REQUEST_ID_HEADER, CORRELATION_ID_HEADER, "Location", "Retry-After"],
        )
    _problem_openapi(app)
    return app


def _problem_openapi(app: FastAPI) -> None:
    """Generate the OpenAPI document once, with error responses as application/problem+json."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = use_problem_media_type(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def serve_app() -> FastAPI:
    """The app from the process's settings (the factory ``ai-designer serve`` gives uvicorn)."""
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    return create_app(settings)
