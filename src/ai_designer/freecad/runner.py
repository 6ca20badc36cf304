"""FreeCADRunner: run a FreeCAD script in the sandboxed engine and return an ExecutionResult.

Every script passes the script policy first (:func:`check_script`); a refused
script raises :class:`ScriptRejectedError` and nothing runs. An allowed script
runs as a job of two pre-started ``freecadcmd`` processes, each used once:

1. the untrusted *model* process runs the script under bubblewrap (its own
   user id, new namespaces, no network, a read-only root where only its
   folder is writable), seccomp (no new processes, sockets or metadata
   changes), Landlock, resource limits and restricted builtins
   (``sandbox.py``, ``worker/``), in a folder capped in bytes and files
   (``job_folder.py``). All it hands back is FCStd files;
2. the runner copies those files, refusing links and anything but small
   regular files (``jobfiles.py``), into the folder of the trusted *measure*
   process, which never runs a script: it refuses documents that carry Python
   features, external links or expressions reaching outside the model, then
   recomputes, measures and writes the requested files (``worker/measure_job.py``);
3. the runner copies those files into ``out_dir`` (``publish.py``). Only what
   the measure process measured is reported; text that came from the job is
   stripped of control characters (``text.py``).

Failures of the script itself (an exception, a feature that does not
recompute, no solid, a refused document, a failed export) come back as an
ExecutionResult with ``ok`` False, so a repair loop can read what went wrong.
Failures of the processes (timeout, memory, crash, cancellation, misbehaving
output) raise :class:`FreeCADExecutionError` whose context holds
``error_kind``, ``job_id`` and the partial ``result`` (an ExecutionResult).
Only infrastructure failures (a worker that dies before accepting the job) are
retried.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import os
import re
import signal
import threading
import time
import uuid
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
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
from ai_designer.freecad import jobfiles
from ai_designer.freecad.job_folder import FolderLimits
from ai_designer.freecad.job_workers import JobWorkers, Reaper
from ai_designer.freecad.path_resolver import find_freecad
from ai_designer.freecad.pool import WorkerPool
from ai_designer.freecad.protocol import ModelOutcome
from ai_designer.freecad.publish import publish_all
from ai_designer.freecad.sandbox import SandboxMode, WorkerStage
from ai_designer.freecad.text import clean_result
from ai_designer.freecad.worker_process import WorkerLostError, WorkerProcess
from ai_designer.logging import get_logger
from ai_designer.schemas.execution import EXPORT_FORMATS, ErrorKind, ExecutionResult


def _log() -> Any:
    # Looked up per call: a logger bound at import time would miss configure_logging().
    return get_logger("ai_designer.freecad.runner")


DEFAULT_FORMATS: frozenset[str] = frozenset({"fcstd", "step", "stl", "png"})
RAISING_KINDS: frozenset[str] = frozenset({"timeout", "memory", "disk", "crash", "cancelled"})
MODEL_BYTES_LIMIT = 256 << 20  # all FCStd files of one model together
ARTIFACT_BYTES_LIMIT = 2 << 30  # one exported file
RESULT_BYTES_LIMIT = 8 << 20  # the measure process's result.json (it keeps it under 4 MB, worker/bounds.py)
MAX_DOCUMENTS = 16
_FORMAT_ALIASES = {"stp": "step", "fcstd": "fcstd", "brp": "brep"}
_ACCEPT_TIMEOUT_S = 15.0
_EXIT_GRACE_S = 2.0
_REAP_TIMEOUT_S = 10.0
_CRASH_SIGNAL = re.compile(r"Program received signal (SIG[A-Z]+)")
_MEMORY_WORDS = ("bad_alloc", "MemoryError", "Cannot allocate memory", "out of memory")
_DOCUMENT_FILE = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}\.FCStd")
_ARTIFACT_FILE = re.compile(
    r"model(?:_[A-Za-z0-9_]{1,64})?\.(?:FCStd|step|stl|brep|obj|3mf|glb|dxf)|preview_[a-z]{1,16}\.png"
)

_HINTS: dict[str, str] = {
    "timeout": "Simplify the model (fewer features, smaller patterns) or look for a loop that never ends; "
    "FREECAD_TIMEOUT_S and FREECAD_CPU_S set the limits.",
    "memory": "Reduce counts and sizes in the model; FREECAD_MEMORY_MB sets the limit.",
    "disk": "A modelling script needs no files of its own; FREECAD_JOB_DISK_MB and FREECAD_JOB_MAX_FILES "
    "set the limits of the job's folder.",
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


class _Job:
    """One job's facts while it runs (what the two stages pass on)."""

    def __init__(self, job_id: str, workers: JobWorkers, cold: bool) -> None:
        self.job_id = job_id
        self.workers = workers
        self.cold = cold
        self.started = time.monotonic()
        self.warnings: list[str] = []

    def runner_fields(self, exit_code: int | None) -> dict[str, Any]:
        """What only the runner knows: the script's captured output, timings, exit code."""
        model = self.workers.model
        model.stdout.join(2.0)
        model.stderr.join(2.0)
        stdout, stdout_truncated = model.stdout.text()
        stderr, stderr_truncated = model.stderr.text()
        return {
            "stdout": stdout,
            "stderr": stderr,
            "stdout_truncated": stdout_truncated,
            "stderr_truncated": stderr_truncated,
            "duration_s": time.monotonic() - self.started,
            "worker_startup_s": self.workers.startup_s,
            "cold_start": self.cold,
            "exit_code": exit_code,
        }


