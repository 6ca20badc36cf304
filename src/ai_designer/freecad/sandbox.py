"""How a FreeCAD worker process is isolated by the operating system.

Mode ``bwrap`` (the default) starts every worker with bubblewrap:

* new user, pid, network, IPC, UTS, cgroup and mount namespaces: no network
  but a loopback of its own, no other process visible or reachable, and
  ``--die-with-parent`` so that the whole namespace dies with the service;
* ``--new-session`` (no controlling terminal to type into) and no capabilities;
* a read-only root holding only ``/usr`` (and its top-level links), the few
  ``/etc`` files FreeCAD needs, a made-up ``passwd``/``group``, the worker
  package and the FreeCAD installation, a fresh ``/proc`` and a minimal
  ``/dev``; the worker's private folder, mounted at ``/job``, is the only
  writable place (for the untrusted model process a tmpfs capped in bytes,
  made inside the sandbox, see ``job_folder.py``; for the measure process a
  host folder);
* when the service runs as root, a user id of its own for each worker
  (outside the namespace too), so the kernel counts its tasks apart
  (RLIMIT_NPROC) and no file of the service is its own.

Inside, the worker then adds its limits, Landlock and seccomp (``worker/``).

Mode ``landlock`` (only when FREECAD_SANDBOX=landlock) starts ``freecadcmd``
directly: Landlock, seccomp and the limits still apply, but there are no
namespaces, the worker has the service's user id and sees the whole file
system (read-only where Landlock is available). It is meant for machines
without user namespaces, and is weaker.
"""

from __future__ import annotations

import functools
import os
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ai_designer.errors import FreeCADConnectionError
from ai_designer.freecad.job_folder import FolderLimits
from ai_designer.freecad.sandbox_env import SUBFOLDERS, make_private_dir, worker_environment

SandboxMode = Literal["bwrap", "landlock"]
SANDBOX_MODES: tuple[SandboxMode, ...] = ("bwrap", "landlock")
SANDBOX_HOME = "/job"
WORKER_MOUNT = "/opt/ai-designer"
SANDBOX_UID = 1000
PACKAGE_NAME = "ai_designer_worker"
WORKER_PACKAGE_DIR = Path(__file__).resolve().parent / "worker"

_UID_BASE = 1_500_000_000
_UID_SPAN = 500_000_000
_TOP_LEVEL = ("bin", "sbin", "lib", "lib32", "lib64", "libx32")
_ETC = ("/etc/alternatives", "/etc/ld.so.cache", "/etc/localtime")
_BWRAP_PLACES = "/usr/bin:/bin:/usr/local/bin"
_PROBE_TIMEOUT_S = 20.0
_BOOTSTRAP = """\
import importlib.util, sys
_spec = importlib.util.spec_from_file_location(
    {name!r}, {init!r}, submodule_search_locations=[{package!r}])
_module = importlib.util.module_from_spec(_spec)
sys.modules[{name!r}] = _module
_spec.loader.exec_module(_module)
import {name}.main
{name}.main.main()
"""


class SandboxUnavailableError(FreeCADConnectionError):
    """The configured isolation cannot work on this machine."""

    default_hint = (
        "Install bubblewrap and python3-seccomp (bash scripts/install-system-deps.sh) on a kernel with "
        "unprivileged user namespaces, and run `ai-designer doctor`. Only if that is impossible, set "
        "FREECAD_SANDBOX=landlock to run FreeCAD without namespaces (weaker: see README, Security)."
    )


def bwrap_executable() -> str | None:
    """The bubblewrap program, if installed."""
    return shutil.which("bwrap", path=_BWRAP_PLACES)


def allocate_uid() -> int | None:
    """A fresh user id for one worker when the service runs as root; None otherwise."""
    if os.geteuid() != 0:
        return None
    return _UID_BASE + secrets.randbelow(_UID_SPAN)


class WorkerStage:
    """Read-only files shared by a runner's workers: the worker package and the sandbox's passwd/group.

    Copied into a fresh folder the sandbox user can read, so that neither the
    project's folders (which may hold a .env) nor anything writable by others
    is mounted into a worker.
    """

    def __init__(self, parent: Path | None = None) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="ai-designer-stage-", dir=parent))
        self.package = self.root / PACKAGE_NAME
        self.package.mkdir()
        for source in WORKER_PACKAGE_DIR.glob("*.py"):
            shutil.copyfile(source, self.package / source.name)
        etc = self.root / "etc"
        etc.mkdir()
        (etc / "passwd").write_text(
            f"sandbox:x:{SANDBOX_UID}:{SANDBOX_UID}::{SANDBOX_HOME}:/usr/sbin/nologin\n"
        )
        (etc / "group").write_text(f"sandbox:x:{SANDBOX_UID}:\n")
        for path in (self.root, self.package, etc):
            path.chmod(0o755)
            for child in path.iterdir():
                if child.is_file():
                    child.chmod(0o644)

    def close(self) -> None:
        """Delete the staged files."""
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass(frozen=True)
class Launch:
    """How to start one worker: the command, its folder, environment and user id."""

    argv: list[str]
    cwd: Path
    env: dict[str, str]
    user: int | None


