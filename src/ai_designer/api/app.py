"""The FastAPI application: designs over REST, their events over a WebSocket, health and metrics.

:func:`create_app` wires everything from settings; the store, the FreeCAD runner and the
pipeline may be passed in instead (tests, embedding). Without REDIS_URL designs run in
this process (an in-process worker: :mod:`ai_designer.jobs.local`); with it the API only
puts them on the Redis queue for ``ai-designer worker`` processes (unless
EMBEDDED_WORKER=true), and any number of API processes serve the same designs.
``ai-designer serve`` runs it under uvicorn.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from ai_designer import __version__
from ai_designer.agents.executor import ScriptRunner
from ai_designer.api.deps import ApiContext
from ai_designer.api.middleware.auth import API_KEY_HEADER, IDEMPOTENCY_KEY_HEADER
from ai_designer.api.middleware.body_limit import BodyLimitMiddleware
from ai_designer.api.middleware.metrics import RequestMetricsMiddleware
from ai_designer.api.middleware.request_context import (
    CORRELATION_ID_HEADER,
    REQUEST_ID_HEADER,
    RequestContextMiddleware,
)
from ai_designer.api.problems import install_problem_handlers, use_problem_media_type
from ai_designer.api.routes import design, health, page, ws
from ai_designer.config import Settings, get_settings
from ai_designer.jobs.base import DesignQueue
from ai_designer.jobs.local import LocalQueue
from ai_designer.jobs.redis_queue import RedisDesignQueue, open_queue
from ai_designer.jobs.retention import remove_old_designs
from ai_designer.jobs.runtime import Engine, artifact_store, design_work, open_engine
from ai_designer.jobs.work import DesignWork, RunsDesigns
from ai_designer.jobs.worker import QueueWorker
from ai_designer.logging import configure_logging, get_logger
from ai_designer.metrics import Metrics
from ai_designer.store import DesignStore, store_from_settings

log = get_logger(__name__)

DESCRIPTION = """\
Turn a sentence into an editable CAD part (FCStd, STEP, STL, GLB, BREP, PNG previews).

`POST /api/v1/design` starts a design and answers 202 with its id; follow it on the
WebSocket `/api/v1/ws/design/{id}` (JSON design events, the ones so far then live ones,
until the run ends) or poll `GET /api/v1/design/{id}`, then download files from
`/api/v1/design/{id}/export?format=step`. The web page at `/` does all of this for a person.

Authentication: send `X-API-Key` when the server has `API_KEYS` configured (when that list
is empty, authentication is off). Errors are `application/problem+json` documents
(RFC 7807) with a `detail` and a `hint`.
"""


class _Designs:
    """The queue of this app, and its in-process worker when it runs designs itself."""

    def __init__(
        self, settings: Settings, store: DesignStore, engine: Engine, work: DesignWork | None
    ) -> None:
        self.settings = settings
        self.worker: QueueWorker | None = None
        self._tasks: list[asyncio.Task[None]] = []
        if settings.redis_url:
            self.queue: DesignQueue = RedisDesignQueue(store, open_queue(settings), settings)
            if work is not None:
                self.worker = QueueWorker(settings, open_queue(settings), work)
        else:
            self.queue = LocalQueue(
                store,
                work,
                concurrency=settings.worker_concurrency,
                max_depth=settings.queue_max_depth,
                retry_after_s=settings.queue_retry_after_s,
                drain_grace_s=settings.drain_grace_s,
                export_wait_s=settings.export_wait_s,
                unavailable=engine.error,
            )

    async def start(self) -> None:
        await self.queue.start()
        if self.worker is not None:
            self._tasks.append(asyncio.create_task(self.worker.run(), name="queue-worker"))
        elif isinstance(self.queue, LocalQueue):
            self._tasks.append(asyncio.create_task(self._retention(), name="retention"))

    async def _retention(self) -> None:
        while True:
            await asyncio.to_thread(
                remove_old_designs, self.settings.output_dir.resolve(), self.settings.output_retention_s
            )
            await asyncio.sleep(3600)

    async def close(self) -> None:
        """Drain the designs running here, then stop."""
        if self.worker is not None:
            self.worker.drain()
        await self.queue.close()
        for task in self._tasks:
            if self.worker is None:
                task.cancel()
            with suppress(asyncio.CancelledError):
                await task


def create_app(
    settings: Settings,
    store: DesignStore | None = None,
    runner: ScriptRunner | None = None,
    pipeline: RunsDesigns | None = None,
) -> FastAPI:
    """The API. A store, runner or pipeline passed in is used as is and not closed at shutdown."""
    the_store = store if store is not None else store_from_settings(settings)
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runs = settings.runs_designs_in_process
        engine = open_engine(settings, the_store, runner=runner, pipeline=pipeline) if runs else Engine()
        designs = _Designs(settings, the_store, engine, design_work(settings, the_store, engine, metrics))
        app.state.context = ApiContext(
            settings,
            the_store,
            designs.queue,
            artifact_store(settings, the_store),
            metrics,
            runs_designs=runs,
            engine_error=engine.error,
        )
        await designs.start()
        try:
            yield
        finally:
            await designs.close()
            await engine.close()
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
    app.include_router(page.router)
    app.mount("/static", page.static_files(), name="static")
    app.add_middleware(RequestMetricsMiddleware, metrics=metrics)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_request_bytes)
    app.add_middleware(RequestContextMiddleware)
    if settings.trusted_proxies:  # X-Forwarded-For counts only when the peer is one of these
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=[
                API_KEY_HEADER,
                IDEMPOTENCY_KEY_HEADER,
                REQUEST_ID_HEADER,
                CORRELATION_ID_HEADER,
                "Content-Type",
            ],
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
