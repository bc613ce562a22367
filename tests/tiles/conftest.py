"""Shared fixtures for the tile library tests: small deterministic dual-energy pairs."""

from __future__ import annotations

import numpy as np
import pytest

from app.tiles import DEFAULT_CALIBRATION

I0 = DEFAULT_CALIBRATION["i0"]


def intensities(a_high: float, ratio: float, i0: float = I0) -> tuple[int, int]:
    """(high, low) raw values for attenuation ``a_high`` and ratio R = A_low / A_high."""
    return round(i0 * np.exp(-a_high)), round(i0 * np.exp(-a_high * ratio))


def patch_pair(height: int, width: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Air background with an organic, an inorganic and a metal band, plus mild noise."""
    rng = np.random.default_rng(seed)
    high = np.empty((height, width), np.uint16)
    low = np.empty((height, width), np.uint16)
    bands = [(0.01, 1.0), (1.0, 1.2), (0.8, 2.0), (0.5, 4.0)]  # air, organic, inorganic, metal
    edges = np.linspace(0, width, len(bands) + 1).astype(int)
    for (a, r), x0, x1 in zip(bands, edges[:-1], edges[1:], strict=True):
        h, lo = intensities(a, r)
        high[:, x0:x1], low[:, x0:x1] = h, lo
    noise = rng.integers(-20, 21, (height, width))
    high = np.clip(high + noise, 0, 65535).astype(np.uint16)
    low = np.clip(low + noise, 0, 65535).astype(np.uint16)
    return high, low


@pytest.fixture
def small_pair() -> tuple[np.ndarray, np.ndarray]:
    return patch_pair(37, 301)


@pytest.fixture(name="patch_pair")
def patch_pair_fixture():  # noqa: ANN201
    return patch_pair


@pytest.fixture(name="intensities")
def intensities_fixture():  # noqa: ANN201
    return intensities


@pytest.fixture
def vips():  # noqa: ANN201
    """libvips, the reference our geometry and pyramids are checked against. pyvips and
    pyvips-binary are dev dependencies: a missing one fails the tests, it does not skip them."""
    import pyvips

    return pyvips