def _bootstrap(package: str) -> str:
    return _BOOTSTRAP.format(name=PACKAGE_NAME, init=f"{package}/__init__.py", package=package)


def _system_mounts(executable: Path) -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for name in _TOP_LEVEL:
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", str(path.readlink()), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    for etc in _ETC:
        args += ["--ro-bind-try", etc, etc]
    prefix = executable.parent.parent
    if not executable.is_relative_to("/usr"):  # an install in /opt, a home folder...
        args += ["--ro-bind", str(prefix), str(prefix)]
    return args


def _home_mounts(private_dir: Path, folder: FolderLimits | None) -> list[str]:
    """The worker's writable ``/job``: the host folder, or a capped tmpfs with the same subfolders."""
    if folder is None:
        return ["--bind", str(private_dir), SANDBOX_HOME]
    args = ["--perms", "0700", "--size", str(folder.tmpfs_bytes), "--tmpfs", SANDBOX_HOME]
    for name in SUBFOLDERS:
        args += ["--perms", "0700", "--dir", f"{SANDBOX_HOME}/{name}"]
    return args


def bwrap_argv(
    bwrap: str, executable: Path, stage: WorkerStage, private_dir: Path, folder: FolderLimits | None = None
) -> list[str]:
    """The bubblewrap command line of a worker (see the module docstring); with ``folder``, its
    ``/job`` is a tmpfs of that size instead of ``private_dir``."""
    package = f"{WORKER_MOUNT}/{PACKAGE_NAME}"
    return [
        bwrap,
        "--unshare-all",
        "--die-with-parent",
        "--new-session",
        "--cap-drop", "ALL",
        "--hostname", "sandbox",
        "--uid", str(SANDBOX_UID),
        "--gid", str(SANDBOX_UID),
        *_system_mounts(executable),
        "--ro-bind", str(stage.root / "etc" / "passwd"), "/etc/passwd",
        "--ro-bind", str(stage.root / "etc" / "group"), "/etc/group",
        "--ro-bind", str(stage.package), package,
        "--proc", "/proc",
        "--dev", "/dev",
        "--remount-ro", "/dev",
        *_home_mounts(private_dir, folder),
        "--chdir", SANDBOX_HOME,
        "--remount-ro", "/",
        "--",
        str(executable), "-c", _bootstrap(package),
    ]  # fmt: skip


def worker_launch(
    mode: SandboxMode,
    executable: Path,
    stage: WorkerStage,
    role: str,
    control_fd: int,
    work_root: Path | None = None,
    folder: FolderLimits | None = None,
) -> Launch:
    """Make a worker's private folder and say how to start it; raise SandboxUnavailableError.

    With ``folder`` (bwrap mode only) the worker's folder is a capped tmpfs inside the sandbox.
    """
    real = Path(os.path.realpath(executable))
    library_path = os.environ.get("LD_LIBRARY_PATH")
    if mode == "landlock":
        private = make_private_dir(work_root)
        env = worker_environment(str(private), control_fd, role, library_path)
        return Launch([str(real), "-c", _bootstrap(str(stage.package))], private, env, None)
    bwrap = bwrap_executable()
    problem = probe_bwrap(bwrap, work_root)
    if bwrap is None or problem:
        parent = work_root or Path(tempfile.gettempdir())
        raise SandboxUnavailableError(
            f"FreeCAD cannot be sandboxed with bubblewrap: {problem}. (Worker folders are made in "
            f"{parent}, which every user must be able to pass through; set TMPDIR to change it.)"
        )
    uid = allocate_uid()
    private = make_private_dir(work_root, owner=uid)
    env = worker_environment(SANDBOX_HOME, control_fd, role, library_path)
    return Launch(bwrap_argv(bwrap, real, stage, private, folder), private, env, uid)


@functools.lru_cache(maxsize=4)
def probe_bwrap(bwrap: str | None, work_root: Path | None = None) -> str | None:
    """None when bubblewrap can start a worker-like sandbox here, else what went wrong (cached)."""
    if bwrap is None:
        return "bubblewrap (bwrap) is not installed"
    uid = allocate_uid()
    private = make_private_dir(work_root, owner=uid)
    try:
        argv = [
            bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID),
            *_system_mounts(Path("/usr/bin/true")),
            "--proc", "/proc", "--dev", "/dev", "--bind", str(private), SANDBOX_HOME,
            "--remount-ro", "/", "--", "/usr/bin/true",
        ]  # fmt: skip
        proc = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            timeout=_PROBE_TIMEOUT_S,
            check=False,
            env={"PATH": "/usr/bin:/bin"},
            user=uid,
            group=uid,
            extra_groups=[] if uid is not None else None,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bwrap could not run: {exc}"
    finally:
        shutil.rmtree(private, ignore_errors=True)
    if proc.returncode != 0:
        return f"bwrap failed (exit {proc.returncode}): {proc.stderr.strip()[-300:] or 'no message'}"
    return None
