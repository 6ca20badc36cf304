"""Resource limits the worker puts on itself just before running a script.

The limits are relative to what the pre-started process already uses, so the
script gets ``memory_mb`` of address space and ``cpu_s`` of CPU time on top of
FreeCAD's own start-up. Hard limits are lowered too, so nothing in the process
can raise them again; the CPU hard limit follows two seconds after the soft one
so that SIGXCPU always comes first.
"""

from __future__ import annotations

import math
import os
import resource

_CPU_GRACE_S = 2


def _address_space_bytes() -> int | None:
    """Current virtual memory size, or None where /proc is not available."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            pages = int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def _capped(value: int, hard: int) -> int:
    return value if hard == resource.RLIM_INFINITY else min(value, hard)


def apply_limits(memory_mb: int | None, cpu_s: float | None) -> list[str]:
    """Limit address space and CPU time; return warnings for limits that could not be set."""
    warnings: list[str] = []
    if memory_mb:
        current = _address_space_bytes()
        if current is None:
            warnings.append("memory limit not applied: /proc/self/statm is not available on this system")
        else:
            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            limit = _capped(current + int(memory_mb) * 1024 * 1024, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if cpu_s:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        soft = math.ceil(usage.ru_utime + usage.ru_stime + float(cpu_s))
        _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        resource.setrlimit(resource.RLIMIT_CPU, (_capped(soft, hard), _capped(soft + _CPU_GRACE_S, hard)))
    return warnings
