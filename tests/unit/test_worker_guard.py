"""The run-time fence of the model process (worker/guard.py): builtins that reach further than they look."""

from __future__ import annotations

import io

import pytest

from ai_designer.freecad.worker.guard import restricted_builtins
from ai_designer.schemas.execution import ExecutionResult


@pytest.mark.parametrize("cls", [int, type, object, ExecutionResult])
def test_type_of_a_class_is_refused_at_run_time(cls: type) -> None:
    # type(type(x)) is `type` itself, which makes classes (and metaclasses) with three arguments
    script_type = restricted_builtins()["type"]
    with pytest.raises(TypeError, match="type\\(\\) of a class"):
        script_type(cls)
    assert script_type(1) is int


def test_print_writes_to_the_output_only(capsys: pytest.CaptureFixture[str]) -> None:
    # print(text, file=x) calls x.write(text): with a mesh or shape, a file API by another name
    script_print = restricted_builtins()["print"]
    sink = io.StringIO()
    with pytest.raises(TypeError):
        script_print("out/elsewhere.stl", file=sink)
    assert sink.getvalue() == ""
    script_print("a", "b", sep="-", end="!\n", flush=True)
    assert capsys.readouterr().out == "a-b!\n"
