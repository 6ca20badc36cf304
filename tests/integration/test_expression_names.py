"""Object names must not be words FreeCAD's expression parser reads as units ("bar" is a pressure)."""

from __future__ import annotations

import subprocess

import pytest

from ai_designer.cad.names import EXPRESSION_WORDS

pytestmark = pytest.mark.freecad

# Lower-case words a planner may use as node ids, plus FreeCAD's lower-case unit symbols.
_WORDS = (
    "bar mbar atm torr hp kw w j v a c f k n pa kpa mpa ohm hz kn wb va ev kwh ws ah mv kv ma mk ft lb lbm "
    "in mm cm dm km ml ul ug g kg mg t s h ms us ns min deg rad gon pi e mi yd mph thou mil sqft cft oz st "
    "cwt lbf psi ksi mpsi cal kcal mol mmol cd l m nm um plate base hole holes block rod shaft ring tube "
    "pipe disc washer nut gear spring flange body box cube sphere cone torus prism pyramid slot pocket "
    "boss fillet chamfer shell upright bracket knob rim hub rib tab leg arm post pin cap lid cover tray cup"
)
CANDIDATES = _WORDS.split()


def test_every_word_freecad_reads_as_a_quantity_is_reserved() -> None:
    code = (
        "import FreeCAD\n"
        f"words = {CANDIDATES!r}\n"
        "hits = []\n"
        "for w in words:\n"
        "    try:\n"
        "        FreeCAD.Units.parseQuantity(w)\n"
        "        hits.append(w)\n"
        "    except Exception:\n"
        "        pass\n"
        "print('HITS=' + ' '.join(hits))\n"
    )
    proc = subprocess.run(["freecadcmd", "-c", code], capture_output=True, text=True, timeout=120)
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("HITS="))
    parsed = set(line[5:].split())
    assert parsed, proc.stdout + proc.stderr
    assert parsed <= EXPRESSION_WORDS, f"not reserved: {sorted(parsed - EXPRESSION_WORDS)}"
