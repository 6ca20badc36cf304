"""Bounded capture of a worker's stdout or stderr on a reader thread.

Output before the job starts (FreeCAD's start-up chatter) is dropped once the
worker prints its start marker; only a short tail of it is kept to explain a
worker that dies during start-up. Job output keeps its first and last halves
of ``limit`` bytes; what is in between is counted and flagged as truncated.
"""

from __future__ import annotations

import re
import threading
from typing import IO

_STARTUP_TAIL = 4096
_CHUNK = 65536
# FreeCAD's console progress ("Recompute......", "\t\t(50 %)") and ANSI colours from OCC.
_NOISE = re.compile(r"Recompute\.{3,}\n?|[\t\r]*\(\s*\d+ %\)[\t\r]*|\t+\r[\t\r]*|\x1b\[[0-9;]*m")


def clean_output(text: str) -> str:
    """Remove FreeCAD progress indicators and terminal colour codes."""
    return _NOISE.sub("", text)


class OutputCapture:
    """Reads a binary stream to its end, keeping at most ``limit`` bytes of job output."""

    def __init__(self, stream: IO[bytes], limit: int, marker: bytes) -> None:
        self._stream = stream
        self._marker = marker
        self._head_limit = limit // 2
        self._tail_limit = limit - self._head_limit
        self._lock = threading.Lock()
        self._pending = b""
        self._started = False
        self._head = bytearray()
        self._tail = bytearray()
        self._total = 0
        self._thread = threading.Thread(target=self._read, name="freecad-output", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        read = getattr(self._stream, "read1", self._stream.read)
        try:
            while chunk := read(_CHUNK):
                self._feed(chunk)
        except (OSError, ValueError):  # the stream was closed under us
            return

    def _feed(self, data: bytes) -> None:
        with self._lock:
            if not self._started:
                self._pending += data
                index = self._pending.find(self._marker)
                if index < 0:
                    self._pending = self._pending[-_STARTUP_TAIL:]
                    return
                data = self._pending[index + len(self._marker) :]
                self._pending = b""
                self._started = True
            self._total += len(data)
            room = self._head_limit - len(self._head)
            if room > 0:
                self._head += data[:room]
                data = data[room:]
            if data:
                self._tail += data
                del self._tail[: max(0, len(self._tail) - self._tail_limit)]

    def join(self, timeout: float) -> None:
        """Wait for the stream to end (the process exited and its pipe closed)."""
        self._thread.join(timeout)

    def startup_tail(self) -> str:
        """The last output before the job started (to explain start-up failures)."""
        with self._lock:
            return clean_output(self._pending.decode("utf-8", "replace"))

    def text(self) -> tuple[str, bool]:
        """The captured job output and whether some of it was dropped."""
        with self._lock:
            kept = len(self._head) + len(self._tail)
            dropped = self._total - kept
            raw = bytes(self._head)
            if dropped:
                raw += f"\n... [{dropped} bytes truncated] ...\n".encode()
            raw += bytes(self._tail)
        return clean_output(raw.decode("utf-8", "replace")), dropped > 0
