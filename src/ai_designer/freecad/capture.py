"""Bounded capture of a worker's stdout or stderr on a reader thread.

The reader owns its pipe: it reads with ``os.read`` until end of file and then
closes it, so nothing else ever closes a pipe a thread is blocked on. Output
before the job starts (FreeCAD's start-up chatter) is dropped once the worker
prints its start marker; only a short tail of it is kept to explain a worker
that dies during start-up. Job output keeps its first and last halves of
``limit`` bytes; what is in between is counted and flagged as truncated.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading

from ai_designer.freecad.text import strip_controls

_STARTUP_TAIL = 4096
_CHUNK = 65536
# FreeCAD's console progress ("Recompute......", "\t\t(50 %)").
_NOISE = re.compile(r"(?:Recompute|saving|Postprocessing)\.{3,}\n?|[\t\r]*\(\s*\d+ %\)[\t\r]*|\t+\r[\t\r]*")


def clean_output(text: str) -> str:
    """Remove FreeCAD progress indicators, escape sequences and control characters."""
    return strip_controls(_NOISE.sub("", text))


class OutputCapture:
    """Reads a pipe to its end, keeping at most ``limit`` bytes of job output."""

    def __init__(self, fd: int, limit: int, marker: bytes) -> None:
        self._fd = fd
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
        try:
            while chunk := os.read(self._fd, _CHUNK):
                self._feed(chunk)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                os.close(self._fd)

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
        """Wait for the stream to end (every process holding the pipe has exited)."""
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
