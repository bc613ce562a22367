"""A step wedge: what it is made of and where each step lies in its scan.

A wedge description (JSON, written by whoever built the wedge or by
:func:`app.synthetic_wedge.generate_wedge`)::

    {"model": "linac-6/4",                       # optional: the scanner type
     "air": [x, y, w, h],                        # optional: open beam, for I0 and noise
     "steps": [{"material": "Fe", "area_density": 40.0, "box": [x, y, w, h]}, ...]}

``material`` is a name of :func:`.substances.substance` (polyethylene, water, Al, Fe, Pb...),
``area_density`` in g/cm^2 (density x thickness), ``box`` in full-resolution pixels.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .model import ScannerModel
from .scanners import SCANNER_TYPES
from .substances import substance

Box = tuple[int, int, int, int]
MAX_STEPS = 200


@dataclass(frozen=True)
class Step:
    material: str
    area_density: float
    box: Box


@dataclass(frozen=True)
class WedgeDescription:
    steps: tuple[Step, ...]
    air: Box | None = None
    model: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "steps": [{"material": s.material, "area_density": s.area_density, "box": list(s.box)} for s in self.steps]
        }
        if self.air is not None:
            out["air"] = list(self.air)
        if self.model is not None:
            out["model"] = self.model
        return out

    @classmethod
    def from_dict(cls, raw: Any, width: int | None = None, height: int | None = None) -> WedgeDescription:
        """Validate; ValueError names the first problem. Boxes are checked against the image
        size when it is given."""
        if not isinstance(raw, Mapping):
            raise ValueError("the wedge description must be a JSON object with 'steps'")
        model = raw.get("model")
        if model is not None and model not in SCANNER_TYPES:
            raise ValueError(f"model must be one of {', '.join(SCANNER_TYPES)}, got {model!r}")
        steps_raw = raw.get("steps")
        if not isinstance(steps_raw, list) or not 3 <= len(steps_raw) <= MAX_STEPS:
            raise ValueError(f"'steps' must be a list of 3 to {MAX_STEPS} steps")
        steps = []
        for i, s in enumerate(steps_raw):
            where = f"steps[{i}]"
            if not isinstance(s, Mapping):
                raise ValueError(f"{where} must be an object with material, area_density and box")
            name = s.get("material")
            if not isinstance(name, str):
                raise ValueError(f"{where}.material must be a material name")
            try:
                substance(name)
            except ValueError as exc:
                raise ValueError(f"{where}.material: {exc}") from None
            rho_t = s.get("area_density")
            if isinstance(rho_t, bool) or not isinstance(rho_t, (int, float)) or not 0 < rho_t < 2000:
                raise ValueError(f"{where}.area_density must be a number of g/cm^2 in (0, 2000), got {rho_t!r}")
            steps.append(Step(name, float(rho_t), _box(s.get("box"), f"{where}.box", width, height)))
        air = raw.get("air")
        return cls(tuple(steps), None if air is None else _box(air, "air", width, height), model)


def _box(raw: Any, where: str, width: int | None, height: int | None) -> Box:
    if (
        not isinstance(raw, list)
        or len(raw) != 4
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in raw)
    ):
        raise ValueError(f"{where} must be [x, y, width, height] in whole pixels")
    x, y, w, h = raw
    if x < 0 or y < 0 or w < 4 or h < 4:
        raise ValueError(f"{where} must start inside the image and be at least 4x4 pixels")
    if width is not None and height is not None and (x + w > width or y + h > height):
        raise ValueError(f"{where} {raw} reaches outside the {width}x{height} image")
    return x, y, w, h


def core(image: np.ndarray, box: Box) -> np.ndarray:
    """The middle of a box (a fifth trimmed from each side): clear of the step's edges."""
    x, y, w, h = box
    dx, dy = w // 5, h // 5
    return image[y + dy : y + h - dy, x + dx : x + w - dx]


def step_targets(
    model: ScannerModel, materials: list[str], count: int = 8, a_range: tuple[float, float] | None = None
) -> dict[str, list[float]]:
    """Area densities (2 significant digits) at which each material's attenuation (the
    larger of the two channels) runs geometrically across ``a_range``: a wedge that spans
    a scanner's useful range, whatever its energy."""
    if a_range is None:  # MeV beams separate nothing thinner than A ~ 1 (see regions.py)
        a_range = (1.0, 5.5) if model.scanner_type.high.source == "linac" else (0.4, 5.5)
    lam = np.geomspace(1e-3, 3000, 600)
    out = {}
    for name in materials:
        a = np.maximum(*model.attenuations(substance(name), lam))
        targets = np.geomspace(a_range[0], a_range[1], count)
        out[name] = [float(f"{v:.2g}") for v in np.interp(targets, a, lam)]
    return out
