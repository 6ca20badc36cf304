"""The MCP tools: design from words or a plan, refine, read, list, export, preview, run a script."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context, Image, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import (
    BlobResourceContents,
    EmbeddedResource,
    ResourceLink,
    TextContent,
    TextResourceContents,
    ToolAnnotations,
)
from pydantic import Field

from ai_designer.agents.prompts.plan_language import plan_language
from ai_designer.cad.materials import DENSITY_G_CM3
from ai_designer.cad.plan_input import read_plan
from ai_designer.exporting import MEDIA_TYPES
from ai_designer.mcp.errors import tool_errors, unfinished_design_error
from ai_designer.mcp.library import DesignLibrary
from ai_designer.mcp.progress import ProgressRelay
from ai_designer.mcp.views import DESIGN_SCHEME, DesignEntry, DesignView, ScriptRunView, resource_uri
from ai_designer.schemas.design import DesignState, DesignStatus
from ai_designer.schemas.execution import DEFAULT_FORMATS
from ai_designer.schemas.task_graph import TaskGraph

Format = Literal["step", "stl", "fcstd", "brep", "png"]
View = Literal["iso", "top", "front", "right", "bottom", "section"]
Planner = Literal["auto", "local", "llm"]
DesignId = Annotated[str, Field(description="The id create_design or list_designs gave.")]
PlanArg = Annotated[
    dict[str, Any] | str | None,
    Field(
        description="A plan in the plan language (a TaskGraph JSON object; get_plan_language describes "
        "it). It is checked and built as it is, instead of planning from words."
    ),
]
FormatsArg = Annotated[
    list[Format] | None, Field(description="Files to write; default all: step, stl, fcstd, brep, png.")
]
#: Files up to this size are embedded in export_design's answer when asked to; larger ones are linked.
EMBED_LIMIT_BYTES = 4 * 1024 * 1024
#: Export formats whose files are text.
TEXT_FORMATS = frozenset({"step"})

_WRITES = ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False)
_READS = ToolAnnotations(read_only_hint=True, open_world_hint=False)


MaterialArg = Annotated[
    str | None,
    Field(
        description="What the part is made of, for its mass: "
        + ", ".join(sorted(DENSITY_G_CM3))
        + ". It stands over a material the words name; default: theirs, or steel (assumed)."
    ),
]


def _plan(plan: dict[str, Any] | str | None) -> TaskGraph | None:
    return read_plan(plan) if plan is not None else None


def _completed(library: DesignLibrary, state: DesignState) -> DesignView:
    if state.status != DesignStatus.COMPLETED:
        raise unfinished_design_error(state)
    return DesignView.of(state, library.folder(state.design_id))


def register_tools(server: MCPServer[Any], library: DesignLibrary) -> None:
    """Add every tool to ``server``, working on ``library``."""

    @server.tool(annotations=_WRITES)
    async def create_design(
        ctx: Context[Any, Any],
        prompt: Annotated[str, Field(description='What to make, e.g. "a 60 x 40 x 8 mm plate".')] = "",
        plan: PlanArg = None,
        planner: Annotated[
            Planner, Field(description="For a prompt: auto (offline planner first), local or llm.")
        ] = "auto",
        formats: FormatsArg = None,
        material: MaterialArg = None,
    ) -> DesignView:
        """Design a part from a description or from a plan, build it in FreeCAD and measure it.

        With a plan, the prompt only says what the part is for. The result is checked against the
        plan's `expected` measurements; a plan with problems is refused with every problem listed,
        and a part that does not match comes back as an error naming the failed checks.
        """
        with tool_errors():
            relay = ProgressRelay(ctx)
            state = await library.create(
                prompt, _plan(plan), planner, formats or DEFAULT_FORMATS, [relay], material
            )
            await relay.drain()
        return _completed(library, state)

    @server.tool(annotations=_WRITES)
    async def refine_design(
        ctx: Context[Any, Any],
        design_id: DesignId,
        change: Annotated[str, Field(description='The change, e.g. "make it 12 mm thick".')] = "",
        plan: PlanArg = None,
        planner: Annotated[Planner | None, Field(description="Default: the design's own.")] = None,
        material: MaterialArg = None,
    ) -> DesignView:
        """Make a new revision of a design: a change in words, or a whole new plan (get_design returns
        the current one to edit). Earlier revisions are kept."""
        with tool_errors():
            relay = ProgressRelay(ctx)
            state = await library.refine(design_id, change, _plan(plan), planner, [relay], material)
            await relay.drain()
        return _completed(library, state)

    @server.tool(annotations=_READS)
    def get_design(design_id: DesignId) -> DesignView:
        """A design's summary (size, volume, checks), its plan, its files and its earlier revisions."""
        with tool_errors():
            return DesignView.of(library.load(design_id), library.folder(design_id), with_plan=True)

    @server.tool(annotations=_READS)
    def list_designs(
        limit: Annotated[int, Field(ge=1, le=500, description="How many, newest first.")] = 20,
    ) -> list[DesignEntry]:
        """The designs on this server, most recently changed first."""
        return [DesignEntry.of(state) for state in library.designs(limit)]

    @server.tool(annotations=_READS, structured_output=False)
    def get_plan_language(
        about: Annotated[
            str, Field(description="The part you are about to plan; picks the most similar examples.")
        ] = "",
        examples: Annotated[int, Field(ge=0, le=10, description="How many worked examples.")] = 3,
    ) -> str:
        """How to write a plan (a TaskGraph) for create_design and refine_design: every operation with
        its fields, the conventions, modelling rules and worked examples."""
        return plan_language(about, examples)

    @server.tool(annotations=_WRITES)
    async def export_design(
        design_id: DesignId,
        format: Format,
        view: Annotated[View, Field(description="For png: which preview.")] = "iso",
        embed: Annotated[
            bool, Field(description="Embed the file's contents in the answer instead of linking it.")
        ] = False,
    ) -> list[TextContent | ResourceLink | EmbeddedResource]:
        """The design's model as a STEP, STL, FCStd, BREP or PNG file: a resource to read, or embedded.

        A format the design was not built with is made from its script on demand."""
        with tool_errors():
            path = await library.artifact(design_id, format, view)
        return _file_answer(design_id, format, library.folder(design_id) / path.name, embed)

    @server.tool(annotations=_WRITES)
    async def preview(design_id: DesignId, view: View = "iso") -> Image:
        """A rendered picture (PNG) of the design: iso, top, front, right or bottom view, or a section."""
        with tool_errors():
            path = await library.artifact(design_id, "png", view)
        return Image(data=path.read_bytes(), format="png")

    @server.tool(annotations=_WRITES)
    async def run_script(
        code: Annotated[str, Field(description="FreeCAD Python (Part, PartDesign, Sketcher, math).")],
        formats: Annotated[
            list[Format] | None, Field(description="Files to write; default step and png.")
        ] = None,
    ) -> ScriptRunView:
        """Run your own FreeCAD script headless in the sandbox (like `ai-designer exec`), measure the
        shape it makes and keep its files. The script policy refuses file, network and process access;
        the script builds geometry and writes no files itself."""
        with tool_errors():
            run_id, result = await library.run_script(code, formats or ["step", "png"])
        if not result.ok:
            view = ScriptRunView.of(run_id, result)
            detail = f"\nstderr (last lines):\n{view.stderr_tail}" if view.stderr_tail else ""
            raise ToolError(f"The script failed ({result.error_kind}): {result.error}{detail}")
        return ScriptRunView.of(run_id, result)


def _file_answer(
    design_id: str, fmt: str, path: Path, embed: bool
) -> list[TextContent | ResourceLink | EmbeddedResource]:
    """A line saying what was written, then the file embedded, or a link to read it."""
    uri = resource_uri(DESIGN_SCHEME, design_id, path.name)
    size = path.stat().st_size
    mime = MEDIA_TYPES[fmt]
    note = TextContent(type="text", text=f"{path.name}: {size} bytes, {uri} (on the server: {path})")
    if not embed or size > EMBED_LIMIT_BYTES:
        return [note, ResourceLink(type="resource_link", name=path.name, uri=uri, mime_type=mime, size=size)]
    data = path.read_bytes()
    contents: TextResourceContents | BlobResourceContents
    if fmt in TEXT_FORMATS:
        contents = TextResourceContents(uri=uri, mime_type=mime, text=data.decode("utf-8", "replace"))
    else:
        contents = BlobResourceContents(uri=uri, mime_type=mime, blob=base64.b64encode(data).decode("ascii"))
    return [note, EmbeddedResource(type="resource", resource=contents)]
