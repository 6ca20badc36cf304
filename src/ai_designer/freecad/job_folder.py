"""The untrusted model process's folder: a memory file system capped in bytes and in files.

RLIMIT_FSIZE caps one file only; a script writing many files could still fill
the host's disk. So under bubblewrap the model process's folder (``/job``) is
not a host folder but a tmpfs of :attr:`FolderLimits.max_bytes` made inside the
sandbox: the kernel refuses every byte beyond it (ENOSPC), and nothing the job
writes reaches the host's disk. A tmpfs has no file-count cap bubblewrap can
set, so the parent watches the count (``statvfs``, one system call) while the
job runs and kills the job past :attr:`FolderLimits.max_files`, and does the
same when the folder is full.

The parent reaches that folder through a descriptor it opens, before the job
starts, through ``/proc/<pid>/root`` of a process of the sandbox. The
descriptor keeps the file system alive after the sandbox is gone, so the
model's documents are copied out of it as before (``jobfiles.py``), and
closing it frees the memory.

In the weaker ``landlock`` mode there is no sandbox to make a tmpfs in: the
folder is on the host's disk, and the parent walks it a few times a second
(:func:`tree_overflow`) and kills the job past either limit. That bounds what a
job can write, but only to the limit plus what it writes between two looks.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC
_MIB = 1 << 20
#: room for bubblewrap's own entries and FreeCAD's start-up files on top of the job's bytes
SLACK_BYTES = _MIB


class FolderLimits(BaseModel):
    """How much one job's folder may hold."""

    model_config = ConfigDict(frozen=True)

    max_bytes: int = Field(gt=0)
    max_files: int = Field(gt=0)

    @property
    def tmpfs_bytes(self) -> int:
        """The size of the tmpfs: the byte limit plus a little slack, so that full means over."""
        return self.max_bytes + SLACK_BYTES


def open_sandbox_folder(pids: list[int], inside: str) -> int | None:
    """A descriptor of ``inside`` as the first process in ``pids`` with a mount namespace of its
    own sees it; None when none is reachable."""
    own = Path("/proc/self/ns/mnt").readlink()
    for pid in pids:
        with contextlib.suppress(OSError):
            if Path(f"/proc/{pid}/ns/mnt").readlink() != own:
                return os.open(f"/proc/{pid}/root{inside}", _DIR_FLAGS)
    return None


def _files_message(limits: FolderLimits) -> str:
    return f"The job made more than {limits.max_files} files and folders in its folder and was stopped."


def _bytes_message(limits: FolderLimits) -> str:
    return f"The job wrote more than {limits.max_bytes / _MIB:g} MiB into its folder and was stopped."


def overflow(folder_fd: int, limits: FolderLimits) -> str | None:
    """Why the folder broke its limits (too many files, or full), or None while it keeps them."""
    try:
        info = os.fstatvfs(folder_fd)
    except OSError:
        return None
    if info.f_files - info.f_ffree > limits.max_files:
        return _files_message(limits)
    if (info.f_blocks - info.f_bfree) * info.f_frsize > limits.max_bytes:
        return _bytes_message(limits)
    return None


def tree_overflow(folder: Path, limits: FolderLimits) -> str | None:
    """:func:`overflow` for a folder on a shared file system: walk it without following links,
    count its entries and the bytes they occupy, and stop as soon as a limit is passed."""
    files = used = 0
    pending = [str(folder)]
    while pending:
        path = pending.pop()
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    files += 1
                    with contextlib.suppress(OSError):
                        used += entry.stat(follow_symlinks=False).st_blocks * 512
                        if entry.is_dir(follow_symlinks=False):
                            pending.append(entry.path)
                    if files > limits.max_files:
                        return _files_message(limits)
                    if used > limits.max_bytes:
                        return _bytes_message(limits)
        except OSError:  # gone meanwhile, or a path too long to name: its entries were counted
            continue
    return None
