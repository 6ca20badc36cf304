"""The sandboxed FreeCAD engine against a real freecadcmd: metrics, files, limits, isolation."""

from __future__ import annotations

import asyncio
import math
import os
import re
import shutil
import struct
import subprocess
import tempfile
import threading
import time
import zipfile
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ai_designer.errors import FreeCADError, FreeCADExecutionError, ScriptRejectedError
from ai_designer.freecad.path_resolver import find_freecad
from ai_designer.freecad.runner import FreeCADRunner
from ai_designer.schemas.execution import ExecutionResult

pytestmark = pytest.mark.freecad

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "scripts"
VALID = sorted((CORPUS / "valid").glob("*.py"))
ALL_FORMATS = {"fcstd", "step", "stl", "brep", "png"}


def _freecad() -> Path:
    try:
        return find_freecad(probe_version=False).executable
    except FreeCADError:
        pytest.skip("freecadcmd is not installed")


@pytest.fixture(scope="module")
def freecad() -> Path:
    return _freecad()


@pytest.fixture(scope="module")
def runner(freecad: Path) -> Iterator[FreeCADRunner]:
    with FreeCADRunner(freecad, pool_size=2, timeout_s=60) as engine:
        assert engine.wait_ready(60)
        yield engine


def box_script(length: float, width: float, height: float, name: str = "Box") -> str:
    return (
        "import FreeCAD as App\n"
        f"doc = App.newDocument('{name}')\n"
        f"box = doc.addObject('Part::Box', '{name}')\n"
        f"box.Length, box.Width, box.Height = {length}, {width}, {height}\n"
        "doc.recompute()\n"
    )


def expectations(path: Path) -> dict[str, float]:
    return {k: float(v) for k, v in re.findall(r"^# expect-([\w-]+): ([\d.]+)$", path.read_text(), re.M)}


# --- correct metrics -------------------------------------------------------------------------------


def test_box_volume_and_bbox(runner: FreeCADRunner, tmp_path: Path) -> None:
    result = runner.run(box_script(60, 40, 8), tmp_path, set())
    assert result.ok, result.error
    assert result.final_shape is not None
    assert result.final_shape.volume == pytest.approx(60 * 40 * 8)
    assert result.final_shape.bbox.size == pytest.approx((60, 40, 8))
    assert result.final_shape.solids == 1
    assert result.final_shape.faces == 6
    assert result.final_shape.is_valid
    assert result.roots == ["Box"]
    assert result.freecad_version


def test_cylinder_volume(runner: FreeCADRunner, tmp_path: Path) -> None:
    result = runner.run((CORPUS / "valid" / "cylinder.py").read_text(), tmp_path, set())
    assert result.final_shape is not None
    assert result.final_shape.volume == pytest.approx(math.pi * 10**2 * 20)
    assert result.final_shape.bbox.size == pytest.approx((20, 20, 20))


def test_box_minus_hole_volume_tree_and_hole(runner: FreeCADRunner, tmp_path: Path) -> None:
    result = runner.run((CORPUS / "valid" / "box_minus_hole.py").read_text(), tmp_path, set())
    shape = result.final_shape
    assert shape is not None
    assert shape.volume == pytest.approx(40 * 40 * 10 - math.pi * 5**2 * 10)
    assert result.roots == ["BlockWithHole"]
    (root,) = result.feature_tree
    assert root.name == "BlockWithHole"
    assert {c.name for c in root.children} == {"Block", "Hole"}
    assert shape.through_holes == 1
    (hole,) = shape.holes
    assert hole.diameter == pytest.approx(10)
    assert hole.depth == pytest.approx(10)
    assert hole.axis == pytest.approx((0, 0, 1))
    assert hole.start[:2] == pytest.approx((20, 20))
    hole_object = next(o for o in result.objects if o.name == "Hole")
    assert hole_object.placement is not None
    assert hole_object.placement.position == pytest.approx((20, 20, 0))
    assert hole_object.parents == ["BlockWithHole"]


