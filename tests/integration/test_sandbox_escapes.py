"""The hostile corpus against the real sandbox: what an escaped script can observe and change.

Every attack runs as a job with the Python-level fence lifted (``python_guard=False``: the
script has real builtins and imports, as if it had beaten the policy and the guard), so what
is tested is the operating-system sandbox, the untrusted-bytes handling of its output and
the trusted measure process. The checks are observable effects: canary files and
environment canaries never appear in any output or on the console, listeners on 127.0.0.1
(TCP, UDP, unix socket) are never reached, files outside the job keep mode, owner, mtime
and extended attributes, no process of a job outlives it, and the reported geometry is what
FreeCAD reads back from the STEP file.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import select
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ai_designer.errors import FreeCADError, FreeCADExecutionError
from ai_designer.freecad.path_resolver import find_freecad
from ai_designer.freecad.runner import FreeCADRunner
from ai_designer.freecad.sandbox import SandboxMode
from ai_designer.schemas.execution import ExecutionResult, FeatureNode
from helpers.cli import cli

pytestmark = pytest.mark.freecad

FILES = {"fcstd", "step", "stl", "brep", "png"}
JOB_UIDS = range(1_500_000_000, 2_000_000_000)
RUNS_AS_ROOT = os.geteuid() == 0


@pytest.fixture(scope="module")
def freecad() -> Path:
    try:
        return find_freecad(probe_version=False).executable
    except FreeCADError:
        pytest.skip("freecadcmd is not installed")


@dataclass
class Canaries:
    """Secrets the service can see and the job must not: a file, environment variables."""

    folder: Path
    file_secret: str = field(default_factory=lambda: f"CANARY-FILE-{uuid.uuid4().hex}")
    env_secret: str = field(default_factory=lambda: f"CANARY-ENV-{uuid.uuid4().hex}")

    @property
    def file(self) -> Path:
        return self.folder / "secret.txt"

    def secrets(self) -> list[str]:
        return [self.file_secret, self.env_secret]


@pytest.fixture(scope="module")
def canaries(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Canaries]:
    folder = tmp_path_factory.mktemp("canary")
    found = Canaries(folder)
    found.file.write_text(found.file_secret)
    os.chmod(folder, 0o755)
    os.chmod(found.file, 0o644)  # readable by anyone: only the sandbox keeps the job out
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AI_DESIGNER_CANARY", found.env_secret)
        patch.setenv("OPENAI_API_KEY", found.env_secret)
        patch.setenv("LC_CANARY", found.env_secret)
        yield found


class Listeners:
    """A TCP, a UDP and a unix-socket listener on this machine that record anything reaching them."""

    def __init__(self, folder: Path) -> None:
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.bind(("127.0.0.1", 0))
        self.tcp.listen(8)
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.unix_path = str(folder / "listener.sock")
        self.unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.unix.bind(self.unix_path)
        os.chmod(self.unix_path, 0o777)
        self.unix.listen(8)
        self.abstract_name = f"\0ai-designer-canary-{uuid.uuid4().hex}"
        self.abstract = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.abstract.bind(self.abstract_name)
        self.abstract.listen(8)
        self.hits: list[str] = []
        self._stop = False
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    @property
    def ports(self) -> tuple[int, int]:
        return self.tcp.getsockname()[1], self.udp.getsockname()[1]

    def _watch(self) -> None:
        sockets = {self.tcp: "tcp", self.udp: "udp", self.unix: "unix", self.abstract: "abstract"}
        while not self._stop:
            readable, _, _ = select.select(list(sockets), [], [], 0.2)
            for sock in readable:
                self.hits.append(sockets[sock])
                with contextlib.suppress(OSError):
                    if sock is self.udp:
                        sock.recvfrom(65536)
                    else:
                        sock.accept()[0].close()

    def close(self) -> None:
        self._stop = True
        self._thread.join(2)
        for sock in (self.tcp, self.udp, self.unix, self.abstract):
            sock.close()


@pytest.fixture(scope="module")
def listeners(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Listeners]:
    folder = tmp_path_factory.mktemp("listen")
    os.chmod(folder, 0o755)
    found = Listeners(folder)
    yield found
    found.close()
    assert found.hits == [], f"a job reached a listener on this machine: {found.hits}"


@pytest.fixture(scope="module")
def protected(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A file outside every job, world-writable even, whose metadata must not change."""
    folder = tmp_path_factory.mktemp("protected")
    os.chmod(folder, 0o777)
    target = folder / "keep.txt"
    target.write_text("unchanged")
    os.chmod(target, 0o666)
    os.utime(target, (1_000_000_000, 1_000_000_000))
    with contextlib.suppress(OSError):
        os.setxattr(target, "user.canary", b"original")
    before = _metadata(target)
    yield target
    assert _metadata(target) == before, "a job changed a file outside its folder"
    assert target.read_text() == "unchanged"
    assert sorted(p.name for p in folder.iterdir()) == ["keep.txt"], "a job created files outside its folder"


def _metadata(path: Path) -> tuple[object, ...]:
    info = os.stat(path, follow_symlinks=False)
    try:
        attrs = {name: os.getxattr(path, name) for name in os.listxattr(path)}
    except OSError:
        attrs = {}
    return (info.st_mode, info.st_uid, info.st_gid, info.st_mtime_ns, info.st_size, attrs)


@pytest.fixture(scope="module")
def runner(freecad: Path, canaries: Canaries) -> Iterator[FreeCADRunner]:
    with FreeCADRunner(freecad, pool_size=1, timeout_s=30, memory_mb=2048) as engine:
        assert engine.wait_ready(90)
        yield engine


def _job_processes(marker: str | None = None) -> set[int]:
    """Live processes of jobs started here: with a job's own user id, or descending from this test.

    With ``marker`` (a folder the runner under test keeps its workers in), a process counts only
    when its command line or an ancestor's names it: other runners (this module's own, other test
    sessions on the same machine) have workers too.
    """
    parents: dict[int, int] = {}
    owned = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        if re.search(r"^State:\s+[ZX]", status, re.M):
            continue
        pid = int(entry)
        parents[pid] = int(re.search(r"^PPid:\s+(\d+)", status, re.M).group(1))  # type: ignore[union-attr]
        if int(re.search(r"^Uid:\s+(\d+)", status, re.M).group(1)) in JOB_UIDS:  # type: ignore[union-attr]
            owned.add(pid)
    mine = {os.getpid()}
    while grown := {pid for pid, parent in parents.items() if parent in mine} - mine:
        mine |= grown
    found = (mine - {os.getpid()}) | owned
    if marker is None:
        return found
    return {pid for pid in found if any(marker in _cmdline(p) for p in _lineage(pid, parents))}


