"""Write scan files in every built-in format (and broken ones) for the vendor tests."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
import pydicom
import tifffile

from app.vendors.dicos import write_dicos_dx
from app.vendors.writers import write_png, write_raw, write_tiff  # noqa: F401  (re-exported for the tests)

# The start of the size check's message (as opposed to a later truncation error).
SIZE_REFUSED = r"(is not a plausible scan size|\(.*\) exceeds the limit)"


def write_dicos(path: Path, array: np.ndarray, kvp: float = 6000, **kw) -> Path:
    return write_dicos_dx(path, array, kvp, **kw)


def set_dicos_size(path: Path, rows: int, columns: int) -> Path:
    """Rewrite the header's Rows/Columns, leaving the pixel data as it is."""
    ds = pydicom.dcmread(path)
    ds.Rows, ds.Columns = rows, columns
    ds.save_as(path)
    return path


def truncate(path: Path, fraction: float = 0.5) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])
    return path


def set_tiff_size(path: Path, width: int, height: int) -> Path:
    """Patch ImageWidth/ImageLength of the first page in place (tifffile writes them LONG)."""
    with tifffile.TiffFile(path) as tif:
        tags = tif.pages[0].tags
        spots = [(tags[name].valueoffset, tags[name].dtype) for name in ("ImageWidth",
                                                                           "ImageLength")]
        order = tif.byteorder
    with open(path, "r+b") as f:
        for (offset, dtype), value in zip(spots, (width, height), strict=True):
            f.seek(offset)
            f.write(struct.pack(order + ("I" if dtype == 4 else "H"), value))
    return path


def set_png_size(path: Path, width: int, height: int) -> Path:
    """Patch the IHDR chunk's width and height (with a valid CRC)."""
    data = bytearray(path.read_bytes())
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    path.write_bytes(bytes(data))
    return path
