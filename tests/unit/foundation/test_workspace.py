"""The design folder: only completed revisions reach the top level, and then exactly their files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ai_designer.cli.runtime import settle_replacement
from ai_designer.cli.summary import outcome_hint
from ai_designer.errors import StateError
from ai_designer.orchestration.report import build_report
from ai_designer.schemas.design import DesignState, DesignStatus, ErrorInfo, Revision
from ai_designer.workspace import DesignWorkspace


def _state(revision: int, status: DesignStatus, folder: Path) -> DesignState:
    return DesignState(
        design_id="d",
        prompt="p",
        original_prompt="p",
        revision=revision,
        status=status,
        output_dir=str(folder),
        generated_script=f"# revision {revision}\n",
    )


def _write(rev: Path, **files: str) -> None:
    rev.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (rev / name.replace("_", ".", 1)).write_text(text)


def test_a_revision_that_needs_review_leaves_the_last_good_files(tmp_path: Path) -> None:
    ws = DesignWorkspace(tmp_path)
    _write(ws.revision_dir(1), model_step="good", model_stl="good")
    ws.save(_state(1, DesignStatus.COMPLETED, tmp_path), {})
    _write(ws.revision_dir(2), model_step="wrong", model_stl="wrong")  # FreeCAD ran, validation failed
    ws.save(_state(2, DesignStatus.NEEDS_REVIEW, tmp_path), {})
    assert (tmp_path / "model.step").read_text() == "good"
    assert (tmp_path / "model.py").read_text().startswith("# revision 1\n")
    assert ws.load().revision == 2


def test_promotion_drops_files_the_new_revision_did_not_write_and_copies_not_links(tmp_path: Path) -> None:
    ws = DesignWorkspace(tmp_path)
    _write(ws.revision_dir(1), model_step="1", model_stl="1")
    ws.save(_state(1, DesignStatus.COMPLETED, tmp_path), {})
    _write(ws.revision_dir(2), model_step="2")
    ws.save(_state(2, DesignStatus.COMPLETED, tmp_path), {})
    assert (tmp_path / "model.step").read_text() == "2"
    assert not (tmp_path / "model.stl").exists()
    (tmp_path / "model.py").write_text("edited by the user")
    assert (ws.revision_dir(2) / "model.py").read_text().startswith("# revision 2\n")


def test_full_request_of_a_refine_carries_the_part_description() -> None:
    state = DesignState(
        design_id="d",
        prompt="add a 5 mm hole",
        original_prompt="a 40 x 20 x 10 mm box",
        kind="refine",
        revision=3,
        history=[
            Revision(number=1, kind="design", request="a 40 x 20 x 10 mm box", status=DesignStatus.COMPLETED),
            Revision(number=2, kind="refine", request="make it 15 mm tall", status=DesignStatus.COMPLETED),
        ],
    )
    assert state.full_request() == "a 40 x 20 x 10 mm box\nthen: make it 15 mm tall\nnow: add a 5 mm hole"


def _saved(ws: DesignWorkspace, state: DesignState, **files: str) -> DesignState:
    _write(ws.revision_dir(state.revision), **files)
    ws.save(state, build_report(state))
    return state


def _needs_review(folder: Path, history: list[Revision]) -> DesignState:
    return _state(2, DesignStatus.NEEDS_REVIEW, folder).model_copy(
        update={
            "history": history,
            "error": ErrorInfo(type="NeedsReview", message="the volume is off", hint="pipeline hint"),
        }
    )


def test_the_top_level_report_describes_the_top_level_models(tmp_path: Path) -> None:
    ws = DesignWorkspace(tmp_path)
    first = _saved(ws, _state(1, DesignStatus.COMPLETED, tmp_path), model_step="good")
    attempt = _saved(ws, _needs_review(tmp_path, [first.as_revision()]), model_step="wrong")
    top = json.loads((tmp_path / "report.json").read_text())
    assert top["summary"]["revision"] == 1 and top["summary"]["status"] == "completed"
    assert top["latest_attempt"] == {
        "revision": 2,
        "status": "needs_review",
        "request": "p",
        "error": "the volume is off",
        "report": "revisions/2/report.json",
    }
    assert json.loads((ws.revision_dir(2) / "report.json").read_text())["summary"]["revision"] == 2
    hint = outcome_hint(attempt)
    assert str(ws.revision_dir(2)) in hint and f"{tmp_path} are still revision 1" in hint


def test_files_are_readable_like_the_models(tmp_path: Path) -> None:
    ws = DesignWorkspace(tmp_path)
    _saved(ws, _state(1, DesignStatus.COMPLETED, tmp_path), model_step="x")
    for name in ("report.json", "state.json", "model.py"):
        assert (tmp_path / name).stat().st_mode & 0o077 == 0o044 & ~_umask(), name


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_forced_replacement_lands_only_when_it_completed(tmp_path: Path) -> None:
    target = DesignWorkspace(tmp_path / "part")
    _saved(target, _state(1, DesignStatus.COMPLETED, target.root), model_step="old", model_stl="old")
    (target.root / "notes.txt").write_text("the user's")

    failed = target.replacement("new")
    _saved(failed, _state(1, DesignStatus.FAILED, failed.root))
    settle_replacement(target, failed, failed.load())
    assert not failed.root.exists() and (target.root / "model.step").read_text() == "old"

    review = target.replacement("rev")
    state = _saved(review, _needs_review(review.root, []), model_step="wrong")
    kept = settle_replacement(target, review, state.model_copy(update={"design_id": "rev"}))
    beside = tmp_path / "part.attempt-rev"
    assert kept.output_dir == str(beside.resolve()) and DesignWorkspace(beside).load().revision == 2
    assert (target.root / "model.step").read_text() == "old"

    built = target.replacement("good")
    done = _saved(built, _state(1, DesignStatus.COMPLETED, built.root), model_step="new")
    done = done.model_copy(update={"execution": None})
    landed = settle_replacement(target, built, done)
    assert landed.output_dir == str(target.root.resolve())
    assert (target.root / "model.step").read_text() == "new"
    assert not (target.root / "model.stl").exists()  # the old design's files are gone
    assert (target.root / "notes.txt").read_text() == "the user's"  # other files stay
    assert sorted(p.name for p in target.root.iterdir() if p.is_dir()) == ["revisions"]


def test_revert_names_the_revisions_it_can_go_back_to(tmp_path: Path) -> None:
    ws = DesignWorkspace(tmp_path)
    first = _saved(ws, _state(1, DesignStatus.COMPLETED, tmp_path), model_step="1")
    second = _state(2, DesignStatus.COMPLETED, tmp_path).model_copy(update={"history": [first.as_revision()]})
    _saved(ws, second, model_step="2")
    with pytest.raises(StateError, match="Revision 5 is not an earlier completed revision"):
        ws.revert(5)
    back = ws.revert(1)
    assert back.revision == 3 and (tmp_path / "model.step").read_text() == "1"
