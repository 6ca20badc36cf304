"""Every operation of the plan language has an entry in the operation table."""

from __future__ import annotations

import typing

import pytest
from pydantic import BaseModel

from ai_designer.cad.operations import OPERATIONS, entry_for
from ai_designer.cad.readback import READBACK
from ai_designer.schemas.task_graph import CREATING_OPS, Operation


def _union_members() -> list[type[BaseModel]]:
    union = typing.get_args(Operation)[0]
    return list(typing.get_args(union))


def test_every_operation_of_the_union_has_an_entry() -> None:
    missing = [model.__name__ for model in _union_members() if model not in OPERATIONS]
    assert missing == []


def test_the_table_holds_nothing_outside_the_union() -> None:
    assert set(OPERATIONS) == set(_union_members())


def test_every_creating_op_is_named_in_creating_ops() -> None:
    creating = {
        model.model_fields["op"].default for model in _union_members() if "placement" in model.model_fields
    }
    assert creating == set(CREATING_OPS)


def test_an_operation_without_an_entry_fails_loudly() -> None:
    class Unlisted(BaseModel):
        op: str = "unlisted"

    with pytest.raises(KeyError, match="Unlisted has no entry"):
        entry_for(Unlisted())


def test_every_operation_can_be_read_back_in_words() -> None:
    assert {model.model_fields["op"].default for model in _union_members()} == set(READBACK)
