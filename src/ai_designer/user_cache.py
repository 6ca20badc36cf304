"""Where ai-designer keeps what it can rebuild: ``$XDG_CACHE_HOME/ai-designer`` (``~/.cache/ai-designer``)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """The folder of ai-designer's caches (XDG: a relative ``XDG_CACHE_HOME`` is ignored)."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "ai-designer"
