"""Materials a step wedge, a cargo or a classifier's reference curves are made of.

Each has a composition (a chemical formula or mass fractions), a density for turning
thickness into area density, and an effective atomic number: the power-law mean
Z_eff = (sum_i f_i Z_i^2.94)^(1/2.94) over electron fractions f_i, the usual definition for
dual-energy imaging. Its material class follows from Z_eff (see ``class_of``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .attenuation import Components, elements, mixture_components, parse_formula

# Class boundaries on Z_eff: organic below 10 (plastics, food, wood, drugs, water), light
# inorganic 10 to 19 (Al, Si, glass, salt, ceramics), metal from 19 (K and Ca on, iron, copper...).
ORGANIC_MAX_Z = 10.0
INORGANIC_MAX_Z = 19.0
CLASS_KEYS = ("undetermined", "organic", "inorganic", "metal")


def class_of(z_eff: float) -> int:
    """1 organic, 2 inorganic, 3 metal."""
    return 1 if z_eff < ORGANIC_MAX_Z else 2 if z_eff < INORGANIC_MAX_Z else 3


@dataclass(frozen=True)
class Substance:
    name: str
    fractions: tuple[tuple[int, float], ...]  # (Z, mass fraction)
    density: float  # g/cm^3

    @classmethod
    def from_formula(cls, name: str, formula: str, density: float) -> Substance:
        return cls(name, tuple(sorted(parse_formula(formula).items())), density)

    @property
    def z_eff(self) -> float:
        table = elements()
        electrons = {z: w * z / table[z].atomic_weight for z, w in self.fractions}
        total = sum(electrons.values())
        return float(sum(n / total * z**2.94 for z, n in electrons.items()) ** (1 / 2.94))

    @property
    def material_class(self) -> int:
        return class_of(self.z_eff)

    def components(self, energies_mev: np.ndarray) -> Components:
        return mixture_components(dict(self.fractions), energies_mev)


_NAMED = {
    "polyethylene": ("CH2", 0.94),
    "water": ("H2O", 1.0),
    "wood": ("C6H10O5", 0.6),
    "sugar": ("C12H22O11", 1.59),
    "pmma": ("C5H8O2", 1.18),
    "salt": ("NaCl", 2.16),
    "glass": ("SiO2", 2.5),
    "limestone": ("CaCO3", 2.7),
    "steel": ("Fe", 7.87),
}
_DENSITY = {
    "H": 0.0000899,
    "C": 2.0,
    "Al": 2.70,
    "Si": 2.33,
    "Ca": 1.55,
    "Fe": 7.87,
    "Cu": 8.96,
    "Zn": 7.13,
    "Ag": 10.5,
    "Sn": 7.31,
    "W": 19.3,
    "Au": 19.3,
    "Pb": 11.35,
    "U": 19.1,
}


@lru_cache(maxsize=None)
def substance(name: str) -> Substance:
    """A named material ("polyethylene", "steel") or a pure element by symbol ("Pb")."""
    if name in _NAMED:
        formula, density = _NAMED[name]
        return Substance.from_formula(name, formula, density)
    for z, t in elements().items():
        if t.symbol == name:
            return Substance(name, ((z, 1.0),), _DENSITY.get(name, 5.0))
    known = ", ".join([*_NAMED, "or an element symbol"])
    raise ValueError(f"unknown material {name!r}; expected one of {known}")


def reference_elements() -> list[int]:
    """The atomic numbers that span the Z axis of the classifier's curves."""
    return sorted(z for z in elements() if z != 2 and z != 10 and z != 18)  # no noble gases
