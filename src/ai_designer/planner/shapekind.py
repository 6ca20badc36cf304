"""One record per shape kind: what a maintainer writes to teach the offline planner a new shape.

A :class:`ShapeKind` says everything the planner needs about a kind of shape, in one place,
next to its builder (shapes.py, mechanical.py):

- ``nouns``: the words that name it ("box", "block", "plate"...). The grammar's word list
  and its ``shape_noun`` rule are generated from them (kinds.py, parser.py);
- ``roles``: which named dimensions it takes and what they mean for it (a cylinder's
  "thickness" is its height);
- ``primary``: what a bare length next to the noun means ("a 20 mm cube": its side);
- ``dims``: what "a x b" and "a x b x c" mean;
- ``build``: the nodes that make it, from its dimensions;
- ``read_back``: its dimensions read from a plan's node, so follow-up changes can rebuild it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ai_designer.schemas.task_graph import Operation

if TYPE_CHECKING:
    from ai_designer.planner.build import Frame, GraphBuilder
    from ai_designer.planner.model import BodySpec

#: role → canonical role, or (canonical role, factor): a hole's "radius" is half its "diameter".
RoleTable = dict[str, str | tuple[str, float]]
#: the dimensions (and adjectives) of a shape read back from its creating node; None: not this kind.
ReadBack = Callable[[Operation], tuple[dict[str, float], set[str]] | None]


@dataclass(frozen=True)
class ShapeKind:
    """Everything the offline planner knows about one kind of shape."""

    name: str
    build: Callable[[BodySpec, GraphBuilder], Frame]
    roles: RoleTable
    nouns: tuple[str, ...] = ()
    primary: str | None = None
    dims: dict[int, tuple[str, ...]] = field(default_factory=dict)
    read_back: ReadBack | None = None

    @property
    def terminal(self) -> str:
        """The grammar's terminal for this kind's nouns (``BOX``)."""
        return self.name.upper()
