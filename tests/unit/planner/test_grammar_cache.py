"""The parser kept in the user's cache folder: loaded when its key matches, rebuilt otherwise."""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

import lark
import pytest

from ai_designer.planner.grammar_cache import cache_path, cached_parser
from ai_designer.planner.normalize import normalize
from ai_designer.planner.parser import build_parser, grammar_text, is_filler
from ai_designer.user_cache import cache_dir

SMALL = 'start: item+\nitem: BOX | NUMBER | WORD\nBOX: "box" | "block"\nNUMBER: "0"\nWORD: "zz"\n'
CASES = Path(__file__).resolve().parents[3].parent / "shared" / "acceptance" / "cases.json"
PROMPTS = [
    "a 60 x 40 x 8 mm plate with four 5 mm holes 6 mm from the corners",
    "a flange: a 100 mm diameter disc, 10 mm thick, with a 40 mm center bore and six 8 mm bolt holes "
    "equally spaced on an 80 mm bolt circle",
    "a 40 x 30 x 20 mm box with all edges rounded to a 3 mm radius",
]


class Builds:
    """``build`` for :func:`cached_parser`, counting how often the parser really was built."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.count = 0

    def __call__(self) -> lark.Lark:
        self.count += 1
        return build_parser(self.text)


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def words_of(prompt: str) -> list[tuple[int, str]]:
    return [(i, w) for i, w in enumerate(normalize(prompt)) if not is_filler(w)]


def test_the_cache_lives_in_the_user_cache_folder(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cache_dir() == cache_home / "ai-designer"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # not absolute: ignored, as the spec says
    assert cache_dir() == Path.home() / ".cache" / "ai-designer"


def test_built_once_then_loaded_and_parses_the_same() -> None:
    text = grammar_text()
    build = Builds(text)
    first = cached_parser(text, build)
    second = cached_parser(text, build)
    assert build.count == 1
    assert cache_path(text).stat().st_mode & 0o077 == 0  # private to this user
    assert second is not first
    prompts = PROMPTS + (
        [c["prompt"] for c in json.loads(CASES.read_text())["cases"]] if CASES.is_file() else []
    )
    for prompt in prompts:
        assert second.parse(words_of(prompt)) == first.parse(words_of(prompt)), prompt


def test_a_changed_grammar_lark_or_python_version_is_another_key(monkeypatch: pytest.MonkeyPatch) -> None:
    build = Builds(SMALL)
    cached_parser(SMALL, build)
    paths = {cache_path(SMALL), cache_path(SMALL + "// a comment\n")}
    monkeypatch.setattr(lark, "__version__", "0.0.1")
    paths.add(cache_path(SMALL))
    monkeypatch.setattr(sys, "version", "2.7.18")
    paths.add(cache_path(SMALL))
    assert len(paths) == 4
    cached_parser(SMALL, build)  # a parser cached under the old versions is not used
    assert build.count == 2
    changed = SMALL.replace('"block"', '"brick"')
    rebuilt = cached_parser(changed, Builds(changed))
    assert rebuilt.parse([(0, "brick")]).children[0].children[0].type == "BOX"


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a pickle at all",
        pickle.dumps({"a": "dict, not a parser"}),
        "truncated",
    ],
    ids=["empty", "garbage", "not-a-parser", "truncated"],
)
def test_a_damaged_cache_file_is_ignored_and_replaced(damage: bytes | str) -> None:
    build = Builds(SMALL)
    cached_parser(SMALL, build)
    path = cache_path(SMALL)
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2] if damage == "truncated" else damage)  # type: ignore[arg-type]
    parser = cached_parser(SMALL, build)
    assert build.count == 2
    assert parser.parse([(0, "box")]).data == "start"
    cached_parser(SMALL, build)  # rewritten: loaded again
    assert build.count == 2


def test_a_cache_file_others_can_write_is_not_trusted() -> None:
    build = Builds(SMALL)
    cached_parser(SMALL, build)
    cache_path(SMALL).chmod(0o666)
    cached_parser(SMALL, build)
    assert build.count == 2
    assert cache_path(SMALL).stat().st_mode & 0o077 == 0


def test_a_link_in_place_of_the_cache_file_is_not_followed(tmp_path: Path) -> None:
    build = Builds(SMALL)
    cached_parser(SMALL, build)
    path = cache_path(SMALL)
    elsewhere = tmp_path / "elsewhere.pickle"
    path.rename(elsewhere)
    path.symlink_to(elsewhere)
    cached_parser(SMALL, build)
    assert build.count == 2
    assert not path.is_symlink()  # replaced by a file of its own


def test_an_unwritable_cache_folder_only_costs_the_build(cache_home: Path) -> None:
    cache_home.parent.mkdir(parents=True, exist_ok=True)
    cache_home.write_text("a file where the folder should be")
    build = Builds(SMALL)
    assert cached_parser(SMALL, build).parse([(0, "box")]).data == "start"
    cached_parser(SMALL, build)
    assert build.count == 2
