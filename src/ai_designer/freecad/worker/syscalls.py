"""A seccomp filter on the worker, loaded after start-up and just before the job.

Modelling needs files in the job folder, memory and threads; it needs no new
processes or programs, no sockets, no changes to file metadata, links or
mounts, no memory that outlives its mappings (memory files, System V shared
memory and message queues, POSIX message queues: the address-space limit only
counts what is mapped, so these would let a job hold any amount of the host's
memory), and none of the kernel interfaces that have been the usual ways out of
a sandbox (ptrace, io_uring, bpf, userfaultfd, perf, keyrings, namespaces).
Those syscalls fail with EPERM; ``clone`` is allowed only for threads
(CLONE_THREAD), and ``clone3``, whose flags a filter cannot read, fails with
ENOSYS so that the C library falls back to ``clone``. ``prctl`` passes only
for the options in :data:`PRCTL_ALLOWED` (naming a thread, reading state, and
the two that can only tighten: no-new-privileges and seccomp); every other
option, such as making the process dumpable again, naming a ptracer, changing
the memory map's bookkeeping, securebits or ambient capabilities, fails with
EPERM. Syscalls of another architecture (32-bit or x32 entry points) kill the
process.

Uses libseccomp's Python binding (Debian's ``python3-seccomp``), which
FreeCAD's system Python imports.
"""

from __future__ import annotations

import errno
from typing import Any

CLONE_THREAD = 0x00010000
TIOCSTI = 0x5412
TIOCLINUX = 0x541C
PRCTL_ALLOWED = frozenset(
    {
        2,  # PR_GET_PDEATHSIG
        3,  # PR_GET_DUMPABLE
        15,  # PR_SET_NAME (threads name themselves)
        16,  # PR_GET_NAME
        21,  # PR_GET_SECCOMP
        22,  # PR_SET_SECCOMP (only adds filters)
        23,  # PR_CAPBSET_READ
        27,  # PR_GET_SECUREBITS
        30,  # PR_GET_TIMERSLACK
        38,  # PR_SET_NO_NEW_PRIVS (cannot be undone)
        39,  # PR_GET_NO_NEW_PRIVS
        42,  # PR_GET_THP_DISABLE
    }
)

DENIED = (
    # new processes and programs
    "fork", "vfork", "execve", "execveat",
    # networking, also over unix sockets
    "socket", "socketpair", "connect", "bind", "listen", "accept", "accept4",
    # file metadata, links and special files (outside the job folder nothing is writable anyway)
    "chmod", "fchmod", "fchmodat", "chown", "fchown", "lchown", "fchownat",
    "setxattr", "lsetxattr", "fsetxattr", "removexattr", "lremovexattr", "fremovexattr",
    "utime", "utimes", "utimensat", "futimesat",
    "link", "linkat", "symlink", "symlinkat", "mknod", "mknodat",
    # memory outside the address-space limit
    "memfd_create", "memfd_secret", "shmget", "shmat", "shmctl", "msgget", "msgsnd", "msgctl", "semget",
    "mq_open", "mq_timedsend", "mq_notify",
    # namespaces, mounts and file handles
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "mount_setattr", "move_mount",
    "open_tree", "fsopen", "fsconfig", "fsmount", "fspick", "name_to_handle_at", "open_by_handle_at",
    # other processes, the kernel's riskier interfaces
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_open", "pidfd_getfd",
    "pidfd_send_signal", "perf_event_open", "bpf", "userfaultfd", "io_uring_setup", "io_uring_enter",
    "io_uring_register", "keyctl", "add_key", "request_key", "fanotify_init", "lookup_dcookie",
    "personality", "modify_ldt", "iopl", "ioperm", "uselib", "syslog", "vhangup", "acct",
    "quotactl", "quotactl_fd", "reboot", "kexec_load", "kexec_file_load", "init_module",
    "finit_module", "delete_module", "swapon", "swapoff", "sethostname", "setdomainname",
    "settimeofday", "clock_settime", "clock_adjtime", "adjtimex",
)  # fmt: skip


def _refuse_prctl_options(seccomp: Any, rules: Any, refuse: Any) -> None:
    """Refuse every prctl option but :data:`PRCTL_ALLOWED`.

    The kernel reads the option as a 32-bit int while the filter sees 64 bits, so
    any value above the largest allowed one (which includes every value with high
    bits set) is refused outright, and each value below it that is not allowed.
    """
    highest = max(PRCTL_ALLOWED)
    rules.add_rule(refuse, "prctl", seccomp.Arg(0, seccomp.GT, highest))
    for option in range(highest):
        if option not in PRCTL_ALLOWED:
            rules.add_rule(refuse, "prctl", seccomp.Arg(0, seccomp.EQ, option))


def install() -> str | None:
    """Load the filter for this process and its threads; None, or why it could not be loaded."""
    try:
        import seccomp  # type: ignore[import-not-found, unused-ignore]
    except ImportError as exc:
        return f"the seccomp filter is unavailable (python3-seccomp: {exc})"
    refuse = seccomp.ERRNO(errno.EPERM)
    rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    for name in DENIED:
        try:
            rules.add_rule(refuse, name)
        except (RuntimeError, ValueError):  # a syscall this kernel/architecture does not have
            continue
    rules.add_rule(refuse, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, CLONE_THREAD, 0))
    rules.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    _refuse_prctl_options(seccomp, rules, refuse)
    for request in (TIOCSTI, TIOCLINUX):  # typing into a terminal
        rules.add_rule(refuse, "ioctl", seccomp.Arg(1, seccomp.EQ, request))
    rules.set_attr(seccomp.Attr.CTL_NNP, 1)
    rules.load()
    return None
