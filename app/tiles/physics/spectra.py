"""X-ray beams: bremsstrahlung from a linac or a tube, filtration, detector response.

A beam is what one energy channel of a scanner sees: photons of the source's spectrum,
hardened by the filters they cross before the object, weighted by what an
energy-integrating scintillator makes of each photon. ``weights`` returns that detected
spectrum on an energy grid; a material's transparency is then one weighted sum
(see :mod:`.model`). Pure numpy.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from .attenuation import Components, mixture_components, parse_formula

GRID_POINTS = 160


@dataclass(frozen=True)
class Layer:
    """A slab: chemical formula (``"W"``, ``"CdWO4"``) and area density in g/cm^2."""

    formula: str
    area_density: float

    def components(self, energies_mev: np.ndarray) -> Components:
        return mixture_components(parse_formula(self.formula), energies_mev)


@dataclass(frozen=True)
class Beam:
    """One channel: ``source`` "linac" (thick-target bremsstrahlung of MeV electrons) or
    "tube" (Kramers' law), end point in keV, filters crossed before the object, and the
    scintillator that integrates the energy the photons deposit."""

    source: str
    endpoint_kev: float
    filters: tuple[Layer, ...] = ()
    detector: Layer = field(default_factory=lambda: Layer("CdWO4", 15.0))

    def __post_init__(self) -> None:
        if self.source not in ("linac", "tube"):
            raise ValueError(f"beam source must be linac or tube, got {self.source!r}")
        if not 10 < self.endpoint_kev <= 20000:
            raise ValueError(f"beam end point must be 10 keV to 20 MeV, got {self.endpoint_kev}")

    def with_changes(self, **changes: object) -> Beam:
        return replace(self, **changes)  # type: ignore[arg-type]

    def grid(self) -> tuple[np.ndarray, np.ndarray]:
        """Bin centres (MeV) and widths: linear from the lowest energy that matters up to the
        end point (below 10 keV, or 2 % of a linac's end point, nothing gets through)."""
        top = self.endpoint_kev / 1000
        low = 0.01 if self.source == "tube" else max(0.03, 0.02 * top)
        edges = np.linspace(low, top, GRID_POINTS + 1)
        return (edges[:-1] + edges[1:]) / 2, np.diff(edges)

    def weights(self) -> tuple[np.ndarray, np.ndarray]:
        """(energies in MeV, detected weight per bin), weights summing to 1."""
        energies, widths = self.grid()
        top = self.endpoint_kev / 1000
        if self.source == "tube":
            photons = kramers(energies, top)
        else:
            photons = thick_target(energies, top)
        for layer in self.filters:
            photons = photons * np.exp(-layer.components(energies).total * layer.area_density)
        absorbed = 1 - np.exp(-self.detector.components(energies).total * self.detector.area_density)
        w = photons * widths * energies * absorbed  # energy-integrating detector
        return energies, w / w.sum()


def kramers(energies: np.ndarray, top: float) -> np.ndarray:
    """Photons per energy from a thick tube anode: proportional to (E0 - E) / E."""
    photons: np.ndarray = np.clip(top - energies, 0, None) / energies
    return photons


def thick_target(energies: np.ndarray, top: float, steps: int = 200) -> np.ndarray:
    """Photons per energy from MeV electrons stopping in a thick target: the thin-target
    (Schiff, complete screening) shape (4/3 - 4/3 y + y^2) / k, y = k / T, integrated over
    the electron's energy T as it slows down from ``top`` (stopping power taken constant,
    which it nearly is in the MeV range)."""
    t = np.linspace(0, top, steps + 1)[1:]
    k = energies[:, None]
    y = k / t[None, :]
    thin = np.where(y < 1, (4 / 3 - 4 / 3 * y + y * y) / k, 0.0)
    photons: np.ndarray = thin.sum(axis=1) * (top / steps)
    return photons
