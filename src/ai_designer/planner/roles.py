"""Which named dimensions each feature (and each named part of a shape) takes, and what a bare
length or ``a x b`` means. A shape kind's own tables are in its record (shapekind.py, kinds.py).

A role is a named dimension as the grammar recognises it ("long" → ``length``, "OD" →
``outer_diameter``). Each kind maps the roles it takes onto its own canonical ones
(a cylinder's ``thickness`` is its ``height``, a hole's ``radius`` is half its ``diameter``),
so "already given" is checked on the canonical role.
"""

from __future__ import annotations

from ai_designer.planner.shapekind import RoleTable

#: Sub-parts named inside another shape ("a 50 mm long base" of a bracket): role → parent role.
PART_ROLES: dict[tuple[str, str], RoleTable] = {
    ("bracket", "base"): {"length": "base_length", "width": "width", "thickness": "base_thickness"},
    ("bracket", "upright"): {
        "height": "height",
        "length": "height",
        "width": "width",
        "thickness": "upright_thickness",
    },
    ("bracket", "part"): {
        "leg": "leg",
        "height": "height",
        "length": "height",
        "width": "width",
        "thickness": "upright_thickness",
    },
    ("pyramid", "base"): {
        "side": "base_size",
        "size": "base_size",
        "length": "base_length",
        "width": "base_width",
    },
    ("cone", "base"): {"diameter": "base_diameter", "radius": ("base_diameter", 2.0)},
    ("container", "base"): {"thickness": "bottom", "height": "bottom"},
    ("box", "base"): {"thickness": "bottom", "height": "bottom"},
}

_HOLE: RoleTable = {"diameter": "diameter", "radius": ("diameter", 2.0), "depth": "depth", "size": "diameter"}
_CUT: RoleTable = {
    "length": "length",
    "width": "width",
    "depth": "depth",
    "diameter": "diameter",
    "radius": ("diameter", 2.0),
    "corner_radius": "corner_radius",
    "side": "side",
    "size": "side",
}
FEATURE_ROLES: dict[str, RoleTable] = {
    "hole": _HOLE,
    "bore": _HOLE,
    "counterbore": {"diameter": "diameter", "depth": "depth", "radius": ("diameter", 2.0)},
    "countersink": {"diameter": "diameter", "countersink_angle": "angle", "angle": "angle"},
    "pocket": _CUT,
    "cutout": _CUT,
    "slot": {"length": "length", "width": "width", "depth": "depth", "diameter": "width"},
    "keyway": {"length": "length", "width": "width", "depth": "depth"},
    "flat": {"depth": "depth"},
    "thread": {"length": "length"},
    "fillet": {"radius": "radius", "size": "radius"},
    "chamfer": {"size": "size", "radius": "size"},
    "shell": {"thickness": "thickness", "wall": "thickness"},
}

#: What a bare length next to a feature noun means ("a 10 mm hole"); shapes: kinds.py.
PRIMARY: dict[str, str] = {
    "hole": "diameter",
    "bore": "diameter",
    "counterbore": "diameter",
    "countersink": "diameter",
    "fillet": "radius",
    "chamfer": "size",
    "shell": "thickness",
    "slot": "width",
}

#: What ``a x b`` and ``a x b x c`` mean for a feature; shapes: kinds.py.
DIMS: dict[str, dict[int, tuple[str, ...]]] = {
    "pocket": {2: ("length", "width"), 3: ("length", "width", "depth")},
    "cutout": {2: ("length", "width"), 3: ("length", "width", "depth")},
    "slot": {2: ("length", "width"), 3: ("length", "width", "depth")},
    "counterbore": {2: ("diameter", "depth")},
    "hole": {2: ("diameter", "depth")},
}


def canonical(table: RoleTable, role: str) -> tuple[str, float] | None:
    """The canonical role and value factor for ``role`` in ``table`` (None if not taken)."""
    target = table.get(role)
    if target is None:
        return None
    if isinstance(target, tuple):
        return target
    return target, 1.0