def test_blind_hole_is_not_through(runner: FreeCADRunner, tmp_path: Path) -> None:
    script = (
        "import FreeCAD as App\nimport Part\n"
        "block = Part.makeBox(30, 30, 10).cut(Part.makeCylinder(3, 5, App.Vector(15, 15, 5)))\n"
        "Part.show(block, 'Blind')\n"
    )
    result = runner.run(script, tmp_path, set())
    assert result.final_shape is not None
    assert result.final_shape.through_holes == 0
    (hole,) = result.final_shape.holes
    assert not hole.through
    assert hole.diameter == pytest.approx(6)
    assert hole.depth == pytest.approx(5)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_corpus_runs(runner: FreeCADRunner, tmp_path: Path, path: Path) -> None:
    result = runner.run(path.read_text(), tmp_path, set())
    assert result.ok, f"{result.error}\n{result.traceback}\n{result.stderr}"
    assert result.final_shape is not None
    assert result.final_shape.solids >= 1
    assert result.final_shape.is_valid
    expected = expectations(path)
    if "volume" in expected:
        assert result.final_shape.volume == pytest.approx(expected["volume"], rel=1e-6)
    if "through-holes" in expected:
        assert result.final_shape.through_holes == expected["through-holes"]


def test_partdesign_body_is_the_final_object(runner: FreeCADRunner, tmp_path: Path) -> None:
    result = runner.run((CORPUS / "valid" / "partdesign_pad_pocket.py").read_text(), tmp_path, set())
    assert result.roots == ["Body"]
    body = next(node for node in result.feature_tree if node.name == "Body")
    assert body.children[0].name == "Pocket"
    assert {o.type_id for o in result.objects} >= {
        "PartDesign::Body",
        "PartDesign::Pad",
        "Sketcher::SketchObject",
    }
    assert not any(o.type_id == "App::Plane" for o in result.objects)


def test_unconsumed_solids_are_fused_with_a_warning(runner: FreeCADRunner, tmp_path: Path) -> None:
    script = box_script(10, 10, 10, "A") + "b = doc.addObject('Part::Box', 'B')\nb.Placement.Base.x = 20\n"
    result = runner.run(script, tmp_path, set())
    assert result.final_shape is not None
    assert result.final_shape.solids == 2
    assert result.final_shape.volume == pytest.approx(2000)
    assert len(result.per_solid) == 2
    assert any("fused" in w for w in result.warnings)


# --- script failures come back as results ----------------------------------------------------------


def test_exception_reports_line_and_traceback(runner: FreeCADRunner, tmp_path: Path) -> None:
    script = "import Part\nx = 1\nshape = Part.makeBox(1, 1, 0)\n"
    result = runner.run(script, tmp_path, ALL_FORMATS)
    assert not result.ok
    assert result.error_kind == "exception"
    assert result.error_line == 3
    assert result.error is not None and result.error.startswith("line 3: ")
    assert result.traceback is not None and 'File "script.py", line 3' in result.traceback
    assert result.artifacts == {}
    assert not any(tmp_path.iterdir())


def test_recompute_error_names_the_failed_object(runner: FreeCADRunner, tmp_path: Path) -> None:
    script = (
        "import FreeCAD as App\ndoc = App.newDocument('M')\n"
        "c = doc.addObject('Part::Cylinder', 'Shaft')\nc.Radius = 0\nprint('made it')\n"
    )
    result = runner.run(script, tmp_path, {"fcstd", "step"})
    assert result.error_kind == "recompute"
    assert result.error is not None and "Shaft" in result.error
    shaft = next(o for o in result.objects if o.name == "Shaft")
    assert not shaft.valid
    assert "Invalid" in shaft.state
    assert shaft.error
    assert "made it" in result.stdout
    assert set(result.artifacts) == {"fcstd"}  # the document, for inspection; no STEP of a broken model


def test_script_without_solid(runner: FreeCADRunner, tmp_path: Path) -> None:
    result = runner.run("import FreeCAD as App\ndoc = App.newDocument('Empty')\n", tmp_path, set())
    assert result.error_kind == "no_shape"
    assert result.error is not None and "Part.show" in result.error


def test_hostile_script_is_rejected_before_running(runner: FreeCADRunner, tmp_path: Path) -> None:
    out = tmp_path / "never"
    hostile = (CORPUS / "hostile" / "subclass_walk.py").read_text()
    with pytest.raises(ScriptRejectedError) as caught:
        runner.run(hostile, out, ALL_FORMATS)
    assert caught.value.context["violations"]
    assert all(v["rule"] == "dunder" for v in caught.value.context["violations"])
    assert not out.exists()


# --- files -----------------------------------------------------------------------------------------


