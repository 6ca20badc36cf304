"""Exporting a design's model in one format, re-running its script when that format was not written."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ai_designer.agents.executor import ScriptRunner
from ai_designer.errors import FreeCADExecutionError, StateError
from ai_designer.schemas.design import DesignState, DesignStatus
from ai_designer.schemas.execution import EXPORT_FORMATS, PREVIEW_VIEWS
from ai_designer.workspace import DesignWorkspace

FILE_NAMES = {
    "fcstd": "model.FCStd",
    "step": "model.step",
    "stl": "model.stl",
    "glb": "model.glb",
    "brep": "model.brep",
}
MEDIA_TYPES = {
    "fcstd": "application/zip",
    "step": "model/step",
    "stl": "model/stl",
    "glb": "model/gltf-binary",
    "brep": "application/octet-stream",
    "png": "image/png",
}


def artifact_name(fmt: str, view: str = "iso") -> str:
    """The file name of a format in a design folder."""
    if fmt not in EXPORT_FORMATS:
        raise StateError(f"Unknown format '{fmt}'.", hint=f"Choose from {', '.join(EXPORT_FORMATS)}.")
    if fmt == "png":
        if view not in PREVIEW_VIEWS:
            raise StateError(f"Unknown view '{view}'.", hint=f"Choose from {', '.join(PREVIEW_VIEWS)}.")
        return f"preview_{view}.png"
    return FILE_NAMES[fmt]


def last_completed(state: DesignState) -> tuple[int, str]:
    """The number and script of the revision whose files are in the design folder."""
    if state.status == DesignStatus.COMPLETED and state.generated_script:
        return state.revision, state.generated_script
    for rev in reversed(state.history):
        if rev.status == DesignStatus.COMPLETED and rev.script:
            return rev.number, rev.script
    raise StateError(
        f"The design has no completed revision (the current one is {state.status.value}).",
        hint="Start a new design with `ai-designer design --force`, or look at the files under revisions/.",
    )


def existing_artifact(state: DesignState, folder: Path, fmt: str, view: str = "iso") -> Path | None:
    """The last completed revision's file in ``fmt``, if that revision wrote it."""
    number, _ = last_completed(state)
    path = DesignWorkspace(folder).revision_dir(number) / artifact_name(fmt, view)
    return path if path.is_file() else None


async def ensure_artifact(
    state: DesignState, folder: Path, fmt: str, runner: ScriptRunner, view: str = "iso"
) -> Path:
    """The last completed revision's file in ``fmt``, made from its script when it is missing.

    A file made on demand is kept with that revision and copied to the design folder's top level.
    """
    found = existing_artifact(state, folder, fmt, view)
    if found is not None:
        return found
    number, script = last_completed(state)
    workspace = DesignWorkspace(folder)
    name = artifact_name(fmt, view)
    with tempfile.TemporaryDirectory(prefix="ai-designer-export-") as tmp:
        result = await runner.arun(script, Path(tmp), {fmt}, {"request_id": state.design_id})
        made = Path(tmp) / name
        if not result.ok or not made.is_file():
            raise FreeCADExecutionError(f"Could not export {fmt}: {result.error or 'no file written'}.")
        kept = workspace.revision_dir(number) / name
        kept.parent.mkdir(parents=True, exist_ok=True)
        staged = kept.with_name(f".{name}.export")
        shutil.copyfile(made, staged)
        staged.replace(kept)
    workspace.promote_file(kept)
    return kept


def copy_to(src: Path, dst: Path) -> Path:
    """Copy through a temporary name next to ``dst``; a folder destination keeps the file name."""
    target = dst / src.name if dst.is_dir() else dst
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}.tmp")
    shutil.copyfile(src, staged)
    staged.replace(target)
    return target
