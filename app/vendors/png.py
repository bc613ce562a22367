"""Greyscale PNG, read with Pillow: 16-bit as is, 8-bit up-cast (v * 257, so 255 -> 65535).

One file is a single-energy image; two files are high and low energy (roles, or
"high"/"low" in the names, tell which).  Colour, palette and alpha PNGs are refused.  The
size in the header is checked against the limits before any pixel is decoded.
"""

from __future__ import annotations

import struct

import numpy as np
from PIL import Image

from .base import InputFile, ScanImage, VendorPlugin, channel_files, data_files
from .errors import InvalidScanFile
from .validate import check_dimensions, check_same_size

MAGIC = b"\x89PNG\r\n\x1a\n"
_SIXTEEN_BIT = ("I;16", "I;16B", "I;16L", "I")


class PngPlugin(VendorPlugin):
    key = "png"
    name = "Greyscale PNG"

    def sniff(self, files: list[InputFile]) -> bool:
        data = data_files(files)
        return 1 <= len(data) <= 2 and all(f.head(8) == MAGIC for f in data)

    def _read_file(self, f: InputFile) -> tuple[np.ndarray, int]:
        """The pixels as uint16 and the PNG's bit depth."""
        head = f.head(24)  # signature, IHDR length and type, width, height
        if len(head) < 24 or head[12:16] != b"IHDR":
            raise InvalidScanFile(f"{f.name}: not a readable PNG (no image header)")
        width, height = struct.unpack(">II", head[16:24])
        check_dimensions(width, height, self.limits, what=f.name)  # before Pillow decodes
        try:
            with Image.open(f.path, formats=["PNG"]) as im:
                if im.mode not in _SIXTEEN_BIT + ("L",):
                    raise InvalidScanFile(
                        f"{f.name}: a greyscale PNG is expected, this one is {im.mode} (colour, palette or alpha)"
                    )
                im.load()
                array = np.asarray(im)
        except InvalidScanFile:
            raise
        except Exception as exc:  # noqa: BLE001 - Pillow raises OSError, SyntaxError, ...
            raise InvalidScanFile(f"{f.name}: not a readable PNG, truncated or corrupt ({exc})") from exc
        if array.dtype == np.uint8:
            return array.astype(np.uint16) * np.uint16(257), 8
        if array.dtype.kind == "i" and (array.min() < 0 or array.max() > 65535):
            raise InvalidScanFile(f"{f.name}: pixel values outside 0..65535")
        return array.astype(np.uint16), 16

    def read(self, files: list[InputFile]) -> ScanImage:
        if len(data_files(files)) != len(files):
            raise InvalidScanFile("a PNG scan takes no sidecar file")
        roles = channel_files(files, "PNG")
        decoded = {role: self._read_file(f) for role, f in roles.items()}
        channels = {role: array for role, (array, _) in decoded.items()}
        if "high" in channels:
            (hh, hw), (lh, lw) = channels["high"].shape, channels["low"].shape
            check_same_size((hw, hh), (lw, lh), f"{roles['high'].name} and {roles['low'].name}")
        return ScanImage(channels, {"bit_depth": min(bits for _, bits in decoded.values())})


plugin = PngPlugin
