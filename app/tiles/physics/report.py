"""What the calibration page and ``cips scanner calibrate`` show of a calibration: each
wedge material's fitted curve (R = A_low / A_high against A_high), the measured points
beside it, and the thicknesses the scanner cannot classify."""

from __future__ import annotations

from typing import Any

import numpy as np

from .calibration import PhysicsCalibration
from .lookup import lookup_for
from .regions import undetermined_ranges
from .substances import CLASS_KEYS, substance

DEFAULT_MATERIALS = ("polyethylene", "Al", "Fe", "Pb")


def calibration_report(cal: PhysicsCalibration) -> dict[str, Any]:
    lookup = lookup_for(cal)
    names = list(dict.fromkeys([str(p["material"]) for p in cal.points] or DEFAULT_MATERIALS))
    top = 300.0 if cal.scanner.scanner_type.high.source == "linac" else 30.0
    materials = []
    for name in names:
        sub = substance(name)
        grid = np.geomspace(top / 1000, top, 48)
        ah, r = lookup.curve(name, grid)
        keep = (ah > 0.02) & (ah < 8)
        materials.append(
            {
                "material": name,
                "z_eff": round(sub.z_eff, 2),
                "class": CLASS_KEYS[sub.material_class],
                "curve": [
                    {"area_density": float(f"{t:.4g}"), "a_high": round(float(h), 4), "r": round(float(v), 5)}
                    for t, h, v in zip(grid[keep], ah[keep], r[keep])
                ],
                "points": [
                    {
                        "area_density": p["area_density"],
                        "a_high": p["a_high"],
                        "r": round(p["a_low"] / p["a_high"], 5) if p["a_high"] > 0 else None,
                    }
                    for p in cal.points
                    if p["material"] == name
                ],
                "undetermined": [list(rng) for rng in undetermined_ranges(lookup, name, top)],
            }
        )
    return {
        "model": cal.model,
        "label": cal.scanner.scanner_type.label,
        "source": cal.source,
        "noise": cal.noise,
        "block": cal.block,
        "rms": cal.extra.get("rms"),
        "fitted_at": cal.extra.get("fitted_at"),
        "materials": materials,
    }