def _lineage(pid: int, parents: dict[int, int]) -> list[int]:
    chain = [pid]
    while parents.get(chain[-1], 0) > 1 and len(chain) < 64:
        chain.append(parents[chain[-1]])
    return chain


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""


@pytest.fixture
def job_root() -> Iterator[Path]:
    """A folder of this test's own for the workers (passable by their user ids), to tell them apart."""
    folder = Path(tempfile.mkdtemp(prefix="ai-designer-escapes-", dir="/tmp"))
    os.chmod(folder, 0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _run(
    runner: FreeCADRunner, script: str, out: Path, formats: set[str] | None = None
) -> ExecutionResult | FreeCADExecutionError:
    try:
        return runner._execute(script, out, formats or set(), python_guard=False)
    except FreeCADExecutionError as exc:
        return exc


def _assert_no_leak(outcome: ExecutionResult | FreeCADExecutionError, out: Path, canaries: Canaries) -> None:
    texts = [outcome.model_dump_json() if isinstance(outcome, ExecutionResult) else str(outcome.to_dict())]
    if isinstance(outcome, FreeCADExecutionError) and isinstance(
        outcome.context.get("result"), ExecutionResult
    ):
        texts.append(outcome.context["result"].model_dump_json())
    blobs = [p.read_bytes() for p in out.rglob("*") if p.is_file()] if out.exists() else []
    for secret in canaries.secrets():
        assert not any(secret in text for text in texts), f"{secret} leaked into the result"
        assert not any(secret.encode() in blob for blob in blobs), f"{secret} leaked into a file"


BOX = "import FreeCAD as App, Part\nPart.show(Part.makeBox(10, 20, 30), 'Box')\n"

# --- reading secrets --------------------------------------------------------------------------------

READ_ATTACKS = {
    "canary file by path": "print(open({file!r}).read())",
    "own environment": "import os; print(dict(os.environ)); print(open('/proc/self/environ','rb').read())",
    "parent environment": (
        "import os\n"
        "for pid in [os.getppid(), 1] + [int(p) for p in os.listdir('/proc') if p.isdigit()]:\n"
        "    try: print(pid, open(f'/proc/{{pid}}/environ', 'rb').read())\n"
        "    except OSError as e: print(pid, e)\n"
    ),
    "whole file system walk": (
        "import os\n"
        "for root in ('/', '/tmp', '/root', '/home', '/work', {folder!r}):\n"
        "    try: print(root, os.listdir(root))\n"
        "    except OSError as e: print(root, e)\n"
        "print(open({file!r}).read())\n"
    ),
    "secret into the geometry": (
        "import FreeCAD as App, Part\n"
        "doc = App.newDocument('Model')\n"
        "try: secret = open({file!r}).read()\n"
        "except OSError as e: secret = str(e)\n"
        "box = doc.addObject('Part::Box', 'Box')\n"
        "box.Label = secret\n"
        "sheet = doc.addObject('Spreadsheet::Sheet', 'Params'); sheet.set('A1', secret)\n"
        "doc.recompute()\n"
    ),
}


@pytest.mark.parametrize("name", READ_ATTACKS, ids=list(READ_ATTACKS))
def test_secrets_never_reach_the_job_or_its_outputs(
    runner: FreeCADRunner, canaries: Canaries, tmp_path: Path, name: str
) -> None:
    script = READ_ATTACKS[name].format(file=str(canaries.file), folder=str(canaries.folder))
    if "Part.show" not in script and "addObject" not in script:
        script += "\n" + BOX
    outcome = _run(runner, script, tmp_path / "out", FILES)
    _assert_no_leak(outcome, tmp_path / "out", canaries)


def test_host_sockets_are_invisible(runner: FreeCADRunner, listeners: Listeners, tmp_path: Path) -> None:
    script = "print(open('/proc/self/net/tcp').read(), open('/proc/net/unix').read())\n" + BOX
    result = _run(runner, script, tmp_path)
    assert isinstance(result, ExecutionResult) and result.ok, result
    tcp, _udp = listeners.ports
    assert f":{tcp:04X}" not in result.stdout
    assert listeners.unix_path not in result.stdout


# --- reaching other processes and the network ---------------------------------------------------------


def test_network_and_local_sockets_are_unreachable(
    runner: FreeCADRunner, listeners: Listeners, tmp_path: Path
) -> None:
    tcp, udp = listeners.ports
    script = (
        "import socket, ctypes\n"
        "def attempt(label, action):\n"
        "    try:\n"
        "        action(); print(label, 'REACHED')\n"
        "    except OSError as exc:\n"
        "        print(label, 'DENIED', exc.errno)\n"
        f"attempt('tcp', lambda: socket.create_connection(('127.0.0.1', {tcp}), timeout=2))\n"
        "def udp():\n"
        "    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
        f"    s.sendto(b'x', ('127.0.0.1', {udp}))\n"
        "attempt('udp', udp)\n"
        "def unix(address):\n"
        "    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n"
        "    s.connect(address)\n"
        f"attempt('unix', lambda: unix({listeners.unix_path!r}))\n"
        f"attempt('abstract', lambda: unix({listeners.abstract_name!r}))\n"
        "libc = ctypes.CDLL(None, use_errno=True)\n"
        "def raw_socket():\n"
        "    if libc.syscall(41, 2, 1, 0) < 0: raise OSError(ctypes.get_errno(), 'socket')\n"
        "attempt('raw syscall', raw_socket)\n" + BOX
    )
    result = _run(runner, script, tmp_path)
    assert isinstance(result, ExecutionResult) and result.ok, result
    for label in ("tcp", "udp", "unix", "abstract", "raw syscall"):
        assert f"{label} DENIED" in result.stdout, result.stdout
    time.sleep(0.5)
    assert listeners.hits == []


def test_no_new_process_or_program(runner: FreeCADRunner, tmp_path: Path) -> None:
    script = (
        "import os, subprocess, ctypes\n"
        "def attempt(label, action):\n"
        "    try:\n"
        "        result = action()\n"
        "        if result == 0: os._exit(0)  # a child that got through: leave quietly\n"
        "        print(label, 'STARTED', result)\n"
        "    except OSError as exc:\n"
        "        print(label, 'DENIED', exc.errno)\n"
        "attempt('fork', os.fork)\n"
        "attempt('subprocess', lambda: subprocess.Popen(['/usr/bin/sleep', '60']).pid)\n"
        "attempt('exec', lambda: os.execv('/usr/bin/true', ['true']))\n"
        "libc = ctypes.CDLL(None, use_errno=True)\n"
        "def raw(number, *args):\n"
        "    value = libc.syscall(number, *args)\n"
        "    if value < 0: raise OSError(ctypes.get_errno(), 'syscall')\n"
        "    return value\n"
        "attempt('clone', lambda: raw(56, 17, 0, 0, 0, 0))  # SIGCHLD, no CLONE_THREAD\n"
        "attempt('vfork', lambda: raw(58))\n"
        "attempt('unshare', lambda: raw(272, 0x10000000))\n"
        "attempt('ptrace', lambda: raw(101, 16, 1, 0, 0))\n"
        "attempt('x32 fork', lambda: raw(0x40000000 | 57))\n" + BOX
    )
    result = _run(runner, script, tmp_path)
    if isinstance(result, FreeCADExecutionError):  # the x32 entry point kills the process: fine
        assert result.context["error_kind"] == "crash"
        return
    assert result.ok, result.error
    for label in ("fork", "subprocess", "exec", "clone", "vfork", "unshare", "ptrace"):
        assert f"{label} DENIED" in result.stdout, result.stdout
    assert "STARTED" not in result.stdout


def test_files_outside_the_job_keep_their_metadata(
    runner: FreeCADRunner, protected: Path, tmp_path: Path
) -> None:
    script = (
        "import os, ctypes\n"
        f"target = {str(protected)!r}\n"
        "def attempt(label, action):\n"
        "    try:\n"
        "        action(); print(label, 'CHANGED')\n"
        "    except OSError as exc:\n"
        "        print(label, 'DENIED', exc.errno)\n"
        "attempt('chmod', lambda: os.chmod(target, 0o777))\n"
        "attempt('chown', lambda: os.chown(target, 0, 0))\n"
        "attempt('utime', lambda: os.utime(target, (0, 0)))\n"
        "attempt('setxattr', lambda: os.setxattr(target, 'user.canary', b'changed'))\n"
        "attempt('write', lambda: open(target, 'w').write('changed'))\n"
        "attempt('create', lambda: open(target + '.new', 'w').write('x'))\n"
        "attempt('unlink', lambda: os.unlink(target))\n"
        "attempt('rename', lambda: os.rename(target, target + '.moved'))\n"
        "attempt('own file chmod', lambda: os.chmod('tmp', 0o777))\n" + BOX
    )
    result = _run(runner, script, tmp_path)
    assert isinstance(result, ExecutionResult) and result.ok, result
    for label in ("chmod", "chown", "utime", "setxattr", "write", "create", "unlink", "rename"):
        assert f"{label} DENIED" in result.stdout, result.stdout


@pytest.mark.serial  # _job_processes() sees the jobs of every test running at the time
def test_the_job_runs_as_an_unprivileged_confined_user(runner: FreeCADRunner, tmp_path: Path) -> None:
    seen: dict[int, str] = {}
    script = "import time\ntime.sleep(3)\n" + BOX

    def job() -> None:
        _run(runner, script, tmp_path)

    thread = threading.Thread(target=job)
    thread.start()
    deadline = time.monotonic() + 10
    while thread.is_alive() and time.monotonic() < deadline:
        for pid in _job_processes():
            with contextlib.suppress(OSError):
                status = Path(f"/proc/{pid}/status").read_text()
                if (
                    b"ai_designer_worker" in Path(f"/proc/{pid}/cmdline").read_bytes()
                    and "bwrap" not in status
                ):
                    seen[pid] = status  # a FreeCAD worker itself, not the bubblewrap around it
        time.sleep(0.2)
    thread.join(30)
    confined = [s for s in seen.values() if re.search(r"^Seccomp:\s+2", s, re.M)]
    assert confined, "no worker ran with a seccomp filter"
    for status in seen.values():
        uid = int(re.search(r"^Uid:\s+(\d+)", status, re.M).group(1))  # type: ignore[union-attr]
        assert uid != 0 or not RUNS_AS_ROOT, "a worker ran as root"
        assert re.search(r"^CapEff:\s+0+$", status, re.M), "a worker kept capabilities"
        assert len(re.search(r"^NSpid:(.*)$", status, re.M).group(1).split()) == 2  # type: ignore[union-attr]
    for status in confined:
        assert re.search(r"^NoNewPrivs:\s+1", status, re.M)


def test_nothing_of_a_job_outlives_it(freecad: Path, job_root: Path, tmp_path: Path) -> None:
    script = (
        "import os, threading, time\n"
        "for _ in range(3):\n"
        "    try:\n"
        "        if os.fork() == 0:\n"
        "            os.setsid()\n"
        "            if os.fork() == 0: time.sleep(120)\n"
        "            os._exit(0)\n"
        "    except OSError as exc: print('fork', exc)\n"
        "for _ in range(5000):  # a thread bomb meets the task limit\n"
        "    try: threading.Thread(target=time.sleep, args=(120,), daemon=True).start()\n"
        "    except RuntimeError as exc: print('threads', exc); break\n"
        "while True: pass\n"
    )
    with FreeCADRunner(freecad, pool_size=0, timeout_s=4, work_root=job_root) as engine:
        started = time.monotonic()
        with pytest.raises(FreeCADExecutionError) as caught:
            engine._execute(script, tmp_path, set(), python_guard=False)
        assert time.monotonic() - started < 20
    assert caught.value.context["error_kind"] == "timeout"
    assert _job_processes(str(job_root)) == set(), "a process of the job is still alive"


def _folder_bytes(root: Path) -> int:
    total = 0
    for folder, _dirs, files in os.walk(root):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(folder, name)).st_blocks * 512
    return total


