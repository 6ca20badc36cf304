""" "10 mm from the other end": measured from the face opposite the last one a distance named."""

from __future__ import annotations

from typing import Any

from helpers.planner_support import plan


def _holes(prompt: str) -> list[dict[str, Any]]:
    nodes = plan(prompt).graph.nodes
    return [n.operation.model_dump() for n in nodes if n.operation.op == "hole"]


def _edges(u: float, u_from: str, v: float, v_from: str) -> dict[str, Any]:
    return {"u": u, "u_from": u_from, "v": v, "v_from": v_from}


def test_the_other_end_is_the_end_opposite_the_one_named() -> None:
    first, second = _holes(
        "a 60 x 20 x 10 mm block with a 5 mm hole 10 mm from the left end and an 8 mm hole "
        "10 mm from the other end"
    )
    assert first["diameter"] == 5 and first["from_edges"] == [_edges(10, "min", 0, "centre")]
    assert second["diameter"] == 8 and second["from_edges"] == [_edges(10, "max", 0, "centre")]


def test_ends_and_edges_each_have_their_other() -> None:
    first, second = _holes(
        "a 60 x 20 x 10 mm block with a 5 mm hole 15 mm from the right end and 5 mm from the front "
        "edge, and a 4 mm hole 12 mm from the other end and 3 mm from the other side"
    )
    assert first["from_edges"] == [_edges(15, "max", 5, "min")]
    assert second["from_edges"] == [_edges(12, "min", 3, "max")]
