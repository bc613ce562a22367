"""Region statistics: both energies, R, class shares and the area in square metres."""

from __future__ import annotations

import math

import numpy as np
import pytest

from app.tiles import process_scan
from app.tiles.regions import Region, parse_region, region_stats
from tests.tiles.conftest import I0

# columns of the four bands of conftest.patch_pair(37, 301): air, organic, inorganic, metal


def test_a_rectangle_inside_the_metal_band(small_pair):
    high, low = small_pair
    scan = process_scan(high, low)
    stats = region_stats(scan, Region.rectangle(240, 5, 40, 20), (5.0, 4.0))
    block_h, block_l = high[5:25, 240:280], low[5:25, 240:280]
    assert stats["pixels"] == 800 and stats["level"] == scan.channels["high"].max_level
    assert stats["channels"]["high"] == {"mean": pytest.approx(block_h.mean()), "min": int(block_h.min()),
                                         "max": int(block_h.max())}
    assert stats["channels"]["low"]["mean"] == pytest.approx(block_l.mean())
    expected_r = np.log(I0 / block_l.astype(float)).mean() / np.log(I0 / block_h.astype(float)).mean()
    assert stats["r"] == pytest.approx(expected_r) and stats["r"] > 3
    assert stats["materials"]["metal"] == pytest.approx(1.0)
    assert stats["area_m2"] == pytest.approx(40 * 20 * 5.0 * 4.0 / 1e6)


def test_a_polygon_across_two_bands_shares_its_classes(small_pair):
    scan = process_scan(*small_pair)
    # a triangle over the organic band (75..150) and the inorganic band (150..225)
    region = Region.polygon([(100, 0), (200, 0), (150, 36)])
    stats = region_stats(scan, region, (1.0, 1.0))
    shares = stats["materials"]
    assert shares["organic"] == pytest.approx(0.5, abs=0.06) and shares["inorganic"] == pytest.approx(0.5, abs=0.06)
    assert sum(shares.values()) == pytest.approx(1.0)
    assert stats["area_m2"] == pytest.approx(100 * 36 / 2 / 1e6)
    assert abs(stats["pixels"] - 1800) < 120  # pixels whose centre is inside


def test_a_large_region_is_measured_on_a_coarser_level(small_pair, monkeypatch):
    from app.tiles import regions

    monkeypatch.setattr(regions, "MAX_PIXELS", 2000)
    scan = process_scan(*small_pair)
    stats = region_stats(scan, Region.rectangle(0, 0, 301, 37), (1.0, 1.0))
    assert stats["scale"] >= 4 and stats["level"] < scan.channels["high"].max_level
    assert stats["area_m2"] == pytest.approx(301 * 37 / 1e6)


def test_parsing_and_bad_regions(small_pair):
    assert parse_region("1,2,3,4", None) == Region.rectangle(1, 2, 3, 4)
    assert parse_region(None, "0,0 10,0 5,5").area() == pytest.approx(25)
    for rect, points in [(None, None), ("1,2,3", None), ("1,2,0,4", None), (None, "0,0 1,1"),
                         (None, "a,b c,d e,f"), ("1,2,3,4", "0,0 1,1 2,2"), ("nan,1,2,3", None)]:
        with pytest.raises(ValueError):
            parse_region(rect, points)
    scan = process_scan(*small_pair)
    with pytest.raises(ValueError, match="outside"):
        region_stats(scan, Region.rectangle(400, 0, 10, 10), (1.0, 1.0))
    assert math.isclose(region_stats(scan, Region.rectangle(-5, -5, 10, 10), (1.0, 1.0))["pixels"], 25)
