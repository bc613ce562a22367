"""Ingest-time processing of one scan: pyramids, class map and histograms, in parallel.

numpy's array operations release the GIL, so a thread pool uses both cores without the
cost of copying 32 MB channels into worker processes.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PIL import Image

from .geometry import DziGeometry, TileBounds
from . import packed
from .material_map import VENDOR, MaterialClassifier, classes_from_zeff, make_classifier
from .materials import DEFAULT_CALIBRATION
from .params import RenderParams
from .pyramid import Pyramid
from .render import JPEG_QUALITY, LutCache, render_image, render_tile
from .stats import ChannelStats

_CLASSIFY_SPLIT_ROWS = 256  # rows per classification job: several jobs keep both cores busy


@dataclass
class ProcessedScan:
    """What the tile server needs for one scan; arrays may be memory-mapped."""

    channels: dict[str, Pyramid]
    stats: dict[str, ChannelStats]
    classes: Pyramid | None = None
    calibration: dict[str, Any] | None = None
    # "cips-calibrated", "default" or "vendor" (see app.tiles.material_map); None: no map.
    material_source: str | None = None
    zeff: Pyramid | None = None  # 2 x Z-effective (uint8), only when the vendor gave one
    version: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def width(self) -> int:
        return next(iter(self.channels.values())).width

    @property
    def height(self) -> int:
        return next(iter(self.channels.values())).height

    def geometry(self, tile_size: int = 254, overlap: int = 1) -> DziGeometry:
        return DziGeometry(self.width, self.height, tile_size, overlap)

    def _sources(self, level: int, params: RenderParams) -> dict[str, Any]:
        if params.channel not in self.channels:
            raise ValueError(f"this scan has no {params.channel} channel")
        needs_classes = params.material or params.strip != "none"
        if needs_classes and self.classes is None:
            raise ValueError("this scan has no class map (single energy)")
        return {
            "channel": self.channels[params.channel].level(level),
            "classes": self.classes.level(level) if needs_classes and self.classes else None,
            "stats": self.stats.get(params.channel),
        }

    def render_tile(
        self,
        geometry: DziGeometry,
        level: int,
        col: int,
        row: int,
        params: RenderParams,
        luts: LutCache,
        quality: int = JPEG_QUALITY,
    ) -> bytes:
        """Encoded tile (level, col, row) of ``geometry``; ValueError if there is none."""
        src = self._sources(level, params)
        bounds = geometry.tile_bounds(level, col, row)
        return render_tile(
            src["channel"], bounds, params, luts, classes=src["classes"], stats=src["stats"], quality=quality
        )

    def data_geometry(self, tile_size: int = 254) -> DziGeometry:
        """The tiling of the lossless data tiles (more overlap than rendered tiles: packed.py)."""
        return DziGeometry(self.width, self.height, tile_size, packed.OVERLAP)

    def packed_tile(self, geometry: DziGeometry, level: int, col: int, row: int) -> bytes:
        """Both energies and the class map of one tile of ``geometry`` as a packed RGBA PNG
        (packed.py); ValueError if there is no such tile."""
        x, y, w, h = geometry.tile_bounds(level, col, row)
        low = self.channels.get("low")
        return packed.encode_png(
            packed.pack(
                np.ascontiguousarray(self.channels["high"].level(level)[y : y + h, x : x + w]),
                None if low is None else np.ascontiguousarray(low.level(level)[y : y + h, x : x + w]),
                None if self.classes is None else np.ascontiguousarray(self.classes.level(level)[y : y + h, x : x + w]),
            )
        )

    def render_level(self, level: int, params: RenderParams, luts: LutCache) -> Image.Image:
        """A whole level as one Pillow image (thumbnails, tests)."""
        src = self._sources(level, params)
        h, w = src["channel"].shape
        return render_image(
            src["channel"], TileBounds(0, 0, w, h), params, luts, classes=src["classes"], stats=src["stats"]
        )


def _check_channel(name: str, image: np.ndarray) -> None:
    if not isinstance(image, np.ndarray) or image.dtype != np.uint16 or image.ndim != 2:
        raise ValueError(f"{name} must be a 2-D uint16 array")
    if image.size == 0:
        raise ValueError(f"{name} is empty")


def process_scan(
    high: np.ndarray,
    low: np.ndarray | None = None,
    calibration: Mapping[str, Any] | None = DEFAULT_CALIBRATION,
    workers: int = 2,
    vendor_maps: Mapping[str, np.ndarray] | None = None,
) -> ProcessedScan:
    """Pyramids of both channels, the material class map (dual energy only) with its own
    pyramid, and a histogram per channel (see ``_stats``). The full-resolution level of
    each pyramid is the input array itself, not a copy: do not modify it afterwards.

    ``calibration`` picks the classifier (see :func:`app.tiles.material_map.make_classifier`);
    a vendor's own map (``vendor_maps``: "classes" in CIPS codes or "zeff") wins over it."""
    _check_channel("high", high)
    if low is not None:
        _check_channel("low", low)
        if low.shape != high.shape:
            raise ValueError(f"high {high.shape} and low {low.shape} differ in shape")
    images = {"high": high} if low is None else {"high": high, "low": low}
    vendor = _vendor_classes(vendor_maps or {}, high.shape)
    classifier = (
        make_classifier(calibration) if low is not None and calibration is not None and vendor is None else None
    )
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="tiles") as pool:
        pyramids = {name: pool.submit(Pyramid.build, img) for name, img in images.items()}
        classes_full = None
        class_jobs: list[Future[None]] = []
        if classifier is not None:
            assert low is not None
            classes_full = np.empty(high.shape, dtype=np.uint8)
            # Whole pixel blocks per job, so the blocks are those the pixel readout averages.
            split = -(-_CLASSIFY_SPLIT_ROWS // classifier.block) * classifier.block
            for top in range(0, high.shape[0], split):
                rows = slice(top, top + split)
                class_jobs.append(pool.submit(_classify_into, classifier, high[rows], low[rows], classes_full[rows]))
        done = {name: job.result() for name, job in pyramids.items()}
        stats = {name: pool.submit(_stats, p) for name, p in done.items()}
        for job in class_jobs:
            job.result()
        if vendor is not None:
            classes_full = vendor[0]
        classes = Pyramid.build_classes(classes_full) if classes_full is not None else None
        return ProcessedScan(
            channels=done,
            stats={name: job.result() for name, job in stats.items()},
            classes=classes,
            calibration=classifier.calibration if classifier is not None else None,
            material_source=VENDOR if vendor is not None else classifier.source if classifier else None,
            zeff=Pyramid.build(vendor[1]) if vendor is not None and vendor[1] is not None else None,
        )


def _stats(pyramid: Pyramid) -> ChannelStats:
    """Histogram of the level below full resolution (the 2x2 means): a quarter of the work
    (np.bincount holds the GIL, so it would also stall the other thread), and the pixel
    noise that the mean removes is not what a display window should be fitted to."""
    return ChannelStats.from_image(pyramid.level(max(0, pyramid.max_level - 1)))


def _vendor_classes(
    maps: Mapping[str, np.ndarray], shape: tuple[int, ...]
) -> tuple[np.ndarray, np.ndarray | None] | None:
    """(class map, 2 x Z_eff as uint8 or None) from a vendor's maps, or None without any."""
    for name, image in maps.items():
        if name not in ("classes", "zeff") or image.shape != shape:
            raise ValueError(f"vendor map {name!r} of shape {image.shape} does not fit a {shape} scan")
    if "zeff" in maps:
        z = np.nan_to_num(maps["zeff"].astype(np.float32), nan=0.0)
        z2 = np.clip(np.round(z * 2), 0, 254).astype(np.uint8)
        classes = maps["classes"] if "classes" in maps else classes_from_zeff(z)
        return np.ascontiguousarray(classes, dtype=np.uint8), z2
    if "classes" in maps:
        classes = np.asarray(maps["classes"])
        if classes.size and int(classes.max()) > 3:
            raise ValueError("vendor class map holds codes above 3 (0 undetermined .. 3 metal)")
        return np.ascontiguousarray(classes, dtype=np.uint8), None
    return None


def _classify_into(classifier: MaterialClassifier, high: np.ndarray, low: np.ndarray, out: np.ndarray) -> None:
    out[...] = classifier.classify(high, low)
