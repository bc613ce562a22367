"""Worker-process tasks of ingest: JSON in, JSON out, no database."""

from __future__ import annotations

import hashlib

from pathlib import Path
from typing import Any

import numpy as np

from app.tiles import process_scan, save_scan
from app.tiles.store import write_atomic
from app.tiles.materials import DEFAULT_CALIBRATION
from app.vendors.base import InputFile
from app.vendors.registry import default_registry
from app.vendors.validate import Limits

PYRAMID_DIR = "pyramid"
VENDOR_PREFIX = "vendor_"


def decode(files: list[dict[str, Any]], scan_dir: str, format: str | None = None,
           max_pixels: int | None = None) -> dict[str, Any]:
    """Read the vendor files and store each channel as `<role>.npy` in `scan_dir`; the
    answer carries each file's SHA-256, hashed while written (the web process that waits
    for this would otherwise read ~100 MB back to hash it)."""
    registry = default_registry(Limits(max_pixels=max_pixels) if max_pixels else Limits())
    inputs = [InputFile(Path(f["path"]), f.get("role"), f.get("name", "")) for f in files]
    image = registry.read(inputs, format)
    digests = {}
    # A vendor's own class or Z-effective map travels as vendor_<name>.npy (not a channel).
    for role, array in {**image.channels, **{f"{VENDOR_PREFIX}{k}": v for k, v in image.maps.items()}}.items():
        digests[f"{role}.npy"] = _save_hashed(Path(scan_dir) / f"{role}.npy", array)
    height, width = image.shape
    return {"format": image.metadata.get("format"), "width": width, "height": height,
            "channels": sorted(image.channels), "metadata": _jsonable(image.metadata), "sha256": digests}


def _save_hashed(target: Path, array: np.ndarray) -> str:
    """`array` saved as `target` (atomically; a job run twice writes two temporary files),
    and the SHA-256 of what was written."""
    digest = hashlib.sha256()
    write_atomic(target, lambda fh: np.save(_HashingWriter(fh, digest), array), fsync=False)  # needs only write()
    return digest.hexdigest()


class _HashingWriter:
    """A file's write() that hashes what passes through."""

    def __init__(self, fh: Any, digest: Any):
        self.fh = fh
        self.digest = digest

    def write(self, data: bytes | memoryview) -> int:
        self.digest.update(data)
        return self.fh.write(data)


def process(scan_dir: str, calibration: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the pyramids, class map and histograms of a decoded scan."""
    folder = Path(scan_dir)
    arrays = {p.stem: np.load(p, mmap_mode="r") for p in folder.glob("*.npy")}
    channels = {k: v for k, v in arrays.items() if not k.startswith(VENDOR_PREFIX)}
    maps = {k[len(VENDOR_PREFIX):]: v for k, v in arrays.items() if k.startswith(VENDOR_PREFIX)}
    high = channels.get("high", channels.get("single"))
    low = channels.get("low")
    # Memory maps, not copies: the store then links these files as the full-resolution level.
    processed = process_scan(high, low, calibration or DEFAULT_CALIBRATION, vendor_maps=maps)
    save_scan(processed, folder / PYRAMID_DIR)
    return {"width": processed.width, "height": processed.height, "version": processed.version,
            "levels": len(next(iter(processed.channels.values())).levels),
            "material_source": processed.material_source}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, np.generic):
        return value.item()
    return str(value)
