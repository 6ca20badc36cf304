"""FreeCAD discovery: order of places, explicit settings win, and a useful not-found message."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ai_designer.errors import FreeCADNotFoundError
from ai_designer.freecad.path_resolver import candidate_places, find_freecad


def _fake_exe(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\necho FREECAD_VERSION=0.20.2\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_freecad_path_env_comes_first(tmp_path: Path) -> None:
    exe = _fake_exe(tmp_path / "env" / "bin" / "freecadcmd")
    _fake_exe(tmp_path / "cfg" / "freecadcmd")
    env = {"FREECAD_PATH": str(tmp_path / "env"), "PATH": "", "HOME": str(tmp_path)}
    found = find_freecad(tmp_path / "cfg", env=env, probe_version=False)
    assert found.executable == exe
    assert found.source == "FREECAD_PATH environment variable"


def test_config_comes_before_path_and_install_places(tmp_path: Path) -> None:
    cfg = _fake_exe(tmp_path / "cfg" / "freecadcmd")
    on_path = _fake_exe(tmp_path / "onpath" / "freecadcmd")
    env = {"PATH": str(on_path.parent), "HOME": str(tmp_path)}
    assert find_freecad(cfg, env=env, probe_version=False).executable == cfg


def test_path_then_usual_places_order() -> None:
    env = {"PATH": "", "HOME": "/home/u", "CONDA_PREFIX": "/opt/conda"}
    described = [why for _, why in candidate_places(None, env=env, platform="linux")]
    assert described[0].startswith("Debian/Ubuntu")
    assert "AppImage extraction in home" in described
    assert described.index("active conda environment") > described.index("AppImage extraction in home")
    assert "macOS app bundle" in described
    win = [why for _, why in candidate_places(None, env={"PATH": "", "HOME": "x"}, platform="win32")]
    assert "Windows install" in win


def test_appimage_extraction_is_found(tmp_path: Path) -> None:
    exe = _fake_exe(tmp_path / "squashfs-root" / "usr" / "bin" / "freecadcmd")
    found = find_freecad(None, env={"PATH": "", "HOME": str(tmp_path)}, probe_version=False)
    if found.executable != exe:  # a system FreeCAD comes earlier in the order
        assert str(found.executable).startswith("/usr")
    else:
        assert found.source == "AppImage extraction in home"


def test_explicit_setting_that_is_wrong_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    env = {"FREECAD_PATH": str(tmp_path / "nothing-here"), "PATH": os.environ.get("PATH", "")}
    with pytest.raises(FreeCADNotFoundError, match="FREECAD_PATH environment variable is set to"):
        find_freecad(None, env=env, probe_version=False)


def test_not_found_names_the_places_and_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "ai_designer.freecad.path_resolver._install_places",
        lambda env, platform: [
            (str(tmp_path / "a" / "freecadcmd"), "Debian/Ubuntu package (freecad-python3)"),
            (str(tmp_path / "b" / "*" / "freecadcmd"), "conda environment"),
        ],
    )
    with pytest.raises(FreeCADNotFoundError) as err:
        find_freecad(None, env={"PATH": str(tmp_path), "HOME": str(tmp_path)}, probe_version=False)
    text = str(err.value)
    assert str(tmp_path / "a" / "freecadcmd") in text
    assert "conda environment" in text
    assert "apt-get install -y freecad-python3" in text
    assert "FREECAD_PATH" in text


@pytest.mark.freecad
def test_real_freecad_reports_its_version() -> None:
    found = find_freecad()
    assert found.version is not None
    assert found.version.split(".")[0] in {"0", "1"}
