"""Resource limits the worker puts on itself just before a job.

The limits are relative to what the pre-started process already uses, so the
job gets ``memory_mb`` of address space and ``cpu_s`` of CPU time on top of
FreeCAD's own start-up. Hard limits are lowered too, so nothing in the process
can raise them again; the CPU hard limit follows two seconds after the soft one
so that SIGXCPU always comes first.

In the sandbox no new process can be made (see ``syscalls.py``), so these
per-process limits are limits on the whole job. Two more hold it there: the
number of threads (RLIMIT_NPROC counts every task of the job's own user id) and
the size of any file it writes (RLIMIT_FSIZE; Python ignores SIGXFSZ, so an
oversized write fails with EFBIG).

A job also never dumps core: the hard RLIMIT_CORE is 0 and the process is not
dumpable. A core file would be another file of any size, and where the host's
``core_pattern`` pipes cores to a program (apport, systemd-coredump), a crash
would start that host program, as root, on the job's memory; only a
non-dumpable process is sure not to (pipe handlers ignore RLIMIT_CORE 0).
"""

from __future__ import annotations

import ctypes
import math
import os
import resource
from pathlib import Path

_PR_SET_DUMPABLE = 4
_CPU_GRACE_S = 2
_EXTRA_TASKS = 64  # threads OCC, numpy and Python may start during a job


def _address_space_bytes() -> int | None:
    """Current virtual memory size, or None where /proc is not available."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            pages = int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def _thread_count() -> int:
    try:
        return sum(1 for _ in Path("/proc/self/task").iterdir())
    except OSError:
        return 1


def _capped(value: int, hard: int) -> int:
    return value if hard == resource.RLIM_INFINITY else min(value, hard)


def _lower(kind: int, value: int) -> None:
    _soft, hard = resource.getrlimit(kind)
    value = _capped(value, hard)
    resource.setrlimit(kind, (value, value))


def apply_limits(
    memory_mb: int | None, cpu_s: float | None, file_bytes: int | None = None, own_user: bool = False
) -> list[str]:
    """Limit memory, CPU time, file size and (with a user id of its own) tasks; return warnings."""
    warnings: list[str] = []
    _lower(resource.RLIMIT_CORE, 0)
    if ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_DUMPABLE, 0) failed")
    if memory_mb:
        current = _address_space_bytes()
        if current is None:
            warnings.append("memory limit not applied: /proc/self/statm is not available on this system")
        else:
            _lower(resource.RLIMIT_AS, current + int(memory_mb) * 1024 * 1024)
    if cpu_s:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        soft = math.ceil(usage.ru_utime + usage.ru_stime + float(cpu_s))
        _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        resource.setrlimit(resource.RLIMIT_CPU, (_capped(soft, hard), _capped(soft + _CPU_GRACE_S, hard)))
    if file_bytes:
        _lower(resource.RLIMIT_FSIZE, int(file_bytes))
    if own_user:  # the count is per user id: only meaningful when the job has an id of its own
        _lower(resource.RLIMIT_NPROC, _thread_count() + 2 + _EXTRA_TASKS)  # + bubblewrap's two processes
    return warnings
