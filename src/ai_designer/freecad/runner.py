"""FreeCADRunner: run a FreeCAD script in the sandboxed engine and return an ExecutionResult.

Every script passes the script policy first (:func:`check_script`); a refused
script raises :class:`ScriptRejectedError` and nothing runs. Allowed scripts
run in a pre-started ``freecadcmd`` worker (one process per job, never
reused) behind more fences: a wall-clock timeout, memory and CPU limits, a
private temporary directory, an environment without secrets, builtins without
exec/eval/open and an import guard (``worker/guard.py``), and on Linux a
Landlock confinement that leaves only the private directory writable and the
installation folders readable, with no network and no program execution
(``worker/confine.py``). The worker measures the model and writes the
requested files, which are then moved atomically into ``out_dir``.

Failures of the script itself (an exception, a feature that does not
recompute, no solid, a failed export) come back as an ExecutionResult with
``ok`` False, so a repair loop can read what went wrong. Failures of the
process (timeout, memory, crash, cancellation) raise
:class:`FreeCADExecutionError` whose context holds ``error_kind``, ``job_id``
and the partial ``result`` (an ExecutionResult). Only infrastructure failures
(a worker that dies before accepting the job) are retried.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import threading
import time
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import pydantic

from ai_designer import __version__
from ai_designer.agents.script_validator import check_script
from ai_designer.config import Settings, get_settings
from ai_designer.errors import (
    FreeCADConnectionError,
    FreeCADError,
    FreeCADExecutionError,
    ScriptRejectedError,
)
from ai_designer.freecad.path_resolver import find_freecad
from ai_designer.freecad.pool import WorkerPool
from ai_designer.freecad.publish import publish_all
from ai_designer.freecad.worker_process import WorkerLostError, WorkerProcess
from ai_designer.logging import get_logger
from ai_designer.schemas.execution import EXPORT_FORMATS, ErrorKind, ExecutionResult


def _log() -> Any:
    # Looked up per call: a logger bound at import time would miss configure_logging().
    return get_logger("ai_designer.freecad.runner")


DEFAULT_FORMATS: frozenset[str] = frozenset({"fcstd", "step", "stl", "png"})
RAISING_KINDS: frozenset[str] = frozenset({"timeout", "memory", "crash", "cancelled"})
_FORMAT_ALIASES = {"stp": "step", "fcstd": "fcstd", "brp": "brep"}
_ACCEPT_TIMEOUT_S = 15.0
_EXIT_GRACE_S = 5.0
_CRASH_SIGNAL = re.compile(r"Program received signal (SIG[A-Z]+)")
_MEMORY_WORDS = ("bad_alloc", "MemoryError", "Cannot allocate memory", "out of memory")

_HINTS: dict[str, str] = {
    "timeout": "Simplify the model (fewer features, smaller patterns) or look for a loop that never ends; "
    "FREECAD_TIMEOUT_S and FREECAD_CPU_S set the limits.",
    "memory": "Reduce counts and sizes in the model; FREECAD_MEMORY_MB sets the limit.",
    "crash": "FreeCAD itself failed on this geometry; build it another way "
    "(e.g. a different boolean or fillet order).",
    "cancelled": "The job was cancelled on request; nothing was kept.",
}


def normalize_formats(formats: Iterable[str]) -> list[str]:
    """Lower-cased, de-duplicated export formats in canonical order; raise on unknown ones."""
    wanted = {_FORMAT_ALIASES.get(f.strip().lower(), f.strip().lower()) for f in formats if f.strip()}
    unknown = sorted(wanted - set(EXPORT_FORMATS))
    if unknown:
        raise FreeCADError(
            f"Unknown export format(s): {', '.join(unknown)}.",
            hint=f"Choose from {', '.join(EXPORT_FORMATS)}.",
        )
    return [f for f in EXPORT_FORMATS if f in wanted]


class FreeCADRunner:
    """Runs FreeCAD scripts in sandboxed, pre-started ``freecadcmd`` workers. Thread-safe."""

    def __init__(
        self,
        executable: Path,
        *,
        pool_size: int = 1,
        timeout_s: float = 60.0,
        memory_mb: int = 4096,
        cpu_s: int = 120,
        output_limit_bytes: int = 256_000,
        stl_tolerance_mm: float = 0.05,
        preview_size: int = 512,
        startup_timeout_s: float = 60.0,
        max_retries: int = 2,
        work_root: Path | None = None,
    ) -> None:
        self.executable = Path(executable)
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        self.cpu_s = cpu_s
        self.output_limit_bytes = output_limit_bytes
        self.stl_tolerance_mm = stl_tolerance_mm
        self.preview_size = preview_size
        self.max_retries = max_retries
        self.work_root = work_root
        self._lock = threading.Lock()
        self._jobs: dict[str, WorkerProcess | None] = {}
        self._cancelled: set[str] = set()
        self._pool = WorkerPool(self._spawn, pool_size, startup_timeout_s)

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **overrides: Any) -> FreeCADRunner:
        """A runner configured from settings (FREECAD_* variables); keyword arguments override them."""
        settings = settings or get_settings()
        install = find_freecad(settings.freecad_path, probe_version=False)
        options: dict[str, Any] = {
            "pool_size": settings.freecad_pool_size,
            "timeout_s": settings.freecad_timeout_s,
            "memory_mb": settings.freecad_memory_mb,
            "cpu_s": settings.freecad_cpu_s,
            "output_limit_bytes": settings.freecad_output_limit_bytes,
            "stl_tolerance_mm": settings.stl_tolerance_mm,
        }
        options.update(overrides)
        return cls(install.executable, **options)

    # public API
    def run(
        self,
        script: str,
        out_dir: Path,
        formats: Iterable[str] = DEFAULT_FORMATS,
        metadata: Mapping[str, object] | None = None,
        *,
        job_id: str | None = None,
    ) -> ExecutionResult:
        """Check ``script`` against the policy, run it, and put the requested files in ``out_dir``.

        Raises :class:`ScriptRejectedError` (context ``violations``) when the policy
        refuses the script, :class:`FreeCADExecutionError` on timeout, memory
        limit, crash or cancellation, :class:`FreeCADConnectionError` when no
        worker can be started.
        """
        verdict = check_script(script)
        if not verdict.ok:
            count = len(verdict.violations)
            raise ScriptRejectedError(
                f"The script policy refused the script ({count} problem{'s' if count > 1 else ''}):\n"
                + verdict.describe(),
                violations=[v.model_dump() for v in verdict.violations],
            )
        return self._execute(script, out_dir, formats, metadata, job_id=job_id)

    async def arun(
        self,
        script: str,
        out_dir: Path,
        formats: Iterable[str] = DEFAULT_FORMATS,
        metadata: Mapping[str, object] | None = None,
        *,
        job_id: str | None = None,
    ) -> ExecutionResult:
        """:meth:`run` on a thread; cancelling the awaiting task kills the job's process."""
        job_id = job_id or new_job_id()
        try:
            return await asyncio.to_thread(self.run, script, out_dir, formats, metadata, job_id=job_id)
        except asyncio.CancelledError:
            self.cancel(job_id)
            raise

    def cancel(self, job_id: str) -> bool:
        """Cancel a queued or running job (its process group is killed); False if it is not running."""
        with self._lock:
            if job_id not in self._jobs:
                return False
            self._cancelled.add(job_id)
            worker = self._jobs[job_id]
        if worker is not None:
            worker.kill("cancelled")
        _log().info("freecad_job_cancelled", job_id=job_id)
        return True

    def wait_ready(self, timeout_s: float = 60.0) -> bool:
        """Block until the pool's workers are all started (True) or the timeout passes (False)."""
        return self._pool.wait_ready(timeout_s)

    def close(self) -> None:
        """Stop the idle workers; jobs already running finish."""
        self._pool.close()

    def __enter__(self) -> FreeCADRunner:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # internals
    def _spawn(self) -> WorkerProcess:
        return WorkerProcess(self.executable, self.output_limit_bytes, dict(os.environ), self.work_root)

    def _execute(
        self,
        script: str,
        out_dir: Path,
        formats: Iterable[str] = DEFAULT_FORMATS,
        metadata: Mapping[str, object] | None = None,
        *,
        job_id: str | None = None,
        python_guard: bool = True,
    ) -> ExecutionResult:
        """Run ``script`` WITHOUT the policy check. Only :meth:`run` and tests call this.

        ``python_guard=False`` also lifts the run-time fence on builtins and imports
        (tests use it to crash the worker on purpose); Landlock confinement stays.
        """
        wanted = normalize_formats(formats)
        job_id = job_id or new_job_id()
        with self._lock:
            if job_id in self._jobs:
                raise FreeCADError(f"A job with id {job_id} is already running.", hint="Use a new job id.")
            self._jobs[job_id] = None
        try:
            last_error: WorkerLostError | None = None
            for attempt in range(self.max_retries + 1):
                self._raise_if_cancelled(job_id)
                worker, cold = self._pool.acquire()
                try:
                    return self._run_on(
                        worker, cold, job_id, script, Path(out_dir), wanted, metadata or {}, python_guard
                    )
                except WorkerLostError as exc:
                    last_error = exc
                    _log().warning(
                        "freecad_worker_lost", job_id=job_id, attempt=attempt + 1, error=exc.message
                    )
                finally:
                    with self._lock:
                        self._jobs[job_id] = None
                    worker.dispose()
            self._raise_if_cancelled(job_id)
            assert last_error is not None
            raise FreeCADConnectionError(
                f"No FreeCAD worker took the job after {self.max_retries + 1} attempts: {last_error.message}",
                job_id=job_id,
            )
        finally:
            with self._lock:
                self._jobs.pop(job_id, None)
                self._cancelled.discard(job_id)

    def _raise_if_cancelled(self, job_id: str) -> None:
        with self._lock:
            cancelled = job_id in self._cancelled
        if cancelled:
            result = ExecutionResult(
                job_id=job_id, ok=False, error_kind="cancelled", error="The job was cancelled."
            )
            raise _process_error(result)

    def _run_on(
        self,
        worker: WorkerProcess,
        cold: bool,
        job_id: str,
        script: str,
        out_dir: Path,
        formats: list[str],
        metadata: Mapping[str, object],
        python_guard: bool,
    ) -> ExecutionResult:
        job_out = worker.job_dir / "out"
        job_out.mkdir()
        script_path = worker.job_dir / "script.py"
        script_path.write_text(script, encoding="utf-8")
        result_path = worker.job_dir / "result.json"
        job = {
            "job_id": job_id,
            "script_path": str(script_path),
            "out_dir": str(job_out),
            "result_path": str(result_path),
            "formats": formats,
            "metadata": {
                **{k: str(v) for k, v in metadata.items()},
                "job_id": job_id,
                "ai_designer_version": __version__,
            },
            "stl_tolerance_mm": self.stl_tolerance_mm,
            "preview_size": self.preview_size,
            "memory_mb": self.memory_mb,
            "cpu_s": self.cpu_s,
            "python_guard": python_guard,
        }
        with self._lock:
            self._jobs[job_id] = worker
            if job_id in self._cancelled:
                worker.kill("cancelled")
        started = time.monotonic()
        worker.submit(job, _ACCEPT_TIMEOUT_S)
        if not worker.wait_finished(self.timeout_s - (time.monotonic() - started)):
            worker.kill("timeout")
        exit_code = worker.wait(_EXIT_GRACE_S)
        duration = time.monotonic() - started
        worker.stdout.join(2.0)
        worker.stderr.join(2.0)
        stdout, stdout_truncated = worker.stdout.text()
        stderr, stderr_truncated = worker.stderr.text()
        extra: dict[str, Any] = {
            "stdout": stdout,
            "stderr": stderr,
            "stdout_truncated": stdout_truncated,
            "stderr_truncated": stderr_truncated,
            "duration_s": duration,
            "worker_startup_s": worker.startup_s,
            "cold_start": cold,
            "exit_code": exit_code,
        }
        result = self._read_result(worker, result_path, job_id, extra)
        if result.artifacts:
            try:
                result.artifacts = publish_all(result.artifacts, job_out, out_dir)
            except OSError as exc:
                raise FreeCADError(
                    f"Could not write the model files to {out_dir}: {exc}",
                    hint="Choose an output folder you can write to, on a disk with free space.",
                    job_id=job_id,
                ) from exc
        _log().info(
            "freecad_job_finished",
            job_id=job_id,
            ok=result.ok,
            error_kind=result.error_kind,
            duration_s=round(duration, 3),
            cold_start=cold,
        )
        if result.error_kind in RAISING_KINDS:
            raise _process_error(result)
        return result

    def _read_result(
        self, worker: WorkerProcess, result_path: Path, job_id: str, extra: dict[str, Any]
    ) -> ExecutionResult:
        version = worker.ready_info.get("freecad_version")
        if worker.killed_reason is None and result_path.is_file():
            try:
                data = json.loads(result_path.read_text(encoding="utf-8"))
                return ExecutionResult.model_validate({**data, **extra})
            except (ValueError, pydantic.ValidationError) as exc:
                kind: ErrorKind = "crash"
                message = f"The FreeCAD worker wrote an unreadable result: {exc}"
        else:
            kind, message = self._classify(worker, extra["exit_code"], extra["stderr"], extra["duration_s"])
        return ExecutionResult(
            job_id=job_id, ok=False, error_kind=kind, error=message, freecad_version=version, **extra
        )

    def _classify(
        self, worker: WorkerProcess, exit_code: int | None, stderr: str, duration_s: float
    ) -> tuple[ErrorKind, str]:
        """Why a worker ended without a result."""
        if worker.killed_reason == "timeout":
            return "timeout", f"The script did not finish within {self.timeout_s:g} s and was stopped."
        if worker.killed_reason == "cancelled":
            return "cancelled", "The job was cancelled."
        if any(word in stderr for word in _MEMORY_WORDS):
            return "memory", f"FreeCAD ran out of memory (limit {self.memory_mb} MB)."
        if exit_code == -signal.SIGXCPU or (exit_code == -signal.SIGKILL and duration_s >= self.cpu_s):
            return "timeout", f"The script used more than {self.cpu_s} s of CPU time and was stopped."
        if exit_code == -signal.SIGKILL:
            return "memory", "FreeCAD was killed by the system, most likely for using too much memory."
        crash = _CRASH_SIGNAL.search(stderr)
        if crash:
            return "crash", f"FreeCAD crashed ({crash.group(1)}) while running the script."
        if exit_code is not None and exit_code < 0:
            return "crash", f"FreeCAD crashed ({_signal_name(-exit_code)}) while running the script."
        return "crash", f"FreeCAD exited (code {exit_code}) without reporting a result."


def new_job_id() -> str:
    """A fresh random job id."""
    return uuid.uuid4().hex


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _process_error(result: ExecutionResult) -> FreeCADExecutionError:
    kind = result.error_kind or "crash"
    return FreeCADExecutionError(
        result.error or "The FreeCAD job failed.",
        hint=_HINTS.get(kind),
        error_kind=kind,
        job_id=result.job_id,
        result=result,
    )
