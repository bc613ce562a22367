"""Tile rendering: slice a stored pyramid level, one lookup table, encode.

Every point operation (window, equalisation, high penetration, gamma, invert, colour map,
material colour, stripping) is folded into one 65,536-entry table per parameter set, built
once and applied with ``np.take`` (PERFORMANCE.md: ~0.1 ms per tile, faster than fancy
indexing). Class-aware renders index a 4 x 65,536 table with ``class << 16 | value``.
Edge enhancement acts on the raw values before the table (edge.py). The browser's shader
(frontend/src/viewer/gpu/shaders.ts) computes the same image; a browser test compares them.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from PIL import Image

from . import edge as edge_filter
from .colormaps import CMAPS, material_colour, washed_out
from .geometry import TileBounds
from .materials import CLASS_NAMES
from .params import RenderParams
from .stats import ChannelStats

__all__ = ["Lut", "LutCache", "brightness", "build_lut", "encode", "render_image", "render_tile"]

JPEG_QUALITY = 85
# zlib level 1: a 256 px PNG tile costs ~6 ms at Pillow's default level 6 (PERFORMANCE.md:
# PNG time is nearly all encoding) and ~1.7 ms at level 1 (bench_tiles.py); PNG is the
# lossless option, not the fast one.
PNG_COMPRESS_LEVEL = 1
# log(1 + k t) / log(1 + k): the darkest (densest) tenth of the window gets half the output.
HIPEN_GAIN = 100.0
_CLASS_INDEX = {name: cls for cls, name in CLASS_NAMES.items()}


@dataclass(frozen=True)
class Lut:
    """``table`` is uint8 grey, or uint32 packed RGBX; ``by_class`` tables have 4 x 65,536
    entries indexed by ``class << 16 | value``."""

    table: np.ndarray
    rgb: bool
    by_class: bool


def window_edges(params: RenderParams, stats: ChannelStats | None) -> tuple[float, float]:
    """The window's (low, high) raw values: the parameters', else the histogram's default,
    clamped to the data's range when the histogram is known."""
    default = stats.default_window() if stats is not None else (65536.0, 32767.5)
    window = params.window if params.window is not None else default[0]
    level = params.level if params.level is not None else default[1]
    if stats is not None:
        window, level = stats.clamp_window(window, level)
    return level - window / 2, level + window / 2


def brightness(params: RenderParams, stats: ChannelStats | None) -> np.ndarray:
    """Display brightness in [0, 1] (float64) for every raw value 0..65535."""
    lo, hi = window_edges(params, stats)
    values = np.arange(65536, dtype=np.float64)
    if params.equalize:
        if stats is None:
            raise ValueError("equalize needs the channel's histogram (ChannelStats)")
        # Equalise within the window: the whole image's CDF, rescaled to the window's ends.
        cdf = stats.equalization_lut().astype(np.float64)
        c_lo, c_hi = np.interp([lo, hi], values, cdf)
        t = (cdf - c_lo) / max(c_hi - c_lo, 1e-12)
    else:
        t = (values - lo) / (hi - lo)
    t = np.clip(t, 0.0, 1.0)
    if params.hipen:
        t = np.log1p(HIPEN_GAIN * t) / np.log1p(HIPEN_GAIN)
    t = t ** (1.0 / params.gamma)
    return 1.0 - t if params.invert else t


def _to_u8(x: np.ndarray) -> np.ndarray:
    u8: np.ndarray = np.rint(np.clip(x, 0.0, 1.0) * 255.0).astype(np.uint8)
    return u8


def _pack_rgbx(rgb: np.ndarray) -> np.ndarray:
    rgbx = np.full(rgb.shape[:-1] + (4,), 255, dtype=np.uint8)
    rgbx[..., :3] = _to_u8(rgb)
    return rgbx.reshape(-1, 4).view(np.uint32).reshape(-1)


