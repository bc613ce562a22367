"""Histogram, percentiles, default window and the equalisation table."""

from __future__ import annotations

import numpy as np
import pytest

from app.tiles import ChannelStats, histogram
from app.tiles.stats import BIN_WIDTH, BINS


def test_histogram_counts_every_pixel_in_its_bin():
    a = np.array([[0, 63, 64, 65535], [128, 128, 1000, 2000]], np.uint16)
    h = histogram(a)
    assert h.shape == (BINS,) and h.sum() == a.size
    assert h[0] == 2 and h[1] == 1 and h[2] == 2 and h[BINS - 1] == 1
    big = np.random.default_rng(0).integers(0, 65536, (700, 900), dtype=np.uint16)
    assert np.array_equal(histogram(big), np.bincount(big.ravel() // BIN_WIDTH, minlength=BINS))
    assert np.array_equal(histogram(big[:, ::3]),  # non-contiguous views work too
                          np.bincount(big[:, ::3].ravel() // BIN_WIDTH, minlength=BINS))
    with pytest.raises(ValueError):
        histogram(big.astype(np.float32))


def test_percentiles_and_default_window():
    a = np.repeat(np.arange(0, 64000, 64, dtype=np.uint16), 10)[None, :]  # 10 per bin
    s = ChannelStats.from_image(a)
    assert s.percentile(0) == 0.0
    assert s.percentile(50) == pytest.approx(32000, abs=BIN_WIDTH)
    assert s.percentile(100) == pytest.approx(64000, abs=BIN_WIDTH)
    window, level = s.default_window()
    assert level == pytest.approx(32000, abs=BIN_WIDTH)
    assert window == pytest.approx(0.99 * 64000, abs=2 * BIN_WIDTH)
    with pytest.raises(ValueError):
        s.percentile(101)


def test_default_window_ignores_outliers():
    rng = np.random.default_rng(1)
    a = rng.integers(20000, 30000, (100, 100), dtype=np.uint16)
    a[0, :20] = 0  # dead pixels
    a[1, :20] = 65535  # open beam
    window, level = ChannelStats.from_image(a).default_window()
    assert 19000 < level - window / 2 < 21000 and 29000 < level + window / 2 < 31000


def test_flat_image_has_a_usable_window():
    window, _ = ChannelStats.from_image(np.full((4, 4), 500, np.uint16)).default_window()
    assert window >= 1.0


def test_equalization_lut_is_the_cdf():
    rng = np.random.default_rng(2)
    a = np.concatenate([rng.integers(1000, 2000, 9000), rng.integers(50000, 60000, 1000)])
    s = ChannelStats.from_image(a.astype(np.uint16)[None, :])
    lut = s.equalization_lut()
    assert lut.dtype == np.float32 and lut.shape == (65536,)
    assert np.all(np.diff(lut) >= 0) and lut[0] >= 0 and lut[-1] == pytest.approx(1.0)
    assert lut[2100] == pytest.approx(0.9, abs=0.01)  # 90 % of pixels are below 2000
    # the crowded range gets most of the output range: that is the point of equalising
    assert lut[2000] - lut[1000] > 10 * (lut[60000] - lut[50000]) * 0.8


def test_digest_and_serialisation():
    a = np.random.default_rng(3).integers(0, 65536, (50, 50), dtype=np.uint16)
    s = ChannelStats.from_image(a)
    again = ChannelStats.from_dict(s.to_dict())
    assert again.digest == s.digest and np.array_equal(again.bins, s.bins)
    assert ChannelStats.from_image(a // 2).digest != s.digest
    with pytest.raises(ValueError):
        ChannelStats(np.zeros(10))
