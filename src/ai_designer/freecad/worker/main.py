"""Worker entry point: start, pre-import FreeCAD, take one job, run it, report, exit.

Protocol with the parent (``ai_designer.freecad.pool``):

1. the worker imports FreeCAD and friends, then writes ``{"event": "ready"}``
   to the control pipe (file descriptor in ``AI_DESIGNER_WORKER_FD``);
2. the parent writes one JSON job line on stdin; the worker answers
   ``{"event": "accepted"}`` and prints :data:`OUTPUT_MARKER` on stdout and
   stderr so the parent can drop start-up noise;
3. the worker limits its own memory and CPU time, confines itself (Landlock),
   runs the script in a fresh namespace with restricted builtins, recomputes,
   measures, writes the requested files and the result JSON (atomically),
   writes ``{"event": "done"}`` and exits at once.
"""

from __future__ import annotations

import builtins
import contextlib
import json
import linecache
import os
import shutil
import sys
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

OUTPUT_MARKER = b"\n\x1eAI-DESIGNER-JOB-OUTPUT\x1e\n"
PRIVATE_DIR_PREFIX = "ai-designer-fc-"
SCRIPT_NAME = "script.py"
_TRACEBACK_CHARS = 4000


def _send(fd: int, message: dict[str, Any]) -> None:
    os.write(fd, (json.dumps(message) + "\n").encode("utf-8"))


def _prewarm() -> str:
    """Import everything a job may need; return the FreeCAD version."""
    import FreeCAD  # type: ignore[import-not-found]
    import Import  # type: ignore[import-not-found]  # noqa: F401
    import Mesh  # type: ignore[import-not-found]  # noqa: F401
    import MeshPart  # type: ignore[import-not-found]  # noqa: F401
    import Part  # type: ignore[import-not-found]  # noqa: F401
    import PartDesign  # type: ignore[import-not-found]  # noqa: F401
    import Sketcher  # type: ignore[import-not-found]  # noqa: F401
    import Spreadsheet  # type: ignore[import-not-found]  # noqa: F401

    from . import confine, export, guard, metrics, model  # noqa: F401

    guard.preload_type_modules()

    with contextlib.suppress(ImportError):  # numpy: without it only the PNG previews fail
        from . import render  # noqa: F401
    return ".".join(str(part) for part in FreeCAD.Version()[:3])


def _script_line(exc: BaseException) -> int | None:
    if isinstance(exc, SyntaxError) and exc.filename == SCRIPT_NAME:
        return exc.lineno
    lines = [
        frame.lineno for frame in traceback.extract_tb(exc.__traceback__) if frame.filename == SCRIPT_NAME
    ]
    return lines[-1] if lines else None


def _traceback_tail(exc: BaseException) -> str:
    """The traceback from the first frame of the user script on."""
    frames = traceback.extract_tb(exc.__traceback__)
    first = next((i for i, f in enumerate(frames) if f.filename == SCRIPT_NAME), 0)
    text = "Traceback (most recent call last):\n" + "".join(traceback.format_list(frames[first:]))
    text += "".join(traceback.format_exception_only(type(exc), exc))
    return text[-_TRACEBACK_CHARS:]


def _describe(exc: BaseException) -> str:
    detail = exc.args[0] if exc.args else None
    if isinstance(detail, dict) and detail.get("sErrMsg"):  # FreeCAD's Base exceptions carry a dict
        message = str(detail["sErrMsg"])
    else:
        message = str(exc).strip() or type(exc).__name__
    return f"{type(exc).__name__}: {message}" if not message.startswith(type(exc).__name__) else message


def _run_script(path: Path, result: dict[str, Any], python_guard: bool) -> bool:
    """Execute the user script in a fresh namespace; record any failure in ``result``."""
    from . import guard

    source = path.read_text(encoding="utf-8")
    linecache.cache[SCRIPT_NAME] = (len(source), None, source.splitlines(True), SCRIPT_NAME)  # for tracebacks
    namespace: dict[str, Any] = {
        "__name__": "__main__",
        "__builtins__": guard.restricted_builtins() if python_guard else builtins,
    }
    try:
        exec(compile(source, SCRIPT_NAME, "exec"), namespace)  # noqa: S102 - this process is the sandbox  # nosec B102
    except SystemExit as exc:
        if exc.code in (None, 0):
            return True
        _fail(result, "exception", f"the script called exit({exc.code!r})", exc)
        return False
    except MemoryError as exc:
        namespace.clear()
        _fail(result, "memory", "the script ran out of memory (the memory limit was reached)", exc)
        return False
    except BaseException as exc:
        _fail(result, "exception", _describe(exc), exc)
        return False
    finally:
        namespace.clear()
    return True


def _fail(result: dict[str, Any], kind: str, message: str, exc: BaseException | None = None) -> None:
    result["ok"] = False
    result["error_kind"] = kind
    result["error"] = message
    if exc is not None:
        result["error_line"] = _script_line(exc)
        result["traceback"] = _traceback_tail(exc)
        if result["error_line"] is not None:
            result["error"] = f"line {result['error_line']}: {message}"


def _quiet_stdout() -> None:
    """Send stdout to /dev/null: what follows is FreeCAD's export chatter, not the script's."""
    sys.stdout.flush()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)


