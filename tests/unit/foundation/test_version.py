"""The version a user sees: `ai-designer --version`, doctor, and report.json of a design and its revisions.

Building it from a git tag and installing the wheel are in tests/integration/test_release.py.
"""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from packaging.version import Version

from ai_designer import __version__
from ai_designer.doctor import check_version
from ai_designer.orchestration.report import build_report
from ai_designer.orchestration.service import new_design, refinement_of
from ai_designer.schemas.design import DesignStatus
from helpers.task_graphs import graph, node


def test_the_version_is_the_installed_distributions_and_a_valid_one() -> None:
    assert __version__ == version("ai-designer")
    assert str(Version(__version__)) == __version__  # PEP 440, normalised as setuptools-scm writes it


def test_cli_prints_the_version_and_exits() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "ai_designer", "--version"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"ai-designer {__version__}\n"


def test_doctor_says_which_version_and_install_it_checks() -> None:
    check = check_version()
    assert check.ok
    assert check.detail.startswith(f"{__version__} (")
    assert "ai_designer" in check.detail


def test_report_json_records_the_version_of_each_revision(tmp_path: Path) -> None:
    state = new_design("a 20 mm cube", output_dir=str(tmp_path))
    assert build_report(state)["state"]["versions"] == {"ai_designer": __version__}

    made_by_an_older_release = state.model_copy(
        update={
            "status": DesignStatus.COMPLETED,
            "task_graph": graph(node("cube", "box", length=20, width=20, height=20)),
            "versions": {"ai_designer": "0.0.1", "freecad": "0.20.2"},
        }
    )
    revision = refinement_of(made_by_an_older_release, "make it 30 mm")
    assert build_report(revision)["state"]["versions"] == {"ai_designer": __version__}
