"""The design resource: submit, read, refine, export, audit, delete."""

from __future__ import annotations

import asyncio
import shutil
import uuid
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from fastapi import Path as PathParam
from fastapi.responses import FileResponse

from ai_designer.api.deps import ApiContext, Context
from ai_designer.api.errors import DesignBusyError, DesignNotFoundError
from ai_designer.api.middleware.rate_limit import rate_limited_caller
from ai_designer.api.models import (
    API_PREFIX,
    DESIGN_ID_PATTERN,
    AuditTrail,
    DesignAccepted,
    DesignRequest,
    DesignView,
    PreviewView,
    RefineRequest,
)
from ai_designer.api.problems import problem_responses
from ai_designer.exporting import MEDIA_TYPES, ensure_artifact, existing_artifact
from ai_designer.orchestration.service import new_design, refinement_of
from ai_designer.schemas.design import DesignState
from ai_designer.schemas.events import DesignEvent
from ai_designer.schemas.execution import ExportFormat

router = APIRouter(
    prefix=API_PREFIX,
    tags=["designs"],
    dependencies=[Depends(rate_limited_caller)],
    responses=problem_responses(401, 429, 500, 503),
)

DesignId = Annotated[str, PathParam(pattern=DESIGN_ID_PATTERN, description="The id POST returned.")]


def design_folder(context: ApiContext, design_id: str) -> Path:
    """Where a design's files live: OUTPUT_DIR/<id>/ (the id pattern keeps it inside OUTPUT_DIR)."""
    return (context.settings.output_dir / design_id).resolve()


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


@router.post(
    "/design",
    status_code=202,
    summary="Submit a design",
    responses=problem_responses(400, 409, 422),
)
async def submit_design(body: DesignRequest, context: Context, response: Response) -> DesignAccepted:
    """Start designing a part from a sentence; follow it on the WebSocket or by polling GET."""
    design_id = uuid.uuid4().hex[:12]
    state = new_design(
        body.prompt,
        output_dir=str(design_folder(context, design_id)),
        planner=body.planner,
        formats=body.formats,
        max_iterations=context.settings.max_iterations,
        design_id=design_id,
    )
    await context.jobs.start(state)
    return _accepted(response, state)


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
    design_id: DesignId, body: RefineRequest, context: Context, response: Response
) -> DesignAccepted:
    """Change the last completed revision as the words say; the change runs as a new revision."""
    previous = await load_design(context, design_id)
    if context.jobs.running(design_id) or not previous.status.finished:
        raise DesignBusyError(f"Design {design_id} is still running (revision {previous.revision}).")
    state = refinement_of(previous, body.change, body.planner)
    await context.jobs.start(state)
    return _accepted(response, state)


@router.get(
    "/design/{design_id}/export",
    summary="Download a design's model",
    response_class=FileResponse,
    responses={
        200: {
            "description": "The file (a STEP, STL, FCStd, BREP or PNG preview).",
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
) -> FileResponse:
    """The model of the last completed revision in one format (made on demand if it was not written)."""
    state = await load_design(context, design_id)
    folder = design_folder(context, design_id)
    path = existing_artifact(state, folder, fmt, view) or await ensure_artifact(
        state, folder, fmt, context.require_runner(), view
    )
    await context.store.append_event(
        DesignEvent(
            design_id=design_id,
            kind="design_exported",
            stage="export",
            revision=state.revision,
            message=f"exported {path.name}",
            data={"format": fmt, "file": path.name},
        )
    )
    return FileResponse(path, media_type=MEDIA_TYPES[fmt], filename=f"{design_id}-{path.name}")


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
    """Cancel the design's run if it is going on (its FreeCAD process is killed), then delete
    its state, audit trail and files."""
    folder = design_folder(context, design_id)
    stored = await context.store.load(design_id)
    cancelled = await context.jobs.cancel(design_id)
    removed = await context.store.delete(design_id)
    if stored is None and not cancelled and not removed and not folder.exists():
        raise DesignNotFoundError(f"There is no design {design_id}.")
    await asyncio.to_thread(shutil.rmtree, folder, True)
    return Response(status_code=204)
