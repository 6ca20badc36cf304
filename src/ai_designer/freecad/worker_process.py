"""One sandboxed ``freecadcmd`` worker: start it, wait until ready, hand it a job, stop it for good.

The process is started by :mod:`ai_designer.freecad.sandbox` (bubblewrap, its
own user id, a private folder and an exact environment) from the spawner
thread, in its own session, and reports over a control pipe (see
``worker/main.py``). A process runs one job only. Stopping it kills the whole
sandbox and, when it has a user id of its own, every process left with that id.
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

from ai_designer.errors import FreeCADConnectionError, FreeCADExecutionError
from ai_designer.freecad.capture import OutputCapture
from ai_designer.freecad.job_folder import FolderLimits, open_sandbox_folder, overflow, tree_overflow
from ai_designer.freecad.protocol import MAX_MESSAGE_BYTES, ProtocolError, parse_message
from ai_designer.freecad.sandbox import SANDBOX_HOME, SandboxMode, WorkerStage, worker_launch
from ai_designer.freecad.spawner import on_spawner_thread
from ai_designer.freecad.worker.main import OUTPUT_MARKER

_SWEEP_ROUNDS = 50
_WATCH_INTERVAL_S = 0.05  # how often a capped job folder is looked at while the job runs
_WALK_INTERVAL_S = 0.2  # how often a job folder on the host's disk is walked (landlock mode)
_EVENTS = frozenset({"ready", "accepted", "confined", "setup_failed", "done"})


def _remove_tree(path: Path) -> None:
    """Delete a worker's folder, however deep the job nested folders in it."""
    try:
        shutil.rmtree(path, ignore_errors=True)
    except RecursionError:
        subprocess.run(["/bin/rm", "-rf", "--one-file-system", str(path)], check=False)  # nosec B603


class WorkerLostError(FreeCADConnectionError):
    """The worker died or stopped answering before it accepted a job."""


def _job_processes(root: int, uid: int | None) -> list[int]:
    """Live processes descending from ``root``, and (when given) every process of user ``uid``."""
    parents: dict[int, int] = {}
    owned: list[int] = []
    for folder in Path("/proc").iterdir():
        entry = folder.name
        if not entry.isdigit():
            continue
        try:
            with (folder / "status").open(encoding="ascii", errors="replace") as status:
                fields = dict(row.split(":", 1) for row in status if ":" in row)
        except OSError:
            continue
        if fields.get("State", "").strip().startswith(("Z", "X")):
            continue  # already dead, waiting to be reaped
        pid = int(entry)
        parents[pid] = int(fields.get("PPid", "0").strip() or 0)
        if uid is not None and fields.get("Uid", "").split()[:1] == [str(uid)]:
            owned.append(pid)
    found = {root} if root in parents else set()
    changed = True
    while changed:
        grown = {pid for pid, parent in parents.items() if parent in found} - found
        found |= grown
        changed = bool(grown)
    return sorted(found | set(owned))


