"""A small table of materials and their densities, for the mass properties of a part.

Densities are typical room-temperature values in g/cm³ as engineering handbooks list them
(e.g. the ASM Handbook for metals, manufacturers' datasheets for plastics); a given grade
may differ by a few percent, so a mass computed from them is an estimate, not a weighing.
"""

from __future__ import annotations

from pydantic import BaseModel

from ai_designer.errors import PlanningError

#: The material used when none is named.
DEFAULT_MATERIAL = "steel"

DENSITY_G_CM3: dict[str, float] = {
    "steel": 7.85,  # carbon steel
    "stainless": 8.00,  # 304 / 316
    "cast-iron": 7.20,  # grey cast iron
    "aluminium": 2.70,  # 6061
    "brass": 8.50,
    "bronze": 8.80,  # tin bronze (CuSn8)
    "copper": 8.96,
    "titanium": 4.43,  # Ti-6Al-4V
    "abs": 1.04,
    "pla": 1.24,
    "petg": 1.27,
    "nylon": 1.14,  # PA6
    "pom": 1.41,  # acetal
    "polycarbonate": 1.20,
    "acrylic": 1.18,  # PMMA
}

_ALIASES = {
    "aluminum": "aluminium",
    "stainless-steel": "stainless",
    "iron": "cast-iron",
    "pa6": "nylon",
    "acetal": "pom",
    "delrin": "pom",
    "pc": "polycarbonate",
    "pmma": "acrylic",
}


def material_name(name: str) -> str:
    """The table's name for ``name`` (case, spaces and common aliases forgiven)."""
    key = "-".join(name.lower().split()).replace("_", "-")
    key = _ALIASES.get(key, key)
    if key not in DENSITY_G_CM3:
        raise PlanningError(
            f"Unknown material '{name}'.",
            hint=f"Choose one of {', '.join(sorted(DENSITY_G_CM3))}.",
        )
    return key


class MassProperties(BaseModel):
    """Mass and centre of mass of a solid of one material."""

    material: str
    density_g_cm3: float
    mass_g: float
    center_of_mass_mm: tuple[float, float, float] | None = None


def mass_properties(
    volume_mm3: float, material: str, center_of_mass: tuple[float, float, float] | None = None
) -> MassProperties:
    """The mass of ``volume_mm3`` of ``material`` (1 cm³ = 1000 mm³)."""
    name = material_name(material)
    density = DENSITY_G_CM3[name]
    return MassProperties(
        material=name,
        density_g_cm3=density,
        mass_g=volume_mm3 / 1000.0 * density,
        center_of_mass_mm=center_of_mass,
    )
