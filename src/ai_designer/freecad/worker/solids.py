"""The part is its solids: keep only them, and only solids whose material is inside their faces.

FreeCAD's ``Shape.Volume`` integrates over every face of a shape, not just the
closed ones: a loose face or shell next to a solid adds or takes away any
volume the script likes (a cone from the origin to the face), and a solid
whose faces point inwards counts as negative volume, with its cylinders
looking like holes. A STEP reader turns such a solid the right way out, so the
report would not describe the file. So the measured and exported shape is the
compound of the final shape's solids, and a final shape holding an inside-out
solid is refused.
"""

from __future__ import annotations

from typing import Any

import Part  # type: ignore[import-not-found]


def inside_out(shape: Any) -> list[int]:
    """Indices of the solids of ``shape`` with no positive volume (their faces point inwards)."""
    return [index for index, solid in enumerate(shape.Solids) if not solid.Volume > 0]


def solids_only(shape: Any) -> tuple[Any, int]:
    """``shape`` without faces, shells, wires, edges or vertices outside its solids, and how many
    sub-shapes (faces, edges and vertices) that left out."""
    solids = list(shape.Solids)
    if not solids:
        return shape, 0
    kept = solids[0] if len(solids) == 1 else Part.makeCompound(solids)
    extra = sum(
        len(getattr(shape, kind)) - len(getattr(kept, kind)) for kind in ("Faces", "Edges", "Vertexes")
    )
    if extra == 0:
        return shape, 0
    return kept, extra
