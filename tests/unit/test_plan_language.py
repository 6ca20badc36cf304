"""The compact plan language: generated from the TaskGraph models, so it names all of them."""

from __future__ import annotations

import typing

from pydantic import BaseModel

from ai_designer.agents.prompts.few_shot_examples import EXAMPLES
from ai_designer.agents.prompts.plan_language import plan_language
from ai_designer.schemas import task_graph
from ai_designer.schemas.task_graph import Operation, TaskGraph


def _models() -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    todo: list[type[BaseModel]] = [TaskGraph]
    while todo:
        model = todo.pop()
        if model in found:
            continue
        found.append(model)
        for field in model.model_fields.values():
            for arg in _leaves(field.annotation):
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    todo.append(arg)
    return found


def _leaves(annotation: object) -> list[object]:
    args = typing.get_args(annotation)
    return [leaf for arg in args for leaf in _leaves(arg)] if args else [annotation]


def test_every_operation_and_every_field_is_described() -> None:
    text = plan_language(examples=0)
    for op in typing.get_args(typing.get_args(Operation)[0]):
        tag = op.model_fields["op"].default
        assert f"\n{tag}(" in text, tag
    for model in _models():
        for name in model.model_fields:
            if name in ("op", "shape", "kind"):
                continue  # the tag is the signature's name
            assert f"{name}: " in text or f"{name}?: " in text, f"{model.__name__}.{name}"


def test_it_is_much_smaller_than_the_schema_and_keeps_the_conventions() -> None:
    import json

    text = plan_language(examples=0)
    assert len(text) < len(json.dumps(TaskGraph.model_json_schema())) / 2
    assert "u is X and v is Y" in text and "``" not in text
    assert "face: Face = top" in text  # enums and defaults, spelled out (a long list named once)
    assert "Face is one of top|bottom|front|back|left|right." in text
    assert 'Profiles ("shape" picks one)' in text and "slot(length: mm>0, width: mm>0)" in text
    creating, changing = text.split("\n## Operations that change")
    for tag in task_graph.CREATING_OPS:
        assert f"\n{tag}(" in creating and f"\n{tag}(" not in changing


def test_examples_are_chosen_by_similarity_and_parse_back() -> None:
    text = plan_language("a flange with six bolt holes", examples=2)
    assert text.count("Request: ") == 2 and "flange" in text.split("## Worked examples")[1]
    plans = [line[len("Plan: ") :] for line in text.splitlines() if line.startswith("Plan: ")]
    assert all(TaskGraph.model_validate_json(p) in [e.graph for e in EXAMPLES] for p in plans)
    default = plan_language()
    assert default.count("Request: ") == 3


def test_the_llm_planner_gets_the_same_description() -> None:
    from ai_designer.agents.prompts.plan_language import language_reference
    from ai_designer.agents.prompts.system_prompts import planner_system_prompt

    assert language_reference() in planner_system_prompt()
    assert language_reference() in plan_language(examples=0)
