"""The MCP resources: each design's report, previews and model files, each script run's files, and
the plan language.

URIs name the files as they are in the folders: ``design://<id>/report.json``,
``design://<id>/preview_iso.png``, ``design://<id>/model.step``, ``script://<id>/model.stl``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError

from ai_designer.agents.prompts.plan_language import plan_language
from ai_designer.errors import StateError
from ai_designer.exporting import FILE_NAMES, MEDIA_TYPES
from ai_designer.mcp.errors import resource_errors
from ai_designer.mcp.library import DesignLibrary
from ai_designer.mcp.views import DESIGN_SCHEME, SCRIPT_SCHEME
from ai_designer.schemas.execution import PREVIEW_VIEWS
from ai_designer.workspace import REPORT_FILE, SCRIPT_FILE

PLAN_LANGUAGE_URI = "ai-designer://plan-language"
#: The model files of a folder and their media types.
MODEL_FILES = {name: MEDIA_TYPES[fmt] for fmt, name in FILE_NAMES.items()}


def _read(folder: Path, name: str) -> bytes:
    path = folder / name
    if not path.is_file():
        raise StateError(
            f"{name} is not there.",
            hint="The run may not have completed, or did not write that format "
            "(export_design makes it on demand).",
        )
    return path.read_bytes()


def _design_file(library: DesignLibrary, name: str) -> Callable[[str], bytes]:
    def read(design_id: str) -> bytes:
        """A file of a design's current revision."""
        with resource_errors():
            library.load(design_id)  # a design, not just a folder
            return _read(library.folder(design_id), name)

    return read


def _script_file(library: DesignLibrary, name: str) -> Callable[[str], bytes]:
    def read(run_id: str) -> bytes:
        """A file a run_script call wrote."""
        with resource_errors():
            return _read(library.script_folder(run_id), name)

    return read


def register_resources(server: MCPServer[Any], library: DesignLibrary) -> None:
    """Add the resources and resource templates to ``server``."""

    @server.resource(PLAN_LANGUAGE_URI, name="plan-language", mime_type="text/markdown")
    def plan_language_text() -> str:
        """How to write a plan for create_design: operations, fields, conventions, examples."""
        return plan_language()

    @server.resource(
        f"{DESIGN_SCHEME}://{{design_id}}/{REPORT_FILE}", name="design-report", mime_type="application/json"
    )
    def report(design_id: str) -> str:
        """A design's report: summary, plan, script, measurements, checks, costs, versions."""
        with resource_errors():
            library.load(design_id)
            return _read(library.folder(design_id), REPORT_FILE).decode("utf-8")

    @server.resource(
        f"{DESIGN_SCHEME}://{{design_id}}/preview_{{view}}.png", name="design-preview", mime_type="image/png"
    )
    def design_preview(design_id: str, view: str) -> bytes:
        """A rendered view of a design (iso, top, front, right, bottom or section)."""
        return _design_file(library, _preview_name(view))(design_id)

    @server.resource(
        f"{SCRIPT_SCHEME}://{{run_id}}/preview_{{view}}.png", name="script-preview", mime_type="image/png"
    )
    def script_preview(run_id: str, view: str) -> bytes:
        """A rendered view of a script run's shape."""
        return _script_file(library, _preview_name(view))(run_id)

    kinds = (
        (f"{DESIGN_SCHEME}://{{design_id}}", _design_file, {**MODEL_FILES, SCRIPT_FILE: "text/x-python"}),
        (f"{SCRIPT_SCHEME}://{{run_id}}", _script_file, MODEL_FILES),
    )
    for base, reader, files in kinds:
        for name, mime in files.items():
            server.resource(f"{base}/{name}", name=f"{base.split(':')[0]}-{name}", mime_type=mime)(
                reader(library, name)
            )


def _preview_name(view: str) -> str:
    if view not in PREVIEW_VIEWS:
        raise ResourceNotFoundError(
            f"There is no '{view}' view.\n  → Choose from {', '.join(PREVIEW_VIEWS)}."
        )
    return f"preview_{view}.png"
