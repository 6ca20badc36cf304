"""The private folder and the exact environment of a FreeCAD worker.

The environment is built, not filtered: a fixed PATH, HOME and TMPDIR inside
the worker's own folder, LANG=C.UTF-8, the worker protocol's two variables, a
few fixed Python and threading settings, and LD_LIBRARY_PATH when the service
has one (some FreeCAD installs need it). Nothing else of the service's
environment (keys, tokens, service URLs, locale variables) reaches a worker.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path, PurePosixPath

from ai_designer.freecad.worker.main import (
    CONTROL_FD_VARIABLE,
    PRIVATE_DIR_PREFIX,
    ROLE_VARIABLE,
)

SUBFOLDERS = ("tmp", "in", "out")
SANDBOX_PATH = "/usr/bin:/bin"

_FIXED = {
    "LANG": "C.UTF-8",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONNOUSERSITE": "1",
    "PYTHONIOENCODING": "utf-8",
    "PYTHONUNBUFFERED": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MALLOC_ARENA_MAX": "2",
}


def make_private_dir(parent: Path | None = None, owner: int | None = None) -> Path:
    """A fresh folder (mode 0700) with tmp/ in/ out/ inside, owned by ``owner`` when given."""
    root = Path(tempfile.mkdtemp(prefix=PRIVATE_DIR_PREFIX, dir=parent))
    for name in SUBFOLDERS:
        (root / name).mkdir(mode=0o700)
    if owner is not None:
        for path in (root, *(root / name for name in SUBFOLDERS)):
            os.chown(path, owner, owner)
    return root


def worker_environment(
    home: str, control_fd: int, role: str, library_path: str | None = None
) -> dict[str, str]:
    """The whole environment of a worker whose private folder is ``home`` (as the worker sees it)."""
    env = dict(_FIXED)
    env.update(
        {
            "PATH": SANDBOX_PATH,
            "HOME": home,
            "FREECAD_USER_HOME": home,
            "TMPDIR": str(PurePosixPath(home) / "tmp"),
            CONTROL_FD_VARIABLE: str(control_fd),
            ROLE_VARIABLE: role,
        }
    )
    if library_path:
        env["LD_LIBRARY_PATH"] = library_path
    return env
