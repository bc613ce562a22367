"""DICOS DX: one file per energy, read with pydicom."""

from __future__ import annotations

import numpy as np
import pydicom
import pytest

from app.vendors import InputFile, InvalidScanFile
from app.vendors.dicos import DX_FOR_PROCESSING
from tests.vendors.make_files import SIZE_REFUSED, set_dicos_size, truncate, write_dicos

CT = "1.2.840.10008.5.1.4.1.1.501.1"
TDR = "1.2.840.10008.5.1.4.1.1.501.3"


def test_writer_produces_a_dicos_dx_file_pydicom_reads_back(tmp_path, scan):
    path = write_dicos(tmp_path / "high.dcm", scan[0], 6000, pixel_spacing_mm=(2.5, 3.0))
    assert path.read_bytes()[128:132] == b"DICM"
    ds = pydicom.dcmread(path)  # independent of the plug-in
    assert ds.file_meta.MediaStorageSOPClassUID == DX_FOR_PROCESSING
    assert ds.SOPClassUID == DX_FOR_PROCESSING
    assert ds.file_meta.TransferSyntaxUID == pydicom.uid.ExplicitVRLittleEndian
    assert (ds.Rows, ds.Columns, ds.BitsAllocated, ds.PixelRepresentation) == (96, 160, 16, 0)
    assert float(ds.KVP) == 6000 and ds.OOIType == "CARGO"
    assert np.array_equal(ds.pixel_array, scan[0])


def test_two_files_without_roles_the_higher_kvp_is_high_energy(tmp_path, registry, scan):
    a = write_dicos(tmp_path / "a.dcm", scan[1], 4000)  # low energy, listed first
    b = write_dicos(tmp_path / "b.dcm", scan[0], 6000, pixel_spacing_mm=(2.5, 3.0))
    result = registry.read([InputFile(a), InputFile(b)])
    assert result.metadata["format"] == "dicos"
    assert np.array_equal(result.channels["high"], scan[0])
    assert np.array_equal(result.channels["low"], scan[1])
    assert result.channels["high"].dtype == np.uint16
    assert result.metadata["kvp"] == {"high": 6000.0, "low": 4000.0}
    assert result.metadata["pixel_spacing_mm"] == [2.5, 3.0]
    assert result.metadata["ooi_type"] == "CARGO"
    assert result.metadata["manufacturer"] == "CIPS"


def test_roles_override_kvp(tmp_path, registry, scan):
    # Same KVP in both files: only the roles can tell.
    a = write_dicos(tmp_path / "a.dcm", scan[0], 6000)
    b = write_dicos(tmp_path / "b.dcm", scan[1], 6000)
    result = registry.read([InputFile(b, "low"), InputFile(a, "high")])
    assert np.array_equal(result.channels["high"], scan[0])
    assert np.array_equal(result.channels["low"], scan[1])


def test_equal_kvp_and_no_roles_is_refused(tmp_path, registry, scan):
    a = write_dicos(tmp_path / "a.dcm", scan[0], 6000)
    b = write_dicos(tmp_path / "b.dcm", scan[1], 6000)
    with pytest.raises(InvalidScanFile, match="cannot tell the high from the low"):
        registry.read([InputFile(a), InputFile(b)])


def test_single_file_is_single_energy(tmp_path, registry, scan):
    path = write_dicos(tmp_path / "one.dcm", scan[0], 450)
    result = registry.read([InputFile(path)])
    assert list(result.channels) == ["single"]
    assert np.array_equal(result.channels["single"], scan[0])


def test_ct_object_is_refused_as_not_dx(tmp_path, registry, scan):
    path = write_dicos(tmp_path / "ct.dcm", scan[0], sop_class=CT)
    with pytest.raises(InvalidScanFile, match=r"ct\.dcm.*DICOS CT Image Storage.*not a DICOS DX"):
        registry.read([InputFile(path)])


def test_tdr_object_is_refused_as_not_dx(tmp_path, registry, scan):
    path = write_dicos(tmp_path / "tdr.dcm", scan[0], sop_class=TDR)
    with pytest.raises(InvalidScanFile, match="Threat Detection Report.*not a DICOS DX"):
        registry.read([InputFile(path)])


@pytest.mark.parametrize("fraction", [0.5, 0.9, 0.1])
def test_truncated_file_is_invalid(tmp_path, registry, scan, fraction):
    path = truncate(write_dicos(tmp_path / "t.dcm", scan[0]), fraction)
    with pytest.raises(InvalidScanFile, match=r"t\.dcm"):
        registry.read([InputFile(path)])


def test_high_and_low_of_different_sizes(tmp_path, registry, scan):
    a = write_dicos(tmp_path / "a.dcm", scan[0], 6000)
    b = write_dicos(tmp_path / "b.dcm", scan[1][:, :159].copy(), 4000)
    with pytest.raises(InvalidScanFile, match="differ in size: 160x96 vs 159x96"):
        registry.read([InputFile(a), InputFile(b)])


@pytest.mark.parametrize(("rows", "columns"), [(0, 0), (1, 1), (65535, 65535)])
def test_absurd_header_size_is_refused_before_decoding(tmp_path, registry, scan, rows, columns):
    path = set_dicos_size(write_dicos(tmp_path / "big.dcm", scan[0]), rows, columns)
    with pytest.raises(InvalidScanFile, match=f"{columns}x{rows} px {SIZE_REFUSED}"):
        registry.read([InputFile(path)])


def test_only_the_high_energy_file_given(tmp_path, registry, scan):
    path = write_dicos(tmp_path / "h.dcm", scan[0])
    with pytest.raises(InvalidScanFile, match="low energy image is missing"):
        registry.read([InputFile(path, "high")])


def test_monochrome1_is_inverted_so_bright_means_transmitted(tmp_path, registry, scan):
    path = write_dicos(tmp_path / "m1.dcm", scan[0])
    ds = pydicom.dcmread(path)
    ds.PhotometricInterpretation = "MONOCHROME1"
    ds.save_as(path)
    result = registry.read([InputFile(path)])
    assert np.array_equal(result.channels["single"], 65535 - scan[0])


@pytest.mark.parametrize(("tag", "value", "message"), [
    ("PixelRepresentation", 1, "PixelRepresentation=1"),
    ("SamplesPerPixel", 3, "SamplesPerPixel=3"),
])
def test_non_greyscale_or_signed_pixels_are_refused(tmp_path, registry, scan, tag, value,
                                                    message):
    path = write_dicos(tmp_path / "odd.dcm", scan[0])
    ds = pydicom.dcmread(path)
    setattr(ds, tag, value)
    ds.save_as(path)
    with pytest.raises(InvalidScanFile, match=message):
        registry.read([InputFile(path)])
