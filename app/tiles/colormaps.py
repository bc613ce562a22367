"""Pseudo-colour maps and material colours, as small tables turned into LUTs by render.

Every map is a function of brightness t in [0, 1] (0 = dense/dark, 1 = air/bright), so it
composes with window, gamma, invert and equalisation, which all act on t first.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .materials import INORGANIC, METAL, ORGANIC, UNDEFINED

ColourFn = Callable[[np.ndarray], np.ndarray]


def _clip(x: np.ndarray) -> np.ndarray:
    clipped: np.ndarray = np.clip(x, 0.0, 1.0)
    return clipped


def _grey(t: np.ndarray) -> np.ndarray:
    return np.stack([t, t, t], axis=-1)


def _hot(t: np.ndarray) -> np.ndarray:
    # black -> red -> yellow -> white: small density steps in the dark range stay visible
    return np.stack([_clip(3 * t), _clip(3 * t - 1), _clip(3 * t - 2)], axis=-1)


def _rainbow(t: np.ndarray) -> np.ndarray:
    # jet-like: blue (dense) -> cyan -> green -> yellow -> red (thin)
    return np.stack([_clip(1.5 - abs(4 * t - 3)), _clip(1.5 - abs(4 * t - 2)), _clip(1.5 - abs(4 * t - 1))], axis=-1)


def _bone(t: np.ndarray) -> np.ndarray:
    # grey with a cold tint (matplotlib's definition): reads like film
    hot = _hot(t)
    bone: np.ndarray = (7 * _grey(t) + hot[..., ::-1]) / 8
    return bone


CMAPS: dict[str, ColourFn] = {"grey": _grey, "hot": _hot, "rainbow": _rainbow, "bone": _bone}

# Conventional colours (DOMAIN.md): organic orange, inorganic green, metal blue, undefined
# neutral grey. Each is the colour at mid brightness; brightness comes from attenuation.
MATERIAL_HUES: dict[int, tuple[float, float, float]] = {
    UNDEFINED: (1.0, 1.0, 1.0),
    ORGANIC: (1.0, 0.55, 0.1),
    INORGANIC: (0.25, 0.85, 0.25),
    METAL: (0.2, 0.4, 1.0),
}
# Classes hidden by stripping keep this fraction of their contrast against white, so the
# analyst still sees the outline of what was hidden.
STRIP_GHOST = 0.12
# How far thin material fades towards white (at full brightness): 0.6 of the way.
MATERIAL_WHITEN = 0.6


def material_colour(cls: int, t: np.ndarray) -> np.ndarray:
    """RGB in [0, 1] for brightness ``t`` of class ``cls``: dark stays dark, thin material
    fades towards white (as in commercial viewers) while keeping its hue's order."""
    hue = np.asarray(MATERIAL_HUES[cls], dtype=np.float64)
    towards_white = MATERIAL_WHITEN * t[..., None] ** 2
    return t[..., None] * (hue * (1 - towards_white) + towards_white)


def washed_out(rgb: np.ndarray) -> np.ndarray:
    """Stripped-away material: nearly white, a faint ghost of its density."""
    return 1.0 - (1.0 - rgb) * STRIP_GHOST
