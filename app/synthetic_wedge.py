"""Synthetic step-wedge scans: known materials at known area densities, through the
physics of a scanner that (like any real one) differs from its type's nominal model.

Used to calibrate demo scanners, in tests and by ``cips scanner calibrate --synthetic``.
Pure numpy (no Flask).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from app.tiles.physics.model import ScannerModel
from app.tiles.physics.scanners import SCANNER_TYPES, ScannerType
from app.tiles.physics.spectra import Beam, Layer
from app.tiles.physics.substances import substance
from app.tiles.physics.wedge import Step, WedgeDescription, step_targets

WEDGE_MATERIALS = ("polyethylene", "Al", "Fe", "Pb")


def _as_built(beam: Beam) -> Beam:
    # A quarter more filtration and a fifth less detector depth than the data sheet says.
    return replace(beam, filters=tuple(Layer(f.formula, f.area_density * 1.25) for f in beam.filters),
                   detector=Layer(beam.detector.formula, beam.detector.area_density * 0.8))


def site_scanner(key: str) -> ScannerModel:
    """The scanner as built and installed, for synthesising its images: not its nominal
    model. Scatter reaching the detectors makes attenuation read a few per cent low
    (scattering and pair factors below 1)."""
    t: ScannerType = SCANNER_TYPES[key]
    built = ScannerType(t.key, t.label, _as_built(t.high), _as_built(t.low))
    return ScannerModel(built, (1.0, 0.96, 0.97), (1.05, 0.97, 0.98))


def expose(a: np.ndarray, i0: float, noise: float, rng: np.random.Generator) -> np.ndarray:
    """Attenuation -> noisy uint16 intensity (photon statistics: std ~ sqrt(I))."""
    intensity = np.float32(i0) * np.exp(-a.astype(np.float32))
    if noise > 0:
        intensity += np.sqrt(intensity * np.float32(i0 * noise * noise)) * rng.standard_normal(
            intensity.shape, np.float32)
    return (np.clip(intensity, 0, 65535) + 0.5).astype(np.uint16)


def generate_wedge(scanner: str = "linac-6/4", seed: int = 0, *, materials: tuple[str, ...] = WEDGE_MATERIALS,
                   count: int = 8, noise: float = 0.005, i0: int = 60000,
                   step: int = 64) -> tuple[np.ndarray, np.ndarray, WedgeDescription]:
    """(high, low, description): one row of ``count`` steps per material, thicknesses
    spanning the scanner's useful range (from its nominal model), open beam on the left."""
    if scanner not in SCANNER_TYPES:
        raise ValueError(f"unknown scanner type {scanner!r}; expected one of {', '.join(SCANNER_TYPES)}")
    targets = step_targets(ScannerModel.nominal(scanner), list(materials), count)
    truth = site_scanner(scanner)
    gap, air_w = step // 4, step
    width = air_w + gap + count * (step + gap)
    height = gap + len(materials) * (step + gap)
    ah = np.zeros((height, width), np.float32)
    al = np.zeros((height, width), np.float32)
    steps = []
    for row, name in enumerate(materials):
        a_high, a_low = truth.attenuations(substance(name), np.array(targets[name]))
        y = gap + row * (step + gap)
        for col, rho_t in enumerate(targets[name]):
            x = air_w + gap + col * (step + gap)
            ah[y:y + step, x:x + step] = a_high[col]
            al[y:y + step, x:x + step] = a_low[col]
            steps.append(Step(name, rho_t, (x, y, step, step)))
    rng = np.random.default_rng(seed)
    high, low = expose(ah, i0, noise, rng), expose(al, i0, noise, rng)
    return high, low, WedgeDescription(tuple(steps), (0, 0, air_w, height), scanner)
