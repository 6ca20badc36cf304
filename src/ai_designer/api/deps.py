"""What routes depend on: the app's context (settings, store, queue, files, metrics)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from ai_designer.config import Settings
from ai_designer.errors import AIDesignerError
from ai_designer.jobs.artifacts import ArtifactStore
from ai_designer.jobs.base import DesignQueue
from ai_designer.metrics import Metrics
from ai_designer.store.base import DesignStore


@dataclass
class ApiContext:
    """Everything the routes use, made once per app at start-up."""

    settings: Settings
    store: DesignStore
    queue: DesignQueue
    artifacts: ArtifactStore
    metrics: Metrics
    runs_designs: bool
    engine_error: AIDesignerError | None = None


def api_context(conn: HTTPConnection) -> ApiContext:
    """The context of the app serving this request or WebSocket."""
    context: ApiContext = conn.app.state.context
    return context


Context = Annotated[ApiContext, Depends(api_context)]
