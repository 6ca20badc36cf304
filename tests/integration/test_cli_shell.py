"""`ai-designer shell` driven through its standard input, as a person would type."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from helpers.freecad_probe import measure_step

pytestmark = pytest.mark.freecad

CLI = str(Path(sys.executable).with_name("ai-designer"))


def test_a_shell_session_designs_refines_undoes_and_exports(tmp_path: Path) -> None:
    out = tmp_path / "session"
    exported = tmp_path / "final.step"
    typed = "\n".join(
        [
            "help",
            "a 40 x 20 x 10 mm box",
            "make it 15 mm tall",
            "add a 5 mm hole through the center",
            "undo",
            "show",
            f"export step {exported}",
            "export wrl nowhere.wrl",
            "add a knurled grip",
            "quit",
        ]
    )
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    env.update(
        {"HISTORY_FILE": str(tmp_path / "h.jsonl"), "AI_DESIGNER_ENV_FILE": os.devnull, "COLUMNS": "200"}
    )
    proc = subprocess.run(
        [CLI, "shell", "--out", str(out)], input=typed, capture_output=True, text=True, env=env, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert "export FORMAT FILE" in proc.stdout  # help
    assert "Unknown format" in proc.stderr  # a bad command is reported, the session goes on
    assert "knurled" in proc.stderr  # an unknown feature is refused, the session goes on
    assert "Traceback" not in proc.stdout + proc.stderr

    state = json.loads((out / "state.json").read_text())
    # design, two refines, undo (a new revision equal to revision 2), then the refused change
    assert [r["request"] for r in state["history"]][:4] == [
        "a 40 x 20 x 10 mm box",
        "make it 15 mm tall",
        "add a 5 mm hole through the center",
        "undo (back to revision 2)",
    ]
    m = measure_step(exported)
    assert m["volume"] == pytest.approx(40 * 20 * 15, rel=1e-6)  # the hole was undone
    assert (m["x"], m["y"], m["z"]) == pytest.approx((40, 20, 15), abs=0.01)


def test_the_shell_at_a_terminal_edits_lines_keeps_history_and_survives_ctrl_c(tmp_path: Path) -> None:
    """Keys as a person presses them, through a pseudo-terminal."""
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    env.update(
        {
            "HISTORY_FILE": str(tmp_path / "h.jsonl"),
            "AI_DESIGNER_ENV_FILE": os.devnull,
            "TERM": "xterm",
            "PROMPT_TOOLKIT_NO_CPR": "1",  # no terminal here to answer cursor-position queries
        }
    )
    out = tmp_path / "tty"
    child = pexpect.spawn(
        CLI, ["shell", "--out", str(out)], env=env, encoding="utf-8", timeout=90, dimensions=(40, 160)
    )
    try:
        child.expect("design>")
        child.send("a 20 mm cubx\x7fe\r")  # a typo, Backspace, the right letter
        child.expect("completed")
        child.expect("cube: box 20 × 20 × 20 mm")  # the plan, read back
        child.expect("design>")
        child.send("\x1b[A")  # Up: the previous line comes back
        child.expect("a 20 mm cube")
        child.send("\x03")  # Ctrl-C: the line is dropped, the shell stays
        child.expect("design>")
        child.send("show\r")
        child.expect("feature tree")
        child.expect("earlier revisions|design>")
        child.send("\x04")  # Ctrl-D: leave
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    state = json.loads((out / "state.json").read_text())
    assert state["revision"] == 1 and state["prompt"] == "a 20 mm cube"  # Ctrl-C ran nothing
    assert "a 20 mm cube" in (tmp_path / "shell_history").read_text()
