"""A scanner's material calibration as stored in ``Scanner.calibration`` (JSON).

``{"kind": "physics", "model": "linac-6/4", "i0": {"high": 60000, "low": 60000},
"noise": 0.01, "block": 4, "scale": {"high": [a, b, c], "low": [a, b, c]}, "source":
"wedge" | "nominal", "points": [...], "rms": {...}, "fitted_at": "..."}``

``model`` names the nominal beams (:data:`.scanners.SCANNER_TYPES`); ``scale`` the fitted
rescaling of photoelectric, scattering and pair attenuation per channel; ``noise`` the
relative intensity noise in air (it sets how close two material curves may come before a
reading is undetermined); ``block`` the side of the pixel blocks averaged before
classifying; ``points`` the wedge steps the fit saw, for showing the fit beside them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from .model import ScannerModel, Scale
from .scanners import SCANNER_TYPES

KIND = "physics"
MAX_POINTS = 400


@dataclass(frozen=True)
class PhysicsCalibration:
    model: str
    i0_high: float = 60000.0
    i0_low: float = 60000.0
    noise: float = 0.005
    block: int = 4
    high_scale: Scale = (1.0, 1.0, 1.0)
    low_scale: Scale = (1.0, 1.0, 1.0)
    high_filter: float = 0.0
    low_filter: float = 0.0
    source: str = "nominal"  # "nominal" (no wedge seen) or "wedge"
    points: tuple[dict[str, Any], ...] = field(default=(), compare=False)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)  # rms, fitted_at, ...

    @property
    def scanner(self) -> ScannerModel:
        return ScannerModel(
            SCANNER_TYPES[self.model], self.high_scale, self.low_scale, self.high_filter, self.low_filter
        )

    @property
    def model_error(self) -> float:
        """RMS misfit of the wedge (in A); 0 for a nominal model."""
        rms = self.extra.get("rms", {})
        return float(max(rms.get("high", 0.0), rms.get("low", 0.0))) if isinstance(rms, dict) else 0.0

    def key(self) -> tuple[Any, ...]:
        """What the lookup table depends on (not the points or the date)."""
        return (
            self.model,
            self.i0_high,
            self.i0_low,
            self.noise,
            self.block,
            self.high_scale,
            self.low_scale,
            self.high_filter,
            self.low_filter,
            self.model_error,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": KIND,
            "model": self.model,
            "i0": {"high": self.i0_high, "low": self.i0_low},
            "noise": self.noise,
            "block": self.block,
            "scale": {"high": list(self.high_scale), "low": list(self.low_scale)},
            "filter": {"high": self.high_filter, "low": self.low_filter},
            "source": self.source,
            "points": list(self.points),
            **self.extra,
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> PhysicsCalibration:
        """Validate a stored calibration; ValueError says what is wrong."""
        if not isinstance(raw, Mapping) or raw.get("kind") != KIND:
            raise ValueError("not a physics calibration (kind must be 'physics')")
        model = raw.get("model")
        if model not in SCANNER_TYPES:
            raise ValueError(f"calibration model must be one of {', '.join(SCANNER_TYPES)}, got {model!r}")
        i0 = raw.get("i0", 60000)
        i0_high: Any  # unchecked until the loop below
        i0_low: Any
        i0_high, i0_low = (i0.get("high"), i0.get("low")) if isinstance(i0, Mapping) else (i0, i0)
        for name, v in (("i0.high", i0_high), ("i0.low", i0_low)):
            if not _number(v) or not 0 < v <= 65535:
                raise ValueError(f"calibration {name} must be in (0, 65535], got {v!r}")
        noise, block = raw.get("noise", 0.01), raw.get("block", 4)
        if not _number(noise) or not 0 < noise < 0.5:
            raise ValueError(f"calibration noise must be in (0, 0.5), got {noise!r}")
        if isinstance(block, bool) or not isinstance(block, int) or not 1 <= block <= 16:
            raise ValueError(f"calibration block must be an integer 1 to 16, got {block!r}")
        scale = raw.get("scale", {})
        scales: list[tuple[float, float, float]] = []
        for channel in ("high", "low"):
            s = scale.get(channel, [1, 1, 1]) if isinstance(scale, Mapping) else None
            if not isinstance(s, (list, tuple)) or len(s) != 3 or not all(_number(v) and 0 < v < 20 for v in s):
                raise ValueError(f"calibration scale.{channel} must be three positive numbers, got {s!r}")
            scales.append((float(s[0]), float(s[1]), float(s[2])))
        filt = raw.get("filter", {})
        filters = []
        for channel in ("high", "low"):
            f = filt.get(channel, 0.0) if isinstance(filt, Mapping) else None
            if not _number(f) or not -50 < f < 50:
                raise ValueError(f"calibration filter.{channel} must be a number of g/cm2 in (-50, 50), got {f!r}")
            filters.append(float(f))
        points = raw.get("points", [])
        if not isinstance(points, list) or len(points) > MAX_POINTS:
            raise ValueError(f"calibration points must be a list of at most {MAX_POINTS}")
        known = {"kind", "model", "i0", "noise", "block", "scale", "filter", "source", "points"}
        return cls(
            model,
            float(i0_high),
            float(i0_low),
            float(noise),
            block,
            scales[0],
            scales[1],
            filters[0],
            filters[1],
            str(raw.get("source", "nominal")),
            tuple(points),
            {k: v for k, v in raw.items() if k not in known},
        )


def is_physics(raw: Any) -> bool:
    return isinstance(raw, Mapping) and raw.get("kind") == KIND


def _number(v: Any) -> TypeGuard[int | float]:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