FLOODS = {
    "many small files": (
        "import os\n"
        "os.makedirs('flood', exist_ok=True)\n"
        "for i in range(20000): open(f'flood/{i}', 'w').close()\n"
    ),
    "many large files": (
        "chunk = b'x' * (1 << 20)\n"
        "for i in range(8):\n"
        "    with open(f'big{i}', 'wb') as f:\n"
        "        for _ in range(30): f.write(chunk)\n"
    ),
}


@pytest.mark.parametrize("mode", ["bwrap", "landlock"])
@pytest.mark.parametrize("name", FLOODS, ids=list(FLOODS))
def test_a_job_cannot_flood_the_disk(
    freecad: Path, job_root: Path, tmp_path: Path, name: str, mode: SandboxMode
) -> None:
    # RLIMIT_FSIZE caps one file; the folder as a whole is capped in bytes and in files: under
    # bubblewrap it is a tmpfs of that size (nothing reaches the host's disk), in landlock mode
    # a host folder walked a few times a second (the job may write a little past the cap).
    peak = [0]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _folder_bytes(job_root))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    with FreeCADRunner(
        freecad,
        pool_size=0,
        timeout_s=30,
        work_root=job_root,
        job_disk_mb=64,
        job_max_files=2000,
        sandbox=mode,
    ) as engine:
        watcher.start()
        try:
            with pytest.raises(FreeCADExecutionError) as caught:
                engine._execute(FLOODS[name] + BOX, tmp_path, set(), python_guard=False)
        finally:
            done.set()
            watcher.join(5)
    assert caught.value.context["error_kind"] == "disk", caught.value
    assert "64 MiB" in caught.value.message or "2000 files" in caught.value.message, caught.value.message
    cap = 64 << 20 if mode == "bwrap" else 256 << 20
    assert peak[0] < cap, f"the job's folder on the host reached {peak[0]} bytes"


