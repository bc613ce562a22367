"""Headerless uint16 pixels with a JSON sidecar: the generic export of many scanners.

Files: one or two data files (any name, e.g. ``.raw``) and one sidecar (role "sidecar" or
a name ending ``.json``)::

    {"width": 8000, "height": 2000, "channels": 2, "byte_order": "little",
     "header_bytes": 0, "metadata": {"kvp": {"high": 6000, "low": 4000}}}

``channels`` 1: one data file, a single-energy image.  ``channels`` 2: either one data file
holding the whole high energy image followed by the whole low energy image, or two data
files (roles, or "high"/"low" in their names, tell which).  ``byte_order`` "little" or
"big"; ``header_bytes`` (default 0) are skipped at the start of every data file; each data
file must be exactly ``header_bytes + width * height * 2 * images_in_it`` bytes long.
``metadata`` (optional) is copied into the scan's metadata.  Rows are stored top to bottom,
each row ``width`` pixels.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from .base import InputFile, ScanImage, VendorPlugin, channel_files
from .errors import InvalidScanFile
from .validate import check_dimensions

MAX_SIDECAR_BYTES = 64 * 1024


def _is_sidecar(f: InputFile) -> bool:
    return f.role == "sidecar" or (f.role is None and f.name.lower().endswith(".json"))


def _split(files: list[InputFile]) -> tuple[list[InputFile], list[InputFile]]:
    sidecars = [f for f in files if _is_sidecar(f)]
    return sidecars, [f for f in files if not _is_sidecar(f)]


def _int(spec: dict[str, Any], key: str, default: int | None, where: str) -> int:
    value = spec.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidScanFile(f"{where}: {key!r} must be an integer, got {value!r}")
    return value


class RawPlugin(VendorPlugin):
    key = "raw"
    name = "Raw uint16 with JSON sidecar"

    def sniff(self, files: list[InputFile]) -> bool:
        sidecars, data = _split(files)
        if len(sidecars) != 1 or not 1 <= len(data) <= 2:
            return False
        head = sidecars[0].head(MAX_SIDECAR_BYTES).lstrip()
        return head.startswith(b"{") and b'"width"' in head and b'"height"' in head

    def _spec(self, sidecar: InputFile) -> dict[str, Any]:
        where = f"sidecar {sidecar.name}"
        if sidecar.size() > MAX_SIDECAR_BYTES:
            raise InvalidScanFile(f"{where}: larger than {MAX_SIDECAR_BYTES} bytes")
        try:
            spec = json.loads(sidecar.path.read_bytes())
        except (ValueError, UnicodeDecodeError) as exc:
            raise InvalidScanFile(f"{where}: not valid JSON ({exc})") from exc
        if not isinstance(spec, dict):
            raise InvalidScanFile(f"{where}: must be a JSON object")
        width, height = _int(spec, "width", None, where), _int(spec, "height", None, where)
        channels = _int(spec, "channels", 1, where)
        header = _int(spec, "header_bytes", 0, where)
        order = spec.get("byte_order", "little")
        if channels not in (1, 2):
            raise InvalidScanFile(f"{where}: 'channels' must be 1 or 2, got {channels}")
        if order not in ("little", "big"):
            raise InvalidScanFile(f'{where}: \'byte_order\' must be "little" or "big", got {order!r}')
        if header < 0:
            raise InvalidScanFile(f"{where}: 'header_bytes' must not be negative")
        metadata = spec.get("metadata", {})
        if not isinstance(metadata, dict):
            raise InvalidScanFile(f"{where}: 'metadata' must be a JSON object")
        check_dimensions(width, height, self.limits, what=where)
        return {
            "width": width,
            "height": height,
            "channels": channels,
            "header": header,
            "dtype": np.dtype("<u2" if order == "little" else ">u2"),
            "metadata": metadata,
        }

    def _load(self, f: InputFile, spec: dict[str, Any], images: int) -> np.ndarray:
        w, h, header = spec["width"], spec["height"], spec["header"]
        expected = header + w * h * 2 * images
        size = f.size()
        if size != expected:
            state = "truncated" if size < expected else "longer than expected"
            raise InvalidScanFile(
                f"{f.name}: {state}: {size} bytes, but the sidecar describes {images} image(s) "
                f"of {w}x{h} uint16 after {header} header bytes = {expected} bytes"
            )
        pixels = np.fromfile(f.path, dtype=spec["dtype"], count=w * h * images, offset=header)
        return pixels.reshape(images, h, w).astype(np.uint16, copy=False)

    def read(self, files: list[InputFile]) -> ScanImage:
        sidecars, data = _split(files)
        if len(sidecars) != 1:
            raise InvalidScanFile(f"raw scan needs exactly one JSON sidecar, got {len(sidecars)}")
        spec = self._spec(sidecars[0])
        n = spec["channels"]
        if n == 1 or len(data) == 1:
            if len(data) != 1:
                raise InvalidScanFile(
                    f"sidecar {sidecars[0].name} says 1 channel, but {len(data)} data files were given"
                )
            if n == 1 and data[0].role in ("high", "low"):
                channel_files(data, "raw data")  # raises: the other energy is missing
            images = self._load(data[0], spec, n)
            channels = {"single": images[0]} if n == 1 else {"high": images[0], "low": images[1]}
        else:
            roles = channel_files(data, "raw data")
            channels = {role: self._load(f, spec, 1)[0] for role, f in roles.items()}
        return ScanImage(channels, dict(spec["metadata"]))


plugin = RawPlugin
