"""A design on disk: one folder holding the current revision's files and the earlier ones.

Layout::

    DIR/state.json            the DesignState (what `refine`, `show`, `export` read)
    DIR/report.json           the report of the revision whose model files are at the top level
    DIR/model.py              the generated FreeCAD script (`freecadcmd model.py` rebuilds and saves it)
    DIR/model.FCStd|step|stl|brep, DIR/preview_*.png
    DIR/revisions/N/          every revision's own files and report (kept when a later one lands)

Every file is written to a temporary name and renamed, so an interruption never leaves a
half-written file; the top-level files change only when a revision succeeds. A folder that
holds other people's files is never written into, and `design --force` builds the new design
beside the old one and swaps them only once the new one has succeeded.
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
_CHECKPOINT_PREFIX = ".checkpoints.sqlite"  # and SQLite's -wal, -shm and -journal beside it
#: Appended to the model.py written to disk (never to the script the sandbox runs): run on its
#: own with freecadcmd, the script saves what it built.
STANDALONE_FOOTER = """

# --- run on its own (`freecadcmd model.py`), save the part beside this script
# (ai-designer runs the script without these lines; in FreeCAD's GUI, save it yourself)
if not App.GuiUp:
    import os

    _saved = os.path.splitext(os.path.abspath(__file__))[0] + '.FCStd'
    doc.saveAs(_saved)
    print('saved', _saved)
"""


def _file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_FILE_MODE = _file_mode()


def is_own_file(name: str) -> bool:
    """True for a design folder's bookkeeping files (state, report, checkpoints, run marker)."""
    return name in OWN_FILES or name.startswith(_CHECKPOINT_PREFIX)


def is_model_file(name: str) -> bool:
    """True for the files a revision produces: model.* and preview_*.png."""
    return name.startswith("model.") or (name.startswith("preview_") and name.endswith(".png"))


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    The file gets the usual permissions (0644 under the common umask), like the model files.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode) as fh:
            fh.write(data)
        Path(tmp).chmod(_FILE_MODE)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def last_completed_revision(state: DesignState) -> int | None:
    """The number of the newest revision that completed (the current one included)."""
    if state.status == DesignStatus.COMPLETED:
        return state.revision
    done = [r.number for r in state.history if r.status == DesignStatus.COMPLETED]
    return done[-1] if done else None


