"""Releases: the version comes from the git tag, and the wheel built from the sdist works on its own.

Each test builds from a copy of this checkout (committed or not), the way the release workflow
does: `python -m build` (sdist, then the wheel from the sdist, where there is no .git), then
scripts/check-wheel.sh installs the wheel into a new virtual environment and runs the CLI there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# One worker builds the tagged distributions once for every test here.
pytestmark = pytest.mark.xdist_group("release")

REPO = Path(__file__).resolve().parents[2]
TAG = "v9.8.7"
VERSION = "9.8.7"
FALLBACK = "0.0.0+unknown"  # pyproject.toml's fallback_version
_GIT = ["git", "-c", "user.name=release test", "-c", "user.email=release@test.invalid"]


def _run(args: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "SETUPTOOLS_SCM"))}
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{args} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


def _copy_checkout(dest: Path) -> Path:
    """The files of this checkout that git would see (tracked or new, not ignored), without .git."""
    listed = _run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], REPO).stdout
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():  # a tracked file deleted in the work tree is not copied
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


def _build(source: Path, out: Path, *what: str) -> list[str]:
    """`python -m build` (isolated, as the release does); the names of what it wrote."""
    _run([sys.executable, "-m", "build", *what, "--outdir", str(out), str(source)], REPO, timeout=600)
    return sorted(p.name for p in out.iterdir())


@pytest.fixture(scope="module")
def tagged_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository holding this checkout, its one commit tagged v9.8.7."""
    repo = _copy_checkout(tmp_path_factory.mktemp("tagged"))
    _run([*_GIT, "init", "-q"], repo)
    _run([*_GIT, "add", "-A"], repo)
    _run([*_GIT, "commit", "-q", "-m", "release test"], repo)
    _run([*_GIT, "tag", TAG], repo)
    return repo


@pytest.fixture(scope="module")
def tagged_dist(tagged_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist of the tagged repository, and the wheel built from that sdist (no .git there)."""
    dist = tmp_path_factory.mktemp("dist")
    _build(tagged_repo, dist)
    return dist


def test_the_tag_names_the_sdist_and_the_wheel_and_twine_accepts_them(tagged_dist: Path) -> None:
    names = sorted(p.name for p in tagged_dist.iterdir())
    assert names == [f"ai_designer-{VERSION}-py3-none-any.whl", f"ai_designer-{VERSION}.tar.gz"]
    _run([sys.executable, "-m", "twine", "check", "--strict", *map(str, tagged_dist.iterdir())], REPO)


@pytest.mark.freecad
def test_the_wheel_alone_in_a_clean_venv_prints_the_tag_and_works(tagged_dist: Path, tmp_path: Path) -> None:
    wheel = tagged_dist / f"ai_designer-{VERSION}-py3-none-any.whl"
    checked = _run(
        ["bash", str(REPO / "scripts" / "check-wheel.sh"), str(wheel), VERSION], tmp_path, timeout=900
    ).stdout
    assert f"ai-designer {VERSION}\n" in checked
    assert "All required checks passed." in checked
    assert "model.step" in checked  # the design made by the installed wheel alone


def test_check_wheel_refuses_a_wheel_of_another_version_than_the_tags(
    tagged_dist: Path, tmp_path: Path
) -> None:
    wheel = tagged_dist / f"ai_designer-{VERSION}-py3-none-any.whl"
    proc = subprocess.run(
        ["bash", str(REPO / "scripts" / "check-wheel.sh"), str(wheel), "9.8.8"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 1
    assert f"expected version 9.8.8 (the tag), the wheel is {VERSION}" in proc.stderr


def test_a_git_archive_of_the_tag_knows_its_version(tagged_repo: Path, tmp_path: Path) -> None:
    """A GitHub source download: no .git, but .git_archival.txt filled in by `git archive`."""
    archive = tmp_path / "source.tar"
    _run(["git", "archive", "--format=tar", "-o", str(archive), TAG], tagged_repo)
    source = tmp_path / "source"
    source.mkdir()
    _run(["tar", "-xf", str(archive), "-C", str(source)], tmp_path)
    assert "$Format" not in (source / ".git_archival.txt").read_text()
    assert _build(source, tmp_path / "dist", "--wheel") == [f"ai_designer-{VERSION}-py3-none-any.whl"]


def test_a_copy_without_git_builds_with_the_fallback_version(tmp_path: Path) -> None:
    source = _copy_checkout(tmp_path / "source")
    assert not (source / ".git").exists()
    assert _build(source, tmp_path / "dist", "--wheel") == [f"ai_designer-{FALLBACK}-py3-none-any.whl"]
