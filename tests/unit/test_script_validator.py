"""The script policy: hostile corpus refused, realistic modelling scripts allowed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ai_designer.agents.script_validator import MAX_SCRIPT_CHARS, check_script
from ai_designer.schemas.script_check import ScriptCheck

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "scripts"
HOSTILE = sorted((CORPUS / "hostile").glob("*.py"))
VALID = sorted((CORPUS / "valid").glob("*.py"))
ACTIONABLE = re.compile(r"\b(use|remove|add|fix|rename|write|build|create|put|leave)\b")


def expected_rule(path: Path) -> str:
    match = re.search(r"^# expect: ([\w-]+)$", path.read_text(), re.M)
    assert match, f"{path.name} must say which rule it breaks (# expect: <rule>)"
    return match.group(1)


def test_corpora_are_big_enough() -> None:
    assert len(HOSTILE) >= 40
    assert len(VALID) >= 10


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.stem)
def test_hostile_script_is_refused_with_the_expected_rule(path: Path) -> None:
    verdict = check_script(path.read_text())
    assert not verdict.ok
    assert expected_rule(path) in {v.rule for v in verdict.violations}, verdict.describe()


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.stem)
def test_every_violation_says_what_to_do(path: Path) -> None:
    for violation in check_script(path.read_text()).violations:
        assert ACTIONABLE.search(violation.message), violation.message
        assert violation.line >= 1 or violation.rule in ("too-long", "unverifiable")


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_realistic_modelling_script_is_allowed(path: Path) -> None:
    verdict = check_script(path.read_text())
    assert verdict.ok, verdict.describe()
    assert verdict.violations == []


def test_violation_points_at_line_and_column() -> None:
    verdict = check_script("import Part\nshape = Part.makeBox(1, 1, 1)\nx = shape.__class__\n")
    (violation,) = verdict.violations
    assert (violation.line, violation.col, violation.rule) == (3, 4, "dunder")
    assert violation.describe().startswith("3:4 ")


@pytest.mark.parametrize(
    "code",
    [
        "import FreeCAD as App\nv = getattr(App.Vector(1, 2, 3), 'x')\n",
        "import FreeCAD as App\nsetattr(App.Vector(), 'x', 2.0)\n",
        "class Plate:\n    def __init__(self, width):\n        self.width = width\n",
        "i = 0\nwhile True:\n    i += 1\n    if i > 10:\n        break\n",
        "def f():\n    while True:\n        return 1\n",
        "n = 10 ** 6\nlabel = 'x' * 80\nrow = [0] * 1000\n",
        "print('{} mm by {:.1f} mm'.format(3, 4.5))\n",
        "import FreeCAD as App\ndoc = App.newDocument('M')\ndoc.openTransaction('edit')\n",
        "import math\nfrom FreeCAD import Vector, Placement, Rotation\nv = Vector(math.cos(1), 0, 0)\n",
        "import FreeCAD as App\nsheet = App.newDocument('M').addObject('Spreadsheet::Sheet', 'Params')\n",
        "import FreeCAD as App\nbox = App.newDocument('M').addObject('Part::Box', 'Box')\n"
        "box.addProperty('App::PropertyLength', 'Margin')\n",
        # expressions as the TaskGraph compiler writes them: built at run time from parameter names
        "box = None\nname = 'plate_length'\nbox.setExpression('Length', f'Parameters.{name} / 2')\n"
        "box.setExpression('Placement.Base.x', '-Parameters.f_offset_x')\n",
        "sheet = None\nsheet.set('B2', '=Parameters.width * 2')\nsheet.set('B3', str(4.5))\n",
        # meshes from data in memory, a mesh feature's Mesh property, text in a system font
        "import Mesh\nempty = Mesh.Mesh()\ntri = [(0, 0, 0), (1, 0, 0), (0, 1, 0)]\nm = Mesh.Mesh([tri])\n"
        "n = Mesh.Mesh(list(m.Topology))\nfeature = None\ncopy = feature.Mesh\n",
        "import Part\nwires = Part.makeWireString(\n"
        "    'AB', '/usr/share/fonts/truetype/dejavu/', 'DejaVuSans.ttf', 5\n)\n",
    ],
)
def test_ordinary_python_is_allowed(code: str) -> None:
    verdict = check_script(code)
    assert verdict.ok, verdict.describe()


@pytest.mark.parametrize(
    ("code", "rule"),
    [
        ("def __init__():\n    pass\n", "dunder"),  # only a method of a class may be called __init__
        ("import Spreadsheet\n", "import"),
        ("x = [[0] * 10] * 10 ** 8\n", "resource-bomb"),
        ("x = 2 ** -1 + 7 ** 99999\n", "resource-bomb"),
        ("from FreeCAD import Console\n", "file-api"),
        ("import FreeCAD\nFreeCAD.Console.PrintMessage('hi')\n", "file-api"),
        (
            "import FreeCAD as App\nApp.newDocument('M').addObject('Part::FeaturePython', 'F')\n",
            "object-type",
        ),
        ("obj = None\nobj.addProperty(kind, 'Width')\n", "property-type"),
        ("x = 1\nprint(f'{x!r:{x.__doc__}}')\n", "dunder"),
        ("print('{0:{1.real}}'.format(1, 2))\n", "format-template"),
        ("import Part\nPart.makeBox(1, 1, 1).exportBrepToString()\n", "file-api"),
        ("box = None\nbox.setExpression('Length', '_self.Length * 2')\n", "expression"),
        ("box = None\nbox.setExpression('Length', f'{box}.Shape.__class__')\n", "expression"),
        ("sheet = None\nsheet.set('A1', '=_re.compile')\n", "expression"),
        ("sheet = None\nsheet.set('A1', '=Box.Document.saveAs')\n", "expression"),
        ("x = None\nx.eval('1 + 1')\n", "builtin"),
        # a call-checked method read as a value would be called past the checks on its arguments
        ("doc = None\nadd = doc.addObject\nadd('App::FeaturePython', 'x')\n", "dynamic-attribute"),
        ("doc = None\ndef make(kind, add=doc.addObject):\n    return add(kind, 'x')\n", "dynamic-attribute"),
        (
            "doc = None\nmake = lambda: doc.newObject\nmake()('App::FeaturePython', 'x')\n",
            "dynamic-attribute",
        ),
        (
            "obj = None\nmethods = (obj.addProperty, 1)\nmethods[0]('App::PropertyFile', 'f')\n",
            "dynamic-attribute",
        ),
        ("obj = None\n[obj.addExtension][0]('App::GroupExtensionPython')\n", "dynamic-attribute"),
        (
            "box = None\nbind = box.setExpression\nbind('Length', '_app.ActiveDocument')\n",
            "dynamic-attribute",
        ),
        ("sheet = None\nput = sheet.set\nput('A1', '=_py.open')\n", "dynamic-attribute"),
        ("doc = None\ngetattr(doc, 'addObject')('App::FeaturePython', 'x')\n", "dynamic-attribute"),
        ("doc = None\nlist(map(doc.addObject, ['App::FeaturePython'], ['x']))\n", "dynamic-attribute"),
        ("import Mesh\nload = Mesh.Mesh\nload(path)\n", "dynamic-attribute"),
        ("import Mesh as M\nload = M.Mesh\n", "dynamic-attribute"),
        ("from Mesh import Mesh as load\nload(path)\n", "dynamic-attribute"),
        ("from FreeCAD import setExpression\n", "dynamic-attribute"),
        ("box = None\ntype(box).setExpression(box, 'Length', '_app.ActiveDocument')\n", "expression"),
        # loaders: a path argument would read any file the sandbox can see
        ("import Mesh\npath = '/etc/passwd'\nMesh.Mesh(path)\n", "file-api"),
        ("import Mesh\nMesh.Mesh(str(1) + 'x')\n", "file-api"),
        ("import Mesh\nMesh.Mesh(data=1)\n", "file-api"),
        ("import Part\nPart.makeWireString('x', '/etc/', 'passwd', 5)\n", "file-api"),
        (
            "import Part\nPart.makeWireString('x', '/usr/share/fonts/../../../etc/', 'passwd', 5)\n",
            "file-api",
        ),
        (
            "import Part\nfolder = '/usr/share/fonts/'\nPart.makeWireString('x', folder, 'a.ttf', 5)\n",
            "file-api",
        ),
        ("import Part\nPart.Shape().read('/etc/passwd')\n", "file-api"),
        ("import Part\nPart.read('/etc/passwd')\n", "file-api"),
        ("import Part\nPart.Shape().importBrep('/etc/passwd')\n", "file-api"),
        ("import Part\nPart.insert('/etc/passwd', 'M')\n", "file-api"),
        ("import FreeCAD\nFreeCAD.openDocument('/etc/passwd')\n", "file-api"),
        ("import FreeCAD\nFreeCAD.loadFile('/etc/passwd')\n", "file-api"),
        ("import Mesh\nMesh.Mesh().read('/etc/passwd')\n", "file-api"),
        ("import FreeCAD\nprint(FreeCAD.newDocument('M').getFileName())\n", "file-api"),
    ],
)
def test_specific_constructs_are_refused(code: str, rule: str) -> None:
    verdict = check_script(code)
    assert rule in {v.rule for v in verdict.violations}, verdict.describe()


def test_a_quoted_script_string_cannot_break_the_message_into_lines() -> None:
    verdict = check_script(
        "obj = None\nobj.addProperty('App::PropertyFile\\n\\x1b[2J:white_check_mark: ok', 'x')\n"
    )
    (violation,) = verdict.violations
    assert "\n" not in violation.message and "\x1b" not in violation.message
    assert "PropertyFile :white_check_mark: ok" in violation.message


def test_syntax_error_is_reported_not_raised() -> None:
    verdict = check_script("import Part\nPart.makeBox(1, 1\n")
    assert not verdict.ok
    assert verdict.violations[0].rule == "syntax"
    assert verdict.violations[0].message.startswith("fix the syntax error")


def test_nul_bytes_are_reported() -> None:
    verdict = check_script("x = 1\x00\n")
    assert [v.rule for v in verdict.violations] == ["syntax"]


def test_overlong_script_is_refused_before_parsing() -> None:
    verdict = check_script("x = 1\n" * (MAX_SCRIPT_CHARS // 6 + 1))
    assert [v.rule for v in verdict.violations] == ["too-long"]


def test_violations_are_sorted_and_unique() -> None:
    verdict = check_script("import os\nimport os\nexec('1')\n")
    positions = [(v.line, v.col) for v in verdict.violations]
    assert positions == sorted(positions)
    assert len(set(verdict.violations)) == len(verdict.violations)


def test_script_check_round_trips_through_json() -> None:
    verdict = check_script((CORPUS / "hostile" / "subclass_walk.py").read_text())
    assert ScriptCheck.model_validate_json(verdict.model_dump_json()) == verdict


@pytest.mark.parametrize(
    "code",
    [
        "x = " + "[" * 150 + "1" + "]" * 150,  # nesting the checker refuses to walk
        "x = 1" + " + 1" * 30_000,  # a left-deep tree that overflows recursive visitors
        "x = " + "-" * 50_000 + "1",
    ],
    ids=["nested-lists", "long-sum", "unary-chain"],
)
def test_scripts_too_deep_to_check_are_refused_not_crashing(code: str) -> None:
    verdict = check_script(code)
    assert not verdict.ok
    assert {v.rule for v in verdict.violations} <= {"unverifiable", "syntax"}
    assert all(ACTIONABLE.search(v.message) for v in verdict.violations)


def test_a_crash_inside_the_checker_refuses_the_script(monkeypatch: pytest.MonkeyPatch) -> None:
    import ai_designer.agents.script_validator as policy

    def broken(self: object, node: object) -> None:
        raise KeyError("checker bug")

    monkeypatch.setattr(policy._PolicyVisitor, "visit_Call", broken)
    verdict = check_script("import Part\nPart.makeBox(1, 2, 3)\n")
    assert not verdict.ok
    assert verdict.violations[0].rule == "unverifiable"


def test_code_too_deep_for_pythons_parser_is_a_syntax_refusal() -> None:
    # A syntax refusal tells callers not to parse the code again (the LLM code writer parses a
    # refused script to look for `result`; Python's parser raised RecursionError and the design
    # crashed). Built here: as a file, it stack-overflows linters too.
    verdict = check_script("result = " + "1 + " * 3000 + "1\n")
    assert not verdict.ok
    assert [v.rule for v in verdict.violations] == ["syntax"]
