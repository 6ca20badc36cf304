"""The list of recent designs behind `ai-designer history` (one JSON line per run)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ai_designer.schemas.design import DesignState


class HistoryEntry(BaseModel):
    """One design run."""

    design_id: str
    revision: int
    kind: str
    request: str
    status: str
    folder: str
    finished_at: datetime


def record(history_file: Path, state: DesignState, folder: Path) -> None:
    """Append a line for this run; a history that cannot be written never fails a design."""
    entry = HistoryEntry(
        design_id=state.design_id,
        revision=state.revision,
        kind=state.kind,
        request=state.prompt,
        status=state.status.value,
        folder=str(folder.resolve()),
        finished_at=state.updated_at,
    )
    try:
        history_file.parent.mkdir(parents=True, exist_ok=True)
        with history_file.open("a", encoding="utf-8") as fh:
            fh.write(entry.model_dump_json() + "\n")
    except OSError:
        return


def recent(history_file: Path, limit: int = 20) -> list[HistoryEntry]:
    """The last ``limit`` runs, newest first; damaged lines are skipped."""
    if not history_file.is_file():
        return []
    entries: list[HistoryEntry] = []
    for line in history_file.read_text(encoding="utf-8").splitlines():
        try:
            entries.append(HistoryEntry.model_validate(json.loads(line)))
        except (ValueError, ValidationError):
            continue
    return list(reversed(entries))[:limit]
