"""Lossless data tiles for rendering in the browser: both energies and the class map of one
tile in a single RGBA PNG, which every browser decodes natively and exactly.

Browsers decode PNG to 8 bits per channel, so each 16-bit value travels as two bytes
(PERFORMANCE.md): columns ``0..w-1`` hold the high energy in R (high byte) and G (low byte)
and the low energy in B and A; the ``ceil(w / 4)`` columns after them hold the class map,
four pixels per texel (pixel x in column ``w + x // 4``, channel ``x % 4``). One request,
one decode and one texture per tile; the class part costs a quarter of a column's bytes.

The PNG is written here rather than by Pillow: the rows are filtered with PNG's "Up" filter
in numpy and deflated with zlib's run-length strategy, ~4x faster than Pillow at level 1
and a little smaller on noisy X-ray data (bench_tiles.py).
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

from .edge import RADIUS as EDGE_RADIUS

# Overlap of data tiles: the edge filter's reach plus the one texel that bilinear sampling
# reads past a tile's drawn area, so every texel the browser samples has true neighbours.
OVERLAP = EDGE_RADIUS + 1
CLASSES_PER_TEXEL = 4
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_UP_FILTER = 2
_COLOUR_RGBA = 6


def class_columns(width: int) -> int:
    return -(-width // CLASSES_PER_TEXEL)


def pack(high: np.ndarray, low: np.ndarray | None = None, classes: np.ndarray | None = None) -> np.ndarray:
    """(h, w + ceil(w/4), 4) uint8 texels of one tile; a missing low channel or class map
    packs as zeros."""
    if high.dtype != np.uint16 or high.ndim != 2:
        raise ValueError(f"high must be a 2-D uint16 array, got {high.dtype} {high.shape}")
    h, w = high.shape
    for name, other, dtype in (("low", low, np.uint16), ("classes", classes, np.uint8)):
        if other is not None and (other.shape != high.shape or other.dtype != dtype):
            raise ValueError(f"{name} must be {dtype.__name__} of shape {high.shape}")
    out = np.zeros((h, w + class_columns(w), 4), np.uint8)
    out[:, :w, 0] = high >> 8
    out[:, :w, 1] = high & 0xFF
    if low is not None:
        out[:, :w, 2] = low >> 8
        out[:, :w, 3] = low & 0xFF
    if classes is not None:
        flat = np.zeros((h, class_columns(w) * CLASSES_PER_TEXEL), np.uint8)
        flat[:, :w] = classes
        out[:, w:] = flat.reshape(h, -1, CLASSES_PER_TEXEL)
    return out


def unpack(texels: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(high, low, classes) of a packed tile ``width`` pixels wide (the inverse of ``pack``)."""
    t = texels.astype(np.uint16)
    high = (t[:, :width, 0] << 8) | t[:, :width, 1]
    low = (t[:, :width, 2] << 8) | t[:, :width, 3]
    classes = texels[:, width:].reshape(texels.shape[0], -1)[:, :width].copy()
    return high, low, classes


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(texels: np.ndarray) -> bytes:
    """A standard 8-bit RGBA PNG of ``texels`` ((h, w, 4) uint8), without colour-space chunks
    (so browsers have nothing to convert)."""
    if texels.dtype != np.uint8 or texels.ndim != 3 or texels.shape[2] != 4:
        raise ValueError("expected (h, w, 4) uint8 texels")
    h, w, _ = texels.shape
    raw = texels.reshape(h, w * 4)
    rows = np.empty((h, w * 4 + 1), np.uint8)
    rows[:, 0] = _UP_FILTER
    rows[0, 1:] = raw[0]
    np.subtract(raw[1:], raw[:-1], out=rows[1:, 1:])  # uint8 arithmetic wraps: PNG's mod 256
    deflate = zlib.compressobj(1, zlib.DEFLATED, 15, 9, zlib.Z_RLE)
    data = deflate.compress(rows.tobytes()) + deflate.flush()
    header = struct.pack(">IIBBBBB", w, h, 8, _COLOUR_RGBA, 0, 0, 0)
    return _PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")