def relocated(state: DesignState, old: Path, new: Path) -> DesignState:
    """``state`` with its folder and file paths moved from ``old`` to ``new``."""
    before, after = str(old.resolve()), str(new.resolve())

    def move(path: str) -> str:
        return after + path[len(before) :] if path.startswith(before) else path

    update: dict[str, Any] = {"output_dir": after}
    if state.execution is not None:
        artifacts = {kind: move(path) for kind, path in state.execution.artifacts.items()}
        update["execution"] = state.execution.model_copy(update={"artifacts": artifacts})
    return state.model_copy(update=update)


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

    def foreign_entries(self) -> list[str]:
        """Names in the folder that ai-designer did not write (sorted)."""
        if not self.root.is_dir():
            return []
        return sorted(
            p.name
            for p in self.root.iterdir()
            if not is_own_file(p.name)
            and p.name != REVISIONS_DIR
            and not is_model_file(p.name)
            and not p.name.startswith(".replacement-")
        )

    def check_new_design_folder(self) -> None:
        """Refuse to start a design in a folder that holds someone else's files."""
        foreign = self.foreign_entries()
        if foreign and not self.is_design():
            shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
            raise StateError(
                f"{self.root} is not empty ({shown}) and holds no design; "
                "the design's files would be mixed with yours.",
                hint=f"Choose a new or empty folder, e.g. --out {self.root / 'part'}.",
            )

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
        """Write the revision's script and report, promote its files if it succeeded, then state and
        the top-level report.

        A revision that did not complete leaves the top-level model files of the last good one in
        place, and the top-level report keeps describing those files (its ``latest_attempt`` says
        where the newer attempt is).
        """
        rev = self.revision_dir(state.revision)
        rev.mkdir(parents=True, exist_ok=True)
        report_text = json.dumps(report, indent=2, default=str)
        if state.generated_script:
            atomic_write(rev / SCRIPT_FILE, state.generated_script.rstrip("\n") + "\n" + STANDALONE_FOOTER)
        atomic_write(rev / REPORT_FILE, report_text)
        if state.status == DesignStatus.COMPLETED:
            self._promote(rev)
        atomic_write(self.root / REPORT_FILE, self._top_report(state, report, report_text))
        atomic_write(self.state_path, state.model_dump_json(indent=2))

    def _top_report(self, state: DesignState, report: dict[str, Any], report_text: str) -> str:
        good = last_completed_revision(state)
        kept = self.revision_dir(good) / REPORT_FILE if good is not None else None
        if good == state.revision or kept is None or not kept.is_file():
            return report_text
        top = json.loads(kept.read_text(encoding="utf-8"))
        top["revisions"] = report["revisions"]
        top["latest_attempt"] = {
            "revision": state.revision,
            "status": state.status.value,
            "request": state.prompt,
            "error": state.error.message if state.error else None,
            "report": f"{REVISIONS_DIR}/{state.revision}/{REPORT_FILE}",
        }
        return json.dumps(top, indent=2, default=str)

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

    def _own_entries(self) -> list[Path]:
        if not self.root.is_dir():
            return []
        return [
            p
            for p in self.root.iterdir()
            if is_own_file(p.name) or p.name == REVISIONS_DIR or (p.is_file() and is_model_file(p.name))
        ]

    def clear(self) -> None:
        """Remove everything ai-designer wrote here; other files stay."""
        for entry in self._own_entries():
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()

    def replacement(self, design_id: str) -> DesignWorkspace:
        """A folder inside this one where a design that will replace this one is built."""
        return DesignWorkspace(self.root / f".replacement-{design_id}")

    def replace_with(self, new: DesignWorkspace, state: DesignState) -> DesignState:
        """Make the completed design built in ``new`` this folder's design; returns its state here.

        The old design's files are moved aside first and deleted last, so at every moment the
        folder holds one whole design.
        """
        aside = self.root / f".replaced-{state.design_id}"
        aside.mkdir()
        for entry in self._own_entries():
            entry.replace(aside / entry.name)
        for entry in list(new.root.iterdir()):
            entry.replace(self.root / entry.name)
        new.root.rmdir()
        moved = relocated(state, new.root, self.root)
        self.save(moved, build_report(moved))
        shutil.rmtree(aside)
        return moved

    def move_to(self, target: Path, state: DesignState) -> tuple[DesignWorkspace, DesignState]:
        """Move this whole design folder to ``target`` (a new path); returns it and its state there."""
        self.root.replace(target)
        moved_ws = DesignWorkspace(target)
        moved = relocated(state, self.root, target)
        moved_ws.save(moved, build_report(moved))
        return moved_ws, moved

    def revert(self, to: int | None = None) -> DesignState:
        """Go back to revision ``to`` (default: the completed one before the current), as a new revision.

        Nothing is deleted: the undone revisions stay under revisions/ and in the history.
        """
        current = self.load()
        done = [r for r in current.history if r.status == DesignStatus.COMPLETED]
        if to is None:
            if not done:
                raise StateError(
                    "There is no earlier completed revision to go back to.",
                    hint="`ai-designer show DIR` lists the revisions.",
                )
            rev = done[-1]
        else:
            found = [r for r in current.history if r.number == to]
            if not found or found[0].status != DesignStatus.COMPLETED:
                numbers = ", ".join(str(r.number) for r in done) or "none"
                raise StateError(
                    f"Revision {to} is not an earlier completed revision of this design.",
                    hint=f"Completed earlier revisions: {numbers} (the current one is {current.revision}).",
                )
            rev = found[0]
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
            if f.is_file() and f.name != REPORT_FILE:
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
