"""What routes depend on: the app's context (settings, store, runs, engine, metrics)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from ai_designer.agents.executor import ScriptRunner
from ai_designer.api.jobs import DesignJobs
from ai_designer.metrics import Metrics
from ai_designer.config import Settings
from ai_designer.errors import AIDesignerError, FreeCADNotFoundError
from ai_designer.store.base import DesignStore


@dataclass
class ApiContext:
    """Everything the routes use, made once per app at start-up."""

    settings: Settings
    store: DesignStore
    jobs: DesignJobs
    metrics: Metrics
    runner: ScriptRunner | None
    engine_error: AIDesignerError | None = None

    def require_runner(self) -> ScriptRunner:
        """The FreeCAD runner; the reason it is missing otherwise."""
        if self.runner is None:
            raise self.engine_error or FreeCADNotFoundError("FreeCAD is not available to this server.")
        return self.runner


def api_context(conn: HTTPConnection) -> ApiContext:
    """The context of the app serving this request or WebSocket."""
    context: ApiContext = conn.app.state.context
    return context


Context = Annotated[ApiContext, Depends(api_context)]
