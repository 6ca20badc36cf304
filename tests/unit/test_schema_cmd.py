"""`ai-designer schema task-graph` prints the TaskGraph JSON Schema."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from ai_designer.cad.json_schema import task_graph_json_schema
from ai_designer.cli.app import _register_commands, app


def test_the_schema_describes_every_operation() -> None:
    schema = task_graph_json_schema()
    assert schema["$schema"].endswith("2020-12/schema") and schema["title"] == "TaskGraph"
    ops = {name for name in schema["$defs"] if name.endswith("Op")}
    assert {"BoxOp", "HoleOp", "SpurGearOp", "SpringOp", "CustomOp", "BooleanOp", "PolarCopyOp"} <= ops
    assert "lower_snake_case" in json.dumps(schema["$defs"]["TaskNode"])


def test_the_cli_prints_the_same_schema() -> None:
    _register_commands()
    result = CliRunner().invoke(app, ["schema", "task-graph"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == task_graph_json_schema()
    compact = CliRunner().invoke(app, ["schema", "task-graph", "--indent", "0"])
    assert compact.output.count("\n") == 1
