"""The lock files agree: the runtime one (Docker image, clean-venv check) is the venv's less the tools."""

from __future__ import annotations

import re
from importlib.metadata import requires
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[3]
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)", re.M)


def _pins(lock: str) -> dict[str, set[str]]:
    pins: dict[str, set[str]] = {}
    for name, version in _PIN.findall((ROOT / lock).read_text()):
        pins.setdefault(canonicalize_name(name), set()).add(version)
    return pins


def test_the_runtime_lock_pins_what_the_full_lock_pins() -> None:
    runtime, full = _pins("requirements-runtime.lock"), _pins("requirements.lock")
    differ = {
        name: (versions, full.get(name)) for name, versions in runtime.items() if versions != full.get(name)
    }
    assert not differ, f"run `make lock`: the lock files disagree on {differ}"


def test_the_runtime_lock_has_every_dependency_and_no_development_tool() -> None:
    declared = [Requirement(r) for r in requires("ai-designer") or []]
    needed = {canonicalize_name(r.name) for r in declared if r.marker is None}
    tools = {canonicalize_name(r.name) for r in declared if r.marker is not None and "extra" in str(r.marker)}
    runtime = set(_pins("requirements-runtime.lock"))
    assert needed and tools
    assert needed <= runtime, f"run `make lock`: missing {needed - runtime}"
    assert not (tools - needed) & runtime, "the runtime lock holds development tools"
