"""Greyscale PNG: 16-bit as is, 8-bit up-cast."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from app.vendors import InputFile, InvalidScanFile
from tests.vendors.make_files import SIZE_REFUSED, set_png_size, truncate, write_png


def test_sixteen_bit_dual_energy_with_roles(tmp_path, registry, scan):
    a, b = write_png(tmp_path / "a.png", scan[0]), write_png(tmp_path / "b.png", scan[1])
    result = registry.read([InputFile(b, "low"), InputFile(a, "high")])
    assert result.metadata == {"bit_depth": 16, "format": "png"}
    assert np.array_equal(result.channels["high"], scan[0])
    assert np.array_equal(result.channels["low"], scan[1])


def test_sixteen_bit_single(tmp_path, registry, scan):
    path = write_png(tmp_path / "one.png", scan[0])
    result = registry.read([InputFile(path)])
    assert np.array_equal(result.channels["single"], scan[0])


def test_eight_bit_is_up_cast(tmp_path, registry, scan):
    eight = (scan[0] >> 8).astype(np.uint8)
    eight[0, :2] = (0, 255)
    result = registry.read([InputFile(write_png(tmp_path / "eight.png", eight))])
    single = result.channels["single"]
    assert single.dtype == np.uint16 and result.metadata["bit_depth"] == 8
    assert np.array_equal(single, eight.astype(np.uint16) * 257)
    assert tuple(single[0, :2]) == (0, 65535)


def test_two_files_without_roles_or_telling_names(tmp_path, registry, scan):
    a, b = write_png(tmp_path / "a.png", scan[0]), write_png(tmp_path / "b.png", scan[1])
    with pytest.raises(InvalidScanFile, match="cannot tell the high from the low"):
        registry.read([InputFile(a), InputFile(b)])


@pytest.mark.parametrize("mode", ["RGB", "P", "LA"])
def test_colour_png_is_refused(tmp_path, registry, scan, mode):
    path = tmp_path / "colour.png"
    Image.fromarray((scan[0] >> 8).astype(np.uint8)).convert(mode).save(path)
    with pytest.raises(InvalidScanFile, match=f"greyscale PNG is expected, this one is {mode}"):
        registry.read([InputFile(path)])


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.95])
def test_truncated_png_is_invalid(tmp_path, registry, scan, fraction):
    path = truncate(write_png(tmp_path / "t.png", scan[0]), fraction)
    with pytest.raises(InvalidScanFile, match=r"t\.png: not a readable PNG"):
        registry.read([InputFile(path)])


def test_high_and_low_of_different_sizes(tmp_path, registry, scan):
    a = write_png(tmp_path / "high.png", scan[0])
    b = write_png(tmp_path / "low.png", scan[1][:, :150].copy())
    with pytest.raises(InvalidScanFile, match="differ in size: 160x96 vs 150x96"):
        registry.read([InputFile(a), InputFile(b)])


def test_one_pixel_png_is_refused(tmp_path, registry):
    path = write_png(tmp_path / "dot.png", np.zeros((1, 1), np.uint16))
    with pytest.raises(InvalidScanFile, match=f"1x1 px {SIZE_REFUSED}"):
        registry.read([InputFile(path)])


@pytest.mark.parametrize(("width", "height"), [(40_000, 4_000), (60_000, 60_000)])
def test_huge_header_is_refused_without_decoding(tmp_path, registry, scan, peak_memory,
                                                 width, height):
    # 160 Mpx is over our limit but under Pillow's bomb check; 3.6 Gpx trips both.
    path = set_png_size(write_png(tmp_path / "huge.png", scan[0]), width, height)
    with peak_memory(max_mib=20), pytest.raises(
            InvalidScanFile, match=f"{width}x{height} px {SIZE_REFUSED}"):
        registry.read([InputFile(path)])
