"""The private directory and the secret-free environment of a FreeCAD worker.

Only a whitelist of variables is passed on (PATH, locale, time zone and the
library path some FreeCAD installs need); HOME, TMPDIR and the XDG folders
point inside the worker's own temporary directory, so nothing the worker
writes lands in the user's home and no key, token or service URL reaches it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ai_designer.freecad.worker.main import PRIVATE_DIR_PREFIX

PASSED_VARIABLES = frozenset({"PATH", "LANG", "LANGUAGE", "TZ", "LD_LIBRARY_PATH"})
PASSED_PREFIXES = ("LC_",)
CONTROL_FD_VARIABLE = "AI_DESIGNER_WORKER_FD"

_FIXED = {
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONNOUSERSITE": "1",
    "PYTHONIOENCODING": "utf-8",
    "PYTHONUNBUFFERED": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MALLOC_ARENA_MAX": "2",
}


def make_private_dir(parent: Path | None = None) -> Path:
    """A fresh directory only the current user can read (mode 0700), with home/ tmp/ job/ inside."""
    root = Path(tempfile.mkdtemp(prefix=PRIVATE_DIR_PREFIX, dir=parent))
    for name in ("home", "tmp", "job"):
        (root / name).mkdir(mode=0o700)
    return root


def worker_environment(base: Mapping[str, str], private_dir: Path, control_fd: int) -> dict[str, str]:
    """The environment of a worker living in ``private_dir`` (see :func:`make_private_dir`)."""
    env = {k: v for k, v in base.items() if k in PASSED_VARIABLES or k.startswith(PASSED_PREFIXES)}
    env.setdefault("PATH", os.defpath)
    home, tmp = private_dir / "home", private_dir / "tmp"
    env.update(_FIXED)
    env.update(
        {
            "HOME": str(home),
            "FREECAD_USER_HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "TMPDIR": str(tmp),
            "TMP": str(tmp),
            "TEMP": str(tmp),
            CONTROL_FD_VARIABLE: str(control_fd),
        }
    )
    return env
