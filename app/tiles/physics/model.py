"""Transparency of a material for a scanner's two beams: the semiempirical model.

T(rho t) = sum_E w(E) exp(-mu'(E) rho t), with w the beam's detected spectrum and
mu' = a mu_photo + b mu_scatter + c mu_pair: NIST mass attenuation with each process
rescaled by the scanner's fitted factors (a, b, c). The rescaling (Lalor & Danagoulian,
arXiv 2302.07131 and 2307.12099) absorbs what the free-streaming model leaves out (scatter
reaching the detectors, a spectrum or detector response not known exactly); a nominal
model has a = b = c = 1. A = -ln T is what the image shows: A = ln(I0 / I).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .scanners import SCANNER_TYPES, ScannerType
from .spectra import Beam, Layer
from .substances import Substance

Scale = tuple[float, float, float]
UNIT: Scale = (1.0, 1.0, 1.0)


@dataclass(frozen=True)
class BeamModel:
    beam: Beam
    scale: Scale = UNIT

    @property
    def spectrum(self) -> tuple[np.ndarray, np.ndarray]:
        return _weights(self.beam)

    def mu(self, fractions: tuple[tuple[int, float], ...]) -> np.ndarray:
        """Rescaled mass attenuation (cm^2/g) of a composition on the beam's energy grid."""
        energies, _ = self.spectrum
        return _mu(self.beam, fractions, self.scale, energies.tobytes())

    def attenuation_mu(self, mu: np.ndarray, area_density: np.ndarray | float) -> np.ndarray:
        _, w = self.spectrum
        lam = np.atleast_1d(np.asarray(area_density, dtype=np.float64))
        out = np.empty(lam.shape)
        for start in range(0, lam.size, 4096):  # bounded temporaries: 4096 x 160
            chunk = lam.ravel()[start : start + 4096]
            out.ravel()[start : start + 4096] = -np.log(np.maximum(np.exp(-np.outer(chunk, mu)) @ w, 1e-300))
        return out

    def attenuation(self, substance: Substance, area_density: np.ndarray | float) -> np.ndarray:
        """A = -ln T for each area density (g/cm^2)."""
        return self.attenuation_mu(self.mu(substance.fractions), area_density)


def with_filtration(beam: Beam, extra: float) -> Beam:
    """The beam with its first filter made ``extra`` g/cm2 thicker (thinner if negative):
    the effective filtration, which sets how hard the spectrum is."""
    if extra == 0 or not beam.filters:
        return beam
    first = beam.filters[0]
    return beam.with_changes(filters=(Layer(first.formula, first.area_density + extra), *beam.filters[1:]))


@lru_cache(maxsize=64)
def _weights(beam: Beam) -> tuple[np.ndarray, np.ndarray]:
    return beam.weights()


@lru_cache(maxsize=4096)
def _mu(beam: Beam, fractions: tuple[tuple[int, float], ...], scale: Scale, _grid: bytes) -> np.ndarray:
    from .attenuation import mixture_components

    energies, _ = _weights(beam)
    return mixture_components(dict(fractions), energies).scaled(*scale)


@dataclass(frozen=True)
class ScannerModel:
    """Both channels of one scanner: its type's beams with its fitted rescaling."""

    scanner_type: ScannerType
    high_scale: Scale = UNIT
    low_scale: Scale = UNIT
    high_filter: float = 0.0  # g/cm2 added to (or, negative, taken from) the first filter
    low_filter: float = 0.0

    @classmethod
    def nominal(cls, key: str) -> ScannerModel:
        if key not in SCANNER_TYPES:
            raise ValueError(f"unknown scanner type {key!r}; expected one of {', '.join(SCANNER_TYPES)}")
        return cls(SCANNER_TYPES[key])

    @property
    def high(self) -> BeamModel:
        return BeamModel(with_filtration(self.scanner_type.high, self.high_filter), self.high_scale)

    @property
    def low(self) -> BeamModel:
        return BeamModel(with_filtration(self.scanner_type.low, self.low_filter), self.low_scale)

    def attenuations(self, substance: Substance, area_density: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
        """(A_high, A_low) of the substance at each area density."""
        return self.high.attenuation(substance, area_density), self.low.attenuation(substance, area_density)
