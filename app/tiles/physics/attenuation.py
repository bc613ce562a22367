"""Mass attenuation coefficients of elements and compounds, 1 keV to 20 MeV, by process.

The table ``data/xcom_elements.csv`` is NIST XCOM (Berger, Hubbell, Seltzer, Chang, Coursey,
Sukumar, Zucker and Olsen, *XCOM: Photon Cross Sections Database*, NIST Standard Reference
Database 8, the program's own element files) converted to cm^2/g by
``scripts/xcom_to_csv.py``. xraydb and xraylib stop at 800 keV; linac beams reach 9 MeV.

Three groups matter for transmission and are kept apart so a scanner's calibration can
rescale each (Lalor & Danagoulian): photoelectric absorption, scattering (incoherent, i.e.
Klein–Nishina with XCOM's binding correction, plus coherent) and pair production (nuclear
and electron field).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

ELECTRON_MEV = 0.51099895
CLASSICAL_RADIUS_CM = 2.8179403262e-13
AVOGADRO = 6.02214076e23


@dataclass(frozen=True)
class ElementTable:
    z: int
    symbol: str
    atomic_weight: float
    log_energy: np.ndarray  # ln(MeV), strictly increasing (XCOM splits edges by 1 eV)
    photo: np.ndarray  # cm^2/g on that grid
    scatter: np.ndarray
    pair: np.ndarray


@lru_cache(maxsize=1)
def elements() -> dict[int, ElementTable]:
    """Every element of the shipped table, by atomic number."""
    rows: dict[int, list[list[str]]] = {}
    with resources.files(__package__).joinpath("data/xcom_elements.csv").open(encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            rows.setdefault(int(row[0]), []).append(row)
    tables = {}
    for z, items in rows.items():
        data = np.array([[float(v) for v in r[3:]] for r in items])
        tables[z] = ElementTable(
            z,
            items[0][1],
            float(items[0][2]),
            np.log(data[:, 0]),
            data[:, 3],
            data[:, 1] + data[:, 2],
            data[:, 4] + data[:, 5],
        )
    return tables


def symbols() -> dict[str, int]:
    return {t.symbol: z for z, t in elements().items()}


def _loglog(log_e: np.ndarray, table_log_e: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Log-log interpolation; zero stays zero (pair production below its threshold)."""
    positive = values > 0
    out = np.zeros_like(log_e)
    if not positive.any():
        return out
    first = int(np.argmax(positive))  # pair cross sections are zero below threshold only
    xs, ys = table_log_e[first:], np.log(values[first:])
    inside = log_e >= xs[0]
    out[inside] = np.exp(np.interp(log_e[inside], xs, ys))
    return out


@dataclass(frozen=True)
class Components:
    """Mass attenuation (cm^2/g) by process on an energy grid."""

    photo: np.ndarray
    scatter: np.ndarray
    pair: np.ndarray

    @property
    def total(self) -> np.ndarray:
        total: np.ndarray = self.photo + self.scatter + self.pair
        return total

    def scaled(self, a: float, b: float, c: float) -> np.ndarray:
        return a * self.photo + b * self.scatter + c * self.pair


def element_components(z: int, energies_mev: np.ndarray) -> Components:
    t = elements()[z]
    log_e = np.log(np.asarray(energies_mev, dtype=np.float64))
    return Components(*(_loglog(log_e, t.log_energy, v) for v in (t.photo, t.scatter, t.pair)))


def klein_nishina_mass(z: int, energies_mev: np.ndarray) -> np.ndarray:
    """Compton mass attenuation of free electrons (Klein–Nishina), cm^2/g, for checking the
    table's incoherent part: above ~100 keV binding no longer matters and the two agree."""
    k = np.asarray(energies_mev, dtype=np.float64) / ELECTRON_MEV
    one = 1 + 2 * k
    sigma = (
        2
        * np.pi
        * CLASSICAL_RADIUS_CM**2
        * ((1 + k) / k**2 * (2 * (1 + k) / one - np.log(one) / k) + np.log(one) / (2 * k) - (1 + 3 * k) / one**2)
    )
    return sigma * z * AVOGADRO / elements()[z].atomic_weight


_FORMULA = re.compile(r"([A-Z][a-z]?)(\d*\.?\d*)")


def parse_formula(formula: str) -> dict[int, float]:
    """ "CdWO4" -> mass fractions {48: .., 74: .., 8: ..}; ValueError for unknown symbols."""
    table, syms = elements(), symbols()
    if not formula or _FORMULA.sub("", formula):
        raise ValueError(f"not a chemical formula: {formula!r}")
    mass: dict[int, float] = {}
    for symbol, count in _FORMULA.findall(formula):
        if symbol not in syms:
            raise ValueError(f"no attenuation data for element {symbol!r} (in {formula!r})")
        z = syms[symbol]
        mass[z] = mass.get(z, 0.0) + (float(count) if count else 1.0) * table[z].atomic_weight
    total = sum(mass.values())
    return {z: m / total for z, m in mass.items()}


def mixture_components(fractions: dict[int, float], energies_mev: np.ndarray) -> Components:
    """Mixture rule: mass attenuation is the mass-fraction-weighted sum of the elements'."""
    parts = [(w, element_components(z, energies_mev)) for z, w in fractions.items()]
    return Components(*(sum(w * getattr(c, name) for w, c in parts) for name in ("photo", "scatter", "pair")))