class WorkerProcess:
    """A started worker (role ``model`` or ``measure``), its pipes, captures and private folder."""

    def __init__(
        self,
        role: str,
        executable: Path,
        mode: SandboxMode,
        stage: WorkerStage,
        output_limit_bytes: int,
        work_root: Path | None = None,
        folder: FolderLimits | None = None,
    ) -> None:
        self.role = role
        self.mode = mode
        self.started = time.monotonic()
        self.ready_info: dict[str, Any] = {}
        self.startup_s: float | None = None
        self.killed_reason: str | None = None
        self.protocol_error: str | None = None
        self.folder_problem: str | None = None
        self.eof = False
        self._all_killed = False
        self._handles: list[int] = []
        self._buffer = b""
        self._folder = folder
        self._folder_fd: int | None = None
        self._walked = 0.0
        self._watching = False  # from ready on, while a folder limit is set
        control_read, control_write = os.pipe()
        out_read, out_write = os.pipe()
        err_read, err_write = os.pipe()
        try:
            launch = worker_launch(
                mode, executable, stage, role, control_write, work_root, folder if mode == "bwrap" else None
            )
        except BaseException:
            for fd in (control_read, control_write, out_read, out_write, err_read, err_write):
                os.close(fd)
            raise
        self.private_dir = launch.cwd
        self.home = launch.env["HOME"]  # the private folder as the worker sees it
        self.uid = launch.user

        def start() -> subprocess.Popen[bytes]:
            return subprocess.Popen(
                launch.argv,
                stdin=subprocess.PIPE,
                stdout=out_write,
                stderr=err_write,
                cwd=launch.cwd,
                env=launch.env,
                start_new_session=True,
                pass_fds=(control_write,),
                user=launch.user,
                group=launch.user,
                extra_groups=[] if launch.user is not None else None,
            )

        try:
            self.process = on_spawner_thread(start)
        except OSError as exc:
            for fd in (control_read, out_read, err_read):
                os.close(fd)
            _remove_tree(self.private_dir)
            raise FreeCADConnectionError(
                f"Could not start {executable}: {exc}", executable=str(executable)
            ) from exc
        finally:
            for fd in (control_write, out_write, err_write):
                os.close(fd)
        self._control = control_read
        self.stdout = OutputCapture(out_read, output_limit_bytes, OUTPUT_MARKER)
        self.stderr = OutputCapture(err_read, output_limit_bytes, OUTPUT_MARKER)

    @property
    def pid(self) -> int:
        """Process id of the outer process (also its process group id)."""
        return self.process.pid

    def alive(self) -> bool:
        """True while the process runs."""
        return self.process.poll() is None

    def _message(self, deadline: float) -> dict[str, Any] | None:
        """The next control message; None at end of pipe, at the deadline or on a protocol error."""
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.eof:
                return None
            readable, _, _ = select.select([self._control], [], [], min(remaining, _WATCH_INTERVAL_S))
            if self._folder_overflowed():
                return None
            if not readable:
                continue
            chunk = os.read(self._control, 65536)
            if not chunk:
                self.eof = True
                return None
            self._buffer += chunk
            if len(self._buffer) > MAX_MESSAGE_BYTES and b"\n" not in self._buffer:
                self._protocol_failure("a control message is too long")
                return None
        line, self._buffer = self._buffer.split(b"\n", 1)
        try:
            return parse_message(line)
        except ProtocolError as exc:
            self._protocol_failure(str(exc))
            return None

    def job_folder(self) -> Path | int:
        """The worker's folder, as a path on the host or (a capped tmpfs) as a descriptor."""
        return self.private_dir if self._folder_fd is None else self._folder_fd

    def _folder_overflowed(self, finished: bool = False) -> bool:
        """Kill the job (reason ``disk``) once its capped folder breaks a limit; True if it did.

        A folder on the host's disk (landlock mode) is walked at most every
        :data:`_WALK_INTERVAL_S`, and always once the job is ``finished``.
        """
        if self._folder is None or not self._watching or self.killed_reason is not None:
            return False
        if self._folder_fd is not None:
            problem = overflow(self._folder_fd, self._folder)
        elif finished or time.monotonic() - self._walked >= _WALK_INTERVAL_S:
            problem = tree_overflow(self.private_dir, self._folder)
            self._walked = time.monotonic()
        else:
            return False
        if problem:
            self.folder_problem = problem
            self.kill("disk")
            self.eof = True
        return problem is not None

    def _protocol_failure(self, what: str) -> None:
        self.protocol_error = what
        self.eof = True
        self.kill("protocol")

    def _lost(self, what: str) -> WorkerLostError:
        tail = self.stderr.startup_tail().strip()[-800:] if not self.alive() else ""
        detail = f" (exit code {self.process.returncode})" if not self.alive() else ""
        return WorkerLostError(
            f"The FreeCAD {self.role} worker {what}{detail}."
            + (f" Its last output:\n{tail}" if tail else ""),
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
        self._handles = self._process_handles()
        self._watching = self._folder is not None
        if self._folder is not None and self.mode == "bwrap":
            self._folder_fd = open_sandbox_folder(_job_processes(self.pid, None), SANDBOX_HOME)
            if self._folder_fd is None or not self.alive():
                self.kill("startup")
                raise self._lost("has a folder the service cannot reach")

    def _process_handles(self) -> list[int]:
        """Descriptors (pidfds) of every process of the sandbox, taken while it is idle.

        Nothing in it can start a process later (seccomp), so these are all there
        will be; a pidfd always names the same process, even after it is gone.
        """
        handles = []
        for pid in _job_processes(self.pid, None):
            with contextlib.suppress(OSError):
                handles.append(os.pidfd_open(pid))
        return handles

    def send(self, job: dict[str, Any]) -> None:
        """Write one job line (the worker reads one, the measure worker a second one later)."""
        assert self.process.stdin is not None
        try:
            self.process.stdin.write((json.dumps(job) + "\n").encode("utf-8"))
            self.process.stdin.flush()
        except OSError as exc:
            raise self._lost("was gone before it got the job") from exc

    def confined(self, timeout_s: float) -> list[str]:
        """Wait until the worker accepted the job and confined itself; its set-up warnings.

        Raises WorkerLostError when the worker does not accept the job, and
        FreeCADExecutionError when it cannot set up its sandbox.
        """
        deadline = time.monotonic() + timeout_s
        message = self._message(deadline)
        if not message or message.get("event") != "accepted":
            raise self._lost("did not accept the job")
        message = self._message(deadline)
        if message and message.get("event") == "confined":
            warnings = message.get("warnings")
            return [str(w) for w in warnings] if isinstance(warnings, list) else []
        self.kill("setup")
        error = message.get("error") if message else None
        raise FreeCADExecutionError(
            str(error) if error else f"The FreeCAD {self.role} worker could not set up its sandbox.",
            hint="Run `ai-designer doctor` to see what this machine's kernel and packages offer.",
            error_kind="crash",
        )

    def wait_done(self, timeout_s: float) -> dict[str, Any] | None:
        """The ``done`` message, or None when the worker exits, breaks the protocol or times out."""
        deadline = time.monotonic() + max(timeout_s, 0.0)
        while True:
            message = self._message(deadline)
            if message is None:
                return None
            if message.get("event") == "done":
                return None if self._folder_overflowed(finished=True) else message
            event = message.get("event")  # chosen by the job: only ever named when it is a known one
            self._protocol_failure(
                f"an unexpected {event!r} message"
                if event in _EVENTS
                else "a message that is not a protocol event"
            )
            return None

    def wait(self, timeout_s: float) -> int | None:
        """Wait for the process to exit; its return code, or None if it is still running."""
        try:
            return self.process.wait(timeout=max(timeout_s, 0.0))
        except subprocess.TimeoutExpired:
            return None

    def kill(self, reason: str | None) -> None:
        """Kill every process of the sandbox at once (idempotent); ``reason`` is kept for the report.

        The processes inside are killed directly, not only through the pid
        namespace's end, so that none runs another instruction after this.
        Nothing in the sandbox can start a process (seccomp), so one round is
        enough; :meth:`dispose` waits for them to be gone.
        """
        if not self.alive():
            return
        if reason is not None and self.killed_reason is None:
            self.killed_reason = reason
        if self._all_killed:
            return
        if self._handles:
            for handle in self._handles:
                with contextlib.suppress(OSError):
                    signal.pidfd_send_signal(handle, signal.SIGKILL)
        else:  # not started yet: find them
            for pid in _job_processes(self.pid, self.uid):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
        self._all_killed = True

    def _sweep(self) -> None:
        """Kill until no process of the sandbox is left (they take a moment to go)."""
        for _ in range(_SWEEP_ROUNDS):
            left = _job_processes(-1, self.uid) if self.uid is not None else []
            if not left:
                return
            for pid in left:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.02)

    def stop(self, grace_s: float, finished: bool) -> int | None:
        """Kill the sandbox without a reason (the job is over); the worker's exit code.

        A worker that ``finished`` its protocol is not waited for (its exit code
        says nothing more); otherwise the exit code tells why it ended.
        """
        if finished:
            self.kill(None)
            return self.exit_code(self.process.poll())
        code = self.wait(grace_s)  # it ended on its own: let it tell how
        self.kill(None)
        return self.exit_code(code if code is not None else self.wait(grace_s))

    def exit_code(self, code: int | None) -> int | None:
        """The worker's own exit code: bubblewrap reports a death by signal N as 128 + N."""
        if code is not None and self.mode == "bwrap" and code > 128:
            return -(code - 128)
        return code

    def dispose(self) -> None:
        """Stop if needed, reap, close the control pipe and delete the private folder."""
        self.kill("disposed")
        self.wait(5)
        self._all_killed = True
        self._sweep()
        self.stdout.join(2)
        self.stderr.join(2)
        if self.process.stdin is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        if self._control >= 0:
            with contextlib.suppress(OSError):
                os.close(self._control)
            self._control = -1
        for handle in self._handles:
            with contextlib.suppress(OSError):
                os.close(handle)
        self._handles = []
        if self._folder_fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._folder_fd)
            self._folder_fd = None
        _remove_tree(self.private_dir)
