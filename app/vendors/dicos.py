"""NEMA DICOS Digital X-Ray (DX) images, one file per energy, read with pydicom.

Accepted SOP classes: DICOS DX For Processing (``...501.2.2``, what the issue asks for)
and DICOS DX For Presentation (``...501.2.1``, recorded in ``metadata["dx_purpose"]``).
Pixels are taken as stored (16-bit unsigned, one frame, one sample); MONOCHROME1 is
inverted so that bright always means much transmitted.  Two files: the roles (or "high"
/"low" in the names) tell the energies, else the higher KVP (0018,0060) is high energy.
``write_dicos_dx`` writes such a file (demo data, tests, a site agent's converter).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np

from .base import InputFile, ScanImage, VendorPlugin, channel_files, data_files, pair_roles
from .errors import InvalidScanFile, UnsupportedFormat
from .validate import check_dimensions, check_same_size

try:
    import pydicom
    from pydicom.dataset import FileDataset, FileMetaDataset
    from pydicom.uid import UID, ExplicitVRLittleEndian, generate_uid
except ImportError:  # pragma: no cover - pydicom is a core dependency; the plug-in is disabled
    pydicom = None  # type: ignore[assignment]

DX_FOR_PROCESSING = "1.2.840.10008.5.1.4.1.1.501.2.2"
DX_FOR_PRESENTATION = "1.2.840.10008.5.1.4.1.1.501.2.1"
DX_PURPOSE = {DX_FOR_PROCESSING: "processing", DX_FOR_PRESENTATION: "presentation"}


def _text(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


def _kvp(ds: Any) -> float | None:
    try:
        return float(ds.KVP) if "KVP" in ds and ds.KVP not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _acquired_at(ds: Any) -> str | None:
    value = ds.get("AcquisitionDateTime")
    if not value:
        return None
    try:
        return pydicom.valuerep.DT(str(value)).isoformat()
    except ValueError:
        return str(value)


class DicosPlugin(VendorPlugin):
    key = "dicos"
    name = "NEMA DICOS Digital X-Ray"

    @classmethod
    def enabled(cls) -> bool:
        return pydicom is not None

    def sniff(self, files: list[InputFile]) -> bool:
        data = data_files(files)
        return 1 <= len(data) <= 2 and all(f.head(132)[128:132] == b"DICM" for f in data)

    def _open(self, f: InputFile) -> Any:
        try:
            ds = pydicom.dcmread(f.path, force=False)
        except Exception as exc:  # noqa: BLE001 - pydicom raises many kinds on corrupt files
            raise InvalidScanFile(f"{f.name}: not a readable DICOS file ({exc})") from exc
        sop = str(ds.get("SOPClassUID") or ds.file_meta.get("MediaStorageSOPClassUID") or "")
        if sop not in DX_PURPOSE:
            kind = UID(sop).name if sop else "an object without SOP Class UID"
            raise InvalidScanFile(
                f"{f.name}: is a {kind} ({sop or 'no UID'}) object, not a "
                f"DICOS DX image (SOP class {DX_FOR_PROCESSING})"
            )
        return ds

    def _pixels(self, f: InputFile, ds: Any) -> np.ndarray:
        rows, cols = int(ds.get("Rows") or 0), int(ds.get("Columns") or 0)
        check_dimensions(cols, rows, self.limits, what=f.name)
        layout = (
            ds.get("BitsAllocated"),
            ds.get("PixelRepresentation"),
            ds.get("SamplesPerPixel", 1),
            int(ds.get("NumberOfFrames") or 1),
        )
        if layout != (16, 0, 1, 1):
            raise InvalidScanFile(
                f"{f.name}: pixels must be one frame of 16-bit unsigned greyscale, got "
                "BitsAllocated={}, PixelRepresentation={}, SamplesPerPixel={}, frames={}".format(*layout)
            )
        if "PixelData" not in ds:
            raise InvalidScanFile(f"{f.name}: has no pixel data")
        ts = ds.file_meta.TransferSyntaxUID
        if not ts.is_compressed and len(ds.PixelData) < rows * cols * 2:
            raise InvalidScanFile(
                f"{f.name}: pixel data is truncated: {len(ds.PixelData)} "
                f"bytes for {cols}x{rows} px (needs {rows * cols * 2})"
            )
        try:
            pixels: np.ndarray = ds.pixel_array
        except Exception as exc:  # noqa: BLE001
            if ts.is_compressed and "plugin" in str(exc).lower():
                raise UnsupportedFormat(
                    f"{f.name}: DICOS compression {ts.name} is not supported by this server"
                ) from exc
            raise InvalidScanFile(f"{f.name}: cannot decode the pixel data ({exc})") from exc
        pixels = np.ascontiguousarray(pixels, dtype=np.uint16)
        if ds.get("PhotometricInterpretation") == "MONOCHROME1":
            top = np.uint16((1 << int(ds.get("BitsStored") or 16)) - 1)
            pixels = top - np.minimum(pixels, top)
        return pixels

    def _energies(self, files: list[InputFile], sets: dict[str, Any]) -> dict[str, InputFile]:
        data = data_files(files)
        if len(data) != 2 or pair_roles(data) is not None:
            return channel_files(files, "DICOS")
        kvps = [_kvp(sets[f.name]) for f in data]
        if None in kvps or kvps[0] == kvps[1]:
            raise InvalidScanFile(
                f"{data[0].name} and {data[1].name}: cannot tell the high from "
                f"the low energy image (KVP {kvps[0]} and {kvps[1]}); give "
                "the files the roles high and low"
            )
        high, low = sorted(data, key=lambda f: _kvp(sets[f.name]) or 0.0, reverse=True)  # no None: checked above
        return {"high": high, "low": low}

    def read(self, files: list[InputFile]) -> ScanImage:
        data = data_files(files)
        if not 1 <= len(data) <= 2 or len({f.name for f in data}) != len(data):
            raise InvalidScanFile(f"expected one DICOS DX file or two with distinct names, got {len(data)}")
        sets = {f.name: self._open(f) for f in data}
        roles = self._energies(files, sets)
        if "high" in roles:
            h, lo = sets[roles["high"].name], sets[roles["low"].name]
            check_same_size(
                (int(h.Columns), int(h.Rows)),
                (int(lo.Columns), int(lo.Rows)),
                f"{roles['high'].name} and {roles['low'].name}",
            )
        channels = {role: self._pixels(f, sets[f.name]) for role, f in roles.items()}
        first = sets[(roles["high"] if "high" in roles else roles["single"]).name]
        spacing = first.get("PixelSpacing") or first.get("ImagerPixelSpacing")
        metadata: dict[str, Any] = {
            "kvp": {role: _kvp(sets[f.name]) for role, f in roles.items()},
            "manufacturer": _text(first.get("Manufacturer")),
            "model": _text(first.get("ManufacturerModelName")),
            "pixel_spacing_mm": [float(v) for v in spacing] if spacing else None,
            "acquired_at": _acquired_at(first),
            "ooi_type": _text(first.get("OOIType")),
            "dx_purpose": DX_PURPOSE[str(first.SOPClassUID)],
        }
        return ScanImage(channels, {k: v for k, v in metadata.items() if v is not None})


plugin = DicosPlugin


def write_dicos_dx(
    path: str | Path,
    array: np.ndarray,
    kvp: float,
    *,
    manufacturer: str = "CIPS",
    model: str | None = None,
    ooi_type: str | None = "CARGO",
    pixel_spacing_mm: tuple[float, float] | None = None,
    acquired_at: dt.datetime | None = None,
    sop_class: str = DX_FOR_PROCESSING,
) -> Path:
    """Write ``array`` (2-D uint16) as an uncompressed DICOS DX file; returns the path.
    ``sop_class`` exists so tests can write other DICOS objects (e.g. CT)."""
    if pydicom is None:  # pragma: no cover
        raise RuntimeError("pydicom is not installed")
    array = np.asarray(array)
    if array.ndim != 2 or array.dtype != np.uint16:
        raise ValueError(f"expected a 2-D uint16 array, got {array.ndim}-D {array.dtype}")
    path = Path(path)
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = UID(sop_class)
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(str(path), {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.Modality = "DX"
    ds.Manufacturer = manufacturer
    if model:
        ds.ManufacturerModelName = model
    if ooi_type:
        ds.OOIType = ooi_type
    ds.KVP = f"{float(kvp):g}"
    when = acquired_at or dt.datetime.now(dt.timezone.utc)
    ds.AcquisitionDateTime = when.strftime("%Y%m%d%H%M%S.%f%z")
    if pixel_spacing_mm:
        ds.ImagerPixelSpacing = [f"{float(v):g}" for v in pixel_spacing_mm]
    ds.Rows, ds.Columns = array.shape
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
    ds.PixelData = np.ascontiguousarray(array, dtype="<u2").tobytes()
    ds.save_as(path, enforce_file_format=True)
    return path
