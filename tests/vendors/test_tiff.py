"""16-bit TIFF: one page, two pages, or one page of two samples."""

from __future__ import annotations

import numpy as np
import pytest
import tifffile

from app.vendors import InputFile, InvalidScanFile, UnsupportedFormat
from tests.vendors.make_files import SIZE_REFUSED, set_tiff_size, truncate, write_tiff


def test_two_pages_are_high_then_low(tmp_path, registry, scan):
    path = write_tiff(tmp_path / "scan.tif", *scan)
    result = registry.read([InputFile(path)])
    assert result.metadata["format"] == "tiff"
    assert np.array_equal(result.channels["high"], scan[0])
    assert np.array_equal(result.channels["low"], scan[1])


def test_page_descriptions_override_page_order(tmp_path, registry, scan):
    path = write_tiff(tmp_path / "scan.tif", scan[1], scan[0], descriptions=("low", "high"))
    result = registry.read([InputFile(path)])
    assert np.array_equal(result.channels["high"], scan[0])
    assert np.array_equal(result.channels["low"], scan[1])


def test_one_page_is_single_energy(tmp_path, registry, scan):
    path = write_tiff(tmp_path / "one.tiff", scan[0])
    result = registry.read([InputFile(path)])
    assert list(result.channels) == ["single"]
    assert np.array_equal(result.channels["single"], scan[0])


@pytest.mark.parametrize("planar", ["contig", "separate"])
def test_one_page_of_two_samples(tmp_path, registry, scan, planar):
    data = np.stack(scan, axis=-1 if planar == "contig" else 0)
    path = tmp_path / "two.tif"
    tifffile.imwrite(path, data, photometric="minisblack", planarconfig=planar)
    result = registry.read([InputFile(path)])
    assert np.array_equal(result.channels["high"], scan[0])
    assert np.array_equal(result.channels["low"], scan[1])
    assert all(a.flags.c_contiguous for a in result.channels.values())


def test_two_files_with_roles(tmp_path, registry, scan):
    a = write_tiff(tmp_path / "a.tif", scan[1])
    b = write_tiff(tmp_path / "b.tif", scan[0])
    result = registry.read([InputFile(a, "low"), InputFile(b, "high")])
    assert np.array_equal(result.channels["high"], scan[0])
    assert np.array_equal(result.channels["low"], scan[1])


def test_big_endian_deflate_tiff(tmp_path, registry, scan):
    path = tmp_path / "be.tif"
    tifffile.imwrite(path, np.stack(scan), photometric="minisblack", byteorder=">",
                     compression="zlib")
    result = registry.read([InputFile(path)])
    assert np.array_equal(result.channels["low"], scan[1])


def test_eight_bit_tiff_is_refused(tmp_path, registry, scan):
    path = write_tiff(tmp_path / "eight.tif", (scan[0] >> 8).astype(np.uint8))
    with pytest.raises(InvalidScanFile, match="16-bit unsigned"):
        registry.read([InputFile(path)])


def test_lzw_without_codec_is_unsupported(tmp_path, registry, scan):
    from PIL import Image

    path = tmp_path / "lzw.tif"
    Image.fromarray(scan[0]).save(path, compression="tiff_lzw")
    try:
        import imagecodecs  # noqa: F401
    except ImportError:
        with pytest.raises(UnsupportedFormat, match="LZW"):
            registry.read([InputFile(path)])
    else:  # pragma: no cover - with imagecodecs installed LZW decodes
        assert np.array_equal(registry.read([InputFile(path)]).channels["single"], scan[0])


@pytest.mark.parametrize("fraction", [0.3, 0.5, 0.75, 0.99])
def test_truncated_tiff_is_invalid(tmp_path, registry, scan, fraction):
    path = truncate(write_tiff(tmp_path / "t.tif", *scan), fraction)
    with pytest.raises(InvalidScanFile, match=r"t\.tif"):
        registry.read([InputFile(path)])


def test_pages_of_different_sizes(tmp_path, registry, scan):
    path = write_tiff(tmp_path / "d.tif", scan[0], scan[1][:95].copy())
    with pytest.raises(InvalidScanFile, match="differ in size: 160x96 vs 160x95"):
        registry.read([InputFile(path)])


def test_three_pages_are_refused(tmp_path, registry, scan):
    path = write_tiff(tmp_path / "three.tif", scan[0], scan[1], scan[0])
    with pytest.raises(InvalidScanFile, match="expected 1 or 2 pages, got 3|got 3"):
        registry.read([InputFile(path)])


def test_one_pixel_tiff_is_refused(tmp_path, registry):
    path = write_tiff(tmp_path / "dot.tif", np.zeros((1, 1), np.uint16))
    with pytest.raises(InvalidScanFile, match=f"1x1 px {SIZE_REFUSED}"):
        registry.read([InputFile(path)])


def test_huge_header_is_refused_without_allocating(tmp_path, registry, scan, peak_memory):
    path = set_tiff_size(write_tiff(tmp_path / "huge.tif", scan[0]), 1_000_000, 1_000_000)
    with peak_memory(max_mib=20), pytest.raises(
            InvalidScanFile, match=f"1000000x1000000 px {SIZE_REFUSED}"):
        registry.read([InputFile(path)])


def test_tiff_cut_right_after_the_first_page_is_not_read_as_single_energy(
        tmp_path, registry, scan):
    path = write_tiff(tmp_path / "cut.tif", *scan)
    with tifffile.TiffFile(path) as tif:
        second_ifd = tif.pages[1].offset
    path.write_bytes(path.read_bytes()[:second_ifd])  # page 1 intact, page 2's IFD gone
    with pytest.raises(InvalidScanFile, match="page list points past"):
        registry.read([InputFile(path)])
