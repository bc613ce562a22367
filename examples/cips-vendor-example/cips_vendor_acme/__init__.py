"""ACME XR: an example third-party CIPS vendor plug-in (a made-up format).

Layout: magic ``b"ACMEXR01"``, then little-endian uint32 width, height, channels (1 or 2),
then ``channels`` images of ``height`` rows of ``width`` little-endian uint16 pixels, the
high energy image first.  Registered through the entry point ``cips.vendors`` (see
pyproject.toml); it uses only CIPS's public plug-in API from ``app.vendors``.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

from app.vendors import (
    InputFile,
    InvalidScanFile,
    ScanImage,
    VendorPlugin,
    check_dimensions,
    data_files,
)

MAGIC = b"ACMEXR01"
HEADER = struct.Struct("<8sIII")  # magic, width, height, channels


class AcmePlugin(VendorPlugin):
    key = "acme"
    name = "ACME XR (example plug-in)"

    def sniff(self, files: list[InputFile]) -> bool:
        data = data_files(files)
        return len(data) == 1 and data[0].head(len(MAGIC)) == MAGIC

    def read(self, files: list[InputFile]) -> ScanImage:
        f = data_files(files)[0]
        with open(f.path, "rb") as fh:
            head = fh.read(HEADER.size)
        if len(head) < HEADER.size:
            raise InvalidScanFile(f"{f.name}: ACME XR header is truncated")
        _, width, height, channels = HEADER.unpack(head)
        if channels not in (1, 2):
            raise InvalidScanFile(f"{f.name}: ACME XR channels must be 1 or 2, got {channels}")
        # Check the header's sizes before allocating anything.
        check_dimensions(width, height, self.limits, what=f.name)
        expected = HEADER.size + width * height * 2 * channels
        if f.size() != expected:
            raise InvalidScanFile(f"{f.name}: {f.size()} bytes, the header announces "
                                  f"{expected} ({channels} x {width}x{height} uint16)")
        pixels = np.fromfile(f.path, "<u2", width * height * channels, offset=HEADER.size)
        images = pixels.reshape(channels, height, width).astype(np.uint16, copy=False)
        if channels == 1:
            return ScanImage({"single": images[0]}, {"manufacturer": "ACME"})
        return ScanImage({"high": images[0], "low": images[1]}, {"manufacturer": "ACME"})


def write_acme(path: str | Path, *images: np.ndarray) -> Path:
    """Write one (single energy) or two (high, low) uint16 images as an ACME XR file."""
    if len(images) not in (1, 2) or len({a.shape for a in images}) != 1:
        raise ValueError("give one image or two of the same shape")
    height, width = images[0].shape
    path = Path(path)
    with open(path, "wb") as fh:
        fh.write(HEADER.pack(MAGIC, width, height, len(images)))
        for image in images:
            fh.write(np.ascontiguousarray(image, dtype="<u2").tobytes())
    return path
