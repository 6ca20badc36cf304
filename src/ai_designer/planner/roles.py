"""Which named dimensions each shape and feature takes, and what a bare length or ``a x b`` means.

A role is a named dimension as the grammar recognises it ("long" → ``length``, "OD" →
``outer_diameter``). Each kind maps the roles it takes onto its own canonical ones
(a cylinder's ``thickness`` is its ``height``, a hole's ``radius`` is half its ``diameter``),
so "already given" is checked on the canonical role.
"""

from __future__ import annotations

RoleTable = dict[str, str | tuple[str, float]]

_BOX: RoleTable = {"length": "length", "width": "width", "height": "height", "thickness": "height"}
_BOX_EXTRA: RoleTable = {"side": "side", "size": "side", "depth": "depth", "wall": "wall", "bottom": "bottom"}
_ROUND: RoleTable = {"diameter": "diameter", "radius": ("diameter", 2.0)}
_AXIAL: RoleTable = {"height": "height", "length": "height", "thickness": "height"}

#: kind → role → canonical role (or (canonical role, factor)).
SHAPE_ROLES: dict[str, RoleTable] = {
    "cube": {
        "side": "side",
        "size": "side",
        "length": "side",
        "width": "side",
        "height": "side",
        "wall": "wall",
    },
    "box": {**_BOX, **_BOX_EXTRA, "corner_radius": "corner_radius"},
    "container": {**_BOX, **_BOX_EXTRA, **_ROUND},
    "cylinder": {
        **_ROUND,
        **_AXIAL,
        "depth": "height",
        "outer_diameter": "diameter",
        "inner_diameter": "inner_diameter",
        "wall": "wall",
    },
    "tube": {
        "outer_diameter": "outer_diameter",
        "diameter": "outer_diameter",
        "radius": ("outer_diameter", 2.0),
        "outer_radius": ("outer_diameter", 2.0),
        "inner_diameter": "inner_diameter",
        "inner_radius": ("inner_diameter", 2.0),
        "wall": "wall",
        **_AXIAL,
    },
    "sphere": {**_ROUND, "wall": "wall"},
    "cone": {
        "base_diameter": "base_diameter",
        "bottom": "base_diameter",
        "base_radius": ("base_diameter", 2.0),
        "diameter": "base_diameter",
        "radius": ("base_diameter", 2.0),
        "top_diameter": "top_diameter",
        "top_radius": ("top_diameter", 2.0),
        "top": "top_diameter",
        "height": "height",
        "length": "height",
    },
    "torus": {
        "major_radius": "major_radius",
        "major_diameter": ("major_radius", 0.5),
        "minor_radius": "minor_radius",
        "minor_diameter": ("minor_radius", 0.5),
        "section_diameter": ("minor_radius", 0.5),
        "thickness": ("minor_radius", 0.5),
        "inner_diameter": "inner_diameter",
        "outer_diameter": "outer_diameter",
        "diameter": "outer_diameter",
    },
    "prism": {
        "across_flats": "across_flats",
        "across_corners": "across_corners",
        "diameter": "across_corners",
        "side": "side",
        "sides": "sides",
        **_AXIAL,
    },
    "pyramid": {
        "base_size": "base_size",
        "bottom": "base_size",
        "side": "base_size",
        "size": "base_size",
        "base_length": "base_length",
        "length": "base_length",
        "base_width": "base_width",
        "width": "base_width",
        "height": "height",
        "top_size": "top_size",
        "top": "top_size",
        "top_length": "top_length",
        "top_width": "top_width",
    },
    "bracket": {
        "length": "base_length",
        "base_length": "base_length",
        "height": "height",
        "width": "width",
        "thickness": "thickness",
        "leg": "leg",
    },
    "flange": {**_ROUND, "outer_diameter": "diameter", "thickness": "thickness", "height": "thickness"},
    "gear": {
        "module": "module",
        "teeth": "teeth",
        "face_width": "face_width",
        "thickness": "face_width",
        "width": "face_width",
        "height": "face_width",
        "pressure_angle": "pressure_angle",
        "angle": "pressure_angle",
        "pitch_diameter": "pitch_diameter",
        "outer_diameter": "outer_diameter",
        "diameter": "outer_diameter",
    },
    "spring": {
        "wire": "wire",
        "mean_diameter": "mean_diameter",
        "pitch_diameter": "mean_diameter",
        "outer_diameter": "outer_diameter",
        "diameter": "outer_diameter",
        "inner_diameter": "inner_diameter",
        "pitch": "pitch",
        "turns": "turns",
        "free_length": "free_length",
        "length": "free_length",
        "height": "free_length",
    },
}
SHAPE_ROLES["base"] = SHAPE_ROLES["box"]
SHAPE_ROLES["rect_tube"] = {**_BOX, "side": "side", "wall": "wall"}
SHAPE_ROLES["hemisphere"] = SHAPE_ROLES["sphere"]
SHAPE_ROLES["nut"] = SHAPE_ROLES["prism"]

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
    "fillet": {"radius": "radius", "size": "radius"},
    "chamfer": {"size": "size", "radius": "size"},
    "shell": {"thickness": "thickness", "wall": "thickness"},
}

#: What a bare length next to the noun means ("a 20 mm cube", "a 10 mm hole").
PRIMARY: dict[str, str] = {
    "cube": "side",
    "cylinder": "diameter",
    "tube": "outer_diameter",
    "sphere": "diameter",
    "hemisphere": "diameter",
    "cone": "base_diameter",
    "prism": "across_flats",
    "nut": "across_flats",
    "pyramid": "base_size",
    "flange": "diameter",
    "hole": "diameter",
    "bore": "diameter",
    "counterbore": "diameter",
    "countersink": "diameter",
    "fillet": "radius",
    "chamfer": "size",
    "shell": "thickness",
    "slot": "width",
}

#: What ``a x b`` and ``a x b x c`` mean.
DIMS: dict[str, dict[int, tuple[str, ...]]] = {
    "box": {2: ("d2a", "d2b"), 3: ("length", "width", "height")},
    "cube": {3: ("side", "side", "side")},
    "container": {2: ("d2a", "d2b"), 3: ("length", "width", "height")},
    "rect_tube": {2: ("width", "height"), 3: ("length", "width", "height")},
    "cylinder": {2: ("diameter", "height")},
    "tube": {2: ("outer_diameter", "height"), 3: ("outer_diameter", "inner_diameter", "height")},
    "prism": {2: ("across_flats", "height")},
    "cone": {2: ("base_diameter", "height"), 3: ("base_diameter", "top_diameter", "height")},
    "pyramid": {2: ("base_length", "base_width"), 3: ("base_length", "base_width", "height")},
    "bracket": {3: ("base_length", "width", "height")},
    "flange": {2: ("diameter", "thickness")},
    "pocket": {2: ("length", "width"), 3: ("length", "width", "depth")},
    "cutout": {2: ("length", "width"), 3: ("length", "width", "depth")},
    "slot": {2: ("length", "width"), 3: ("length", "width", "depth")},
    "counterbore": {2: ("diameter", "depth")},
    "hole": {2: ("diameter", "depth")},
}
DIMS["base"] = DIMS["box"]
DIMS["nut"] = DIMS["prism"]


def canonical(table: RoleTable, role: str) -> tuple[str, float] | None:
    """The canonical role and value factor for ``role`` in ``table`` (None if not taken)."""
    target = table.get(role)
    if target is None:
        return None
    if isinstance(target, tuple):
        return target
    return target, 1.0
