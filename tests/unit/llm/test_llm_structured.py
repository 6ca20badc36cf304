"""JSON extraction from model replies and the validation messages fed back in repair turns."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from ai_designer.llm.structured import StructuredOutputError, extract_json, parse_reply


class Part(BaseModel):
    name: str
    holes: int


@pytest.mark.parametrize(
    "reply",
    [
        '{"name": "plate", "holes": 4}',
        '```json\n{"name": "plate", "holes": 4}\n```',
        'Here you go:\n```\n{"name": "plate", "holes": 4}\n```\nAnything else?',
        'The plan is {"name": "plate", "holes": 4} as requested.',
        '<think>four holes, one plate</think>\n{"name": "plate", "holes": 4}',
    ],
)
def test_json_is_found_wherever_the_model_put_it(reply: str) -> None:
    assert extract_json(reply) == {"name": "plate", "holes": 4}


def test_not_json_says_where_it_broke() -> None:
    with pytest.raises(StructuredOutputError, match=r"not valid JSON \(line 1, column 2"):
        extract_json("{name: plate}")


def test_validation_errors_are_listed_by_location() -> None:
    with pytest.raises(StructuredOutputError) as failed:
        parse_reply('{"name": 3, "holes": "many"}', Part)

    assert failed.value.problems.splitlines() == [
        "- name: Input should be a valid string",
        "- holes: Input should be a valid integer, unable to parse string as an integer",
    ]
