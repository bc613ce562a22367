"""Raw uint16 with a JSON sidecar."""

from __future__ import annotations

import json

import numpy as np
import pytest

from app.vendors import InputFile, InvalidScanFile
from tests.vendors.make_files import SIZE_REFUSED, write_raw


def inputs(paths, roles=None):
    return [InputFile(p, (roles or {}).get(p.name)) for p in paths]


def test_one_file_two_channels_little_endian(tmp_path, registry, scan):
    paths = write_raw(tmp_path, *scan, metadata={"kvp": {"high": 6000, "low": 4000}})
    result = registry.read(inputs(paths))
    assert result.metadata["format"] == "raw"
    assert result.metadata["kvp"] == {"high": 6000, "low": 4000}
    assert np.array_equal(result.channels["high"], scan[0])
    assert np.array_equal(result.channels["low"], scan[1])


def test_big_endian_with_header_bytes(tmp_path, registry, scan):
    paths = write_raw(tmp_path, *scan, byte_order="big", header=b"VENDORHDR\x00" * 5)
    result = registry.read(inputs(paths))
    assert result.channels["high"].dtype == np.dtype(np.uint16)  # native, not '>u2'
    assert np.array_equal(result.channels["high"], scan[0])
    assert np.array_equal(result.channels["low"], scan[1])


def test_two_files_with_roles_and_sidecar_role(tmp_path, registry, scan):
    high, low, sidecar = write_raw(tmp_path, *scan, split=True)
    # Names say nothing about the roles here: the roles tell.
    a, b, c = (high.rename(tmp_path / "a.bin"), low.rename(tmp_path / "b.bin"),
               sidecar.rename(tmp_path / "desc.txt"))
    result = registry.read([InputFile(b, "low"), InputFile(c, "sidecar"), InputFile(a, "high")])
    assert np.array_equal(result.channels["high"], scan[0])
    assert np.array_equal(result.channels["low"], scan[1])


def test_two_files_told_apart_by_name(tmp_path, registry, scan):
    paths = write_raw(tmp_path, *scan, split=True)  # scan_high.raw, scan_low.raw
    result = registry.read(inputs(reversed(paths)))
    assert np.array_equal(result.channels["high"], scan[0])


def test_single_channel(tmp_path, registry, scan):
    paths = write_raw(tmp_path, scan[1])
    result = registry.read(inputs(paths))
    assert list(result.channels) == ["single"]
    assert np.array_equal(result.channels["single"], scan[1])


@pytest.mark.parametrize("cut", [1, 2, 1000])
def test_truncated_data_is_invalid(tmp_path, registry, scan, cut):
    data, sidecar = write_raw(tmp_path, *scan)
    data.write_bytes(data.read_bytes()[:-cut])
    with pytest.raises(InvalidScanFile, match=r"scan\.raw: truncated"):
        registry.read(inputs([data, sidecar]))


def test_too_long_data_is_invalid(tmp_path, registry, scan):
    data, sidecar = write_raw(tmp_path, *scan)
    data.write_bytes(data.read_bytes() + b"\0\0")
    with pytest.raises(InvalidScanFile, match="longer than expected"):
        registry.read(inputs([data, sidecar]))


@pytest.mark.parametrize(("width", "height"), [(0, 96), (160, 0), (10**6, 10**6), (-5, 96),
                                               (65535, 65535)])
def test_zero_or_absurd_sidecar_size_fails_fast(tmp_path, registry, scan, peak_memory,
                                                width, height):
    data, sidecar = write_raw(tmp_path, *scan)
    spec = json.loads(sidecar.read_text()) | {"width": width, "height": height}
    sidecar.write_text(json.dumps(spec))
    with peak_memory(max_mib=5), pytest.raises(
            InvalidScanFile, match=f"{width}x{height} px {SIZE_REFUSED}"):
        registry.read(inputs([data, sidecar]))


@pytest.mark.parametrize(("change", "message"), [
    ({"byte_order": "middle"}, "byte_order"),
    ({"channels": 3}, "'channels' must be 1 or 2"),
    ({"width": "160"}, "'width' must be an integer"),
    ({"header_bytes": -1}, "header_bytes"),
])
def test_bad_sidecar_values(tmp_path, registry, scan, change, message):
    data, sidecar = write_raw(tmp_path, *scan)
    sidecar.write_text(json.dumps(json.loads(sidecar.read_text()) | change))
    with pytest.raises(InvalidScanFile, match=message):
        registry.read(inputs([data, sidecar]))


def test_corrupt_sidecar_json(tmp_path, registry, scan):
    data, sidecar = write_raw(tmp_path, *scan)
    sidecar.write_text('{"width": 160, "height": 96, ')
    with pytest.raises(InvalidScanFile, match=r"sidecar scan\.json: not valid JSON"):
        registry.read(inputs([data, sidecar]))


def test_two_files_of_different_sizes(tmp_path, registry, scan):
    high, low, sidecar = write_raw(tmp_path, *scan, split=True)
    low.write_bytes(low.read_bytes()[: -160 * 2])  # one row short
    with pytest.raises(InvalidScanFile, match=r"scan_low\.raw: truncated"):
        registry.read(inputs([high, low, sidecar]))
