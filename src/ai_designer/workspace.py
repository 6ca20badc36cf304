"""A design on disk: one folder holding the current revision's files and the earlier ones.

Layout::

    DIR/state.json            the DesignState (what `refine`, `show`, `export` read)
    DIR/report.json           the report: summary, plan, script, execution, validation, costs
    DIR/model.py              the generated FreeCAD script (runs on its own: freecadcmd model.py)
    DIR/model.FCStd|step|stl|brep, DIR/preview_*.png
    DIR/revisions/N/          every revision's own files (kept when a later one lands)

Every file is written to a temporary name and renamed, so an interruption never leaves a
half-written file; the top-level files change only when a revision succeeds.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ai_designer.errors import StateError
from ai_designer.orchestration.report import build_report
from ai_designer.schemas.design import DesignState, DesignStatus

STATE_FILE = "state.json"
REPORT_FILE = "report.json"
SCRIPT_FILE = "model.py"
REVISIONS_DIR = "revisions"
#: Bookkeeping files of a design folder besides the model files.
OWN_FILES = frozenset({STATE_FILE, REPORT_FILE, ".checkpoints.sqlite", ".run.json"})


def is_model_file(name: str) -> bool:
    """True for the files a revision produces: model.* and preview_*.png."""
    return name.startswith("model.") or (name.startswith("preview_") and name.endswith(".png"))


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode) as fh:
            fh.write(data)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class DesignWorkspace:
    """Reads and writes one design folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def state_path(self) -> Path:
        return self.root / STATE_FILE

    def is_design(self) -> bool:
        """True when the folder holds a design made by ai-designer."""
        return self.state_path.is_file()

    def check_writable(self) -> None:
        """Fail early, with a clear message, when the folder cannot be written."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.root, prefix=".probe-"):
                pass
        except OSError as exc:
            raise StateError(
                f"Cannot write to {self.root}: {exc.strerror or exc}.",
                hint="Choose another --out folder, or fix its permissions.",
                path=str(self.root),
            ) from exc

    def load(self) -> DesignState:
        """The design's state; StateError when the folder is not a design or the state is damaged."""
        if not self.root.is_dir():
            raise StateError(f"{self.root} does not exist.", hint="Give the folder a design was written to.")
        if not self.is_design():
            raise StateError(
                f"{self.root} is not an ai-designer design (no {STATE_FILE}).",
                hint="Give the folder passed to `ai-designer design --out`.",
            )
        try:
            return DesignState.model_validate_json(self.state_path.read_text(encoding="utf-8"))
        except (ValidationError, ValueError) as exc:
            raise StateError(
                f"{self.state_path} is damaged: {str(exc).splitlines()[0]}",
                hint="Restore it from revisions/ or start a new design.",
            ) from exc

    def revision_dir(self, number: int) -> Path:
        return self.root / REVISIONS_DIR / str(number)

    def save(self, state: DesignState, report: dict[str, Any]) -> None:
        """Write the revision's script, then promote its files if it succeeded, then state and report.

        A failed revision leaves the top-level model files of the last good revision in place.
        """
        rev = self.revision_dir(state.revision)
        rev.mkdir(parents=True, exist_ok=True)
        report_text = json.dumps(report, indent=2, default=str)
        if state.generated_script:
            atomic_write(rev / SCRIPT_FILE, state.generated_script)
        atomic_write(rev / REPORT_FILE, report_text)
        if state.status == DesignStatus.COMPLETED:
            self._promote(rev)
        atomic_write(self.root / REPORT_FILE, report_text)
        atomic_write(self.state_path, state.model_dump_json(indent=2))

    def _promote(self, rev: Path) -> None:
        """Make the top-level model files exactly the revision's: copy its files, drop the others.

        Copies, not links: editing model.py at the top level must not change the kept revision.
        """
        names = {f.name for f in rev.iterdir() if f.is_file() and is_model_file(f.name)}
        for name in sorted(names):
            self.promote_file(rev / name)
        for stale in self.root.iterdir():
            if stale.is_file() and is_model_file(stale.name) and stale.name not in names:
                stale.unlink()

    def promote_file(self, src: Path) -> None:
        """Copy one revision file to the top level through a temporary name."""
        tmp = self.root / f".{src.name}.promote"
        shutil.copyfile(src, tmp)
        tmp.replace(self.root / src.name)

    def clear(self) -> None:
        """Remove everything ai-designer wrote here (for `design --force`); other files stay."""
        shutil.rmtree(self.root / REVISIONS_DIR, ignore_errors=True)
        for f in self.root.iterdir() if self.root.is_dir() else []:
            if f.is_file() and (is_model_file(f.name) or f.name in OWN_FILES):
                f.unlink()

    def undo(self) -> DesignState:
        """Go back to the revision before the current one that completed, as a new revision.

        Nothing is deleted: the undone revision stays under revisions/ and in the history.
        """
        current = self.load()
        for rev in reversed(current.history):
            if rev.status == DesignStatus.COMPLETED:
                break
        else:
            raise StateError("There is no earlier completed revision to go back to.", hint="")
        number = current.revision + 1
        restored = current.model_copy(
            update={
                "revision": number,
                "kind": "refine",
                "prompt": f"undo (back to revision {rev.number})",
                "task_graph": rev.task_graph,
                "plan_source": rev.plan_source,
                "generated_script": rev.script,
                "execution": rev.execution,
                "validation": rev.validation,
                "status": DesignStatus.COMPLETED,
                "error": None,
                "history": [*current.history, current.as_revision()],
            }
        )
        src, dst = self.revision_dir(rev.number), self.revision_dir(number)
        dst.mkdir(parents=True, exist_ok=True)
        for f in src.iterdir():
            if f.is_file():
                shutil.copy2(f, dst / f.name)
        self.save(restored, build_report(restored))
        return restored

    def artifact(self, name: str) -> Path:
        """Path of a top-level file; StateError when it does not exist."""
        path = self.root / name
        if not path.is_file():
            raise StateError(
                f"{path} does not exist.",
                hint="The design may not have completed, or that format was not exported "
                "(ai-designer export writes it on demand).",
            )
        return path
