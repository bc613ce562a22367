"""Fit a scanner's calibration to its step-wedge scan.

Each step's mean intensity gives a measured (A_high, A_low) at a known material and area
density. For each channel the three factors (a, b, c) that rescale photoelectric,
scattering and pair attenuation of the nominal model are fitted by least squares (scipy),
as in Lalor & Danagoulian's semiempirical model; below the pair threshold (tubes) c stays 1.
The open beam (the description's ``air`` box, else the brightest percentile) gives I0 and
the noise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np

from .calibration import PhysicsCalibration
from .model import BeamModel
from .scanners import SCANNER_TYPES
from .spectra import Beam
from .substances import substance
from .wedge import WedgeDescription, core

PAIR_THRESHOLD_KEV = 1022.0


@dataclass(frozen=True)
class Measured:
    material: str
    area_density: float
    a_high: float
    a_low: float


def open_beam(image: np.ndarray, wedge: WedgeDescription) -> tuple[float, float]:
    """(I0, relative noise per pixel) from the air box, else from the brightest pixels."""
    if wedge.air is not None:
        air = core(image, wedge.air).astype(np.float64)
    else:
        flat = image.ravel()
        air = flat[flat >= np.percentile(flat, 99)].astype(np.float64)
    if air.size < 16 or air.mean() <= 0:
        raise ValueError("the open-beam region is empty or dark: give an 'air' box over open beam")
    return float(air.mean()), float(air.std() / air.mean())


def measure(
    high: np.ndarray, low: np.ndarray, wedge: WedgeDescription, i0_high: float, i0_low: float
) -> list[Measured]:
    out = []
    for step in wedge.steps:
        h, l_ = (float(core(img, step.box).astype(np.float64).mean()) for img in (high, low))
        if h < 1 or l_ < 1:
            raise ValueError(f"step {step.material} {step.area_density:g} g/cm2 lets nothing through")
        out.append(Measured(step.material, step.area_density, float(np.log(i0_high / h)), float(np.log(i0_low / l_))))
    return out


def _fit_channel(beam: Beam, points: list[Measured], channel: str) -> tuple[tuple[float, float, float], float, float]:
    """(a, b, c), extra filtration (g/cm2 of the beam's first filter) and RMS misfit in A."""
    measured = np.array([getattr(p, f"a_{channel}") for p in points])
    lam = np.array([p.area_density for p in points])
    energies, w0 = BeamModel(beam).spectrum
    comps = [substance(p.material).components(energies) for p in points]
    filt = beam.filters[0].components(energies).total if beam.filters else np.zeros_like(energies)
    fix_pair = beam.endpoint_kev < PAIR_THRESHOLD_KEV
    floor = -beam.filters[0].area_density * 0.9 if beam.filters else 0.0

    def model(params: np.ndarray) -> np.ndarray:
        a, b, t = params[0], params[1], params[-1]
        c = 1.0 if fix_pair else params[2]
        w = w0 * np.exp(-filt * t)
        w = w / w.sum()
        out = np.empty(len(points))
        for i, comp in enumerate(comps):
            mu = a * comp.photo + b * comp.scatter + c * comp.pair
            out[i] = -np.log(max(float(np.exp(-mu * lam[i]) @ w), 1e-300))
        return out

    def residuals(params: np.ndarray) -> np.ndarray:
        # Relative error with a floor: thin steps count as much as thick ones.
        relative: np.ndarray = (model(params) - measured) / (0.02 + 0.02 * measured)
        return relative

    n = 3 if fix_pair else 4
    lower = [0.2] * (n - 1) + [floor]
    upper = [5.0] * (n - 1) + [max(5.0, 3 * abs(floor))]
    start = np.array([1.0] * (n - 1) + [0.0])
    # Imported here: scipy.optimize costs 0.6 s of every process's start (each `cips`
    # command, each web process after a crash), and only a calibration needs it.
    from scipy.optimize import least_squares

    fit = least_squares(residuals, start, bounds=(lower, upper), x_scale=[1.0] * (n - 1) + [0.1])
    x = [float(v) for v in fit.x]
    scale = (x[0], x[1], 1.0 if fix_pair else x[2])
    rms = float(np.sqrt(np.mean((model(fit.x) - measured) ** 2)))
    return scale, x[-1], rms


def calibrate(
    high: np.ndarray, low: np.ndarray, wedge: WedgeDescription, model: str, block: int | None = None
) -> PhysicsCalibration:
    """The fitted calibration of the scanner that took this wedge scan. ``block``: pixels
    averaged per side before classifying (default 6 for MeV linacs, whose curves lie
    closer together, 4 for tubes)."""
    if high.shape != low.shape or high.ndim != 2:
        raise ValueError("the wedge scan must be a dual-energy pair of one size")
    if model not in SCANNER_TYPES:
        raise ValueError(f"unknown scanner type {model!r}; expected one of {', '.join(SCANNER_TYPES)}")
    if len({s.material for s in wedge.steps}) < 2:
        raise ValueError("the wedge needs steps of at least two different materials")
    i0_high, noise_high = open_beam(high, wedge)
    i0_low, noise_low = open_beam(low, wedge)
    points = measure(high, low, wedge, i0_high, i0_low)
    kind = SCANNER_TYPES[model]
    if block is None:
        block = 6 if kind.high.source == "linac" else 4
    high_scale, high_filter, rms_high = _fit_channel(kind.high, points, "high")
    low_scale, low_filter, rms_low = _fit_channel(kind.low, points, "low")
    return PhysicsCalibration(
        model,
        round(i0_high, 1),
        round(i0_low, 1),
        round(max(noise_high, noise_low, 1e-4), 5),
        block,
        _rounded(high_scale),
        _rounded(low_scale),
        round(high_filter, 5),
        round(low_filter, 5),
        "wedge",
        tuple(
            {
                "material": p.material,
                "area_density": p.area_density,
                "a_high": round(p.a_high, 5),
                "a_low": round(p.a_low, 5),
            }
            for p in points
        ),
        {
            "rms": {"high": round(rms_high, 5), "low": round(rms_low, 5)},
            "fitted_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        },
    )


def _rounded(scale: tuple[float, float, float]) -> tuple[float, float, float]:
    return round(scale[0], 5), round(scale[1], 5), round(scale[2], 5)
