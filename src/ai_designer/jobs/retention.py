"""Retention: design folders written by a server (``OUTPUT_DIR/<id>/``) are removed after a while.

Only folders that look like a server's designs are touched: a 12-hex-digit name holding a
``state.json``, unchanged for ``OUTPUT_RETENTION_S`` seconds. Folders the CLI wrote
elsewhere, or under other names, are never removed.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

from ai_designer.logging import get_logger

log = get_logger(__name__)

SERVER_DESIGN_NAME = re.compile(r"[0-9a-f]{12}")


def remove_old_designs(root: Path, older_than_s: float) -> list[str]:
    """Delete the old design folders under ``root``; their names."""
    if not root.is_dir():
        return []
    limit = time.time() - older_than_s
    removed: list[str] = []
    for folder in root.iterdir():
        state = folder / "state.json"
        if (
            SERVER_DESIGN_NAME.fullmatch(folder.name)
            and not folder.is_symlink()
            and state.is_file()
            and state.stat().st_mtime < limit
        ):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    if removed:
        log.info("old_designs_removed", count=len(removed))
    return removed
