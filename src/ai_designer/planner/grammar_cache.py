"""The planner's parser, built once and kept in the user's cache folder.

Building the Earley parser from ``grammar.lark`` (grammar analysis, FIRST sets, predictions)
takes several times longer than loading the finished parser, and every new CLI process needs
it. The parser is pickled under ``$XDG_CACHE_HOME/ai-designer`` (``~/.cache/ai-designer``), in a
file named by a hash of everything it depends on: the grammar text, the lark and Python
versions, and the source of the modules whose classes it holds. A change to any of them names
another file, so a stale parser is never loaded.

A cache file is only trusted when it is a regular file owned by this user and writable by
nobody else (it is unpickled). Anything wrong with it (missing, foreign, truncated, corrupt,
not a parser) means the parser is built again and the file rewritten, atomically; a cache
folder that cannot be written only costs the build.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import os
import pickle  # nosec B403
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import lark

from ai_designer.user_cache import cache_dir

#: Part of the key: bump when what is stored changes shape.
CACHE_FORMAT = 1
#: Modules whose classes or code the pickled parser carries (their source is part of the key).
_KEYED_MODULES = ("earley.py", "parser.py", "grammar_cache.py")


def cache_key(grammar_text: str) -> str:
    """A hash of the grammar, the lark and Python versions and the parser's own code."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    parts = [f"format {CACHE_FORMAT}", f"lark {lark.__version__}", f"python {sys.version}", grammar_text]
    parts += [(here / name).read_text("utf-8") for name in _KEYED_MODULES]
    for part in parts:
        data = part.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:32]


def cache_path(grammar_text: str) -> Path:
    """Where the parser built from ``grammar_text`` is kept."""
    return cache_dir() / f"grammar-{cache_key(grammar_text)}.pickle"


def cached_parser(grammar_text: str, build: Callable[[], lark.Lark]) -> lark.Lark:
    """The parser of ``grammar_text`` from the cache, or ``build()`` (then stored for next time)."""
    path = cache_path(grammar_text)
    parser = _load(path)
    if parser is None:
        parser = build()
        _store(path, parser)
    return parser


class _Pickler(pickle.Pickler):
    """Pickles modules (lark keeps ``re`` in its lexer configuration) by name."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, ModuleType):
            return importlib.import_module, (obj.__name__,)
        return NotImplemented


def _load(path: Path) -> lark.Lark | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
            return None
        try:
            # Our own cache file, checked above (owner, mode, regular file).
            parser = pickle.load(file)  # noqa: S301  # nosec B301
        except Exception:  # any damage: truncated, corrupt, from a class that changed
            return None
    return parser if isinstance(parser, lark.Lark) else None


def _store(path: Path, parser: lark.Lark) -> None:
    buffer = io.BytesIO()
    try:
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(parser)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".grammar-", suffix=".tmp")
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return  # no cache: the next process builds the parser again
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(buffer.getvalue())
        Path(temporary).replace(path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
