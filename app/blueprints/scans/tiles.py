"""Serving Deep Zoom from a scan's stored pyramid: rendered on request, cached
in memory, revalidated by ETag."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from collections import OrderedDict
from typing import TYPE_CHECKING, Protocol

from flask import current_app
from flask_babel import gettext as _

from app.blueprints.storage import retention, store as image_store
from app.errors import ApiError
from app.models import Scan
from app.tiles import (
    CLASS_NAMES, DziGeometry, LutCache, ProcessedScan, RenderParamError, RenderParams, TileCache, TileKey, etag,
)
from app.tiles.links import TileLink
from app.tiles.material_map import CurveClassifier, make_classifier
from app.tiles.materials import DEFAULT_CALIBRATION
from app.tiles.physics.calibration import is_physics
from app.tiles.render import encode
from app.tiles.stats import ChannelStats

if TYPE_CHECKING:
    from app.blueprints.scans.fastpath import CachedResponse, ResponseKey

_OPEN_SCANS = 32  # memory-mapped pyramids kept open
ACCESS_MEMORY_SECONDS = 10


class TileViews(Protocol):
    """Another view of a scan for one person (threat image projection, app/blueprints/tip):
    served under the same URLs as the scan itself, so nothing in the traffic tells them apart.
    A view key is "<scan id>" for the scan as stored, "<scan id>~<view>" for another view."""

    def view(self, scan_id: int, user_id: int) -> int | None:
        """The view this person is shown now (None: the scan itself). Asked when links are
        signed (the view goes inside the token: app/tiles/links.py) and by the session routes."""

    def open(self, view: str) -> ProcessedScan:
        """The pyramid of view "<view>" (FileNotFoundError when the scan's own is missing)."""


class TileService:
    """One per app: open pyramids, LUTs and rendered tiles."""

    def __init__(self, opener: Callable[[int], ProcessedScan], tile_size: int, overlap: int, cache_bytes: int):
        self.opener = opener  # scan id -> its pyramid, memory-mapped (app/blueprints/storage/store.py)
        # scan id -> whether a pyramid that is missing is being built again
        self.on_missing: Callable[[int], bool] | None = None
        self.tile_size, self.overlap = tile_size, overlap
        self.tiles: TileCache[TileKey, bytes] = TileCache(cache_bytes)
        self.luts = LutCache()
        # Finished responses of the signed tile path, for fastpath.py to answer without Flask.
        self.responses: TileCache[ResponseKey, CachedResponse] = TileCache(cache_bytes // 4)
        self.views: TileViews | None = None
        # Open pyramids by view key ("<scan id>", or "<scan id>~<view>": TileViews).
        self._open: OrderedDict[str, ProcessedScan] = OrderedDict()
        self._allowed: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()

    def view_key(self, scan_id: int, user_id: int | None = None) -> str:
        """Which view of the scan this person is shown now: "<scan id>" but for TileViews."""
        view = None if self.views is None or user_id is None else self.views.view(scan_id, user_id)
        return str(scan_id) if view is None else f"{scan_id}~{view}"

    @staticmethod
    def link_key(link: TileLink) -> str:
        """The view key a signed link names (no database: the view is inside the token)."""
        return str(link.scan_id) if link.view is None else f"{link.scan_id}~{link.view}"

    def processed(self, scan: Scan, user_id: int | None = None) -> ProcessedScan:
        if scan.status != "ready":
            raise ApiError(409, "not_ready", _("Scan %(id)s is %(status)s; its image is not ready.", id=scan.id, status=scan.status))
        return self._load(self.view_key(scan.id, user_id))

    def _load(self, key: str | int) -> ProcessedScan:
        key = str(key)
        with self._lock:
            found = self._open.get(key)
            if found is not None:
                self._open.move_to_end(key)
                return found
        scan_id, _sep, view = key.partition("~")
        try:
            processed = self.views.open(view) if view and self.views else self.opener(int(scan_id))
        except FileNotFoundError:
            if self.on_missing is not None and self.on_missing(int(scan_id)):
                raise ApiError(409, "rebuilding", _("Scan %(scan_id)s's image is being built again; ask again shortly.", scan_id=scan_id),
                               headers={"Retry-After": "5"}) from None
            raise
        with self._lock:
            self._open[key] = processed
            while len(self._open) > _OPEN_SCANS:
                self._open.popitem(last=False)
        return processed

    def open_ready(self, key: str | int) -> ProcessedScan:
        """A scan's pyramid (of a view key) without the database: for signed links, which
        are only handed out for ready scans."""
        try:
            return self._load(key)
        except FileNotFoundError:
            raise ApiError(404, "not_found", _("Scan %(scan_id)s has no image.", scan_id=str(key).partition('~')[0])) from None

    def packed(self, scan_id: str | int, level: int, col: int, row: int) -> tuple[bytes, str]:
        """(lossless data tile as packed PNG, ETag); 404 for a tile the geometry lacks."""
        processed = self.open_ready(scan_id)
        geometry = processed.data_geometry(self.tile_size)
        if not geometry.has_tile(level, col, row):
            raise ApiError(404, "not_found", _("Level %(level)s has no tile %(col)s_%(row)s.", level=level, col=col, row=row))
        key = TileKey(str(scan_id), "packed", level, col, row, "png")
        data = self.tiles.get(key)
        if data is None:
            data = processed.packed_tile(geometry, level, col, row)
            self.tiles.put(key, data)
        return data, etag(key, processed.version)

    def data_info(self, scan_id: str | int) -> dict:
        """What the browser needs to render the scan itself: the data tiles' geometry and
        each channel's histogram (default window, data range, equalisation)."""
        processed = self.open_ready(scan_id)
        geometry = processed.data_geometry(self.tile_size)
        return {
            "width": processed.width, "height": processed.height, "tile_size": geometry.tile_size,
            "overlap": geometry.overlap, "format": "png", "version": processed.version,
            "channels": {name: histogram_body(name, stats) for name, stats in processed.stats.items()},
            "classes": processed.classes is not None,
        }

    def allowed_scan(self, who: str) -> str | None:
        """The ready scan `who` was shown in the last few seconds, if any. A viewer
        asks for dozens of tiles a second; checking access once per burst instead of
        once per tile keeps the database out of the tile path. `who` names the person
        and the door (a live scan, a library item, an exam question)."""
        with self._lock:
            expiry, key = self._allowed.get(who, (0.0, ""))
            return key if expiry > time.monotonic() else None

    def allow(self, who: str, scan: Scan, user_id: int | None = None) -> str:
        """The view key `who` may read tiles of for a few seconds."""
        self.processed(scan, user_id)  # 409 unless ready
        key = self.view_key(scan.id, user_id)
        with self._lock:
            if len(self._allowed) > 10_000:
                self._allowed.clear()
            self._allowed[who] = (time.monotonic() + ACCESS_MEMORY_SECONDS, key)
        return key

    def geometry(self, processed: ProcessedScan) -> DziGeometry:
        return processed.geometry(self.tile_size, self.overlap)

    def tile(self, scan_id: str | int, level: int, col: int, row: int, params: RenderParams) -> tuple[bytes, str]:
        """(encoded tile, ETag) of a scan `allow`ed just before; 404 for a tile the geometry lacks."""
        processed = self._load(scan_id)
        geometry = self.geometry(processed)
        if not geometry.has_tile(level, col, row):
            raise ApiError(404, "not_found", _("Level %(level)s has no tile %(col)s_%(row)s.", level=level, col=col, row=row))
        key = TileKey(str(scan_id), params.channel, level, col, row, params.cache_key())
        tag = etag(key, processed.version)
        data = self.tiles.get(key)
        if data is None:
            try:
                data = processed.render_tile(geometry, level, col, row, params, self.luts)
            except ValueError as exc:  # e.g. a channel or class map this scan lacks
                raise ApiError(400, "invalid_parameter", str(exc)) from None
            self.tiles.put(key, data)
        return data, tag

    def thumbnail(self, scan: Scan, max_side: int = 512, user_id: int | None = None) -> bytes:
        processed = self.processed(scan, user_id)
        geometry = self.geometry(processed)
        # The smallest level that still fills max_side.
        level = geometry.max_level - max(0, math.floor(math.log2(max(processed.width, processed.height) / max_side)))
        image = processed.render_level(level, RenderParams(), self.luts)
        return encode(image, "jpeg")

    def pixel(self, scan: Scan, x: int, y: int, user_id: int | None = None) -> dict:
        processed = self.processed(scan, user_id)
        if not (0 <= x < processed.width and 0 <= y < processed.height):
            raise ApiError(400, "out_of_bounds", _("(%(x)s, %(y)s) is outside the %(width)sx%(height)s image.", x=x, y=y, width=processed.width, height=processed.height))
        top = {name: int(p.level(p.max_level)[y, x]) for name, p in processed.channels.items()}
        values = top if "low" in top else {("single" if _single(scan) else "high"): top["high"]}
        body = {"x": x, "y": y, "values": values, "r": None, "material": None, "z_eff": None, "z_sigma": None,
                "material_source": processed.material_source}
        if "low" in top:
            body |= _material_reading(processed, x, y, top)
        if processed.classes is not None:
            body["material"] = CLASS_NAMES[int(processed.classes.level(processed.classes.max_level)[y, x])]
        return body

    def histogram(self, scan: Scan, channel: str, user_id: int | None = None) -> dict:
        processed = self.processed(scan, user_id)
        if channel == "single":
            channel = "high"
        stats = processed.stats.get(channel)
        if stats is None:
            raise ApiError(400, "invalid_parameter", _("This scan has no %(channel)s channel.", channel=channel), parameter="channel")
        return histogram_body(channel, stats)

    def forget(self, scan_id: int) -> None:
        """Drop everything of the scan and of its other views (TileViews)."""
        mine = str(scan_id)
        with self._lock:
            keys = {k for k in self._open if k.partition("~")[0] == mine} | {mine}
            for key in keys:
                self._open.pop(key, None)
            self._allowed = {k: v for k, v in self._allowed.items() if v[1].partition("~")[0] != mine}
        self.tiles.discard_scan(mine)
        self.responses.discard_scan(mine)


def histogram_body(channel: str, stats: ChannelStats) -> dict:
    window, level = stats.default_window()
    data_min, data_max = stats.data_range()
    return {
        "channel": channel, "bins": stats.bins.tolist(), "min": 0, "max": 65535,
        "data_min": data_min, "data_max": data_max,
        "percentiles": {f"p{p}": stats.percentile(p) for p in (1, 50, 99)},
        "default": {"window": window, "level": level},
    }


def _material_reading(processed: ProcessedScan, x: int, y: int, top: dict[str, int]) -> dict:
    """R, and Z-effective with its uncertainty where the map gives one: the vendor's value,
    or the calibrated curves' reading of the pixel block the class map coloured."""
    cal = processed.calibration or DEFAULT_CALIBRATION
    if processed.zeff is not None:
        z2 = int(processed.zeff.level(processed.zeff.max_level)[y, x])
        return {"r": None, "z_eff": z2 / 2 if z2 else None}
    if not is_physics(cal):
        i0 = float(cal.get("i0", DEFAULT_CALIBRATION["i0"]))
        a_high, a_low = (math.log(i0 / max(v, 1)) for v in (top["high"], top["low"]))
        return {"r": round(a_low / a_high, 3) if a_high > 1e-6 else None}
    classifier = make_classifier(cal)
    assert isinstance(classifier, CurveClassifier)
    high, low = (processed.channels[c].level(processed.channels[c].max_level) for c in ("high", "low"))
    reading = classifier.read_at(high, low, x, y)
    return {"r": round(reading.a_low / reading.a_high, 4) if reading.a_high > 1e-6 else None,
            "z_eff": reading.z_eff, "z_sigma": reading.z_sigma}


def _single(scan: Scan) -> bool:
    return any(ch.role == "single" for ch in scan.channels)


def service() -> TileService:
    app = current_app
    svc = app.extensions.get("cips_tiles")
    if svc is None:
        svc = app.extensions["cips_tiles"] = TileService(
            image_store.open_pyramid, app.config["TILE_SIZE"], app.config["TILE_OVERLAP"],
            app.config["TILE_CACHE_BYTES"])
        svc.on_missing = retention.pyramid_missing
        svc.views = app.extensions.get("cips_tile_views")
    return svc


def parse_params(args) -> RenderParams:
    try:
        return RenderParams.from_query(args)
    except RenderParamError as exc:
        raise ApiError(400, "invalid_parameter", exc.message, parameter=exc.param) from None
