"""Which classifier colours a scan, and where its material map came from.

A scanner's stored calibration is either a physics calibration (``kind: "physics"``: the
curves of :mod:`app.tiles.physics`, fitted from a step wedge or nominal for its type) or
the older constant thresholds on R (:mod:`app.tiles.materials`, kept for scanners nobody
has described). A vendor plug-in may also hand over its own class or Z-effective image.
``material_source`` says which one the viewer shows: "cips-calibrated" (fitted from the
scanner's wedge), "default" (nominal model or thresholds: not calibrated) or "vendor".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

import numpy as np

from .materials import DEFAULT_CALIBRATION, Classifier
from .physics.calibration import PhysicsCalibration, is_physics
from .physics.lookup import MaterialLookup, Reading, block_mean, lookup_for
from .physics.substances import INORGANIC_MAX_Z, ORGANIC_MAX_Z, class_of

CALIBRATED, DEFAULT, VENDOR = "cips-calibrated", "default", "vendor"
MATERIAL_SOURCES = (CALIBRATED, DEFAULT, VENDOR)


class MaterialClassifier(Protocol):
    block: int
    source: str
    calibration: dict[str, Any]

    def classify(self, high: np.ndarray, low: np.ndarray) -> np.ndarray: ...


class ThresholdClassifier:
    """The constant-threshold classifier behind the common interface."""

    block = 1
    source = DEFAULT

    def __init__(self, calibration: Mapping[str, Any]) -> None:
        self._inner = Classifier({**DEFAULT_CALIBRATION, **calibration})
        self.calibration: dict[str, Any] = dict(self._inner.calibration)

    def classify(self, high: np.ndarray, low: np.ndarray) -> np.ndarray:
        return self._inner.classify(high, low)


class CurveClassifier:
    """Classes from the calibrated material curves (see :mod:`app.tiles.physics.lookup`)."""

    def __init__(self, calibration: PhysicsCalibration) -> None:
        self.cal = calibration
        self.block = calibration.block
        self.source = CALIBRATED if calibration.source == "wedge" else DEFAULT
        self.calibration = calibration.to_dict()

    @property
    def lookup(self) -> MaterialLookup:
        return lookup_for(self.cal)

    def classify(self, high: np.ndarray, low: np.ndarray) -> np.ndarray:
        return self.lookup.classify(high, low)

    def read_at(self, high: np.ndarray, low: np.ndarray, x: int, y: int) -> Reading:
        """The reading of the block holding full-resolution pixel (x, y): what its colour says."""
        b = self.block
        top, left = y // b * b, x // b * b
        h = block_mean(np.asarray(high[top : top + b, left : left + b]), b)
        lo = block_mean(np.asarray(low[top : top + b, left : left + b]), b)
        return self.lookup.read(float(h[0, 0]), float(lo[0, 0]))


def make_classifier(calibration: Mapping[str, Any] | None) -> ThresholdClassifier | CurveClassifier:
    """The classifier a stored calibration asks for; ValueError if it is malformed."""
    if is_physics(calibration):
        assert calibration is not None
        return CurveClassifier(PhysicsCalibration.from_dict(calibration))
    return ThresholdClassifier(calibration or {})


def classes_from_zeff(zeff: np.ndarray) -> np.ndarray:
    """A vendor's Z-effective image (0 or NaN = no reading) as CIPS classes."""
    z = np.nan_to_num(np.asarray(zeff, dtype=np.float32), nan=0.0)
    out = np.zeros(z.shape, np.uint8)
    valid = z > 0
    out[valid] = 1
    out[valid & (z >= ORGANIC_MAX_Z)] = 2
    out[valid & (z >= INORGANIC_MAX_Z)] = 3
    return out


__all__ = [
    "CALIBRATED",
    "DEFAULT",
    "MATERIAL_SOURCES",
    "VENDOR",
    "CurveClassifier",
    "ThresholdClassifier",
    "class_of",
    "classes_from_zeff",
    "make_classifier",
]
