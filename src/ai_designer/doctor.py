"""Environment checks behind `ai-designer doctor`."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from pydantic import BaseModel

import ai_designer
from ai_designer.config import Settings
from ai_designer.errors import AIDesignerError
from ai_designer.freecad.path_resolver import find_freecad
from ai_designer.freecad.sandbox import bwrap_executable, probe_bwrap
from ai_designer.freecad.worker.confine import landlock_abi

_SECCOMP_SNIPPET = "import seccomp; print('SECCOMP=' + str(seccomp.get_api()))"
_WEAKER = "FREECAD_SANDBOX=landlock: FreeCAD runs without namespaces or an own user id (weaker)"


class Check(BaseModel):
    """One line of the doctor's report."""

    name: str
    ok: bool
    required: bool
    detail: str
    fix: str = ""


def check_version() -> Check:
    """Which ai-designer this is, and where it was imported from."""
    return Check(
        name="ai-designer",
        ok=True,
        required=False,
        detail=f"{ai_designer.__version__} ({Path(ai_designer.__file__).parent})",
    )


def check_python() -> Check:
    ok = sys.version_info >= (3, 10)
    return Check(
        name="Python",
        ok=ok,
        required=True,
        detail=f"{platform.python_version()} ({sys.executable})",
        fix="" if ok else "Use Python 3.10 or newer.",
    )


def check_freecad(settings: Settings) -> Check:
    try:
        install = find_freecad(settings.freecad_path)
    except AIDesignerError as exc:
        return Check(name="FreeCAD", ok=False, required=True, detail=exc.message, fix=exc.hint)
    return Check(
        name="FreeCAD",
        ok=True,
        required=True,
        detail=f"{install.version} at {install.executable} (found via {install.source})",
    )


def check_redis(settings: Settings) -> Check:
    if not settings.redis_url:
        return Check(name="Redis", ok=True, required=False, detail="not configured (in-memory store is used)")
    try:
        import redis

        client = redis.Redis.from_url(settings.redis_url, socket_connect_timeout=2)
        client.ping()
    except Exception as exc:  # any failure to reach Redis is reported, not raised
        return Check(
            name="Redis",
            ok=False,
            required=True,
            detail=f"REDIS_URL is set but the server did not answer: {type(exc).__name__}",
            fix="Start redis-server, fix REDIS_URL, or unset it to use the in-memory store.",
        )
    return Check(name="Redis", ok=True, required=True, detail="reachable")


def check_llm(settings: Settings) -> Check:
    providers = settings.configured_providers()
    if providers:
        return Check(name="LLM providers", ok=True, required=False, detail=", ".join(providers))
    return Check(
        name="LLM providers",
        ok=True,
        required=False,
        detail="none configured: the offline planner is used",
        fix="Optional: set OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, DEEPSEEK_API_KEY "
        "or LLM_API_BASE.",
    )


def check_output_dir(settings: Settings) -> Check:
    out = Path(settings.output_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".doctor-", delete=True):
            pass
    except OSError as exc:
        return Check(
            name="Output directory",
            ok=False,
            required=True,
            detail=f"{out.resolve()} is not writable: {exc.strerror or exc}",
            fix="Set OUTPUT_DIR to a writable folder.",
        )
    return Check(name="Output directory", ok=True, required=True, detail=f"{out.resolve()} is writable")


def check_namespaces(settings: Settings) -> Check:
    """bubblewrap and user namespaces, which isolate the model process."""
    problem = probe_bwrap(bwrap_executable())
    required = settings.freecad_sandbox == "bwrap"
    if problem is None:
        detail = f"bubblewrap works ({bwrap_executable()}): new user/pid/net/ipc/uts/mount namespaces"
        if settings.freecad_sandbox == "landlock":
            detail += f"; but {_WEAKER}"
        return Check(name="Sandbox: namespaces", ok=True, required=required, detail=detail)
    return Check(
        name="Sandbox: namespaces",
        ok=not required,
        required=required,
        detail=problem + (f"; running with {_WEAKER}" if not required else ""),
        fix="Install bubblewrap (bash scripts/install-system-deps.sh) on a kernel with unprivileged user "
        "namespaces (sysctl kernel.unprivileged_userns_clone=1 where it exists); only if impossible, "
        "set FREECAD_SANDBOX=landlock.",
    )


def check_seccomp(settings: Settings) -> Check:
    """libseccomp's Python binding, importable by FreeCAD's own Python."""
    required = settings.freecad_sandbox == "bwrap"
    try:
        executable = find_freecad(settings.freecad_path, probe_version=False).executable
        proc = subprocess.run(  # the configured FreeCAD with a fixed snippet
            [str(executable), "-c", _SECCOMP_SNIPPET],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        found = "SECCOMP=" in proc.stdout
    except (AIDesignerError, OSError, subprocess.TimeoutExpired):
        found = False
    return Check(
        name="Sandbox: seccomp",
        ok=found,
        required=required,
        detail="FreeCAD's Python loads python3-seccomp: the model process cannot start processes, "
        "open sockets or change file metadata"
        if found
        else "FreeCAD's Python cannot import seccomp",
        fix="Install python3-seccomp (bash scripts/install-system-deps.sh) for FreeCAD's Python.",
    )


def check_landlock() -> Check:
    """Landlock, the file-system and network rules every worker adds on itself."""
    abi = landlock_abi()
    return Check(
        name="Sandbox: Landlock",
        ok=abi > 0,
        required=False,
        detail=f"ABI {abi}: workers confine their own reads, writes and TCP"
        if abi
        else "this kernel has no Landlock (Linux 5.13+): workers rely on the namespaces alone",
        fix="Use Linux 5.13 or newer with Landlock enabled (lsm=landlock,...) for defence in depth.",
    )


def check_job_limits() -> Check:
    """Whole-job limits: an own user id per worker (root) and cgroup v2, where available."""
    own_uid = os.geteuid() == 0
    controllers = Path("/sys/fs/cgroup/cgroup.controllers")
    cgroup = controllers.is_file() and {"memory", "pids"} <= set(controllers.read_text().split())
    detail = (
        "each worker runs as a user id of its own (tasks capped with RLIMIT_NPROC)"
        if own_uid
        else "workers share the service's user id (not root): tasks are not capped per job"
    )
    detail += (
        "; memory, CPU time and file size are capped per process, and seccomp keeps a job to one process"
    )
    detail += "; cgroup v2 memory/pids controllers: " + ("present (not used)" if cgroup else "not available")
    return Check(
        name="Sandbox: job limits",
        ok=own_uid,
        required=False,
        detail=detail,
        fix="Run the service as root (workers then drop to their own user ids) for per-job task limits.",
    )


def run_checks(settings: Settings) -> list[Check]:
    """Every check, in display order."""
    return [
        check_version(),
        check_python(),
        check_freecad(settings),
        check_namespaces(settings),
        check_seccomp(settings),
        check_landlock(),
        check_job_limits(),
        check_redis(settings),
        check_llm(settings),
        check_output_dir(settings),
    ]


def all_required_ok(checks: list[Check]) -> bool:
    """True when no required check failed."""
    return all(c.ok or not c.required for c in checks)


def environment_summary() -> dict[str, str]:
    """A few facts for bug reports."""
    return {"platform": platform.platform(), "cwd": str(Path.cwd())}