def _png_pixels(data: bytes) -> tuple[int, int, bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, width, height, idat = 8, 0, 0, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        tag, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(tag + body) & 0xFFFFFFFF == crc
        if tag == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
            assert body[8:10] == b"\x08\x02"  # 8-bit RGB
        elif tag == b"IDAT":
            idat += body
        pos += 12 + length
    return width, height, zlib.decompress(idat)


def _read_step_volume(freecad: Path, step: Path) -> float:
    code = f"import Part; print('VOLUME=%r' % Part.read({str(step)!r}).Volume)"
    proc = subprocess.run(
        [str(freecad), "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    match = re.search(r"VOLUME=([\d.e+-]+)", proc.stdout)
    assert match, proc.stdout + proc.stderr
    return float(match.group(1))


def test_all_artifacts_are_written_and_correct(runner: FreeCADRunner, freecad: Path, tmp_path: Path) -> None:
    script = (CORPUS / "valid" / "plate_four_holes.py").read_text()
    metadata = {"request_id": "req-42", "prompt_hash": "abc123"}
    result = runner.run(script, tmp_path / "out", ALL_FORMATS, metadata)
    assert result.ok, result.error
    views = ("iso", "top", "front", "right", "bottom", "section")
    assert set(result.artifacts) == {"fcstd", "step", "stl", "brep"} | {f"preview_{v}" for v in views}
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(
        ["model.FCStd", "model.step", "model.stl", "model.brep"] + [f"preview_{v}.png" for v in views]
    )
    for path in result.artifacts.values():
        assert Path(path).is_absolute() and Path(path).stat().st_size > 0

    step = Path(result.artifacts["step"])
    header = step.read_text(encoding="ascii", errors="replace")[:2000]
    assert "AUTOMOTIVE_DESIGN" in header  # AP214
    assert "'request_id=req-42'" in header and "'prompt_hash=abc123'" in header
    assert f"'job_id={result.job_id}'" in header
    assert _read_step_volume(freecad, step) == pytest.approx(
        result.final_shape.volume if result.final_shape else 0
    )

    with zipfile.ZipFile(result.artifacts["fcstd"]) as archive:
        document = archive.read("Document.xml").decode()
    assert "req-42" in document and "ai_designer.prompt_hash" in document

    stl = Path(result.artifacts["stl"]).read_bytes()
    (triangles,) = struct.unpack("<I", stl[80:84])
    assert len(stl) == 84 + 50 * triangles  # binary STL

    for view in views:
        width, height, raw = _png_pixels(Path(result.artifacts[f"preview_{view}"]).read_bytes())
        assert (width, height) == (512, 512)
        assert len(raw) == height * (1 + width * 3)
        assert len(set(raw[1 : 1 + width * 3])) == 1  # top row: plain background
        drawn = sum(1 for byte in raw[1::3] if byte != raw[1])
        assert drawn > 0.02 * width * height  # the part is in the picture, not a speck
        assert len(set(raw)) > (10 if view == "iso" else 3)  # shading and outlines


def test_previews_drawn_on_two_threads_match_those_drawn_one_by_one(freecad: Path, tmp_path: Path) -> None:
    src = Path(__file__).resolve().parents[2] / "src"
    code = (
        f"import sys; sys.path.insert(0, {str(src)!r})\n"
        "import FreeCAD, Part\n"
        "from ai_designer.freecad.worker import render\n"
        "shape = Part.makeBox(60, 40, 8).cut(Part.makeCylinder(2.5, 8, FreeCAD.Vector(6, 6, 0)))\n"
        "together = render.render_previews(shape, 256)\n"
        "points, triangles = render.tessellate(shape)\n"
        "draw = lambda v: render.encode_png(render.render_view(points, triangles, v, 256))\n"
        "alone = {v: draw(v) for v in render.VIEWS}\n"
        "print('SAME=%s' % all(together[v] == alone[v] for v in render.VIEWS))\n"
        "print('VIEWS=%s' % ','.join(sorted(together)))\n"
    )
    script = tmp_path / "draw.py"
    script.write_text(code)
    proc = subprocess.run(
        [str(freecad), str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert "SAME=True" in proc.stdout, proc.stdout + proc.stderr
    assert "VIEWS=bottom,front,iso,right,section,top" in proc.stdout


def test_only_requested_formats_are_written(runner: FreeCADRunner, tmp_path: Path) -> None:
    result = runner.run(box_script(5, 5, 5), tmp_path, {"stl"})
    assert set(result.artifacts) == {"stl"}
    assert [p.name for p in tmp_path.iterdir()] == ["model.stl"]


def test_result_round_trips_through_json(runner: FreeCADRunner, tmp_path: Path) -> None:
    result = runner.run((CORPUS / "valid" / "partdesign_pad_pocket.py").read_text(), tmp_path, {"step"})
    assert ExecutionResult.model_validate_json(result.model_dump_json()) == result


# --- limits, crashes, isolation --------------------------------------------------------------------


def test_infinite_loop_is_killed_at_the_timeout(freecad: Path, tmp_path: Path) -> None:
    with FreeCADRunner(freecad, pool_size=1, timeout_s=3) as engine:
        assert engine.wait_ready(60)
        started = time.monotonic()
        with pytest.raises(FreeCADExecutionError) as caught:
            engine.run("i = 0\nwhile i >= 0:\n    i += 1\n", tmp_path, ALL_FORMATS)
        assert time.monotonic() - started < 10
        assert caught.value.context["error_kind"] == "timeout"
        assert isinstance(caught.value.context["result"], ExecutionResult)
        assert "3 s" in caught.value.message
        follow_up = engine.run(box_script(1, 2, 3), tmp_path, set())  # the pool recovered
        assert follow_up.ok


def test_memory_bomb_hits_the_limit(freecad: Path, tmp_path: Path) -> None:
    bomb = "blocks = []\nwhile len(blocks) >= 0:\n    blocks.append([0] * 1000000)\n"
    with (
        FreeCADRunner(freecad, pool_size=0, memory_mb=1024) as engine,
        pytest.raises(FreeCADExecutionError) as caught,
    ):
        engine.run(bomb, tmp_path, set())
    assert caught.value.context["error_kind"] == "memory"
    assert "memory" in caught.value.message


def test_crash_becomes_an_execution_error(runner: FreeCADRunner, tmp_path: Path) -> None:
    # The policy refuses `import os`; the internal entry point lets the test crash FreeCAD for real.
    with pytest.raises(FreeCADExecutionError) as caught:
        runner._execute("import os\nos.kill(os.getpid(), 11)\n", tmp_path, set(), python_guard=False)
    assert caught.value.context["error_kind"] == "crash"
    assert "SIGSEGV" in caught.value.message
    assert runner.run(box_script(1, 1, 1), tmp_path, set()).ok


def test_worker_has_no_secrets_and_a_private_home(
    freecad: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_API_KEY", "sk-should-not-leak")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-should-not-leak-either")
    monkeypatch.setenv("REDIS_URL", "redis://:password@localhost:6379/0")
    probe = (
        "import os, tempfile\n"
        "print('ENV=' + ','.join(sorted(os.environ)))\n"
        "print('HOME=' + os.environ['HOME'])\nprint('CWD=' + os.getcwd())\n"
        "print('TMP=' + tempfile.gettempdir())\n"
        "import Part\nPart.show(Part.makeBox(1, 1, 1))\n"
    )
    with FreeCADRunner(freecad, pool_size=0) as engine:
        result = engine._execute(probe, tmp_path, set(), python_guard=False)
    assert result.ok, result.error
    names = re.search(r"ENV=(.*)", result.stdout)
    assert names is not None
    variables = set(names.group(1).split(","))
    assert not variables & {"FAKE_API_KEY", "OPENAI_API_KEY", "REDIS_URL"}
    assert "sk-should-not-leak" not in result.stdout
    home = re.search(r"HOME=(.*)", result.stdout)
    cwd = re.search(r"CWD=(.*)", result.stdout)
    tmp = re.search(r"TMP=(.*)", result.stdout)
    assert home and cwd and tmp
    assert home.group(1) == cwd.group(1) == "/job"  # the private folder, as the sandbox shows it
    assert tmp.group(1) == "/job/tmp"
    assert variables == {
        "PATH", "HOME", "PWD", "FREECAD_USER_HOME", "TMPDIR", "LANG", "AI_DESIGNER_WORKER_FD",
        "AI_DESIGNER_WORKER_ROLE", "PYTHONDONTWRITEBYTECODE", "PYTHONNOUSERSITE", "PYTHONIOENCODING",
        "PYTHONUNBUFFERED", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MALLOC_ARENA_MAX",
    } | ({"LD_LIBRARY_PATH"} if "LD_LIBRARY_PATH" in os.environ else set())  # fmt: skip


def test_runtime_guard_refuses_imports_and_dangerous_builtins(runner: FreeCADRunner, tmp_path: Path) -> None:
    # Skipping the static policy shows the second fence: the script's own builtins and imports.
    imported = runner._execute("import os\n", tmp_path, set())
    assert imported.error_kind == "exception"
    assert imported.error is not None and "import of 'os' is not allowed in the sandbox" in imported.error
    opened = runner._execute("open('/etc/hostname')\n", tmp_path, set())
    assert opened.error is not None and "name 'open' is not defined" in opened.error


def test_expression_pseudo_modules_are_refused_at_run_time(runner: FreeCADRunner, tmp_path: Path) -> None:
    # A computed expression string passes any static check; the guard still stops _py, _re, _app.
    script = (
        "import FreeCAD as App\nimport Part\ndoc = App.newDocument('M')\n"
        "sheet = doc.addObject('Spreadsheet::Sheet', 'Params')\n"
        "for cell, name in (('A1', 'py'), ('A2', 're'), ('A3', 'app'), ('A4', 'part')):\n"
        "    sheet.set(cell, '=' + '_' + name)\n"
        "doc.recompute()\n"
        "for cell in ('A1', 'A2', 'A3', 'A4'):\n"
        "    print(cell, repr(sheet.get(cell)))\n"
        "Part.show(Part.makeBox(1, 1, 1))\n"
    )
    result = runner._execute(script, tmp_path, set())
    assert "<module" not in result.stdout
    assert result.stdout.count("may not import") == 4


def test_worker_is_confined_to_its_private_folder(runner: FreeCADRunner, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    probe = (
        "import os, socket\n"
        "def attempt(label, action):\n"
        "    try:\n"
        "        action()\n"
        "        print(label, 'ALLOWED')\n"
        "    except OSError as exc:\n"
        "        print(label, 'DENIED', exc.errno)\n"
        f"attempt('read', lambda: open({str(secret)!r}).read())\n"
        f"attempt('write', lambda: open({str(tmp_path / 'planted.txt')!r}, 'w').write('x'))\n"
        "attempt('connect', lambda: socket.create_connection(('127.0.0.1', 9), timeout=2))\n"
        "attempt('execute', lambda: os.execv('/bin/true', ['true']))\n"
        "attempt('private', lambda: open('scratch.txt', 'w').write('ok'))\n"
        "import Part\nPart.show(Part.makeBox(1, 1, 1))\n"
    )
    result = runner._execute(probe, tmp_path / "out", set(), python_guard=False)
    if any("confinement unavailable" in w for w in result.warnings):
        pytest.skip("Landlock is not available on this kernel")
    assert result.ok, result.error
    for label in ("read", "write", "connect", "execute"):
        assert f"{label} DENIED" in result.stdout, result.stdout
    assert "private ALLOWED" in result.stdout
    assert not (tmp_path / "planted.txt").exists()


def test_concurrent_jobs_do_not_interfere(runner: FreeCADRunner, tmp_path: Path) -> None:
    sizes = {"a": (10, 20, 30), "b": (5, 5, 5), "c": (7, 11, 13)}
    results: dict[str, ExecutionResult] = {}
    errors: list[BaseException] = []

    def job(key: str) -> None:
        try:
            results[key] = runner.run(box_script(*sizes[key], name=f"Box_{key}"), tmp_path / key, {"step"})
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=job, args=(key,)) for key in sizes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors
    for key, (x, y, z) in sizes.items():
        result = results[key]
        assert result.ok
        assert result.final_shape is not None
        assert result.final_shape.volume == pytest.approx(x * y * z)
        assert result.roots == [f"Box_{key}"]
        assert result.artifacts["step"] == str((tmp_path / key / "model.step").resolve())
    assert len({r.job_id for r in results.values()}) == 3


def test_output_is_bounded(freecad: Path, tmp_path: Path) -> None:
    script = "for i in range(20000):\n    print('line', i, 'x' * 40)\n" + box_script(1, 1, 1)
    with FreeCADRunner(freecad, pool_size=0, output_limit_bytes=10_000) as engine:
        result = engine.run(script, tmp_path, set())
    assert result.ok
    assert result.stdout_truncated
    assert len(result.stdout) < 11_000
    assert result.stdout.startswith("line 0 ")
    assert "line 19999" in result.stdout


def test_cancel_kills_a_running_job(runner: FreeCADRunner, tmp_path: Path) -> None:
    caught: list[BaseException] = []

    def job() -> None:
        try:
            runner.run("i = 0\nwhile i >= 0:\n    i += 1\n", tmp_path, set(), job_id="to-cancel")
        except BaseException as exc:
            caught.append(exc)

    thread = threading.Thread(target=job)
    thread.start()
    time.sleep(1.0)
    assert runner.cancel("to-cancel")
    thread.join(10)
    assert not thread.is_alive()
    assert isinstance(caught[0], FreeCADExecutionError)
    assert caught[0].context["error_kind"] == "cancelled"
    assert not runner.cancel("to-cancel")  # finished: nothing left to cancel


async def test_arun_and_task_cancellation(runner: FreeCADRunner, tmp_path: Path) -> None:
    result = await runner.arun(box_script(2, 3, 4), tmp_path, set())
    assert result.final_shape is not None and result.final_shape.volume == pytest.approx(24)
    task = asyncio.create_task(
        runner.arun("i = 0\nwhile i >= 0:\n    i += 1\n", tmp_path, set(), job_id="async")
    )
    await asyncio.sleep(1.0)
    started = time.monotonic()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    while runner.cancel("async") and time.monotonic() - started < 10:  # the thread winds down
        await asyncio.sleep(0.1)
    assert time.monotonic() - started < 10


async def test_arun_jobs_have_threads_of_their_own(runner: FreeCADRunner, tmp_path: Path) -> None:
    """With asyncio's default executor busy (as with finished designs being written), FreeCAD
    jobs still run, and the file work does not wait for them."""
    loop = asyncio.get_running_loop()
    gate = threading.Event()
    busy = ThreadPoolExecutor(1)
    loop.set_default_executor(busy)
    try:
        blocked = asyncio.ensure_future(asyncio.to_thread(gate.wait, 60))
        result = await runner.arun(box_script(2, 3, 4), tmp_path, set())
        assert result.final_shape is not None and result.final_shape.volume == pytest.approx(24)
        assert not blocked.done()
        long_job = asyncio.create_task(
            runner.arun("i = 0\nwhile i >= 0:\n    i += 1\n", tmp_path, set(), job_id="long")
        )
        gate.set()
        assert await blocked  # the default executor's work finished while the job runs
        assert not long_job.done()
        long_job.cancel()
        with pytest.raises(asyncio.CancelledError):
            await long_job
    finally:
        gate.set()
        busy.shutdown(wait=False)


def test_dead_idle_worker_is_replaced(freecad: Path, tmp_path: Path) -> None:
    with FreeCADRunner(freecad, pool_size=1) as engine:
        assert engine.wait_ready(60)
        idle = engine._pool._ready[0]
        idle.kill("test")
        idle.model.wait(5)
        result = engine.run(box_script(3, 3, 3), tmp_path, set())
    assert result.ok
    assert result.cold_start


def test_pooled_job_does_not_wait_for_startup(runner: FreeCADRunner, tmp_path: Path) -> None:
    assert runner.wait_ready(60)
    result = runner.run(box_script(1, 1, 1), tmp_path, set())
    assert not result.cold_start
    assert result.worker_startup_s is not None and result.worker_startup_s > 0


def test_a_one_shot_runner_does_not_replace_the_pair_a_job_used(freecad: Path, tmp_path: Path) -> None:
    with FreeCADRunner(freecad, pool_size=1, replace_used_workers=False) as engine:
        assert engine.wait_ready(60)
        first = engine.run(box_script(2, 2, 2), tmp_path / "a", set())
        time.sleep(1.5)  # past the pool's refill delay
        assert (engine._pool.ready_count, engine._pool._starting) == (0, 0)
        second = engine.run(box_script(3, 3, 3), tmp_path / "b", set())  # rare: a cold start, still right
    assert first.ok and not first.cold_start
    assert second.ok and second.cold_start
    assert second.final_shape is not None and second.final_shape.volume == pytest.approx(27.0)


def test_closing_right_after_a_job_leaves_no_worker_folder(freecad: Path, tmp_path: Path) -> None:
    """The pair started to replace the used one is stopped and removed too (a CLI exits right after)."""
    root = Path(tempfile.mkdtemp(prefix="runner-root-", dir="/tmp"))
    root.chmod(0o755)  # the sandbox user passes through it, as through /tmp
    try:
        with FreeCADRunner(freecad, pool_size=1, work_root=root) as engine:
            assert engine.wait_ready(60)
            assert engine.run(box_script(2, 2, 2), tmp_path, set()).ok
        assert not list(root.glob("ai-designer-fc-*"))
    finally:
        shutil.rmtree(root, ignore_errors=True)
