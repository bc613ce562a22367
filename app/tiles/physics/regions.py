"""Where a calibrated scanner can tell a material's class, and where it cannot.

For a material at an area density the calibrated model gives its noise-free reading;
readings with the scanner's noise (averaged over a block) are drawn around it and
classified with the lookup table. Where fewer than ``RELIABLE`` of them get the material's
class, that thickness of that material lies in an undetermined region: too thin, too thick
or degenerate (another class's curve passes through). These are the regions the README
and the calibration page document; they are computed, not hand-written, so they follow
each scanner's own fit and noise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .lookup import MaterialLookup
from .substances import substance

RELIABLE = 0.97
DRAWS = 256


@dataclass(frozen=True)
class Reliability:
    material: str
    area_density: float
    a_high: float
    share_right: float

    @property
    def reliable(self) -> bool:
        return self.share_right >= RELIABLE


def reliability(
    lookup: MaterialLookup, material: str, area_densities: np.ndarray | list[float], seed: int = 0
) -> list[Reliability]:
    cal = lookup.cal
    lam = np.asarray(area_densities, dtype=np.float64)
    ah, al = cal.scanner.attenuations(substance(material), lam)
    want = substance(material).material_class
    rng = np.random.default_rng(seed)
    noise = cal.noise / cal.block
    out = []
    for rho_t, h, lo in zip(lam, ah, al):
        mean_h = cal.i0_high * np.exp(-h)
        mean_l = cal.i0_low * np.exp(-lo)
        draws_h = mean_h * (1 + noise * np.exp(h / 2) * rng.standard_normal(DRAWS))
        draws_l = mean_l * (1 + noise * np.exp(lo / 2) * rng.standard_normal(DRAWS))
        got = lookup.classify_means(draws_h.astype(np.float32), draws_l.astype(np.float32))
        out.append(Reliability(material, float(rho_t), float(h), float(np.mean(got == want))))
    return out


def undetermined_ranges(lookup: MaterialLookup, material: str, top: float = 300.0) -> list[tuple[float, float]]:
    """Area-density intervals (g/cm2) of ``material`` that this scanner cannot classify
    reliably, on a logarithmic grid from a thousandth of ``top`` to ``top``."""
    grid = np.geomspace(top / 1000, top, 60)
    flags = [not r.reliable for r in reliability(lookup, material, grid)]
    ranges, start = [], None
    for rho_t, bad in zip(grid, flags):
        if bad and start is None:
            start = rho_t
        if not bad and start is not None:
            ranges.append((float(f"{start:.2g}"), float(f"{rho_t:.2g}")))
            start = None
    if start is not None:
        ranges.append((float(f"{start:.2g}"), float(f"{top:.2g}")))
    return ranges
