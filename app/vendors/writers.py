"""Write scans in the built-in formats: what a scanner would export. The demo
seed and the tests use these; the site agent's tests will too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import tifffile
from PIL import Image

from app.vendors.dicos import write_dicos_dx

__all__ = ["write_dicos_dx", "write_png", "write_raw", "write_scan_files", "write_tiff"]


def write_tiff(path: Path, *pages: np.ndarray, descriptions: tuple[str, ...] = ()) -> Path:
    """One uncompressed greyscale page per array (high first, then low, then optionally a
    vendor map page described "zeff" or "classes")."""
    for i, page in enumerate(pages):
        tifffile.imwrite(
            path, page, photometric="minisblack", append=i > 0, description=descriptions[i] if descriptions else None
        )
    return path


def write_png(path: Path, array: np.ndarray) -> Path:
    Image.fromarray(array).save(path)
    return path


def write_raw(
    folder: Path,
    *images: np.ndarray,
    byte_order: str = "little",
    header: bytes = b"",
    split: bool = False,
    **sidecar_extra: Any,
) -> list[Path]:
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
    spec = {
        "width": width,
        "height": height,
        "channels": len(images),
        "byte_order": byte_order,
        "header_bytes": len(header),
        **sidecar_extra,
    }
    sidecar = folder / "scan.json"
    sidecar.write_text(json.dumps(spec))
    return [*data, sidecar]


def write_scan_files(
    folder: Path,
    stem: str,
    vendor: str | None,
    high: np.ndarray,
    low: np.ndarray | None,
    kev_high: float = 6000,
    kev_low: float = 4000,
) -> list[tuple[str, Path]]:
    """A scan as a scanner of `vendor` exports it: [(role, path)], every name starting
    with `stem` so many scans can share one export folder."""
    dual = low is not None
    if vendor == "dicos":
        if low is None:
            return [("single", write_dicos_dx(folder / f"{stem}.dcm", high, kev_high))]
        return [
            ("high", write_dicos_dx(folder / f"{stem}_high.dcm", high, kev_high)),
            ("low", write_dicos_dx(folder / f"{stem}_low.dcm", low, kev_low)),
        ]
    if vendor == "tiff":
        return [("single", write_tiff(folder / f"{stem}.tif", *((high, low) if dual else (high,))))]
    if vendor == "png":
        if low is None:
            return [("single", write_png(folder / f"{stem}.png", high))]
        return [
            ("high", write_png(folder / f"{stem}_high.png", high)),
            ("low", write_png(folder / f"{stem}_low.png", low)),
        ]
    images = (high, low) if dual else (high,)
    data = folder / f"{stem}.raw"
    data.write_bytes(b"".join(np.ascontiguousarray(a, dtype="<u2").tobytes() for a in images))
    sidecar = folder / f"{stem}.raw.json"
    sidecar.write_text(
        json.dumps(
            {
                "width": high.shape[1],
                "height": high.shape[0],
                "channels": len(images),
                "byte_order": "little",
                "header_bytes": 0,
            }
        )
    )
    return [("single", data), ("sidecar", sidecar)]
