"""ai-designer: a sentence in, an editable, checked CAD part out."""

from importlib.metadata import PackageNotFoundError, version

try:
    # Written at install time by setuptools-scm from the git tag (pyproject.toml).
    __version__ = version("ai-designer")
except PackageNotFoundError:  # a source tree on sys.path that was never installed
    __version__ = "0.0.0+unknown"  # pyproject.toml's fallback_version
