"""Copy finished files into the output folder without ever exposing half-written ones.

Each file is copied from the worker's folder (without following links, see
``jobfiles.py``) to a hidden temporary name in the destination folder, created
exclusively, then atomically renamed to its final name, so readers see either
the old file or the complete new one, and nothing in the worker's folder is
ever moved or followed.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

from ai_designer.freecad import jobfiles


def publish_file(source_dir_fd: int, name: str, destination: Path, limit: int) -> Path:
    """Atomically place a copy of ``name`` (in ``source_dir_fd``) at ``destination``."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = f".{destination.name}.{uuid.uuid4().hex[:8]}.part"
    target_fd = os.open(destination.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        jobfiles.copy_file(source_dir_fd, name, target_fd, staging, limit)
        try:
            os.replace(staging, destination.name, src_dir_fd=target_fd, dst_dir_fd=target_fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(staging, dir_fd=target_fd)
            raise
    finally:
        os.close(target_fd)
    return destination


def publish_all(files: dict[str, str], source_dir: Path, out_dir: Path, limit: int) -> dict[str, str]:
    """Publish ``{kind: file name in source_dir}``; return ``{kind: absolute path in out_dir}``."""
    out_dir = out_dir.expanduser().resolve()
    published: dict[str, str] = {}
    source_fd = jobfiles.open_dir(source_dir)
    try:
        for kind, name in files.items():
            plain = Path(name).name  # names only: never a path out of the job folder
            published[kind] = str(publish_file(source_fd, plain, out_dir / plain, limit))
    finally:
        os.close(source_fd)
    return published
