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
# FreeCAD's console progress: "Recompute......", "(50 %)" markers with the tabs and carriage
# returns around them, and tab runs that end in a carriage return (a progress line redrawn).
# Read as tokens, each character once: a regular expression that looks for the markers from
# every tab of a long run takes time quadratic in the run, and a job chooses its output.
_PROGRESS = re.compile(
    r"(?P<word>(?:Recompute|saving|Postprocessing)\.{3,}\n?)|(?P<run>[\t\r]+)|(?P<mark>\(\s*\d+ %\))"
)


def _redrawn_from(run: str) -> int:
    """Where the redrawn part of a run of tabs and carriage returns starts (its length if none)."""
    tab_cr = run.find("\t\r")
    return len(run) if tab_cr < 0 else run.rfind("\r", 0, tab_cr) + 1


def _drop_progress(text: str) -> str:
    kept: list[str] = []
    position = 0
    after_mark = False  # the run right after a marker goes with it
    tokens = list(_PROGRESS.finditer(text))
    for index, token in enumerate(tokens):
        gap = text[position : token.start()]
        kept.append(gap)
        after_mark = after_mark and not gap
        position = token.end()
        if token.lastgroup == "run":
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            before_mark = (
                following is not None and following.lastgroup == "mark" and following.start() == position
            )
            if not (after_mark or before_mark):
                kept.append(token.group()[: _redrawn_from(token.group())])
            after_mark = False
        else:
            after_mark = token.lastgroup == "mark"
    kept.append(text[position:])
    return "".join(kept)


def clean_output(text: str) -> str:
    """Remove FreeCAD progress indicators, escape sequences and control characters."""
    return strip_controls(_drop_progress(text))


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
