"""Deep Zoom (DZI) tile geometry: a pure class with no I/O, checked against libvips dzsave.

Level 0 is 1x1, the highest level is the full-resolution image, and each level below is
``ceil(size / 2)`` of the one above (the same as libvips and OpenSeadragon).
"""

from __future__ import annotations

from typing import NamedTuple

DZI_NAMESPACE = "http://schemas.microsoft.com/deepzoom/2008"


class TileBounds(NamedTuple):
    """A tile's rectangle in level pixel coordinates, overlap included."""

    x: int
    y: int
    w: int
    h: int


class DziGeometry:
    """Levels, tile counts and tile rectangles of one image in the Deep Zoom layout."""

    def __init__(self, width: int, height: int, tile_size: int = 254, overlap: int = 1) -> None:
        if width < 1 or height < 1:
            raise ValueError(f"image size must be positive, got {width}x{height}")
        if tile_size < 1:
            raise ValueError(f"tile_size must be positive, got {tile_size}")
        if overlap < 0 or overlap >= tile_size:
            raise ValueError(f"overlap must be in [0, tile_size), got {overlap}")
        self.width = int(width)
        self.height = int(height)
        self.tile_size = int(tile_size)
        self.overlap = int(overlap)
        # ceil(log2(n)) computed exactly on integers: float log2 misrounds near powers of 2.
        self.max_level = (max(self.width, self.height) - 1).bit_length()
        self.level_count = self.max_level + 1

    def __repr__(self) -> str:
        return f"DziGeometry({self.width}, {self.height}, tile_size={self.tile_size}, overlap={self.overlap})"

    def _check_level(self, level: int) -> None:
        if not 0 <= level <= self.max_level:
            raise ValueError(f"level {level} outside 0..{self.max_level}")

    def level_dimensions(self, level: int) -> tuple[int, int]:
        """(width, height) of ``level``; ceil division keeps every pixel represented."""
        self._check_level(level)
        shift = self.max_level - level
        return -(-self.width >> shift), -(-self.height >> shift)

    def tile_counts(self, level: int) -> tuple[int, int]:
        """(columns, rows) of tiles at ``level``."""
        w, h = self.level_dimensions(level)
        return -(-w // self.tile_size), -(-h // self.tile_size)

    def tile_count(self) -> int:
        """Number of tiles over all levels (what a dzsave directory would hold)."""
        total = 0
        for level in range(self.level_count):
            cols, rows = self.tile_counts(level)
            total += cols * rows
        return total

    def has_tile(self, level: int, col: int, row: int) -> bool:
        if not 0 <= level <= self.max_level:
            return False
        cols, rows = self.tile_counts(level)
        return 0 <= col < cols and 0 <= row < rows

    def tile_bounds(self, level: int, col: int, row: int) -> TileBounds:
        """Rectangle of tile (col, row) at ``level``: ``overlap`` extra pixels on each side
        that has a neighbouring tile, clipped to the level."""
        if not self.has_tile(level, col, row):
            raise ValueError(f"no tile ({col}, {row}) at level {level} of {self!r}")
        lw, lh = self.level_dimensions(level)
        x, w = self._axis(col, lw)
        y, h = self._axis(row, lh)
        return TileBounds(x, y, w, h)

    def _axis(self, index: int, length: int) -> tuple[int, int]:
        start = index * self.tile_size
        lead = self.overlap if index > 0 else 0
        end = min(start + self.tile_size + self.overlap, length)
        return start - lead, end - (start - lead)

    def dzi_xml(self, fmt: str = "jpeg") -> str:
        """The ``.dzi`` descriptor, in the exact one-line form OpenSeadragon expects."""
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<Image xmlns="{DZI_NAMESPACE}" Format="{fmt}" Overlap="{self.overlap}" '
            f'TileSize="{self.tile_size}"><Size Width="{self.width}" Height="{self.height}"/>'
            "</Image>"
        )
