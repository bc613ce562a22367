"""Tile rendering: slice a stored pyramid level, one lookup table, encode.

Every point operation (window, equalisation, high penetration, gamma, invert, colour map,
material colour, stripping) is folded into one 65,536-entry table per parameter set, built
once and applied with ``np.take`` (PERFORMANCE.md: ~0.1 ms per tile, faster than fancy
indexing). Class-aware renders index a 4 x 65,536 table with ``class << 16 | value``.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

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
UNSHARP = ImageFilter.UnsharpMask(radius=2, percent=120, threshold=2)
# Pixels read beyond each tile edge for the unsharp mask, then cropped away: the filter
# then sees the same neighbours as in the whole image and tiles meet without seams.
# Pillow's radius-2 Gaussian reaches 6 px; the test checks tiles against a whole-level render.
EDGE_MARGIN = 8
_CLASS_INDEX = {name: cls for cls, name in CLASS_NAMES.items()}


@dataclass(frozen=True)
class Lut:
    """``table`` is uint8 grey, or uint32 packed RGBX; ``by_class`` tables have 4 x 65,536
    entries indexed by ``class << 16 | value``."""

    table: np.ndarray
    rgb: bool
    by_class: bool


def _window(params: RenderParams, stats: ChannelStats | None) -> tuple[float, float]:
    default = stats.default_window() if stats is not None else (65536.0, 32767.5)
    window = params.window if params.window is not None else default[0]
    level = params.level if params.level is not None else default[1]
    return level - window / 2, level + window / 2


def brightness(params: RenderParams, stats: ChannelStats | None) -> np.ndarray:
    """Display brightness in [0, 1] (float64) for every raw value 0..65535."""
    lo, hi = _window(params, stats)
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
    return np.rint(np.clip(x, 0.0, 1.0) * 255.0).astype(np.uint8)


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


def render_image(channel: np.ndarray, bounds: TileBounds, params: RenderParams,
                 luts: LutCache, *, classes: np.ndarray | None = None,
                 stats: ChannelStats | None = None) -> Image.Image:
    """The tile as a Pillow image (mode L or RGB) of exactly ``bounds.w x bounds.h``.

    ``channel`` (and ``classes``) are the pyramid level arrays, e.g. memory-mapped."""
    lut = luts.get(params, stats)
    x, y, w, h = bounds
    m = EDGE_MARGIN if params.edge else 0
    x0, y0 = max(0, x - m), max(0, y - m)
    x1, y1 = min(channel.shape[1], x + w + m), min(channel.shape[0], y + h + m)
    if x < 0 or y < 0 or x + w > channel.shape[1] or y + h > channel.shape[0] or w < 1 or h < 1:
        raise ValueError(f"tile {bounds} outside the level's {channel.shape[1]}x{channel.shape[0]}")
    values = channel[y0:y1, x0:x1]
    if lut.by_class:
        if classes is None or classes.shape != channel.shape:
            raise ValueError("material colouring and stripping need the level's class map")
        index = classes[y0:y1, x0:x1].astype(np.uint32)
        index <<= 16
        index |= values
        pixels = np.take(lut.table, index)
    else:
        pixels = np.take(lut.table, values)
    size = (x1 - x0, y1 - y0)
    if lut.rgb:  # frombytes unpacks RGBX to RGB in C; frombuffer would keep mode RGBX
        image = Image.frombytes("RGB", size, pixels.tobytes(), "raw", "RGBX")
    else:
        image = Image.frombuffer("L", size, pixels, "raw", "L", 0, 1)
    if params.edge:
        image = image.filter(UNSHARP).crop((x - x0, y - y0, x - x0 + w, y - y0 + h))
    return image


def encode(image: Image.Image, fmt: str, quality: int = JPEG_QUALITY) -> bytes:
    buf = io.BytesIO()
    if fmt == "jpeg":
        image.save(buf, "JPEG", quality=quality)
    else:
        image.save(buf, "PNG", compress_level=PNG_COMPRESS_LEVEL)
    return buf.getvalue()


def render_tile(channel: np.ndarray, bounds: TileBounds, params: RenderParams,
                luts: LutCache, *, classes: np.ndarray | None = None,
                stats: ChannelStats | None = None, quality: int = JPEG_QUALITY) -> bytes:
    """Encoded tile bytes (JPEG or PNG per ``params.fmt``)."""
    image = render_image(channel, bounds, params, luts, classes=classes, stats=stats)
    return encode(image, params.fmt, quality)
