"""Find the FreeCAD command-line executable (``freecadcmd``) and its version.

Order: the ``FREECAD_PATH`` environment variable, then ``freecad_path`` in
config, then ``freecadcmd`` on ``PATH``, then the usual install places
(Debian/Ubuntu packages, AppImage extractions, conda, the macOS app bundle,
Windows Program Files). ``FREECAD_PATH`` may name the executable itself, its
``bin`` folder or the install prefix.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from pydantic import BaseModel

from ai_designer.errors import FreeCADError, FreeCADNotFoundError

EXECUTABLE_NAMES = ("freecadcmd", "FreeCADCmd", "freecadcmd-python3", "FreeCADCmd.exe", "freecadcmd.exe")
_VERSION_SNIPPET = "import FreeCAD; print('FREECAD_VERSION=' + '.'.join(FreeCAD.Version()[:3]))"


class FreeCADInstall(BaseModel):
    """Where FreeCAD was found and how."""

    executable: Path
    source: str
    version: str | None = None


def _install_places(env: Mapping[str, str], platform: str) -> list[tuple[str, str]]:
    """(glob pattern, description) pairs of well-known install places, in order."""
    home = env.get("HOME", str(Path.home()))
    places = [
        ("/usr/bin/freecadcmd", "Debian/Ubuntu package (freecad-python3)"),
        ("/usr/lib/freecad/bin/freecadcmd*", "Debian/Ubuntu package (freecad-python3)"),
        ("/usr/lib/freecad-python3/bin/freecadcmd*", "Debian/Ubuntu package"),
        ("/usr/local/bin/freecadcmd", "local build (/usr/local)"),
        ("/snap/bin/freecad.cmd", "snap package"),
        (f"{home}/squashfs-root/usr/bin/freecadcmd", "AppImage extraction in home"),
        (f"{home}/Downloads/squashfs-root/usr/bin/freecadcmd", "AppImage extraction in Downloads"),
        ("/opt/freecad*/squashfs-root/usr/bin/freecadcmd", "AppImage extraction in /opt"),
        ("/opt/freecad*/bin/freecadcmd", "install in /opt"),
    ]
    conda = env.get("CONDA_PREFIX")
    if conda:
        places.append((f"{conda}/bin/freecadcmd", "active conda environment"))
    places += [
        (f"{home}/miniconda3/envs/*/bin/freecadcmd", "conda environment"),
        (f"{home}/anaconda3/envs/*/bin/freecadcmd", "conda environment"),
        ("/Applications/FreeCAD*.app/Contents/Resources/bin/freecadcmd", "macOS app bundle"),
        ("/Applications/FreeCAD*.app/Contents/MacOS/FreeCADCmd", "macOS app bundle"),
    ]
    if platform.startswith("win"):
        for root in (env.get("ProgramFiles", r"C:\Program Files"), env.get("LOCALAPPDATA", "")):
            if root:
                places.append((rf"{root}\FreeCAD*\bin\FreeCADCmd.exe", "Windows install"))
    return places


def _executable_in(path: Path) -> Path | None:
    """The executable itself, or one inside ``path`` or ``path/bin``."""
    if path.is_file() and os.access(path, os.X_OK):
        return path
    for folder in (path, path / "bin"):
        for name in EXECUTABLE_NAMES:
            candidate = folder / name
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return candidate
    return None


def candidate_places(
    configured: Path | None = None,
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
) -> Iterable[tuple[Path | str, str]]:
    """Yield (place, description) in search order; places may be globs."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if env.get("FREECAD_PATH"):
        yield Path(env["FREECAD_PATH"]), "FREECAD_PATH environment variable"
    if configured is not None:
        yield configured, "freecad_path in config"
    for name in ("freecadcmd", "FreeCADCmd"):
        found = shutil.which(name, path=env.get("PATH"))
        if found:
            yield Path(found), f"{name} on PATH"
    yield from _install_places(env, platform)


def find_freecad(
    configured: Path | None = None,
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    probe_version: bool = True,
) -> FreeCADInstall:
    """Find freecadcmd; raise :class:`FreeCADNotFoundError` naming every place looked at.

    An explicit FREECAD_PATH or config value that does not hold an executable is
    an error on its own (we do not silently fall back past what the user set).
    """
    looked: list[str] = []
    for place, why in candidate_places(configured, env, platform):
        if isinstance(place, Path):
            exe = _executable_in(place)
            looked.append(f"{place} ({why})")
            if exe is None and why in ("FREECAD_PATH environment variable", "freecad_path in config"):
                raise FreeCADNotFoundError(
                    f"{why} is set to {place}, but no freecadcmd executable is there.",
                    hint="Point it at the freecadcmd executable, its bin folder or the install prefix, "
                    "or unset it to search the usual places.",
                    looked_at=looked,
                )
        else:
            matches = sorted(glob.glob(place), reverse=True)  # noqa: PTH207 — absolute patterns, any OS
            looked.append(f"{place} ({why})")
            exe = next((e for e in map(Path, matches) if (e2 := _executable_in(e)) and e2 == e), None)
        if exe is not None:
            version = freecad_version(exe) if probe_version else None
            return FreeCADInstall(executable=exe, source=why, version=version)
    raise FreeCADNotFoundError(
        "FreeCAD's command-line program (freecadcmd) was not found. Looked at:\n    " + "\n    ".join(looked),
        looked_at=looked,
    )


def freecad_version(executable: Path, timeout_s: float = 60.0) -> str:
    """Run freecadcmd once and return its version, e.g. ``0.20.2``."""
    try:
        proc = subprocess.run(
            [str(executable), "-c", _VERSION_SNIPPET],
            capture_output=True,
            text=True,
            timeout=timeout_s,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise FreeCADError(f"Could not run {executable}: {exc}", executable=str(executable)) from exc
    match = re.search(r"FREECAD_VERSION=([0-9][0-9.]*)", proc.stdout)
    if not match:
        tail = (proc.stderr or proc.stdout)[-300:]
        raise FreeCADError(
            f"{executable} ran but did not report a FreeCAD version (exit {proc.returncode}): {tail}",
            hint="The FreeCAD installation may be broken; reinstall it or point FREECAD_PATH elsewhere.",
            executable=str(executable),
        )
    return match.group(1)
