"""Operations routes: liveness, readiness and Prometheus metrics (no API key, no rate limit)."""

from __future__ import annotations

from contextlib import suppress

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST

from ai_designer import __version__
from ai_designer.api.deps import Context
from ai_designer.api.models import Health, Readiness
from ai_designer.api.problems import problem_response, problem_responses
from ai_designer.errors import AIDesignerError

router = APIRouter(tags=["operations"], responses=problem_responses(500))


@router.get("/health", summary="Liveness")
async def health() -> Health:
    """The process is up (says nothing about FreeCAD or the store: see /ready)."""
    return Health(version=__version__)


@router.get("/ready", summary="Readiness", response_model=Readiness, responses=problem_responses(503))
async def ready(request: Request, context: Context) -> Readiness | Response:
    """Ready when the design store answers and, if this process runs designs, FreeCAD was found;
    503 with the failing checks otherwise. ``checks.queue`` tells how many designs wait and run."""
    checks: dict[str, str] = {}
    failed: list[str] = []
    if context.runs_designs:
        if context.engine_error is None:
            checks["freecad"] = "ok"
        else:
            checks["freecad"] = context.engine_error.message
            failed.append("freecad")
    try:
        await context.store.ping()
        checks["store"] = "ok"
        stats = await context.queue.stats()
        checks["queue"] = f"{stats.queued} queued, {stats.running} running, {stats.workers} worker(s)"
    except AIDesignerError as exc:
        checks["store"] = exc.message
        failed.append("store")
    if failed:
        return problem_response(
            request,
            503,
            f"Not ready: {', '.join(failed)} unavailable.",
            hint="See `checks`; `ai-designer doctor` diagnoses FreeCAD and Redis.",
            kind="not-ready",
            checks=checks,
        )
    return Readiness(checks=checks)


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={
        200: {
            "description": "Prometheus text format.",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        }
    },
)
async def metrics(context: Context) -> Response:
    """Request latency by route, designs by outcome, stage durations, FreeCAD job time, LLM usage,
    queue depth, designs in flight and workers (every process of the host in multiprocess mode)."""
    with suppress(AIDesignerError):
        stats = await context.queue.stats()
        gauges = context.metrics.queue
        gauges.queued, gauges.running, gauges.workers = stats.queued, stats.running, stats.workers
    return Response(context.metrics.render(), media_type=CONTENT_TYPE_LATEST)