def _inspect(result: dict[str, Any]) -> tuple[list[Any], list[Any], Any | None, bool]:
    """Recompute and measure every document; return (docs, final objects, final shape, failed)."""
    from . import metrics, model

    docs = model.documents()
    for doc in docs:
        doc.recompute()
    result["documents"] = [doc.Name for doc in docs]
    result["objects"] = model.all_objects(docs)
    result["feature_tree"] = model.feature_tree(docs)
    failed = model.failed_objects(docs)
    finals, warnings = model.final_objects(docs)
    result["warnings"].extend(warnings)
    result["roots"] = [obj.Name for obj in finals]
    shape = None
    if finals:
        shape, fuse_warnings = metrics.fuse([obj.Shape for obj in finals])
        result["warnings"].extend(fuse_warnings)
        result["final_shape"], result["per_solid"] = metrics.measure(shape)
        if not result["final_shape"]["is_valid"]:
            result["warnings"].append("the final shape is not valid geometry (Shape.isValid() is False)")
    if not result["ok"]:
        return docs, finals, shape, bool(failed)
    if failed:
        details = "; ".join(f"{obj.Label} ({obj.TypeId}): {obj.getStatusString()}" for obj in failed)
        _fail(result, "recompute", f"{len(failed)} feature(s) failed to recompute: {details}")
    elif shape is None:
        _fail(
            result,
            "no_shape",
            "the script made no solid: create a Part or PartDesign feature with a solid shape, "
            "or show a solid with Part.show(shape)",
        )
    return docs, finals, shape, bool(failed)


def _export(
    job: dict[str, Any], result: dict[str, Any], docs: list[Any], finals: list[Any], shape: Any
) -> None:
    """Write the requested files (only the FCStd when a feature failed)."""
    from . import export

    metadata = {str(k): str(v) for k, v in job.get("metadata", {}).items()}
    metadata.setdefault("freecad_version", result["freecad_version"])
    metadata.setdefault("created_utc", datetime.now(timezone.utc).isoformat(timespec="seconds"))
    main_doc = finals[0].Document if finals else (docs[0] if docs else None)
    try:
        result["artifacts"] = export.write_artifacts(
            list(job.get("formats", [])),
            shape,
            docs,
            main_doc,
            Path(job["out_dir"]),
            metadata,
            float(job.get("stl_tolerance_mm", 0.05)),
            int(job.get("preview_size", 512)),
        )
    except MemoryError as exc:
        _fail(result, "memory", "exporting ran out of memory (the memory limit was reached)", exc)
    except Exception as exc:
        _fail(result, "export", f"writing the requested files failed: {_describe(exc)}")


def run_job(job: dict[str, Any], freecad_version: str) -> dict[str, Any]:
    """Run one job and return the result dict (ExecutionResult fields)."""
    import FreeCAD

    from . import confine, limits

    result: dict[str, Any] = {
        "job_id": job["job_id"],
        "ok": True,
        "freecad_version": freecad_version,
        "warnings": [],
        "artifacts": {},
    }
    result["warnings"].extend(limits.apply_limits(job.get("memory_mb"), job.get("cpu_s")))
    FreeCAD.newDocument("Model")  # the active document for scripts that do not make their own
    try:
        problem = confine.confine(str(Path.cwd()), _install_dirs())
    except OSError as exc:
        _fail(result, "crash", f"the sandbox could not be set up: {exc}")
        return result
    if problem:
        result["warnings"].append(problem)
    started = time.monotonic()
    ran = _run_script(Path(job["script_path"]), result, bool(job.get("python_guard", True)))
    _quiet_stdout()
    try:
        docs, finals, shape, failed = _inspect(result)
        result["script_s"] = time.monotonic() - started
        if ran:
            _export(job, result, docs, finals, None if failed else shape)
    except MemoryError as exc:
        _fail(result, "memory", "measuring the model ran out of memory (the memory limit was reached)", exc)
    except Exception as exc:
        if result["ok"]:
            _fail(result, "exception", f"the model could not be inspected: {_describe(exc)}", exc)
    return result


def _install_dirs() -> list[str]:
    """Folders of the FreeCAD and Python installation, which a confined worker may read."""
    import FreeCAD

    private = Path.cwd().resolve()
    found = {FreeCAD.getHomePath(), FreeCAD.getResourceDir(), sys.prefix, sys.exec_prefix}
    found.update(entry for entry in sys.path if entry)
    dirs = []
    for entry in found:
        path = Path(entry).resolve()
        # never a folder holding the private one (/, /tmp...): that would open everything below it
        if path.is_dir() and path != private and path not in private.parents:
            dirs.append(str(path))
    return sorted(dirs)


def _write_result(path: Path, result: dict[str, Any]) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(result), encoding="utf-8")
    partial.replace(path)


def main() -> None:
    """Run the worker protocol once, then exit the process."""
    control = int(os.environ["AI_DESIGNER_WORKER_FD"])
    version = _prewarm()
    try:
        _send(control, {"event": "ready", "freecad_version": version, "pid": os.getpid()})
        line = sys.stdin.buffer.readline()
    except OSError:  # the parent is gone
        line = b""
    if not line.strip():  # the parent went away without closing the pool: tidy up and leave
        if Path.cwd().name.startswith(PRIVATE_DIR_PREFIX):
            shutil.rmtree(Path.cwd(), ignore_errors=True)
        os._exit(0)
    job = json.loads(line)
    _send(control, {"event": "accepted"})
    sys.stdout.flush()
    sys.stderr.flush()
    os.write(1, OUTPUT_MARKER)
    os.write(2, OUTPUT_MARKER)
    result = run_job(job, version)
    _write_result(Path(job["result_path"]), result)
    sys.stderr.flush()
    _send(control, {"event": "done"})
    os._exit(0)
