"""The design resource: submit, list, read, refine, export, history, audit, delete."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Response
from fastapi import Path as PathParam

from ai_designer.api.deps import ApiContext, Context
from ai_designer.api.errors import DesignBusyError, DesignNotFoundError
from ai_designer.api.middleware.auth import IDEMPOTENCY_KEY_HEADER, Caller
from ai_designer.api.middleware.rate_limit import check_quota, rate_limited_caller
from ai_designer.api.models import (
    API_PREFIX,
    CURSOR_PATTERN,
    DESIGN_ID_PATTERN,
    AuditTrail,
    DesignAccepted,
    DesignList,
    DesignListItem,
    DesignRequest,
    DesignView,
    ParametersRequest,
    PreviewView,
    RefineRequest,
    RevisionPage,
    decode_cursor,
    encode_cursor,
    public_revision,
)
from ai_designer.api.problems import problem_responses
from ai_designer.cad.parameters import set_parameters
from ai_designer.cad.plan_input import read_plan
from ai_designer.cad.readback import mm
from ai_designer.errors import FreeCADExecutionError, StateError
from ai_designer.exporting import MEDIA_TYPES, artifact_name, last_completed
from ai_designer.orchestration.service import completed_graph, new_design, refinement_of, with_material
from ai_designer.schemas.design import DesignState, DesignStatus
from ai_designer.schemas.events import DesignEvent
from ai_designer.schemas.execution import ExportFormat

router = APIRouter(
    prefix=API_PREFIX,
    tags=["designs"],
    dependencies=[Depends(rate_limited_caller)],
    responses=problem_responses(401, 429, 500, 503),
)

DesignId = Annotated[str, PathParam(pattern=DESIGN_ID_PATTERN, description="The id POST returned.")]


async def load_design(context: ApiContext, design_id: str) -> DesignState:
    """The stored design; DesignNotFoundError when there is none."""
    state = await context.store.load(design_id)
    if state is None:
        raise DesignNotFoundError(f"There is no design {design_id}.")
    return state


def _accepted(response: Response, state: DesignState) -> DesignAccepted:
    accepted = DesignAccepted.of(state)
    response.headers["Location"] = accepted.links.self
    return accepted


Cursor = Annotated[
    str | None, Query(pattern=CURSOR_PATTERN, description="The next_cursor of the previous page.")
]
Caller_ = Annotated[Caller, Depends(rate_limited_caller)]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias=IDEMPOTENCY_KEY_HEADER,
        max_length=128,
        description="Sending the same key again (same API key, within DESIGN_TTL_S) answers with the "
        "design the first request made instead of making another.",
    ),
]


@router.post(
    "/design",
    status_code=202,
    summary="Submit a design",
    responses=problem_responses(400, 409, 413, 422),
)
async def submit_design(
    body: DesignRequest,
    context: Context,
    response: Response,
    caller: Caller_,
    idempotency_key: IdempotencyKey = None,
) -> DesignAccepted:
    """Queue a design of a part from a sentence or a plan; follow it on the WebSocket or by polling GET.

    Answers 503 with Retry-After when the queue is full, 429 when the caller's quota is used up.
    """
    plan = read_plan(body.plan) if body.plan is not None else None
    design_id = uuid.uuid4().hex[:12]
    if idempotency_key:
        ttl = context.settings.design_ttl_s
        first = await context.store.remember(f"idempotency:{caller.id}:{idempotency_key}", design_id, ttl)
        if first is not None:
            existing = await context.store.load(first)
            if existing is not None:
                return _accepted(response, existing)
            design_id = first  # the first request never got its design stored: make it now
    await check_quota(context, caller)
    state = new_design(
        body.prompt,
        output_dir=str(context.settings.output_dir / design_id),
        planner=body.planner,
        formats=body.formats,
        max_iterations=context.settings.max_iterations,
        design_id=design_id,
        plan=plan,
    )
    state = with_material(state, body.material)
    await context.queue.submit(state)
    return _accepted(response, state)


@router.get("/designs", summary="List designs", responses=problem_responses(422))
async def list_designs(
    context: Context,
    status: Annotated[list[DesignStatus] | None, Query(description="Only designs in these states.")] = None,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> DesignList:
    """Designs, newest first, a page at a time. A page may be short and still have a next one."""
    after = decode_cursor(cursor) if cursor else None
    page = await context.store.list_designs(
        after=after, limit=limit, statuses=frozenset(status) if status else None
    )
    return DesignList(
        designs=[DesignListItem.of(state) for state in page.designs],
        next_cursor=encode_cursor(page.next) if page.next else None,
    )


@router.get("/design/{design_id}", summary="Get a design", responses=problem_responses(404, 422))
async def get_design(design_id: DesignId, context: Context) -> DesignView:
    """Status, current stage, revision, summary and the full report of a design."""
    return DesignView.of(await load_design(context, design_id))


@router.post(
    "/design/{design_id}/refine",
    status_code=202,
    summary="Refine a design",
    responses=problem_responses(400, 404, 409, 422),
)
async def refine_design(
    design_id: DesignId, body: RefineRequest, context: Context, response: Response, caller: Caller_
) -> DesignAccepted:
    """Change the last completed revision as the words say (or replace its plan); the change runs as a
    new revision."""
    plan = read_plan(body.plan) if body.plan is not None else None
    previous = await _finished_design(context, design_id)
    state = refinement_of(previous, body.change, body.planner, plan)
    return await _start(context, response, caller, with_material(state, body.material))


async def _finished_design(context: ApiContext, design_id: str) -> DesignState:
    """The stored design, which must not be running (DesignBusyError)."""
    previous = await load_design(context, design_id)
    if not previous.status.finished:
        raise DesignBusyError(f"Design {design_id} is still running (revision {previous.revision}).")
    return previous


async def _start(
    context: ApiContext, response: Response, caller: Caller, state: DesignState
) -> DesignAccepted:
    """Queue a new revision (within the caller's quota)."""
    await check_quota(context, caller)
    await context.queue.submit(state)
    return _accepted(response, state)


@router.post(
    "/design/{design_id}/parameters",
    status_code=202,
    summary="Set parameters of a design",
    responses=problem_responses(400, 404, 409, 422),
)
async def set_design_parameters(
    design_id: DesignId, body: ParametersRequest, context: Context, response: Response, caller: Caller_
) -> DesignAccepted:
    """Change rows of the model's Parameters spreadsheet (the design's ``parameters``), as editing
    them in FreeCAD would: only those values change. The new plan runs as a new revision."""
    previous = await _finished_design(context, design_id)
    graph = completed_graph(previous)
    if graph is None:
        raise StateError(
            f"Design {design_id} has no completed revision whose parameters could change.",
            hint="Start a new design with a full description of the part.",
        )
    plan = set_parameters(graph, body.values)
    change = "set " + ", ".join(f"{name} to {mm(value)}" for name, value in body.values.items())
    return await _start(context, response, caller, refinement_of(previous, change, plan=plan))


@router.get(
    "/design/{design_id}/history",
    summary="A design's earlier revisions",
    responses=problem_responses(404, 422),
)
async def design_history(
    design_id: DesignId,
    context: Context,
    before: Annotated[int | None, Query(ge=1, description="The next_before of the previous page.")] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> RevisionPage:
    """The revisions before the current one, newest first, a page at a time."""
    state = await load_design(context, design_id)
    below = before or state.revision
    earlier = [r for r in reversed(state.history) if r.number < below]
    page = earlier[:limit]
    return RevisionPage(
        design_id=design_id,
        revisions=[public_revision(r) for r in page],
        next_before=page[-1].number if len(earlier) > limit else None,
    )


@router.get(
    "/design/{design_id}/export",
    summary="Download a design's model",
    response_class=Response,
    responses={
        200: {
            "description": "The file (a STEP, STL, GLB, FCStd, BREP or PNG preview).",
            "content": {
                media: {"schema": {"type": "string", "format": "binary"}} for media in MEDIA_TYPES.values()
            },
        },
        **problem_responses(404, 409, 422),
    },
)
async def export_design(
    design_id: DesignId,
    context: Context,
    fmt: Annotated[ExportFormat, Query(alias="format", description="The file format.")],
    view: Annotated[PreviewView, Query(description="The preview's viewpoint (png only).")] = "iso",
    revision: Annotated[
        int | None,
        Query(ge=1, description="That revision's file, as the revision wrote it (none is made on demand)."),
    ] = None,
) -> Response:
    """The model of the last completed revision in one format (made by a worker, once, if it was not
    written; concurrent requests for the same file wait for the same export), or of ``revision``."""
    state = await load_design(context, design_id)
    name = artifact_name(fmt, view)
    if revision is not None:
        written = revision < state.revision or (revision == state.revision and state.status.finished)
        data = await context.artifacts.read(design_id, revision, name) if written else None
        if data is None:
            raise DesignNotFoundError(f"Revision {revision} of design {design_id} has no {name}.")
        return _file(f"{design_id}-r{revision}-{name}", fmt, data)
    revision, _ = last_completed(state)
    data = await context.artifacts.read(design_id, revision, name)
    if data is None:
        await context.queue.export(state, revision, fmt, view)
        data = await context.artifacts.read(design_id, revision, name)
    if data is None:
        raise FreeCADExecutionError(
            f"The {fmt} file of design {design_id} could not be made available.",
            hint="It may be larger than ARTIFACT_MAX_BYTES; ask the operator, or use the CLI.",
        )
    await context.store.append_event(
        DesignEvent(
            design_id=design_id,
            kind="design_exported",
            stage="export",
            revision=state.revision,
            message=f"exported {name}",
            data={"format": fmt, "file": name},
        )
    )
    return _file(f"{design_id}-{name}", fmt, data)


def _file(filename: str, fmt: str, data: bytes) -> Response:
    disposition = f'attachment; filename="{filename}"'
    return Response(data, media_type=MEDIA_TYPES[fmt], headers={"Content-Disposition": disposition})


@router.get(
    "/design/{design_id}/audit", summary="A design's audit trail", responses=problem_responses(404, 422)
)
async def design_audit(design_id: DesignId, context: Context) -> AuditTrail:
    """Every event of the design so far, in order: prompt, plan, script, execution, validation,
    refinements, exports and how each run ended."""
    await load_design(context, design_id)
    return AuditTrail(design_id=design_id, events=await context.store.events(design_id))


@router.delete(
    "/design/{design_id}",
    status_code=204,
    summary="Cancel and delete a design",
    response_class=Response,
    responses=problem_responses(404, 422),
)
async def delete_design(design_id: DesignId, context: Context) -> Response:
    """Cancel the design's run if it is queued or going on (its FreeCAD process is killed), then
    delete its state, audit trail and files."""
    stored = await context.store.load(design_id)
    cancelled = await context.queue.cancel(design_id)
    removed = await context.store.delete(design_id)
    if stored is None and not cancelled and not removed:
        raise DesignNotFoundError(f"There is no design {design_id}.")
    await context.artifacts.delete(design_id)
    return Response(status_code=204)
