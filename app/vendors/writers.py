"""Write scans in the built-in formats: what a scanner would export. The demo
seed and the tests use these; the site agent's tests will too."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import tifffile
from PIL import Image

from app.vendors.dicos import write_dicos_dx

__all__ = ["write_dicos_dx", "write_png", "write_raw", "write_tiff"]


def write_tiff(path: Path, *pages: np.ndarray, descriptions: tuple[str, ...] = ()) -> Path:
    """One uncompressed greyscale page per array (high first, then low)."""
    for i, page in enumerate(pages):
        tifffile.imwrite(path, page, photometric="minisblack", append=i > 0,
                         description=descriptions[i] if descriptions else None)
    return path


def write_png(path: Path, array: np.ndarray) -> Path:
    Image.fromarray(array).save(path)
    return path


def write_raw(folder: Path, *images: np.ndarray, byte_order: str = "little",
              header: bytes = b"", split: bool = False, **sidecar_extra) -> list[Path]:
    """Data file(s) + JSON sidecar; `split` writes high and low to two files.
    Returns the data files, then the sidecar."""
    height, width = images[0].shape
    dtype = "<u2" if byte_order == "little" else ">u2"
    blobs = [np.ascontiguousarray(a, dtype=dtype).tobytes() for a in images]
    if split:
        data = [folder / "scan_high.raw", folder / "scan_low.raw"]
        for path, blob in zip(data, blobs, strict=True):
            path.write_bytes(header + blob)
    else:
        data = [folder / "scan.raw"]
        data[0].write_bytes(header + b"".join(blobs))
    spec = {"width": width, "height": height, "channels": len(images),
            "byte_order": byte_order, "header_bytes": len(header), **sidecar_extra}
    sidecar = folder / "scan.json"
    sidecar.write_text(json.dumps(spec))
    return [*data, sidecar]