# --- the job's output is untrusted bytes ----------------------------------------------------------


OUTPUT_ATTACKS = {
    "symlink to the environment": "os.symlink('/proc/self/environ', 'out/Model.FCStd')",
    "symlink to a secret": "os.symlink({file!r}, 'out/Model.FCStd')",
    "fifo that blocks a reader": "os.mkfifo('out/Model.FCStd')",
    "folder replaced by a link": "import shutil; shutil.rmtree('out'); os.symlink('/', 'out')",
    "hard link": "os.link('/proc/self/exe', 'out/Model.FCStd')",
    "oversized document": "open('out/Model.FCStd', 'wb').close(); os.truncate('out/Model.FCStd', 300 << 20)",
    "not a zip": "open('out/Model.FCStd', 'wb').write(b'PK' + b'\\x00' * 100)",
    "many files": "[open(f'out/f{{i}}.FCStd', 'w').close() for i in range(400)]",
}


DONE = (
    "import json\n"
    "os.write(int(os.environ['AI_DESIGNER_WORKER_FD']), "
    "(json.dumps({'event': 'done', 'outcome': {'ok': True}}) + '\\n').encode())\n"
    "os._exit(0)\n"
)


@pytest.mark.parametrize("name", OUTPUT_ATTACKS, ids=list(OUTPUT_ATTACKS))
def test_hostile_output_files_are_refused(
    runner: FreeCADRunner, canaries: Canaries, tmp_path: Path, name: str
) -> None:
    # The script plants its output itself and reports success on the control pipe, as a
    # process that took over the model worker would.
    script = "import os\n" + OUTPUT_ATTACKS[name].format(file=str(canaries.file)) + "\n" + DONE
    started = time.monotonic()
    outcome = _run(runner, script, tmp_path / "out", FILES)
    assert time.monotonic() - started < 25
    _assert_no_leak(outcome, tmp_path / "out", canaries)
    if isinstance(outcome, ExecutionResult):
        assert not outcome.ok, outcome
        assert outcome.final_shape is None
    else:
        assert outcome.context["error_kind"] == "crash", outcome


def test_control_pipe_garbage_is_a_clean_error(runner: FreeCADRunner, tmp_path: Path) -> None:
    script = (
        "import os\n"
        "fd = int(os.environ['AI_DESIGNER_WORKER_FD'])\n"
        "os.write(fd, b'not json at all\\n' + b'[' * 100000 + b'\\n')\n"
        "os._exit(0)\n"
    )
    with pytest.raises(FreeCADExecutionError) as caught:
        runner._execute(script, tmp_path, set(), python_guard=False)
    assert caught.value.context["error_kind"] == "crash"
    assert "protocol" in caught.value.message


def test_a_made_up_control_event_is_not_repeated_to_the_console(
    runner: FreeCADRunner, tmp_path: Path
) -> None:
    # The CLI prints error messages as Rich markup: a job's own words there become hyperlinks
    # (OSC 8 sequences) or a crash on an unbalanced tag.
    script = (
        "import os, json\n"
        "fd = int(os.environ['AI_DESIGNER_WORKER_FD'])\n"
        "os.write(fd, (json.dumps({'event': '[link=https://x.example]y[/link] [/bold]'}) + '\\n').encode())\n"
        "os._exit(0)\n"
    )
    with pytest.raises(FreeCADExecutionError) as caught:
        runner._execute(script, tmp_path, set(), python_guard=False)
    assert caught.value.context["error_kind"] == "crash"
    assert "protocol" in caught.value.message and "[" not in caught.value.message


def test_forged_reports_are_not_believed(runner: FreeCADRunner, freecad: Path, tmp_path: Path) -> None:
    # Class 2: the script replaces what it can of its own process and forges the report of the
    # 60 x 40 x 8 plate it was asked for; only what the measure process measures counts.
    plate = {
        "volume": 60 * 40 * 8,
        "area": 1.0,
        "bbox": {"min": [0, 0, 0], "max": [60, 40, 8], "size": [60, 40, 8]},
        "solids": 1,
        "shells": 1,
        "faces": 6,
        "edges": 12,
        "vertices": 8,
        "is_valid": True,
    }
    forged = {"job_id": "x", "ok": True, "final_shape": plate, "artifacts": {}}
    script = (
        "import os, json\n"
        "import FreeCAD as App, Part\n"
        "Part.show(Part.makeBox(1, 1, 1), 'Cube')\n"
        f"open('result.json', 'w').write({json.dumps(json.dumps(forged))})\n"
        "fd = int(os.environ['AI_DESIGNER_WORKER_FD'])\n"
        f"outcome = {{'ok': True, 'final_shape': {plate!r}}}\n"
        "App.ActiveDocument.saveAs('out/Model.FCStd')\n"
        "os.write(fd, (json.dumps({'event': 'done', 'outcome': {'ok': True}}) + '\\n').encode())\n"
        f"os.write(fd, (json.dumps({{'event': 'done', 'outcome': outcome}}) + '\\n').encode())\n"
        "os._exit(0)\n"
    )
    result = _run(runner, script, tmp_path / "out", {"step"})
    assert isinstance(result, ExecutionResult) and result.ok, result
    assert result.final_shape is not None
    assert result.final_shape.volume == pytest.approx(1.0)
    assert result.final_shape.bbox.size == pytest.approx((1, 1, 1))
    assert _step_geometry(freecad, Path(result.artifacts["step"])) == pytest.approx([1.0, 1.0, 1.0, 1.0])


