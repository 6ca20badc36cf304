"""Move finished files into the output folder without ever exposing half-written ones.

Each file is first renamed (or, across file systems, copied) to a hidden
temporary name in the destination folder, then atomically renamed to its
final name, so readers see either the old file or the complete new one.
"""

from __future__ import annotations

import contextlib
import errno
import shutil
import uuid
from pathlib import Path


def publish_file(source: Path, destination: Path) -> Path:
    """Atomically place ``source`` at ``destination`` (same or another file system)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = destination.with_name(f".{destination.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        try:
            source.replace(staging)
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            shutil.copyfile(source, staging)
        staging.replace(destination)
    except BaseException:
        with contextlib.suppress(OSError):
            staging.unlink()
        raise
    return destination


def publish_all(files: dict[str, str], source_dir: Path, out_dir: Path) -> dict[str, str]:
    """Publish ``{kind: file name in source_dir}``; return ``{kind: absolute path in out_dir}``."""
    out_dir = out_dir.expanduser().resolve()
    published: dict[str, str] = {}
    for kind, name in files.items():
        source = source_dir / Path(name).name  # names only: never follow a path out of the job folder
        published[kind] = str(publish_file(source, out_dir / source.name))
    return published
