"""One ``freecadcmd`` worker process: spawn, wait until ready, hand it a job, kill it.

The process runs in its own session (so the whole group can be killed), in a
private directory with a secret-free environment, and reports over a control
pipe (see ``worker/main.py`` for the protocol). A process runs one job only.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

from ai_designer.errors import FreeCADConnectionError
from ai_designer.freecad.capture import OutputCapture
from ai_designer.freecad.sandbox_env import make_private_dir, worker_environment
from ai_designer.freecad.worker.main import OUTPUT_MARKER

WORKER_PACKAGE_DIR = Path(__file__).resolve().parent / "worker"
_BOOTSTRAP = """\
import importlib.util, sys
_spec = importlib.util.spec_from_file_location(
    "ai_designer_worker", {init!r}, submodule_search_locations=[{package!r}])
_module = importlib.util.module_from_spec(_spec)
sys.modules["ai_designer_worker"] = _module
_spec.loader.exec_module(_module)
import ai_designer_worker.main
ai_designer_worker.main.main()
"""


class WorkerLostError(FreeCADConnectionError):
    """The worker died or stopped answering before it accepted a job."""


class WorkerProcess:
    """A started ``freecadcmd`` worker and its pipes, captures and private directory."""

    def __init__(
        self,
        executable: Path,
        output_limit_bytes: int,
        base_env: dict[str, str],
        work_root: Path | None = None,
    ) -> None:
        self.private_dir = make_private_dir(work_root)
        self.job_dir = self.private_dir / "job"
        self.started = time.monotonic()
        self.ready_info: dict[str, Any] = {}
        self.startup_s: float | None = None
        self.killed_reason: str | None = None
        self._buffer = b""
        self._eof = False
        read_fd, write_fd = os.pipe()
        bootstrap = _BOOTSTRAP.format(
            init=str(WORKER_PACKAGE_DIR / "__init__.py"), package=str(WORKER_PACKAGE_DIR)
        )
        try:
            self.process = subprocess.Popen(
                [str(executable), "-c", bootstrap],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=self.private_dir,
                env=worker_environment(base_env, self.private_dir, write_fd),
                start_new_session=True,
                pass_fds=(write_fd,),
            )
        except OSError as exc:
            os.close(read_fd)
            shutil.rmtree(self.private_dir, ignore_errors=True)
            raise FreeCADConnectionError(
                f"Could not start {executable}: {exc}", executable=str(executable)
            ) from exc
        finally:
            os.close(write_fd)
        self._control = read_fd
        assert self.process.stdout is not None and self.process.stderr is not None
        self.stdout = OutputCapture(self.process.stdout, output_limit_bytes, OUTPUT_MARKER)
        self.stderr = OutputCapture(self.process.stderr, output_limit_bytes, OUTPUT_MARKER)

    @property
    def pid(self) -> int:
        """Process id (also the process group id)."""
        return self.process.pid

    def alive(self) -> bool:
        """True while the process runs."""
        return self.process.poll() is None

    def _message(self, deadline: float) -> dict[str, Any] | None:
        """The next control message; None on end of pipe or when the deadline passes."""
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            readable, _, _ = select.select([self._control], [], [], remaining)
            if not readable:
                return None
            chunk = os.read(self._control, 4096)
            if not chunk:
                self._eof = True
                return None
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        message: dict[str, Any] = json.loads(line)
        return message

    def _lost(self, what: str) -> WorkerLostError:
        tail = self.stderr.startup_tail().strip()[-800:] if not self.alive() else ""
        detail = f" (exit code {self.process.returncode})" if not self.alive() else ""
        return WorkerLostError(
            f"The FreeCAD worker {what}{detail}." + (f" Its last output:\n{tail}" if tail else ""),
            pid=self.pid,
        )

    def wait_ready(self, timeout_s: float) -> None:
        """Block until the worker has imported FreeCAD; raise WorkerLostError otherwise."""
        message = self._message(time.monotonic() + timeout_s)
        if not message or message.get("event") != "ready":
            self.kill("startup")
            raise self._lost(f"did not become ready within {timeout_s:.0f} s")
        self.ready_info = message
        self.startup_s = time.monotonic() - self.started

    def submit(self, job: dict[str, Any], timeout_s: float) -> None:
        """Send the job and wait until the worker accepted it; raise WorkerLostError otherwise."""
        assert self.process.stdin is not None
        try:
            self.process.stdin.write((json.dumps(job) + "\n").encode("utf-8"))
            self.process.stdin.close()
        except OSError as exc:
            raise self._lost("was gone before it got the job") from exc
        message = self._message(time.monotonic() + timeout_s)
        if not message or message.get("event") != "accepted":
            raise self._lost("did not accept the job")

    def wait_finished(self, timeout_s: float) -> bool:
        """Wait until the worker reports the job done or exits (True), or the timeout passes (False).

        Reading the control pipe wakes up at once, unlike polling the process.
        """
        deadline = time.monotonic() + timeout_s
        while True:
            message = self._message(deadline)
            if message is None:
                return self._eof
            if message.get("event") == "done":
                return True

    def wait(self, timeout_s: float) -> int | None:
        """Wait for the process to exit; its return code, or None if it is still running."""
        try:
            return self.process.wait(timeout=max(timeout_s, 0.0))
        except subprocess.TimeoutExpired:
            return None

    def kill(self, reason: str) -> None:
        """Kill the whole process group (idempotent); ``reason`` is kept for the report."""
        if self.killed_reason is None and self.alive():
            self.killed_reason = reason
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def dispose(self) -> None:
        """Kill if needed, reap, close the pipes and delete the private directory."""
        if self.alive():
            self.kill("disposed")
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        self.stdout.join(2)
        self.stderr.join(2)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        with contextlib.suppress(OSError):
            os.close(self._control)
        shutil.rmtree(self.private_dir, ignore_errors=True)
