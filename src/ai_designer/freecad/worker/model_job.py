"""The untrusted model process: run the script, then hand back its documents as FCStd bytes.

Everything after the script starts is untrusted: the script may have replaced
any function of this process. So this process measures nothing and reports
nothing anyone believes about the model. Its one product is the documents it
leaves in ``out/`` (one ``<document name>.FCStd`` each), which the trusted
measure process checks before loading. The outcome it sends back (did the
script raise, on which line) is shown to the user and the repair loop as the
script's own text, never read as a measurement.
"""

from __future__ import annotations

import builtins
import linecache
import os
import sys
import time
from pathlib import Path
from typing import Any

from . import documents, failures, guard

OUT_DIR = "out"
_SAVE_PARAMETERS = "User parameter:BaseApp/Preferences/Document"


def prepare() -> None:
    """Before any job: quick saves (light compression, no backups or thumbnails)."""
    import FreeCAD  # type: ignore[import-not-found]

    params = FreeCAD.ParamGet(_SAVE_PARAMETERS)
    params.SetInt("CompressionLevel", 1)
    params.SetBool("CreateBackupFiles", False)
    params.SetBool("SaveThumbnail", False)
    FreeCAD.newDocument("Model")  # the active document for scripts that do not make their own


def _run_script(source: str, outcome: dict[str, Any], python_guard: bool) -> None:
    """Execute the user script in a fresh namespace; record any failure in ``outcome``."""
    name = failures.SCRIPT_NAME
    linecache.cache[name] = (len(source), None, source.splitlines(True), name)  # for tracebacks
    namespace: dict[str, Any] = {
        "__name__": "__main__",
        "__builtins__": guard.restricted_builtins() if python_guard else builtins,
    }
    try:
        exec(compile(source, name, "exec"), namespace)  # noqa: S102 - this process is the sandbox  # nosec B102
    except SystemExit as exc:
        if exc.code not in (None, 0):
            failures.fail(outcome, "exception", f"the script called exit({exc.code!r})", exc)
    except MemoryError as exc:
        namespace.clear()
        failures.fail(outcome, "memory", "the script ran out of memory (the memory limit was reached)", exc)
    except BaseException as exc:
        failures.fail(outcome, "exception", failures.describe(exc), exc)
    finally:
        namespace.clear()


def _quiet_stdout() -> None:
    """Send stdout to /dev/null: what follows is FreeCAD's saving chatter, not the script's."""
    sys.stdout.flush()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)


def _save_documents(outcome: dict[str, Any]) -> None:
    out = Path.cwd() / OUT_DIR
    for doc in documents.documents():
        try:
            doc.saveAs(str(out / f"{doc.Name}.FCStd"))
        except Exception as exc:
            if outcome["ok"]:
                failures.fail(outcome, "exception", f"the model could not be saved: {failures.describe(exc)}")


def run(job: dict[str, Any]) -> dict[str, Any]:
    """Run the job's script and save its documents; return the outcome (the script's own story)."""
    outcome: dict[str, Any] = {"ok": True}
    started = time.monotonic()
    _run_script(str(job["script"]), outcome, bool(job.get("python_guard", True)))
    outcome["script_s"] = time.monotonic() - started
    _quiet_stdout()
    _save_documents(outcome)
    return outcome
