"""The checks every decoded scan passes, in one place.

``check_dimensions`` runs on sizes read from a header, before any pixel buffer is
allocated; ``check_channels`` runs on what a plug-in returns (the registry calls it for
every plug-in, built-in or third-party).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import InvalidScanFile

CHANNEL_SETS = (frozenset({"single"}), frozenset({"high", "low"}))


@dataclass(frozen=True)
class Limits:
    """Accepted image sizes, per channel.  The default pixel cap (2**27, e.g. 3,000 x
    44,000) is far above any scanner's image (<= 3,000 x 12,000) and keeps one channel
    under 256 MiB."""

    min_side: int = 16
    max_side: int = 65535
    max_pixels: int = 2**27


DEFAULT_LIMITS = Limits()


def check_dimensions(width: int, height: int, limits: Limits = DEFAULT_LIMITS, *, what: str = "image") -> None:
    """Reject zero-sized or absurd sizes taken from a header, before allocating."""
    if not (limits.min_side <= width <= limits.max_side and limits.min_side <= height <= limits.max_side):
        raise InvalidScanFile(
            f"{what}: {width}x{height} px is not a plausible scan size; each side must be "
            f"{limits.min_side} to {limits.max_side} px"
        )
    if width * height > limits.max_pixels:
        raise InvalidScanFile(
            f"{what}: {width}x{height} px ({width * height:,} px) exceeds the limit of "
            f"{limits.max_pixels:,} px per image"
        )


def check_same_size(high: tuple[int, int], low: tuple[int, int], what: str = "") -> None:
    """Sizes as (width, height); message in the scanner's terms (width x height)."""
    if tuple(high) != tuple(low):
        prefix = f"{what}: " if what else ""
        raise InvalidScanFile(
            f"{prefix}high and low energy images differ in size: {high[0]}x{high[1]} vs {low[0]}x{low[1]}"
        )


def check_channels(
    channels: dict[str, np.ndarray], limits: Limits = DEFAULT_LIMITS, *, what: str = "scan"
) -> dict[str, np.ndarray]:
    """Validate decoded channels; returns them as C-contiguous native uint16 arrays."""
    if frozenset(channels) not in CHANNEL_SETS:
        raise InvalidScanFile(f"{what}: channels {sorted(channels)} given; expected 'single' or 'high' and 'low'")
    out: dict[str, np.ndarray] = {}
    for role, array in channels.items():
        if not isinstance(array, np.ndarray) or array.ndim != 2:
            dims = getattr(array, "ndim", "?")
            raise InvalidScanFile(f"{what}: the {role} image must be 2-D, got {dims}-D")
        if array.dtype.kind != "u" or array.dtype.itemsize != 2:
            raise InvalidScanFile(f"{what}: the {role} image must be 16-bit unsigned, got {array.dtype}")
        check_dimensions(array.shape[1], array.shape[0], limits, what=f"{what} ({role})")
        out[role] = np.ascontiguousarray(array, dtype=np.uint16)
    if "high" in out:
        (hh, hw), (lh, lw) = out["high"].shape, out["low"].shape
        check_same_size((hw, hh), (lw, lh), what)
    return out
