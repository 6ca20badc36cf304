"""Worker entry point: start, pre-import FreeCAD, take one job, confine, run it, report, exit.

A worker is either the untrusted *model* process (runs the script, see
``model_job.py``) or the trusted *measure* process (loads what the model made,
see ``measure_job.py``); ``AI_DESIGNER_WORKER_ROLE`` says which. Protocol with
the parent (``ai_designer.freecad.worker_process``), over the control pipe
whose descriptor is in ``AI_DESIGNER_WORKER_FD``, one JSON object per line:

1. the worker imports FreeCAD and friends, then sends ``{"event": "ready"}``;
2. the parent writes one JSON job line on stdin (the measure worker gets a
   second one, with the documents, once the model process is done); the worker answers
   ``{"event": "accepted"}``, limits its memory, CPU time, file size and
   threads, confines itself (Landlock, then seccomp) and sends
   ``{"event": "confined", "warnings": [...]}`` (or ``setup_failed``);
3. it prints :data:`OUTPUT_MARKER` on stdout and stderr so the parent can drop
   start-up noise, runs the job, sends ``{"event": "done", ...}`` and exits.

Nothing here imports ``ai_designer`` or pydantic.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Any

OUTPUT_MARKER = b"\n\x1eAI-DESIGNER-JOB-OUTPUT\x1e\n"
PRIVATE_DIR_PREFIX = "ai-designer-fc-"
CONTROL_FD_VARIABLE = "AI_DESIGNER_WORKER_FD"
ROLE_VARIABLE = "AI_DESIGNER_WORKER_ROLE"
ROLES = ("model", "measure")


def _send(fd: int, message: dict[str, Any]) -> None:
    os.write(fd, (json.dumps(message) + "\n").encode("utf-8"))


def _prewarm(role: str) -> str:
    """Import everything a job may need; return the FreeCAD version."""
    import FreeCAD  # type: ignore[import-not-found]
    import Import  # type: ignore[import-not-found]  # noqa: F401
    import Mesh  # type: ignore[import-not-found]  # noqa: F401
    import MeshPart  # type: ignore[import-not-found]  # noqa: F401
    import Part  # type: ignore[import-not-found]  # noqa: F401
    import PartDesign  # type: ignore[import-not-found]  # noqa: F401
    import Sketcher  # type: ignore[import-not-found]  # noqa: F401
    import Spreadsheet  # type: ignore[import-not-found]  # noqa: F401

    from . import confine, failures, guard, limits, syscalls  # noqa: F401

    guard.preload_type_modules()
    with contextlib.suppress(ImportError):
        import seccomp  # type: ignore[import-not-found, unused-ignore]  # noqa: F401
    if role == "model":
        from . import model_job

        model_job.prepare()
    else:
        from . import docscan, export, measure_job, metrics  # noqa: F401

        with contextlib.suppress(ImportError):  # numpy: without it only the PNG previews fail
            from . import render  # noqa: F401
    return ".".join(str(part) for part in FreeCAD.Version()[:3])


def _install_dirs() -> list[str]:
    """Folders of the FreeCAD and Python installation, which a confined worker may read."""
    import FreeCAD

    private = Path.cwd().resolve()
    found = {FreeCAD.getHomePath(), FreeCAD.getResourceDir(), sys.prefix, sys.exec_prefix}
    found.update(entry for entry in sys.path if entry)
    found.add(str(Path(__file__).resolve().parent))
    dirs = []
    for entry in found:
        path = Path(entry).resolve()
        # never a folder holding the private one (/, /tmp...): that would open everything below it
        if path.is_dir() and path != private and path not in private.parents:
            dirs.append(str(path))
    return sorted(dirs)


def _confine(job: dict[str, Any]) -> list[str]:
    """Limits, Landlock and seccomp, in that order; warnings, or OSError when a required part fails."""
    from . import confine, limits, syscalls

    warnings = limits.apply_limits(
        job.get("memory_mb"), job.get("cpu_s"), job.get("file_bytes"), bool(job.get("own_user"))
    )
    problem = confine.confine(str(Path.cwd()), _install_dirs())
    if problem:
        warnings.append(problem)
    problem = syscalls.install()
    if problem:
        if job.get("require_seccomp"):
            raise OSError(problem)
        warnings.append(problem)
    return warnings


def main() -> None:
    """Run the worker protocol once, then exit the process."""
    control = int(os.environ[CONTROL_FD_VARIABLE])
    role = os.environ.get(ROLE_VARIABLE, "")
    if role not in ROLES:
        raise SystemExit(f"{ROLE_VARIABLE} must be one of {ROLES}, not {role!r}")
    version = _prewarm(role)
    try:
        _send(control, {"event": "ready", "freecad_version": version, "pid": os.getpid()})
        line = sys.stdin.buffer.readline()
    except OSError:  # the parent is gone
        line = b""
    if not line.strip():  # the parent went away without a job
        os._exit(0)
    job = json.loads(line)
    _send(control, {"event": "accepted"})
    try:
        warnings = _confine(job)
    except OSError as exc:
        _send(control, {"event": "setup_failed", "error": f"the sandbox could not be set up: {exc}"})
        os._exit(1)
    _send(control, {"event": "confined", "warnings": warnings})
    sys.stdout.flush()
    sys.stderr.flush()
    os.write(1, OUTPUT_MARKER)
    os.write(2, OUTPUT_MARKER)
    if role == "model":
        from . import model_job

        message: dict[str, Any] = {"event": "done", "outcome": model_job.run(job)}
    else:
        from . import measure_job

        documents = sys.stdin.buffer.readline()  # sent once the model process is done
        if not documents.strip():
            os._exit(0)
        measure_job.run({**job, **json.loads(documents)}, version)
        message = {"event": "done"}
    sys.stdout.flush()
    sys.stderr.flush()
    _send(control, message)
    os._exit(0)