def _step_geometry(freecad: Path, step: Path) -> list[float]:
    code = (
        f"import Part; s = Part.read({str(step)!r}); b = s.BoundBox\n"
        "print('GEOMETRY=%r,%r,%r,%r' % (s.Volume, b.XLength, b.YLength, b.ZLength))"
    )
    proc = subprocess.run(
        [str(freecad), "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    match = re.search(r"GEOMETRY=([-\d.e+]+),([-\d.e+]+),([-\d.e+]+),([-\d.e+]+)", proc.stdout)
    assert match, proc.stdout + proc.stderr
    return [float(v) for v in match.groups()]


@pytest.mark.parametrize(
    "script_name", ["plate_four_holes.py", "partdesign_pad_pocket.py", "spreadsheet_params.py"]
)
def test_reported_geometry_is_the_step_files_geometry(
    runner: FreeCADRunner, freecad: Path, tmp_path: Path, script_name: str
) -> None:
    code = (Path(__file__).parents[1] / "fixtures" / "scripts" / "valid" / script_name).read_text()
    result = runner.run(code, tmp_path, {"step", "fcstd"})
    assert result.ok and result.final_shape is not None, result.error
    volume, *size = _step_geometry(freecad, Path(result.artifacts["step"]))
    assert volume == pytest.approx(result.final_shape.volume, rel=1e-6)
    assert size == pytest.approx(list(result.final_shape.bbox.size), abs=1e-3)


# --- documents and expressions: the measure process's side ------------------------------------------

DOCUMENT_ATTACKS = {
    # Class 6: geometry that depends on where the document lives, evaluated at the final recompute.
    "file state in an expression": (
        "box.setExpression('Length', '_app.ActiveDocument.FileName == <<>> ? 10 mm : 1000 mm')"
    ),
    "pseudo-module built at run time": (
        "box.setExpression('Length', '_' + 'app' + '.ActiveDocument.Name == <<Model>> ? 10 mm : 20 mm')"
    ),
    "own object's document": "box.setExpression('Length', '_self.Document.FileName')",
    "document through a member": "box.setExpression('Length', 'Box.Document.FileName')",
    "other document": "box.setExpression('Length', 'Other#Box.Length')",
    "formula cell": "sheet.set('A1', '=_self.Document.FileName')",
    "text cell evaluated on load": "sheet.set('A2', \"_app.ActiveDocument.saveAs(<<x.FCStd>>)\")",
    "python feature": "doc.addObject('Part::FeaturePython', 'Payload')",
    "file property": "box.addProperty('App::PropertyFileIncluded', 'Data')",
    "external link": "doc.addObject('App::Link', 'Far')",
}


@pytest.mark.parametrize("name", DOCUMENT_ATTACKS, ids=list(DOCUMENT_ATTACKS))
def test_documents_that_reach_outside_the_model_are_refused(
    runner: FreeCADRunner, tmp_path: Path, name: str
) -> None:
    script = (
        "import FreeCAD as App\n"
        "doc = App.newDocument('Model')\n"
        "box = doc.addObject('Part::Box', 'Box')\n"
        "sheet = doc.addObject('Spreadsheet::Sheet', 'Params')\n"
        f"{DOCUMENT_ATTACKS[name]}\n"
    )
    outcome = _run(runner, script, tmp_path / "out", FILES)
    assert isinstance(outcome, ExecutionResult), outcome
    assert not outcome.ok
    assert outcome.error_kind == "exception"
    assert outcome.error is not None and "refused" in outcome.error, outcome.error
    assert outcome.final_shape is None
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def _fcstd_with(document_xml: str) -> str:
    """Script text that writes a hand-made FCStd (no FreeCAD involved) as the model's output."""
    return (
        "import zipfile\n"
        "with zipfile.ZipFile('out/Model.FCStd', 'w') as z:\n"
        f"    z.writestr('Document.xml', {document_xml!r})\n"
        "import os, json\n"
        "fd = int(os.environ['AI_DESIGNER_WORKER_FD'])\n"
        "os.write(fd, (json.dumps({'event': 'done', 'outcome': {'ok': True}}) + '\\n').encode())\n"
        "os._exit(0)\n"
    )


CRAFTED = {
    "type naming any module": (
        '<Document><Objects Count="1"><Object type="os::Thing" name="X"/></Objects></Document>'
    ),
    "python proxy": (
        '<Document><Objects Count="1"><Object type="Part::Feature" name="X"/></Objects><ObjectData Count="1">'
        '<Object name="X"><Properties Count="1"><Property name="Proxy" type="App::PropertyPythonObject">'
        '<Python value="e30=" encoded="yes" module="os" class="system"/></Property></Properties></Object>'
        "</ObjectData></Document>"
    ),
    "external file": (
        '<Document><Objects Count="1"><Object type="Part::Feature" name="X"/></Objects><ObjectData Count="1">'
        '<Object name="X"><Properties Count="1"><Property name="Shape" type="Part::PropertyPartShape">'
        '<Part file="../../../etc/passwd"/></Property></Properties></Object></ObjectData></Document>'
    ),
    "entity expansion": '<!DOCTYPE d [<!ENTITY a "aaaa">]><Document>&a;</Document>',
    "xlinks": '<Document><XLinks count="1"><XLink file="/etc/passwd"/></XLinks></Document>',
}


@pytest.mark.parametrize("name", CRAFTED, ids=list(CRAFTED))
def test_crafted_documents_are_refused_before_freecad_reads_them(
    runner: FreeCADRunner, tmp_path: Path, name: str
) -> None:
    outcome = _run(runner, _fcstd_with(CRAFTED[name]), tmp_path / "out", FILES)
    assert isinstance(outcome, ExecutionResult), outcome
    assert not outcome.ok and outcome.error is not None and "refused" in outcome.error, outcome.error


def test_the_fcstd_recomputes_to_the_reported_part(runner: FreeCADRunner, tmp_path: Path) -> None:
    # Solids in two documents were fused into the report and the STEP file, while model.FCStd
    # held one document: the file recomputed to a 1 mm cube where a 60 x 40 x 8 plate was reported.
    script = (
        "import FreeCAD as App\n"
        "first = App.newDocument('Aaa')\n"
        "first.addObject('Part::Box', 'Cube').Length = 1\n"
        "second = App.newDocument('Bbb')\n"
        "plate = second.addObject('Part::Box', 'Plate')\n"
        "plate.Length, plate.Width, plate.Height = 60, 40, 8\n"
    )
    result = runner.run(script, tmp_path, {"step", "fcstd"})
    assert not result.ok and result.error is not None and "one document" in result.error
    assert result.final_shape is None and "step" not in result.artifacts


# FreeCAD's zip reader streams the entries and takes the first as the document, whatever its
# name; its XML reader goes by local names. Both once let FreeCAD load a document the checks never saw.
PARSER_GAPS = {
    "first entry read as the document": (
        "names = ['Hidden.xml'] + src.namelist()\n"
        "big = xml.replace('value=\"10.0000000000000000\"', 'value=\"777.0\"')\n"
        "data = {'Hidden.xml': big}\n"
    ),
    "namespaced expression": (
        "names = src.namelist()\n"
        'engine = \'<ExpressionEngine count="1" xmlns:q="urn:q">\'\n'
        'engine += \'<q:Expression path="Height" expression="_self.Document.Label"/>\'\n'
        "data = {'Document.xml': xml.replace('<ExpressionEngine count=\"0\">', engine, 1)}\n"
    ),
}


@pytest.mark.parametrize("name", PARSER_GAPS, ids=list(PARSER_GAPS))
def test_freecad_loads_only_what_the_checks_saw(runner: FreeCADRunner, tmp_path: Path, name: str) -> None:
    script = (
        "import FreeCAD as App, zipfile, os, json\n"
        "doc = App.newDocument('Model')\n"
        "doc.addObject('Part::Box', 'Box')\n"
        "doc.recompute()\n"
        "doc.saveAs('tmp/real.FCStd')\n"
        "src = zipfile.ZipFile('tmp/real.FCStd')\n"
        "xml = src.read('Document.xml').decode()\n"
        f"{PARSER_GAPS[name]}"
        "with zipfile.ZipFile('out/Model.FCStd', 'w') as out:\n"
        "    for member in names:\n"
        "        out.writestr(member, data.get(member) or src.read(member))\n"
        + DONE.replace("import json\n", "")
    )
    outcome = _run(runner, script, tmp_path / "out", {"step"})
    assert isinstance(outcome, ExecutionResult), outcome
    if name == "namespaced expression":
        assert not outcome.ok and outcome.error is not None and "namespaces" in outcome.error, outcome.error
        return
    assert outcome.ok, outcome.error
    assert outcome.final_shape is not None
    assert outcome.final_shape.volume == pytest.approx(1000.0)  # the 10 mm box it checked, not 777 mm


# --- the service's side: what a model can make the service do ---------------------------------------

AMPLIFIERS = {
    # each feature uses the two before it: expanded as a tree, 2^n nodes for 2n objects
    "shared features": (
        "a = doc.addObject('Part::Box', 'A0')\n"
        "b = doc.addObject('Part::Box', 'B0')\n"
        "for i in range(1, 19):\n"
        "    na = doc.addObject('Part::Fuse', f'A{i}')\n"
        "    na.Base = a\n"
        "    na.Tool = b\n"
        "    nb = doc.addObject('Part::Common', f'B{i}')\n"
        "    nb.Base = a\n"
        "    nb.Tool = b\n"
        "    a, b = na, nb\n"
    ),
    # a long chain nests deeper than the report can be read back
    "long chain": (
        "prev = doc.addObject('Part::Box', 'Plate')\n"
        "for i in range(400):\n"
        "    c = doc.addObject('Part::Compound', f'C{i}')\n"
        "    c.Links = [prev]\n"
        "    prev = c\n"
    ),
}


def _tree_nodes(nodes: list[FeatureNode]) -> int:
    return sum(1 + _tree_nodes(node.children) for node in nodes)


@pytest.mark.parametrize("name", AMPLIFIERS, ids=list(AMPLIFIERS))
def test_a_model_cannot_make_the_report_explode(runner: FreeCADRunner, tmp_path: Path, name: str) -> None:
    script = f"import FreeCAD as App\ndoc = App.newDocument('Model')\n{AMPLIFIERS[name]}doc.recompute()\n"
    result = runner.run(script, tmp_path, set())  # an ordinary script: the policy allows it
    assert result.ok, result.error
    assert _tree_nodes(result.feature_tree) <= 3 * len(result.objects)  # linear, not 2^n
    assert len(result.model_dump_json()) < 2_000_000


@pytest.mark.timeout(180)
def test_a_long_printed_run_of_tabs_is_read_in_linear_time(runner: FreeCADRunner, tmp_path: Path) -> None:
    # One printed line once cost the service minutes of CPU in the output cleaner (quadratic).
    result = runner.run("print('\\t' * 300000 + 'end')\n" + BOX, tmp_path, set())
    assert result.ok, result.error
    assert result.stdout_truncated and result.stdout.rstrip().endswith("end")


def test_type_of_a_class_fails_at_run_time(runner: FreeCADRunner, tmp_path: Path) -> None:
    # The policy cannot tell that Part.Shape is a class; type() of it would be `type` itself,
    # whose three-argument form makes classes and metaclasses.
    script = "import Part\nMaker = type(Part.Shape)\nMade = Maker('Made', (), {})\n" + BOX
    result = runner.run(script, tmp_path, set())
    assert not result.ok and result.error is not None
    assert "type() of a class" in result.error and result.error_line == 2


# --- console ----------------------------------------------------------------------------------------


def test_terminal_control_sequences_never_reach_the_console(runner: FreeCADRunner, tmp_path: Path) -> None:
    script = (
        "print('\\x1b]0;pwned\\x07\\x1b]52;c;Y2FuYXJ5\\x07\\x1b[2J\\x1bc\\u202etxt.exe\\x9b1m ok')\n"
        "import sys; sys.stderr.write('\\x1b]8;;http://x\\x1b\\\\link\\x1b]8;;\\x1b\\\\\\n')\n"
        "raise ValueError('\\x1b[31mred\\x1b]0;title\\x07 error')\n"
    )
    result = _run(runner, script, tmp_path)
    assert isinstance(result, ExecutionResult)
    for text in (result.stdout, result.stderr, result.error or "", result.traceback or ""):
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text), repr(text)
    assert "ok" in result.stdout and "red error" in (result.error or "")


@pytest.mark.serial  # _job_processes() sees the jobs of every test running at the time
def test_exec_command_leaves_no_process_and_prints_no_control_characters(
    job_root: Path, tmp_path: Path
) -> None:
    script = tmp_path / "loop.py"
    script.write_text("print('\\x1b]0;pwned\\x07visible')\ni = 0\nwhile i >= 0:\n    i += 1\n")
    env = {"FREECAD_TIMEOUT_S": "3", "FREECAD_POOL_SIZE": "0", "TMPDIR": str(job_root)}
    started = time.monotonic()
    proc = cli(tmp_path, "exec", str(script), "--out", str(tmp_path / "out"), timeout=120, env=env)
    assert time.monotonic() - started < 60
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "timeout" in (proc.stdout + proc.stderr).lower() or "did not finish" in proc.stdout + proc.stderr
    assert _job_processes(str(job_root)) == set(), "a process of the job outlived `ai-designer exec`"
    assert "\x1b]" not in proc.stdout + proc.stderr


def test_exec_refuses_a_checked_method_taken_as_a_value(tmp_path: Path) -> None:
    # `doc.addObject('App::FeaturePython', ...)` is refused by its argument; the same call through
    # an alias must not slip past that check.
    script = tmp_path / "alias.py"
    script.write_text(
        "import FreeCAD as App\n"
        "doc = App.newDocument('Model')\n"
        "add = doc.addObject\n"
        "add('App::FeaturePython', 'Escape')\n"
    )
    proc = cli(tmp_path, "exec", str(script), "--out", str(tmp_path / "o"), timeout=120)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    assert "may only be called directly" in output, output
    assert not any((tmp_path / "o").glob("*.FCStd")), "the refused script ran"


def test_a_label_cannot_forge_console_lines(tmp_path: Path) -> None:
    # An object label is the job's text inside a message the engine writes (a failed feature is
    # named by its label): it must print on the message's own line, literally, with no emoji.
    forged = "x\\n:white_check_mark: all checks passed [bold]ok"
    script = tmp_path / "label.py"
    script.write_text(
        "import FreeCAD as App\n"
        "doc = App.newDocument('Model')\n"
        "box = doc.addObject('Part::Box', 'Box')\n"
        f"box.Label = '{forged}'\n"
        "box.Length = -1\n"
        "doc.recompute()\n"
    )
    proc = cli(tmp_path, "exec", str(script), "--out", str(tmp_path / "o"), timeout=120)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    (line,) = [row for row in output.splitlines() if "all checks passed" in row]
    assert "error:" in line and "failed to recompute" in line, output
    assert "x :white_check_mark: all checks passed [bold]ok" in line, line
    assert "\u2705" not in output


def test_plan_text_cannot_forge_console_lines(tmp_path: Path) -> None:
    # In the LLM path the model writes the plan's title, labels and a custom node's description;
    # `design` reads the plan back on the console, where a line break would start a line of its own.
    forged = "\n  checks:  5/5 passed (decision: pass) FORGED"
    escape = "\x1b]0;pwned\x07\x1b[2J"
    box = {"op": "box", "length": 10, "width": 10, "height": 10}
    tag = {"op": "custom", "description": f"tag{escape}{forged}", "code": "result = Part.makeBox(2, 2, 2)"}
    plan = {
        "title": f"cube{escape}{forged}",
        "nodes": [
            {"id": "cube", "label": f"Cube{escape}{forged}", "operation": box},
            {"id": "tag", "operation": {**tag, "placement": {"offset": [0, 0, 10]}}},
        ],
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    proc = cli(
        tmp_path, "design", "--plan", str(path), "--out", str(tmp_path / "o"), "--format", "step", timeout=180
    )
    output = proc.stdout + proc.stderr
    assert "free-form geometry" in output, output  # the plan was read back
    forged_lines = [row for row in output.splitlines() if "FORGED" in row]
    assert forged_lines, output
    assert not any(row.lstrip().startswith("checks:") for row in forged_lines), output
    assert "\x1b" not in output and "pwned" not in output, output
    report = (tmp_path / "o" / "report.json").read_text()
    assert "\\n  checks" not in report and "\\u001b" not in report


def test_memory_bomb_in_threads_is_contained(runner: FreeCADRunner, tmp_path: Path) -> None:
    script = (
        "import threading\n"
        "blocks = []\n"
        "def grab():\n"
        "    try:\n"
        "        while True: blocks.append(bytearray(50 << 20))\n"
        "    except MemoryError: pass\n"
        "threads = [threading.Thread(target=grab) for _ in range(4)]\n"
        "[t.start() for t in threads]; [t.join() for t in threads]\n"
        "raise MemoryError('done')\n"
    )
    with pytest.raises(FreeCADExecutionError) as caught:
        runner._execute(script, tmp_path, set(), python_guard=False)
    assert caught.value.context["error_kind"] in {"memory", "crash"}


def test_memory_that_outlives_its_mappings_is_refused(runner: FreeCADRunner, tmp_path: Path) -> None:
    # The address-space limit counts mapped memory only: a memory file written with write(), or a
    # System V segment filled and detached, would hold host memory beyond the job's limit.
    script = (
        "import os, ctypes\n"
        "libc = ctypes.CDLL(None, use_errno=True)\n"
        "def attempt(label, action):\n"
        "    try:\n"
        "        value = action()\n"
        "        if isinstance(value, int) and value < 0: raise OSError(ctypes.get_errno(), label)\n"
        "        print(label, 'ALLOWED')\n"
        "    except OSError as exc:\n"
        "        print(label, 'DENIED', exc.errno)\n"
        "attempt('memfd', lambda: os.memfd_create('hoard'))\n"
        "attempt('shmget', lambda: libc.shmget(0, 1 << 20, 0o1600))\n"
        "attempt('msgget', lambda: libc.msgget(0, 0o1600))\n"
        "attempt('semget', lambda: libc.semget(0, 1, 0o1600))\n"
        "attempt('mq_open', lambda: libc.mq_open(b'/hoard', 0o102, 0o600, None))\n" + BOX
    )
    result = _run(runner, script, tmp_path)
    assert isinstance(result, ExecutionResult) and result.ok, result
    for label in ("memfd", "shmget", "msgget", "semget", "mq_open"):
        assert f"{label} DENIED" in result.stdout, result.stdout


def test_a_job_never_dumps_core(runner: FreeCADRunner, tmp_path: Path) -> None:
    # A core file is another file of any size in the job folder; where the host pipes cores to a
    # program (apport, systemd-coredump), a crash would run that program as root on the job's memory.
    script = (
        "import resource, ctypes\n"
        "try:\n"
        "    resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))\n"
        "except ValueError as exc:\n"
        "    print('raise DENIED')\n"
        "print('core limit', resource.getrlimit(resource.RLIMIT_CORE))\n"
        "print('dumpable', ctypes.CDLL(None).prctl(3, 0, 0, 0, 0))\n" + BOX
    )
    result = _run(runner, script, tmp_path)
    assert isinstance(result, ExecutionResult) and result.ok, result
    assert "raise DENIED" in result.stdout
    assert "core limit (0, 0)" in result.stdout and "dumpable 0" in result.stdout, result.stdout


def test_prctl_cannot_weaken_the_sandbox(runner: FreeCADRunner, tmp_path: Path) -> None:
    # Only the prctl options modelling needs pass the filter: making the job dumpable again (which
    # would let a host core handler run on it), naming a ptracer, changing the memory map's
    # bookkeeping, securebits or ambient capabilities all fail, also with the option number's high
    # bits set (the kernel reads an int, a filter comparing 64 bits would miss it).
    script = (
        "import ctypes\n"
        "libc = ctypes.CDLL(None, use_errno=True)\n"
        "libc.prctl.argtypes = [ctypes.c_ulong] * 5\n"
        "def attempt(label, option, value):\n"
        "    result = libc.prctl(option, value, 0, 0, 0)\n"
        "    print(label, 'DENIED' if result < 0 else 'ALLOWED', ctypes.get_errno())\n"
        "attempt('dumpable', 4, 1)\n"
        "attempt('dumpable high bits', (1 << 32) | 4, 1)\n"
        "attempt('ptracer', 0x59616D61, (1 << 64) - 1)\n"
        "attempt('securebits', 28, 0)\n"
        "libc.prctl(47, 2, 21, 0, 0) == 0 and print('ambient raise ALLOWED')\n"
        "attempt('mm', 35, 8)\n"
        "attempt('name', 15, ctypes.addressof(ctypes.create_string_buffer(b'job')))\n"
        "print('dumpable now', libc.prctl(3, 0, 0, 0, 0))\n" + BOX
    )
    result = _run(runner, script, tmp_path)
    assert isinstance(result, ExecutionResult) and result.ok, result
    for label in ("dumpable", "dumpable high bits", "ptracer", "securebits", "mm"):
        assert f"{label} DENIED" in result.stdout, result.stdout
    assert "dumpable now 0" in result.stdout, result.stdout
    assert "name ALLOWED" in result.stdout and "ambient raise ALLOWED" not in result.stdout, result.stdout


def test_the_weaker_landlock_mode_still_confines(freecad: Path, listeners: Listeners, tmp_path: Path) -> None:
    tcp, _udp = listeners.ports
    script = (
        "import os, socket\n"
        "def attempt(label, action):\n"
        "    try:\n"
        "        action(); print(label, 'ALLOWED')\n"
        "    except OSError as exc:\n"
        "        print(label, 'DENIED', exc.errno)\n"
        f"attempt('tcp', lambda: socket.create_connection(('127.0.0.1', {tcp}), timeout=2))\n"
        "attempt('fork', os.fork)\n"
        "attempt('write outside', lambda: open('/tmp/ai-designer-landlock-probe', 'w'))\n" + BOX
    )
    with FreeCADRunner(freecad, pool_size=0, sandbox="landlock") as engine:
        result = engine._execute(script, tmp_path, {"step"}, python_guard=False)
    assert result.ok, result.error
    assert result.final_shape is not None and result.final_shape.volume == pytest.approx(6000)
    for label in ("tcp", "fork", "write outside"):
        assert f"{label} DENIED" in result.stdout, result.stdout


def test_exec_prints_job_errors_without_control_characters(tmp_path: Path) -> None:
    script = tmp_path / "noisy.py"
    script.write_text(
        "import Part\n"
        "print('\\x1b]0;pwned\\x07\\x1b[2Jprinted')\n"
        "raise ValueError('\\x1b]52;c;Y2FuYXJ5\\x07\\x1b[31mboom\\u202e')\n"
    )
    proc = cli(tmp_path, "exec", str(script), "--out", str(tmp_path / "o"), timeout=120)
    assert proc.returncode == 1
    assert "boom" in proc.stdout + proc.stderr
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", proc.stdout + proc.stderr)


@pytest.mark.skipif(not RUNS_AS_ROOT, reason="workers only get their own user id when the service is root")
def test_a_sandbox_that_cannot_start_is_a_clear_error_not_an_unconfined_run(
    freecad: Path, tmp_path: Path
) -> None:
    hidden = tmp_path / "private"
    hidden.mkdir(mode=0o700)  # the workers' own user ids cannot reach their folders in here
    with (
        FreeCADRunner(freecad, pool_size=0, work_root=hidden) as engine,
        pytest.raises(FreeCADError) as caught,
    ):
        engine.run(BOX, tmp_path / "out", set())
    assert "bubblewrap" in caught.value.message
    assert "FREECAD_SANDBOX=landlock" in caught.value.hint
    assert not (tmp_path / "out").exists()
