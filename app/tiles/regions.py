"""Statistics of a region an analyst drew: values of both energies, the dual-energy ratio,
material class shares and the area in square metres."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from .materials import CLASS_NAMES, DEFAULT_CALIBRATION
from .process import ProcessedScan

# Pixels read at most: a larger region is measured on a coarser pyramid level (each pixel
# there the 2 x 2 mean of the level above), which keeps one request under ~100 ms.
MAX_PIXELS = 4_000_000
MAX_POINTS = 500

Point = tuple[float, float]


@dataclass(frozen=True)
class Region:
    """A polygon in full-resolution image pixels (a rectangle is four corners)."""

    points: tuple[Point, ...]

    @classmethod
    def rectangle(cls, x: float, y: float, w: float, h: float) -> Region:
        if not (w > 0 and h > 0):
            raise ValueError("a rectangle needs a positive width and height")
        return cls(((x, y), (x + w, y), (x + w, y + h), (x, y + h)))

    @classmethod
    def polygon(cls, points: Sequence[Point]) -> Region:
        if not 3 <= len(points) <= MAX_POINTS:
            raise ValueError(f"a polygon needs 3 to {MAX_POINTS} points")
        return cls(tuple((float(x), float(y)) for x, y in points))

    def __post_init__(self) -> None:
        if not all(math.isfinite(c) for p in self.points for c in p):
            raise ValueError("region coordinates must be finite numbers")

    def area(self) -> float:
        """Exact area in pixels² (shoelace formula), not a count of pixels."""
        pts = self.points
        twice = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]))
        return abs(twice) / 2


def parse_region(rect: str | None, points: str | None) -> Region:
    """From a query string: ``rect=x,y,w,h`` or ``points=x,y x,y ...`` (an SVG polygon's
    points, as in the regions' selectors). ValueError says what is wrong."""
    if (rect is None) == (points is None):
        raise ValueError("give either rect=x,y,w,h or points=x,y x,y ...")
    try:
        if rect is not None:
            x, y, w, h = (float(v) for v in rect.split(","))
            return Region.rectangle(x, y, w, h)
        pairs = [p.split(",") for p in points.split()]  # type: ignore[union-attr]
        return Region.polygon([(float(a), float(b)) for a, b in pairs])
    except (TypeError, ValueError) as exc:
        if "region" in str(exc) or "rectangle" in str(exc) or "polygon" in str(exc):
            raise
        raise ValueError("rect takes four numbers x,y,w,h; points takes pairs x,y separated by spaces") from None


def region_stats(scan: ProcessedScan, region: Region, spacing_mm: tuple[float, float]) -> dict[str, Any]:
    """Mean, minimum and maximum of each channel, R = mean(A_low) / mean(A_high), the share
    of each material class and the area (m², from the scanner's pixel spacing) inside
    ``region``. ValueError if the region misses the image."""
    xs = [p[0] for p in region.points]
    ys = [p[1] for p in region.points]
    x0, y0 = max(0, math.floor(min(xs))), max(0, math.floor(min(ys)))
    x1, y1 = min(scan.width, math.ceil(max(xs))), min(scan.height, math.ceil(max(ys)))
    if x1 <= x0 or y1 <= y0:
        raise ValueError("the region lies outside the image")
    top = scan.channels["high"].max_level
    shift = 0
    while ((x1 - x0) >> shift) * ((y1 - y0) >> shift) > MAX_PIXELS and shift < top:
        shift += 1
    level, scale = top - shift, 1 << shift
    bx0, by0 = x0 // scale, y0 // scale
    bx1, by1 = -(-x1 // scale), -(-y1 // scale)
    mask = _mask(region, (bx0, by0, bx1, by1), scale)
    count = int(mask.sum())
    body: dict[str, Any] = {
        "level": level,
        "scale": scale,
        "pixels": count,
        "area_m2": region.area() * spacing_mm[0] * spacing_mm[1] / 1e6,
        "channels": {},
        "r": None,
        "materials": None,
    }
    if count == 0:
        return body
    means = {}
    for name, pyramid in scan.channels.items():
        values = np.asarray(pyramid.level(level)[by0:by1, bx0:bx1])[mask]
        body["channels"][name] = {"mean": float(values.mean()), "min": int(values.min()), "max": int(values.max())}
        means[name] = float(
            np.log(_open_beam(scan.calibration, name) / np.maximum(values, 1).astype(np.float64)).mean()
        )
    if "low" in means and means["high"] > 1e-6:
        body["r"] = means["low"] / means["high"]
    if scan.classes is not None:
        classes = np.asarray(scan.classes.level(level)[by0:by1, bx0:bx1])[mask]
        counts = np.bincount(classes, minlength=max(CLASS_NAMES) + 1)
        body["materials"] = {CLASS_NAMES[c]: float(counts[c]) / count for c in sorted(CLASS_NAMES)}
    return body


def _open_beam(calibration: Mapping[str, Any] | None, channel: str) -> float:
    """I0 of a channel: one number in the threshold calibration, one per energy in the
    physics calibration (app.tiles.physics.calibration)."""
    i0 = (calibration or DEFAULT_CALIBRATION).get("i0", DEFAULT_CALIBRATION["i0"])
    return float(i0.get(channel, i0.get("high")) if isinstance(i0, Mapping) else i0)


def _mask(region: Region, box: tuple[int, int, int, int], scale: int) -> np.ndarray:
    """Pixels of the level block ``box`` whose centres lie inside the region."""
    bx0, by0, bx1, by1 = box
    image = Image.new("1", (bx1 - bx0, by1 - by0), 0)
    # Pillow fills the pixels whose centres the outline encloses, given centre coordinates.
    outline = [(x / scale - bx0 - 0.5, y / scale - by0 - 0.5) for x, y in region.points]
    ImageDraw.Draw(image).polygon(outline, fill=1)
    return np.asarray(image, dtype=bool)