def build_lut(params: RenderParams, stats: ChannelStats | None = None) -> Lut:
    t = brightness(params, stats)
    rgb = params.material or params.cmap != "grey"
    by_class = params.material or params.strip != "none"
    if not by_class:
        return Lut(_pack_rgbx(CMAPS[params.cmap](t)) if rgb else _to_u8(t), rgb, False)
    shown = _CLASS_INDEX.get(params.strip)
    parts = []
    for cls in sorted(CLASS_NAMES):
        colour = material_colour(cls, t) if params.material else CMAPS[params.cmap](t)
        if shown is not None and cls != shown:
            colour = washed_out(colour)
        parts.append(colour)
    colours = np.concatenate(parts)
    return Lut(_pack_rgbx(colours) if rgb else _to_u8(colours[:, 0]), rgb, True)


class LutCache:
    """Thread-safe LRU of built tables: one table serves every tile of a parameter set."""

    def __init__(self, max_entries: int = 32) -> None:
        self.max_entries = max_entries
        self._tables: OrderedDict[tuple[str, str], Lut] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, params: RenderParams, stats: ChannelStats | None = None) -> Lut:
        key = (params.lut_key(), stats.digest if stats is not None else "-")
        with self._lock:
            lut = self._tables.get(key)
            if lut is not None:
                self._tables.move_to_end(key)
                return lut
        lut = build_lut(params, stats)  # outside the lock: ~10 ms, duplicates are harmless
        with self._lock:
            self._tables[key] = lut
            while len(self._tables) > self.max_entries:
                self._tables.popitem(last=False)
        return lut

    def __len__(self) -> int:
        return len(self._tables)


def render_image(
    channel: np.ndarray,
    bounds: TileBounds,
    params: RenderParams,
    luts: LutCache,
    *,
    classes: np.ndarray | None = None,
    stats: ChannelStats | None = None,
) -> Image.Image:
    """The tile as a Pillow image (mode L or RGB) of exactly ``bounds.w x bounds.h``.

    ``channel`` (and ``classes``) are the pyramid level arrays, e.g. memory-mapped."""
    lut = luts.get(params, stats)
    x, y, w, h = bounds
    if x < 0 or y < 0 or x + w > channel.shape[1] or y + h > channel.shape[0] or w < 1 or h < 1:
        raise ValueError(f"tile {bounds} outside the level's {channel.shape[1]}x{channel.shape[0]}")
    if params.edge:
        # The filter reads real neighbours beyond the tile (the edge repeated beyond the
        # level), so tiles meet without seams (edge.py).
        values = edge_filter.enhance(edge_filter.pad_to_level(channel, x, y, w, h))
    else:
        values = channel[y : y + h, x : x + w]
    if lut.by_class:
        if classes is None or classes.shape != channel.shape:
            raise ValueError("material colouring and stripping need the level's class map")
        index = classes[y : y + h, x : x + w].astype(np.uint32)
        index <<= 16
        index |= values
        pixels = np.take(lut.table, index)
    else:
        pixels = np.take(lut.table, values)
    if lut.rgb:  # frombytes unpacks RGBX to RGB in C; frombuffer would keep mode RGBX
        return Image.frombytes("RGB", (w, h), pixels.tobytes(), "raw", "RGBX")
    return Image.frombuffer("L", (w, h), np.ascontiguousarray(pixels), "raw", "L", 0, 1)


def encode(image: Image.Image, fmt: str, quality: int = JPEG_QUALITY) -> bytes:
    buf = io.BytesIO()
    if fmt == "jpeg":
        image.save(buf, "JPEG", quality=quality)
    else:
        image.save(buf, "PNG", compress_level=PNG_COMPRESS_LEVEL)
    return buf.getvalue()


def render_tile(
    channel: np.ndarray,
    bounds: TileBounds,
    params: RenderParams,
    luts: LutCache,
    *,
    classes: np.ndarray | None = None,
    stats: ChannelStats | None = None,
    quality: int = JPEG_QUALITY,
) -> bytes:
    """Encoded tile bytes (JPEG or PNG per ``params.fmt``)."""
    image = render_image(channel, bounds, params, luts, classes=classes, stats=stats)
    return encode(image, params.fmt, quality)
