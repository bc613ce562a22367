"""A scan's pyramid kept in a bucket, read through the local cache.

The pyramid's manifest (app/tiles/store.py) is uploaded last, after every level file,
with an ``objects`` map (file name -> key, size, SHA-256): a reader that finds the
manifest finds every file it names. Opening a scan reads only that manifest; each level
file is fetched the first time a tile needs it and memory-mapped from the cache, so the
first tile of a cold scan costs the small levels it touches, not the whole pyramid.

No Flask here."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from app.tiles.geometry import DziGeometry
from app.tiles.process import ProcessedScan
from app.tiles.pyramid import Pyramid
from app.tiles.stats import ChannelStats
from app.tiles.store import CLASS_FILE_PREFIX, FORMAT, MANIFEST, ZEFF_FILE_PREFIX

from .cache import LocalCache
from .objects import ObjectMissing, ObjectStore


def pyramid_prefix(scan_id: int) -> str:
    return f"scans/{scan_id}/pyramid"


class LazyLevels(Sequence[np.ndarray]):
    """`levels[i]` fetched and memory-mapped on first use."""

    def __init__(self, count: int, load: Callable[[int], np.ndarray]):
        self._count = count
        self._load = load
        self._arrays: dict[int, np.ndarray] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        i = index + self._count if index < 0 else index
        if not 0 <= i < self._count:
            raise IndexError(index)
        found = self._arrays.get(i)
        if found is None:
            found = self._load(i)
            with self._lock:
                self._arrays[i] = found
        return found


class LazyPyramid(Pyramid):
    def __init__(self, width: int, height: int, load: Callable[[int], np.ndarray]) -> None:
        self._width, self._height = width, height
        self.levels = LazyLevels(DziGeometry(width, height).level_count, load)  # type: ignore[assignment]

    @property
    def width(self) -> int:
        return self._width

    @property
    def height(self) -> int:
        return self._height

    @property
    def dtype(self) -> np.dtype:
        return self.levels[0].dtype


def read_manifest(objects: ObjectStore, scan_id: int) -> dict[str, Any]:
    return json.loads(objects.get_bytes(f"{pyramid_prefix(scan_id)}/{MANIFEST}"))


def open_remote_scan(objects: ObjectStore, cache: LocalCache, scan_id: int) -> ProcessedScan:
    """The scan's current pyramid version; raises ObjectMissing (a FileNotFoundError)
    when it has none in the bucket."""
    manifest = read_manifest(objects, scan_id)
    if manifest.get("format") != FORMAT:
        raise ValueError(f"scan {scan_id}: unsupported scan format {manifest.get('format')!r}")
    files: dict[str, dict[str, Any]] = manifest["objects"]
    width, height = manifest["width"], manifest["height"]

    def pyramid(name: str) -> Pyramid:
        def load(level: int) -> np.ndarray:
            file = f"{name}_{level:02d}.npy"
            try:
                return np.load(cache.fetch(objects, files[file]["key"]), mmap_mode="r")
            except (ObjectMissing, KeyError):
                # A newer version replaced this one (rebuilt, processed again) and its
                # files are gone: same image, same geometry; read the level from it.
                files.update(read_manifest(objects, scan_id)["objects"])
                return np.load(cache.fetch(objects, files[file]["key"]), mmap_mode="r")
        return LazyPyramid(width, height, load)

    return ProcessedScan(
        channels={name: pyramid(name) for name in manifest["channels"]},
        stats={name: ChannelStats.from_dict(s) for name, s in manifest["stats"].items()},
        classes=pyramid(CLASS_FILE_PREFIX) if manifest["classes"] else None,
        calibration=manifest["calibration"],
        material_source=manifest.get("material_source", "default" if manifest["classes"] else None),
        zeff=pyramid(ZEFF_FILE_PREFIX) if manifest.get("zeff") else None,
        version=manifest["version"],
    )
