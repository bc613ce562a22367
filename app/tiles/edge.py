"""Edge enhancement on the raw 16-bit values, before any display mapping.

An unsharp mask on the attenuation data: ``v' = v + AMOUNT * (v - blur(v))``, rounded and
clamped to 0..65535, then rendered like any other value (window, colour map, material).
Working on raw values rather than on the rendered 8-bit image makes the filter independent
of the render parameters, so the browser computes it once per tile when the tile arrives
(``frontend/src/viewer/gpu``) instead of once per frame, and the server computes the very
same numbers here: the blur is a 5 x 5 binomial kernel whose integer weights sum to 256, so
both sides add exact integers (below 2^24, exact in float32 too) and divide by a power of 2.
"""

from __future__ import annotations

import numpy as np

# Binomial weights (1, 4, 6, 4, 1): a Gaussian of sigma 1 in integers.
KERNEL_1D = (1, 4, 6, 4, 1)
RADIUS = len(KERNEL_1D) // 2
KERNEL_SUM = sum(KERNEL_1D) ** 2  # 256
# How much of the detail (v - blur) is added back; a power of two keeps the sum exact.
AMOUNT = 2.0


def binomial_sum(padded: np.ndarray) -> np.ndarray:
    """Sum of each 5 x 5 neighbourhood weighted by the binomial kernel (int64), for every
    pixel that has ``RADIUS`` pixels of ``padded`` on each side."""
    a = padded.astype(np.int64)
    h, w = a.shape
    # An int64 zero to start from (sum's default 0 is an int, and the type checker cannot
    # tell that int + array is an array).
    zero = np.zeros((), np.int64)
    rows = sum((k * a[:, i : w - 2 * RADIUS + i] for i, k in enumerate(KERNEL_1D)), zero)
    return sum((k * rows[i : h - 2 * RADIUS + i] for i, k in enumerate(KERNEL_1D)), zero)


def enhance(padded: np.ndarray) -> np.ndarray:
    """Edge-enhanced uint16 values of the interior of ``padded`` (``RADIUS`` pixels smaller on
    every side). Pad with :func:`pad_to_level` first so tiles meet without seams."""
    values = padded[RADIUS:-RADIUS, RADIUS:-RADIUS].astype(np.float64)
    blur = binomial_sum(padded) / KERNEL_SUM
    sharp = values + AMOUNT * (values - blur)
    # floor(x + 0.5): the same rounding in numpy and GLSL (round() is implementation-defined)
    return np.clip(np.floor(sharp + 0.5), 0, 65535).astype(np.uint16)


def pad_to_level(level: np.ndarray, x: int, y: int, w: int, h: int) -> np.ndarray:
    """The block (x, y, w, h) of ``level`` with ``RADIUS`` more pixels on each side: real
    neighbours where the level has them, the edge pixel repeated beyond the level's border
    (as a GPU texture clamped to its edge does)."""
    x0, y0 = max(0, x - RADIUS), max(0, y - RADIUS)
    x1, y1 = min(level.shape[1], x + w + RADIUS), min(level.shape[0], y + h + RADIUS)
    block = np.asarray(level[y0:y1, x0:x1])
    pads = ((y0 - (y - RADIUS), (y + h + RADIUS) - y1), (x0 - (x - RADIUS), (x + w + RADIUS) - x1))
    return np.pad(block, pads, mode="edge") if any(p for pair in pads for p in pair) else block