class FreeCADRunner:
    """Runs FreeCAD scripts in sandboxed, pre-started ``freecadcmd`` workers. Thread-safe."""

    def __init__(
        self,
        executable: Path,
        *,
        pool_size: int = 1,
        max_jobs: int = 4,
        timeout_s: float = 60.0,
        memory_mb: int = 4096,
        cpu_s: int = 120,
        output_limit_bytes: int = 256_000,
        stl_tolerance_mm: float = 0.05,
        preview_size: int = 512,
        startup_timeout_s: float = 60.0,
        max_retries: int = 2,
        work_root: Path | None = None,
        sandbox: SandboxMode = "bwrap",
        job_disk_mb: int = 512,
        job_max_files: int = 10_000,
        replace_used_workers: bool = True,
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
        self.sandbox = sandbox
        self.job_folder = FolderLimits(max_bytes=job_disk_mb << 20, max_files=job_max_files)
        self._stage = WorkerStage(work_root)
        self._lock = threading.Lock()
        self._jobs: dict[str, JobWorkers | None] = {}
        self._cancelled: set[str] = set()
        self._reaper = Reaper()
        self._pool = WorkerPool(self._spawn, pool_size, startup_timeout_s, replace=replace_used_workers)
        # arun's jobs wait on FreeCAD in threads of their own: asyncio's default executor stays
        # free for the file work around them (saving a finished design, reading artifacts).
        self._threads = ThreadPoolExecutor(max_jobs, thread_name_prefix="freecad-job")

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **overrides: Any) -> FreeCADRunner:
        """A runner configured from settings (FREECAD_* variables); keyword arguments override them."""
        settings = settings or get_settings()
        install = find_freecad(settings.freecad_path, probe_version=False)
        options: dict[str, Any] = {
            "pool_size": settings.freecad_pool_size,
            "max_jobs": settings.freecad_max_jobs,
            "timeout_s": settings.freecad_timeout_s,
            "memory_mb": settings.freecad_memory_mb,
            "cpu_s": settings.freecad_cpu_s,
            "output_limit_bytes": settings.freecad_output_limit_bytes,
            "stl_tolerance_mm": settings.stl_tolerance_mm,
            "sandbox": settings.freecad_sandbox,
            "job_disk_mb": settings.freecad_job_disk_mb,
            "job_max_files": settings.freecad_job_max_files,
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
        limit, crash, cancellation or misbehaving job output,
        :class:`FreeCADConnectionError` when no worker can be started.
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
        """:meth:`run` on one of the runner's job threads (at most ``max_jobs`` at once, the others
        wait); cancelling the awaiting task kills the job's processes."""
        job_id = job_id or new_job_id()
        call = functools.partial(self.run, script, out_dir, formats, metadata, job_id=job_id)
        context = contextvars.copy_context()  # the caller's log context, as asyncio.to_thread keeps it
        try:
            return await asyncio.get_running_loop().run_in_executor(self._threads, context.run, call)
        except asyncio.CancelledError:
            self.cancel(job_id)
            raise

    def cancel(self, job_id: str) -> bool:
        """Cancel a queued or running job (its sandboxes are killed); False if it is not running."""
        with self._lock:
            if job_id not in self._jobs:
                return False
            self._cancelled.add(job_id)
            workers = self._jobs[job_id]
        if workers is not None:
            workers.kill("cancelled")
        _log().info("freecad_job_cancelled", job_id=job_id)
        return True

    def wait_ready(self, timeout_s: float = 60.0) -> bool:
        """Start the pool's missing workers and block until all are ready (True) or the timeout
        passes or a start fails (False)."""
        return self._pool.wait_ready(timeout_s)

    def close(self) -> None:
        """Stop the idle workers; jobs already running finish (their workers loaded all they need)."""
        self._pool.close()
        self._threads.shutdown(wait=False)
        self._reaper.join(_REAP_TIMEOUT_S)
        self._stage.close()

    def __enter__(self) -> FreeCADRunner:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # internals
    def _spawn(self) -> JobWorkers:
        def start(role: str) -> WorkerProcess:
            return WorkerProcess(
                role,
                self.executable,
                self.sandbox,
                self._stage,
                self.output_limit_bytes,
                self.work_root,
                self.job_folder if role == "model" else None,
            )

        return JobWorkers(start)

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
        (tests use it to act as a script that escaped Python); the OS sandbox stays.
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
                workers, cold = self._pool.acquire()
                try:
                    job = _Job(job_id, workers, cold)
                    return self._run(job, script, Path(out_dir), wanted, metadata or {}, python_guard)
                except WorkerLostError as exc:
                    last_error = exc
                    _log().warning(
                        "freecad_worker_lost", job_id=job_id, attempt=attempt + 1, error=exc.message
                    )
                finally:
                    with self._lock:
                        self._jobs[job_id] = None
                    self._reaper.dispose(workers)
                    self._pool.release()
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

    def _limits(self, worker: WorkerProcess) -> dict[str, Any]:
        return {
            "memory_mb": self.memory_mb,
            "cpu_s": self.cpu_s,
            "file_bytes": MODEL_BYTES_LIMIT if worker.role == "model" else ARTIFACT_BYTES_LIMIT,
            "own_user": worker.uid is not None,
            "require_seccomp": self.sandbox == "bwrap",
        }

    def _run(
        self,
        job: _Job,
        script: str,
        out_dir: Path,
        formats: list[str],
        metadata: Mapping[str, object],
        python_guard: bool,
    ) -> ExecutionResult:
        with self._lock:
            self._jobs[job.job_id] = job.workers
            if job.job_id in self._cancelled:
                job.workers.kill("cancelled")
        model, measure = job.workers.model, job.workers.measure
        model.send(
            {"job_id": job.job_id, "script": script, "python_guard": python_guard, **self._limits(model)}
        )
        measure.send(self._measure_settings(job, formats, metadata))  # it confines itself meanwhile
        job.warnings += model.confined(_ACCEPT_TIMEOUT_S)
        done = model.wait_done(self.timeout_s - (time.monotonic() - job.started))
        exit_code = self._finish(model, done)
        if done is None:
            return self._failed(job, model, exit_code, "running the script")
        outcome = self._outcome(job, done, exit_code)
        job.warnings += measure.confined(_ACCEPT_TIMEOUT_S)
        documents = self._hand_over(job)
        return self._measure(job, outcome, documents, out_dir, exit_code)

    def _finish(self, worker: WorkerProcess, done: dict[str, Any] | None) -> int | None:
        """Stop a stage's process (on time-out with that reason) before its files are read."""
        if done is None and worker.killed_reason is None and worker.protocol_error is None and not worker.eof:
            worker.kill("timeout")
        return worker.stop(_EXIT_GRACE_S, finished=done is not None)

    def _measure_settings(
        self, job: _Job, formats: list[str], metadata: Mapping[str, object]
    ) -> dict[str, Any]:
        return {
            "job_id": job.job_id,
            "formats": formats,
            "metadata": {
                **{k: str(v) for k, v in metadata.items()},
                "job_id": job.job_id,
                "ai_designer_version": __version__,
            },
            "stl_tolerance_mm": self.stl_tolerance_mm,
            "preview_size": self.preview_size,
            **self._limits(job.workers.measure),
        }

    def _outcome(self, job: _Job, done: dict[str, Any], exit_code: int | None) -> ModelOutcome:
        try:
            return ModelOutcome.model_validate(done.get("outcome"))
        except pydantic.ValidationError as exc:
            result = ExecutionResult(
                job_id=job.job_id,
                ok=False,
                error_kind="crash",
                error=f"The model process sent an unreadable outcome ({exc.error_count()} problems).",
                **job.runner_fields(exit_code),
            )
            raise _process_error(clean_result(result)) from exc

    def _hand_over(self, job: _Job) -> list[str]:
        """Copy the model's FCStd files into the measure process's folder; their paths as it sees them."""
        model, measure = job.workers.model, job.workers.measure
        source = jobfiles.open_dir(model.job_folder(), "out")
        target = jobfiles.open_dir(measure.private_dir, "in")
        try:
            names = jobfiles.list_names(source, _DOCUMENT_FILE, MAX_DOCUMENTS)
            total = 0
            for name in names:
                total += jobfiles.copy_file(source, name, target, name, MODEL_BYTES_LIMIT - total)
        except jobfiles.JobFileError as exc:
            exc.context.update(job_id=job.job_id)
            raise
        finally:
            os.close(source)
            os.close(target)
        return [f"{measure.home}/in/{name}" for name in names]

    def _measure(
        self,
        job: _Job,
        outcome: ModelOutcome,
        documents: list[str],
        out_dir: Path,
        exit_code: int | None,
    ) -> ExecutionResult:
        measure = job.workers.measure
        measure.send({"documents": documents, "script_ok": outcome.ok})
        done = measure.wait_done(self.timeout_s - (time.monotonic() - job.started))
        measure_exit = self._finish(measure, done)
        if done is None:
            return self._failed(job, measure, measure_exit, "measuring the model", exit_code)
        folder = jobfiles.open_dir(measure.private_dir)
        try:
            measured = jobfiles.read_json(folder, "result.json", RESULT_BYTES_LIMIT)
        finally:
            os.close(folder)
        result = self._merge(job, outcome, measured, exit_code)
        if result.artifacts:
            result.artifacts = self._publish(job, result.artifacts, out_dir)
        _log().info(
            "freecad_job_finished",
            job_id=job.job_id,
            ok=result.ok,
            error_kind=result.error_kind,
            duration_s=round(result.duration_s, 3),
            cold_start=job.cold,
        )
        if result.error_kind in RAISING_KINDS:
            raise _process_error(result)
        return result

    def _merge(
        self, job: _Job, outcome: ModelOutcome, measured: Any, exit_code: int | None
    ) -> ExecutionResult:
        """The measured result, with the script's own failure (if any) and what only the runner knows."""
        if not isinstance(measured, dict):
            measured = {}
        data = {**measured, **job.runner_fields(exit_code), "job_id": job.job_id}
        data["warnings"] = job.warnings + list(measured.get("warnings") or [])
        data["script_s"] = (outcome.script_s or 0.0) + float(measured.get("script_s") or 0.0)
        if not outcome.ok:
            data.update(
                ok=False,
                error_kind=outcome.error_kind or "exception",
                error=outcome.error,
                error_line=outcome.error_line,
                traceback=outcome.traceback,
                artifacts={},
            )
        try:
            return clean_result(ExecutionResult.model_validate(data))
        except (pydantic.ValidationError, TypeError, ValueError) as exc:
            result = ExecutionResult(
                job_id=job.job_id,
                ok=False,
                error_kind="crash",
                error=f"The measure process wrote an unreadable result: {str(exc)[:300]}",
                **job.runner_fields(exit_code),
            )
            raise _process_error(clean_result(result)) from exc

    def _publish(self, job: _Job, artifacts: dict[str, str], out_dir: Path) -> dict[str, str]:
        if not all(_ARTIFACT_FILE.fullmatch(name) for name in artifacts.values()):
            raise jobfiles.JobFileError(
                "The measure process named a file the engine does not write.",
                error_kind="crash",
                job_id=job.job_id,
            )
        try:
            return publish_all(
                artifacts, job.workers.measure.private_dir / "out", out_dir, ARTIFACT_BYTES_LIMIT
            )
        except jobfiles.JobFileError:
            raise
        except OSError as exc:
            raise FreeCADError(
                f"Could not write the model files to {out_dir}: {exc}",
                hint="Choose an output folder you can write to, on a disk with free space.",
                job_id=job.job_id,
            ) from exc

    def _failed(
        self,
        job: _Job,
        worker: WorkerProcess,
        exit_code: int | None,
        stage: str,
        model_exit: int | None = None,
    ) -> ExecutionResult:
        """A stage ended without reporting: say why, as an ExecutionResult or (mostly) an error."""
        stderr = worker.stderr
        stderr.join(2.0)
        kind, message = self._classify(worker, exit_code, stderr.text()[0], stage)
        extra = job.runner_fields(exit_code if worker is job.workers.model else model_exit)
        result = clean_result(
            ExecutionResult(
                job_id=job.job_id,
                ok=False,
                error_kind=kind,
                error=message,
                freecad_version=str(job.workers.ready_info.get("freecad_version") or "") or None,
                warnings=job.warnings,
                **extra,
            )
        )
        _log().info("freecad_job_failed", job_id=job.job_id, error_kind=kind, stage=stage)
        if kind in RAISING_KINDS:
            raise _process_error(result)
        return result

    def _classify(
        self, worker: WorkerProcess, exit_code: int | None, stderr: str, stage: str
    ) -> tuple[ErrorKind, str]:
        """Why a worker ended without reporting."""
        duration_s = time.monotonic() - worker.started
        if worker.killed_reason == "timeout":
            return "timeout", f"The job did not finish within {self.timeout_s:g} s ({stage}) and was stopped."
        if worker.killed_reason == "cancelled":
            return "cancelled", "The job was cancelled."
        if worker.killed_reason == "disk" and worker.folder_problem:
            return "disk", worker.folder_problem
        if worker.protocol_error:
            return "crash", f"The FreeCAD {worker.role} process broke the protocol ({worker.protocol_error})."
        if any(word in stderr for word in _MEMORY_WORDS):
            return "memory", f"FreeCAD ran out of memory while {stage} (limit {self.memory_mb} MB)."
        if exit_code == -signal.SIGXCPU or (exit_code == -signal.SIGKILL and duration_s >= self.cpu_s):
            return (
                "timeout",
                f"{stage.capitalize()} used more than {self.cpu_s} s of CPU time and was stopped.",
            )
        if exit_code == -signal.SIGKILL:
            return (
                "memory",
                f"FreeCAD was killed by the system while {stage}, most likely for using too much memory.",
            )
        crash = _CRASH_SIGNAL.search(stderr)
        if crash:
            return "crash", f"FreeCAD crashed ({crash.group(1)}) while {stage}."
        if exit_code is not None and exit_code < 0:
            return "crash", f"FreeCAD crashed ({_signal_name(-exit_code)}) while {stage}."
        return "crash", f"FreeCAD exited (code {exit_code}) without reporting, while {stage}."


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
