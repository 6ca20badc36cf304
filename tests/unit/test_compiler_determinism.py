"""The compiler without FreeCAD: determinism, names, parameters, the script policy, refusals."""

from __future__ import annotations

import ast
import hashlib
import os
import subprocess
import sys

import pytest

from ai_designer.agents.script_validator import check_script
from ai_designer.cad import edges, gear, ops_holes, ops_patterns, ops_threads, placement, sketches
from ai_designer.cad.compiler import COMPILER_VERSION, CompiledScript, compile_graph
from ai_designer.cad.emit import SCRIPT_NAMES, Helper
from ai_designer.errors import GenerationError, InvalidTaskGraphError
from ai_designer.schemas.task_graph import TaskGraph
from helpers.task_graphs import everything


def test_same_graph_same_bytes() -> None:
    first = compile_graph(everything())
    again = compile_graph(TaskGraph.model_validate_json(everything().model_dump_json()))
    assert first == again
    assert isinstance(first, CompiledScript) and first.compiler_version == COMPILER_VERSION


def test_same_bytes_in_another_process_with_another_hash_seed() -> None:
    probe = (
        "import hashlib, json, sys\n"
        "from ai_designer.cad.compiler import compile_graph\n"
        "from ai_designer.schemas.task_graph import TaskGraph\n"
        "g = TaskGraph.model_validate_json(sys.stdin.read())\n"
        "print(hashlib.sha256(compile_graph(g).code.encode()).hexdigest())\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe],
        input=everything().model_dump_json(),
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        check=True,
    )
    assert proc.stdout.strip() == hashlib.sha256(compile_graph(everything()).code.encode()).hexdigest()


def test_the_script_passes_the_policy() -> None:
    check = check_script(compile_graph(everything()).code)
    assert check.ok, check.describe()


def test_the_script_only_imports_modelling_modules_and_never_writes() -> None:
    code = compile_graph(everything()).code
    tree = ast.parse(code)
    imported = {alias.name for n in ast.walk(tree) if isinstance(n, ast.Import) for alias in n.names}
    assert imported == {"math", "FreeCAD", "Part", "Sketcher"}
    called = {
        n.func.attr for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
    }
    assert not {"save", "saveAs", "exportStep", "exportStl", "export"} & called
    assert "App.newDocument('Model')" in code and code.rstrip().endswith("doc.recompute()")


def test_parameters_are_node_and_field() -> None:
    compiled = compile_graph(everything())
    p = compiled.parameters
    assert (p["plate_length"], p["plate_width"], p["plate_height"]) == (60, 40, 8)
    assert p["holes_diameter"] == 5 and p["holes_pattern_pitch_u"] == 48
    assert p["cb_counterbore_diameter"] == 7 and p["cs_countersink_angle"] == 90
    assert p["slot_length"] == 12 and p["slot_width"] == 4 and p["slot_depth"] == 2
    assert p["cup_shell_thickness"] == 1 and p["in_gap"] == 2 and p["doc_offset_x"] == 100
    assert p["wheel_angle"] == 300 and p["studs_spacing_x"] == 20 and p["coil_turns"] == 3
    assert "Parameters.plate_length" in compiled.code
    for alias, value in p.items():
        assert f"({alias!r}, {float(value)!r}," in compiled.code


def test_object_names_avoid_words_python_and_freecad_reserve() -> None:
    compiled = compile_graph(everything())
    names = compiled.object_names
    assert names["plate"] == "plate" and names["m"] == "m_obj" and names["in"] == "in_obj"
    assert names["doc"] == "doc_obj" and names["round"] == "round_obj"
    assert all(n.isidentifier() for n in names.values())
    assert len(set(names.values())) == len(names)
    assert compiled.final_object == "part"
    assert f"show_only(doc, {compiled.final_object})" in compiled.code


def test_a_single_output_is_the_final_object() -> None:
    g = TaskGraph.model_validate(
        {"nodes": [{"id": "part", "operation": {"op": "box", "length": 1, "width": 1, "height": 1}}]}
    )
    compiled = compile_graph(g, title="cube")
    assert compiled.final_object == "part" and compiled.object_names == {"part": "part"}
    assert compiled.code.startswith("# cube\n") and "doc.Label = 'cube'" in compiled.code


def test_labels_and_titles_cannot_smuggle_code_or_dunders() -> None:
    g = TaskGraph.model_validate(
        {
            "title": "x'\n__import__('os')",
            "nodes": [
                {
                    "id": "a",
                    "label": "evil'''\n__class__",
                    "operation": {"op": "box", "length": 1, "width": 1, "height": 1},
                }
            ],
        }
    )
    code = compile_graph(g).code
    assert check_script(code).ok, check_script(code).describe()
    assert "__" not in code


def test_every_helper_definition_is_a_reserved_script_name() -> None:
    helpers = [
        value
        for module in (placement, sketches, edges, gear, ops_holes, ops_patterns, ops_threads)
        for value in vars(module).values()
        if isinstance(value, Helper)
    ]
    assert len(helpers) >= 20
    for helper in helpers:
        tree = ast.parse(helper.source)
        defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        defined |= {
            t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)
        }
        assert helper.name in defined
        assert defined <= SCRIPT_NAMES, defined - SCRIPT_NAMES


def test_custom_nodes_need_code_from_the_generator() -> None:
    g = TaskGraph.model_validate(
        {"nodes": [{"id": "blob", "operation": {"op": "custom", "description": "blob"}}]}
    )
    with pytest.raises(GenerationError, match="LLM generator must fill") as caught:
        compile_graph(g)
    assert caught.value.context["node"] == "blob"


@pytest.mark.parametrize(("code", "why"), [("result = (", "syntax error"), ("shape = 1", "never assigns")])
def test_custom_code_must_parse_and_assign_result(code: str, why: str) -> None:
    g = TaskGraph.model_validate(
        {"nodes": [{"id": "blob", "operation": {"op": "custom", "description": "blob", "code": code}}]}
    )
    with pytest.raises(GenerationError, match=why):
        compile_graph(g)


def test_invalid_graphs_are_refused_before_anything_runs() -> None:
    g = TaskGraph.model_validate(
        {
            "nodes": [
                {"id": "plate", "operation": {"op": "box", "length": 10, "width": 10, "height": 2}},
                {
                    "id": "drill",
                    "operation": {"op": "hole", "target": "plate", "diameter": 4, "depth": 3, "at": [[0, 0]]},
                },
            ]
        }
    )
    with pytest.raises(InvalidTaskGraphError, match="node 'drill'"):
        compile_graph(g)
