"""Run many FreeCAD scripts in ONE freecadcmd process and measure what each built.

Starting freecadcmd costs seconds, so integration tests do not start one per
test. Test modules register cases on the shared :data:`BATCH` while pytest
collects them; the first test asking for results runs every registered case in
a single freecadcmd: each script in a fresh namespace, its document(s) measured
and closed before the next. The measurement is what the engine exports: the
visible top-level solids (volume, tight bounding-box size, solid count,
validity) plus the objects whose recompute failed. A case can also edit
spreadsheet parameters afterwards, recompute and be measured again.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DRIVER = r"""
import json
import os
import traceback

import FreeCAD as App
import Part

folder = os.environ['FREECAD_BATCH_DIR']


def probe(shapes, points):
    # whether material is at each point: [x, y, z] as fractions of the box, or mm from its corner ("abs")
    if not shapes or not points:
        return []
    part = Part.makeCompound(shapes)
    box = part.optimalBoundingBox()
    found = []
    for p in points:
        if len(p) > 4 and p[4] == 'abs':
            at = App.Vector(box.XMin + p[0], box.YMin + p[1], box.ZMin + p[2])
        else:
            at = App.Vector(box.XMin + p[0] * box.XLength, box.YMin + p[1] * box.YLength,
                            box.ZMin + p[2] * box.ZLength)
        found.append(bool(part.isInside(at, 1e-6, True)))
    return found


def measure(docs, points=()):
    shapes, visible, broken = [], [], []
    for doc in docs:
        for obj in doc.Objects:
            if 'Invalid' in obj.State or 'Error' in obj.State:
                broken.append(f'{obj.Name}: {obj.State}')
            if obj.InList or not obj.Visibility or not hasattr(obj, 'Shape') or obj.Shape.isNull():
                continue
            visible.append(obj.Name)
            shapes.append(obj.Shape)
    solids = [s for shape in shapes for s in shape.Solids]
    if not solids:
        return {'volume': 0.0, 'size': [0.0, 0.0, 0.0], 'solids': 0, 'valid': False,
                'broken': broken, 'visible': visible, 'probes': []}
    box = Part.makeCompound(shapes).optimalBoundingBox()
    return {
        'volume': sum(s.Volume for s in solids),
        'size': [box.XLength, box.YLength, box.ZLength],
        'solids': len(solids),
        'valid': all(shape.isValid() for shape in shapes),
        'broken': broken,
        'visible': visible,
        'probes': probe(shapes, points),
    }


with open(os.path.join(folder, 'cases.json')) as handle:
    cases = json.load(handle)
results = {}
for case in cases:
    before = set(App.listDocuments())
    result = {'error': None, 'built': None, 'edited': None}
    try:
        exec(compile(case['code'], case['name'] + '.py', 'exec'), {'__name__': 'batch_case'})
        docs = [App.getDocument(n) for n in App.listDocuments() if n not in before]
        result['built'] = measure(docs, case['probes'])
        if case['edits']:
            sheet = docs[0].getObject('Parameters')
            for alias, value in case['edits'].items():
                sheet.set(alias, str(value))
            for doc in docs:
                doc.recompute()
            result['edited'] = measure(docs)
    except Exception:
        result['error'] = traceback.format_exc()
    for name in App.listDocuments():
        if name not in before:
            App.closeDocument(name)
    results[case['name']] = result
with open(os.path.join(folder, 'results.json'), 'w') as handle:
    json.dump(results, handle)
"""


@dataclass(frozen=True)
class Measurement:
    """The visible top-level solids of a document."""

    volume: float
    size: tuple[float, float, float]
    solids: int
    valid: bool
    broken: list[str]
    visible: list[str]
    probes: list[bool]


@dataclass(frozen=True)
class CaseResult:
    """What one script built (and, after parameter edits, what it became)."""

    name: str
    error: str | None
    built: Measurement | None
    edited: Measurement | None


def _measurement(raw: dict[str, Any] | None) -> Measurement | None:
    if raw is None:
        return None
    x, y, z = raw["size"]
    return Measurement(
        volume=float(raw["volume"]),
        size=(float(x), float(y), float(z)),
        solids=int(raw["solids"]),
        valid=bool(raw["valid"]),
        broken=list(raw["broken"]),
        visible=list(raw["visible"]),
        probes=[bool(p) for p in raw.get("probes", [])],
    )


class FreeCADBatch:
    """Scripts registered by name, all run together the first time results are needed."""

    def __init__(self) -> None:
        self._cases: dict[str, tuple[str, dict[str, float], list[list[Any]]]] = {}
        self._results: dict[str, CaseResult] | None = None

    def add(
        self,
        name: str,
        code: str,
        edits: dict[str, float] | None = None,
        probes: list[list[Any]] | None = None,
    ) -> None:
        """Register a script; ``edits`` (spreadsheet alias -> value) are applied after a first measure;
        ``probes`` are points checked for material (see ``probe`` in the driver)."""
        if name in self._cases:
            raise ValueError(f"case {name!r} registered twice")
        self._cases[name] = (code, dict(edits or {}), list(probes or []))

    def results(self, freecadcmd: Path, timeout_s: float = 1200.0) -> dict[str, CaseResult]:
        """Run every registered case (once per session) and return the results by name."""
        if self._results is None:
            self._results = self._run(freecadcmd, timeout_s)
        return self._results

    def _run(self, freecadcmd: Path, timeout_s: float) -> dict[str, CaseResult]:
        with tempfile.TemporaryDirectory(prefix="freecad-batch-") as tmp:
            folder = Path(tmp)
            cases = [{"name": n, "code": c, "edits": e, "probes": p} for n, (c, e, p) in self._cases.items()]
            (folder / "cases.json").write_text(json.dumps(cases))
            (folder / "driver.py").write_text(DRIVER)
            proc = subprocess.run(
                [str(freecadcmd), str(folder / "driver.py")],
                capture_output=True,
                text=True,
                timeout=timeout_s,
                cwd=folder,
                env={**os.environ, "FREECAD_BATCH_DIR": str(folder)},
                check=False,
            )
            out = folder / "results.json"
            if not out.exists():
                tail = proc.stderr[-2000:]
                raise RuntimeError(f"freecadcmd wrote no results (exit {proc.returncode}): {tail}")
            raw = json.loads(out.read_text())
        return {
            name: CaseResult(name, r["error"], _measurement(r["built"]), _measurement(r["edited"]))
            for name, r in raw.items()
        }


#: The session-wide batch every integration module registers its cases on.
BATCH = FreeCADBatch()
