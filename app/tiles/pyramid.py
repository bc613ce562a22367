"""Multi-resolution pyramids kept as numpy arrays, one per Deep Zoom level.

Rendering a low-zoom tile from full resolution costs hundreds of milliseconds
(PERFORMANCE.md), so every level is computed once at ingest. An odd last row or column is
averaged with a copy of itself, as libvips dzsave does, so level sizes are exactly
``ceil(size / 2)`` and match :class:`~app.tiles.geometry.DziGeometry`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import DTypeLike

from .geometry import DziGeometry

Reducer = Callable[[np.ndarray], np.ndarray]
_BLOCK_PIXELS = 1 << 19


def _pair_sums(a: np.ndarray, dtype: DTypeLike) -> np.ndarray:
    """Sum of each 2x2 block (edge rows/columns duplicated), shape ceil(h/2) x ceil(w/2).

    Rows are added first because whole rows are contiguous; that halves the strided work
    (7 ms instead of 11 ms for 2000 x 8000 uint16)."""
    h, w = a.shape
    rows: np.ndarray
    if h == 1:
        rows = a.astype(dtype) * 2
    else:
        rows = np.add(a[0 : h - 1 : 2], a[1::2], dtype=dtype)
        if h % 2:
            rows = np.concatenate([rows, a[-1:].astype(dtype) * 2])
    if w == 1:
        return rows * 2
    out: np.ndarray = rows[:, 0 : w - 1 : 2] + rows[:, 1::2]
    if w % 2:
        out = np.concatenate([out, rows[:, -1:] * 2], axis=1)
    return out


def _blockwise(reduce_block: Reducer, a: np.ndarray, dtype: DTypeLike) -> np.ndarray:
    """Apply a 2x2 reducer to row blocks of ~0.5 M pixels: the temporaries stay in cache,
    which makes the class-map reduction 2x faster than on the whole image at once."""
    h, w = a.shape
    out = np.empty(((h + 1) // 2, (w + 1) // 2), dtype=dtype)
    step = max(2, (_BLOCK_PIXELS // w) & ~1)  # even, so only the last block can be odd
    for top in range(0, h, step):
        out[top // 2 : (top + step + 1) // 2] = reduce_block(a[top : top + step])
    return out


def _mean_block(a: np.ndarray) -> np.ndarray:
    s = _pair_sums(a, np.uint32)
    s += 2  # round half up, as libvips does
    s >>= 2
    return s


def downsample_mean(a: np.ndarray) -> np.ndarray:
    """2x2 mean, rounded half up, of a uint16 (or uint8) image."""
    return _blockwise(_mean_block, a, a.dtype)


# Class counts packed in 4-bit nibbles of a uint16: one add per 2x2 block counts all four
# classes at once, and a 65,536-entry table turns the packed counts into the winner.
_N_CLASSES = 4
# On a tie the denser class wins (metal > inorganic > organic > undefined): at low zoom a
# small metal object must not vanish into its surroundings, and defined beats undefined.
_TIE_ORDER = (3, 2, 1, 0)


def _build_mode_table() -> np.ndarray:
    packed = np.arange(65536, dtype=np.uint32)
    counts = np.stack([(packed >> (4 * c)) & 0xF for c in range(_N_CLASSES)])
    best = np.zeros(65536, dtype=np.uint8)
    best_count = np.full(65536, -1, dtype=np.int64)
    for c in _TIE_ORDER:  # strictly greater: earlier (denser) classes keep ties
        better = counts[c] > best_count
        best[better] = c
        best_count[better] = counts[c][better]
    return best


_MODE_TABLE = _build_mode_table()


def _mode_block(classes: np.ndarray) -> np.ndarray:
    onehot = np.left_shift(np.uint16(1), classes.astype(np.uint16) << 2)
    return np.take(_MODE_TABLE, _pair_sums(onehot, np.uint16))


def downsample_mode(classes: np.ndarray) -> np.ndarray:
    """Most frequent class of each 2x2 block of a uint8 class map (values 0..3)."""
    return _blockwise(_mode_block, classes, np.uint8)


class Pyramid:
    """All Deep Zoom levels of one channel; ``levels[L]`` is level L (0 is 1x1)."""

    def __init__(self, levels: list[np.ndarray]) -> None:
        if not levels:
            raise ValueError("a pyramid needs at least one level")
        top = levels[-1]
        geometry = DziGeometry(top.shape[1], top.shape[0])
        if len(levels) != geometry.level_count:
            raise ValueError(f"expected {geometry.level_count} levels, got {len(levels)}")
        for level, arr in enumerate(levels):
            w, h = geometry.level_dimensions(level)
            if arr.shape != (h, w):
                raise ValueError(f"level {level} is {arr.shape}, expected {(h, w)}")
        self.levels = levels

    @classmethod
    def build(cls, full: np.ndarray, reducer: Reducer = downsample_mean) -> Pyramid:
        """Every level from full resolution down to 1x1, each reduced from the one above."""
        if full.ndim != 2:
            raise ValueError(f"expected a 2-D image, got shape {full.shape}")
        # Keep a contiguous input as it is (a memory map stays one, and is stored by link).
        levels = [full if full.flags.c_contiguous else np.ascontiguousarray(full)]
        while levels[-1].shape != (1, 1):
            levels.append(reducer(levels[-1]))
        levels.reverse()
        return cls(levels)

    @classmethod
    def build_classes(cls, classes: np.ndarray) -> Pyramid:
        return cls.build(classes, downsample_mode)

    @property
    def width(self) -> int:
        return int(self.levels[-1].shape[1])

    @property
    def height(self) -> int:
        return int(self.levels[-1].shape[0])

    @property
    def max_level(self) -> int:
        return len(self.levels) - 1

    @property
    def dtype(self) -> np.dtype:
        return self.levels[-1].dtype

    def level(self, level: int) -> np.ndarray:
        if not 0 <= level < len(self.levels):
            raise ValueError(f"level {level} outside 0..{self.max_level}")
        return self.levels[level]
