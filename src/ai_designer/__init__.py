"""ai-designer: a sentence in, an editable, checked CAD part out."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    __version__: str


@lru_cache(maxsize=1)
def _installed_version() -> str:
    # importlib.metadata costs ~50 ms to import: looked up on first use, not for `--help`.
    from importlib.metadata import PackageNotFoundError, version

    try:
        # Written at install time by setuptools-scm from the git tag (pyproject.toml).
        return version("ai-designer")
    except PackageNotFoundError:  # a source tree on sys.path that was never installed
        return "0.0.0+unknown"  # pyproject.toml's fallback_version


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _installed_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
