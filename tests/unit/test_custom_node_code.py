"""A custom node's code builds its own shape and reaches nothing else of the script (cad/custom_code.py).

Without these rules, code a language model wrote for one node turned the plan's 60 x 40 x 8 plate
into a 500 mm one (``App.ActiveDocument.getObject('plate').setExpression(...)``, or
``sheet.set('B2', '500')``), and ``global show_only`` showed every intermediate object.
"""

from __future__ import annotations

import pytest

from ai_designer.agents.prompts.few_shot_examples import EXAMPLES
from ai_designer.cad.compiler import compile_graph
from ai_designer.cad.custom_code import custom_code_problems
from ai_designer.errors import GenerationError
from ai_designer.schemas.task_graph import TaskGraph

MAKE = "result = Part.makeBox(2, 2, 2)\n"
REACHING = {
    "the active document": "App.ActiveDocument.getObject('plate').setExpression('Length', '500 mm')\n",
    "the active document, called": "App.activeDocument().Objects[0].Length = 500\n",
    "the script's spreadsheet": "sheet.set('B2', '500')\n",
    "another node's variable": "plate.Length = 500\n",
    "the script's document": "doc.removeObject('plate')\n",
    "a global of the script": "global show_only\nshow_only = len\n",
    "a new document": "import FreeCAD\nother = FreeCAD.newDocument('Model')\n",
    "a shown shape": "Part.show(Part.makeBox(9, 9, 9))\n",
    "a document observer": "class Spy:\n    pass\nApp.addDocumentObserver(Spy())\n",
    "a preference": "App.ParamGet('User parameter:BaseApp/Preferences/Mod/Part').SetBool('x', True)\n",
    "a module changed": "App.newDocument = len\n",
    "a module changed by setattr": "setattr(Part, 'makeBox', len)\n",
    "a module aliased": "module = App\nmodule.newDocument = len\n",
    "a module passed on": "def patch(m):\n    m.newDocument = len\npatch(App)\n",
    "a submodule aliased": "base = App.Base\nbase.Vector = len\n",
    "an import changed": "from FreeCAD import Vector\nVector.cross = len\n",
}


def _plan(code: str) -> TaskGraph:
    return TaskGraph.model_validate(
        {
            "nodes": [
                {"id": "plate", "operation": {"op": "box", "length": 60, "width": 40, "height": 8}},
                {"id": "blob", "operation": {"op": "custom", "description": "a cube", "code": code}},
                {
                    "id": "joined",
                    "operation": {"op": "boolean", "operation": "union", "operands": ["plate", "blob"]},
                },
            ]
        }
    )


@pytest.mark.parametrize("name", REACHING, ids=list(REACHING))
def test_code_reaching_past_its_shape_is_refused_when_compiled(name: str) -> None:
    with pytest.raises(GenerationError, match="reaches past its own shape") as refused:
        compile_graph(_plan(REACHING[name] + MAKE))
    assert refused.value.context["node"] == "blob"
    assert custom_code_problems(REACHING[name] + MAKE)


BUILDING = {
    "the few-shot example": next(code for e in EXAMPLES for code in e.custom_code.values()),
    "functions, lambdas, classes and comprehensions": (
        "import math\nfrom FreeCAD import Vector\n\n"
        "class Peg:\n    def __init__(self, r):\n        self.r = r\n\n"
        "def ring(r, n=6):\n    step = lambda k: math.radians(360 * k / n)\n"
        "    return [Vector(r * math.cos(step(k)), r * math.sin(step(k)), 0) for k in range(n)]\n\n"
        "pts = ring(Peg(5).r)\nface = Part.Face(Part.makePolygon(pts + [pts[0]]))\n"
        "try:\n    result = face.extrude(App.Vector(0, 0, 3))\nexcept Part.OCCError as exc:\n    raise exc\n"
        "result.Placement = App.Placement(App.Vector(1, 2, 3), App.Rotation())\n"
    ),
}


@pytest.mark.parametrize("name", BUILDING, ids=list(BUILDING))
def test_code_building_its_own_shape_passes(name: str) -> None:
    assert custom_code_problems(BUILDING[name]) == []
    compile_graph(_plan(BUILDING[name]))


def test_custom_code_runs_before_the_document_exists() -> None:
    code = compile_graph(_plan(MAKE)).code
    built = code.index("blob_shape = build_blob()")
    assert built < code.index("doc = App.newDocument(") < code.index("blob.Shape = blob_shape")
    assert built < code.index("def show_only(")  # no helper of the script is defined yet either
