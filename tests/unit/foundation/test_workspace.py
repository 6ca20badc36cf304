"""The design folder: only completed revisions reach the top level, and then exactly their files."""

from __future__ import annotations

from pathlib import Path

from ai_designer.schemas.design import DesignState, DesignStatus, Revision
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
    assert (tmp_path / "model.py").read_text() == "# revision 1\n"
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
    assert (ws.revision_dir(2) / "model.py").read_text() == "# revision 2\n"


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
