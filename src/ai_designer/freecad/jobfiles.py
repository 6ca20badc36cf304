"""Files in a worker's folder are untrusted bytes: open them without following links, capped.

A worker could leave a symbolic link to ``/proc/self/environ`` or to any file,
a hard link, a FIFO that blocks a reader, a device, or a file of any size, and
it could swap a folder for a link between two looks. So every path is walked
one name at a time from a directory descriptor with ``O_NOFOLLOW``, only
regular files with a single link are read, sizes are capped while reading,
files are copied (never renamed out of the folder), and JSON is parsed with a
size cap and every error turned into :class:`JobFileError`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ai_designer.errors import FreeCADExecutionError
from ai_designer.freecad.protocol import refuse_constant

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_CHUNK = 1 << 20
_MAX_LISTED = 256


class JobFileError(FreeCADExecutionError):
    """A file a worker left is not what the engine accepts (a link, too large, unreadable...)."""

    default_hint = "The job's output was refused and nothing of it was kept; the model process misbehaved."


def _check_name(name: str) -> None:
    if not name or name in (".", "..") or "/" in name or "\x00" in name:
        raise JobFileError(f"The job file name {name!r} is not a plain name.", error_kind="crash")


def open_dir(path: Path | int, *names: str) -> int:
    """A descriptor of ``path/names...``, opened one name at a time without following links.

    ``path`` may be a folder's descriptor (which stays open: the result is a new one).
    """
    fd = os.open(path, _DIR_FLAGS) if isinstance(path, Path) else os.open(".", _DIR_FLAGS, dir_fd=path)
    try:
        for name in names:
            _check_name(name)
            try:
                child = os.open(name, _DIR_FLAGS, dir_fd=fd)
            except OSError as exc:
                raise JobFileError(
                    f"The job folder {name!r} is missing or not a plain folder: {exc.strerror}",
                    error_kind="crash",
                ) from exc
            os.close(fd)
            fd = child
    except BaseException:
        os.close(fd)
        raise
    return fd


def _open_regular(dir_fd: int, name: str) -> tuple[int, int]:
    """A descriptor of a regular, singly linked file in ``dir_fd`` and its size."""
    _check_name(name)
    try:
        fd = os.open(name, _FILE_FLAGS, dir_fd=dir_fd)
    except OSError as exc:
        raise JobFileError(
            f"The job file {name!r} cannot be opened as a plain file ({exc.strerror}); links are refused.",
            error_kind="crash",
        ) from exc
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
        os.close(fd)
        raise JobFileError(
            f"The job file {name!r} is not a regular file with a single link.", error_kind="crash"
        )
    return fd, info.st_size


def _chunks(fd: int, name: str, limit: int) -> Iterator[bytes]:
    total = 0
    while chunk := os.read(fd, _CHUNK):
        total += len(chunk)
        if total > limit:
            raise JobFileError(f"The job file {name!r} is larger than {limit} bytes.", error_kind="crash")
        yield chunk


def read_bytes(dir_fd: int, name: str, limit: int) -> bytes:
    """The content of a regular file in ``dir_fd``, at most ``limit`` bytes."""
    fd, _size = _open_regular(dir_fd, name)
    try:
        return b"".join(_chunks(fd, name, limit))
    finally:
        os.close(fd)


def read_json(dir_fd: int, name: str, limit: int) -> Any:
    """Parse a JSON file of at most ``limit`` bytes; every problem is a :class:`JobFileError`."""
    data = read_bytes(dir_fd, name, limit)
    try:
        return json.loads(data.decode("utf-8"), parse_constant=refuse_constant)
    except (ValueError, RecursionError) as exc:
        raise JobFileError(f"The job file {name!r} is not readable JSON: {exc}", error_kind="crash") from exc


def copy_file(dir_fd: int, name: str, target_dir_fd: int, target_name: str, limit: int) -> int:
    """Copy a regular file into another folder as a new file (never over one); bytes copied."""
    source, _size = _open_regular(dir_fd, name)
    try:
        target = os.open(target_name, _CREATE_FLAGS, 0o644, dir_fd=target_dir_fd)
        try:
            copied = 0
            for chunk in _chunks(source, name, limit):
                view = memoryview(chunk)
                while view:
                    view = view[os.write(target, view) :]
                copied += len(chunk)
        except BaseException:
            os.close(target)
            with contextlib.suppress(OSError):
                os.unlink(target_name, dir_fd=target_dir_fd)
            raise
        os.close(target)
        return copied
    finally:
        os.close(source)


def list_names(dir_fd: int, pattern: re.Pattern[str], max_count: int) -> list[str]:
    """The names in ``dir_fd`` matching ``pattern`` (others are ignored), sorted; at most ``max_count``."""
    found: list[str] = []
    seen = 0
    with os.scandir(dir_fd) as entries:
        for entry in entries:
            seen += 1
            if seen > _MAX_LISTED:
                raise JobFileError(
                    f"The job folder holds more than {_MAX_LISTED} entries.", error_kind="crash"
                )
            if pattern.fullmatch(entry.name):
                found.append(entry.name)
    if len(found) > max_count:
        raise JobFileError(f"The job left more than {max_count} files.", error_kind="crash")
    return sorted(found)
