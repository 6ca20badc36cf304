"""Units of length and angle, converted with pint.

Lengths end up in millimetres and angles in degrees. A length written without a unit
takes the request's own unit when it uses exactly one (``"a 2 x 1 x 0.5 inch block, 3/4 long"``),
millimetres otherwise; :func:`default_unit` decides and the planner notes the assumption.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pint

from ai_designer.user_cache import cache_dir

#: The unit every length is converted to.
MM = "millimeter"


@lru_cache(maxsize=1)
def _registry() -> Any:
    """pint's registry, its parsed definitions kept in the user's cache folder (pint's own disk
    cache, keyed by the definition files): ~25 ms to make instead of ~0.2 s. A cache pint cannot
    read or write means a registry made from the definitions, as without the cache."""
    try:
        return pint.UnitRegistry(cache_folder=cache_dir() / "pint")
    except Exception:  # its cache raises whatever unpickling or making the folder raises
        return pint.UnitRegistry()


def canonical(unit: str) -> str:
    """pint's name for a unit word (``"in"`` → ``"inch"``, ``"mm"`` → ``"millimeter"``)."""
    return str(_registry().parse_units(unit))


def to_mm(value: float, unit: str | None) -> float:
    """``value`` in ``unit`` (millimetres when None) converted to millimetres."""
    if unit is None:
        return float(value)
    magnitude = _registry().Quantity(value, unit).to(MM).magnitude
    return round(float(magnitude), 9)


def to_degrees(value: float, unit: str | None) -> float:
    """An angle in ``unit`` (degrees when None) converted to degrees."""
    if unit is None:
        return float(value)
    return round(float(_registry().Quantity(value, unit).to("degree").magnitude), 9)


def default_unit(units_written: Iterable[str]) -> str | None:
    """The unit a bare number means: the request's one unit if it used exactly one, else None (mm)."""
    names = {canonical(u) for u in units_written}
    return next(iter(names)) if len(names) == 1 else None
