"""Deep Zoom tiles for dual-energy X-ray scans: a pure library (numpy, Pillow, stdlib).

No web framework here: the web layer parses the request with ``RenderParams.from_query``,
looks the tile up in a ``TileCache`` and otherwise calls ``ProcessedScan.render_tile``.
"""

from .cache import TileCache, TileKey, etag, etag_matches
from .geometry import DziGeometry, TileBounds
from .materials import (
    CLASS_NAMES,
    DEFAULT_CALIBRATION,
    INORGANIC,
    METAL,
    ORGANIC,
    UNDEFINED,
    Classifier,
    classify,
    validate_calibration,
)
from .params import RenderParamError, RenderParams
from .process import ProcessedScan, process_scan
from .pyramid import Pyramid, downsample_mean, downsample_mode
from .render import LutCache, build_lut, render_image, render_tile
from .stats import ChannelStats, histogram
from .store import load_scan, save_scan

__all__ = [
    "CLASS_NAMES",
    "DEFAULT_CALIBRATION",
    "INORGANIC",
    "METAL",
    "ORGANIC",
    "UNDEFINED",
    "ChannelStats",
    "Classifier",
    "DziGeometry",
    "LutCache",
    "ProcessedScan",
    "Pyramid",
    "RenderParamError",
    "RenderParams",
    "TileBounds",
    "TileCache",
    "TileKey",
    "build_lut",
    "classify",
    "downsample_mean",
    "downsample_mode",
    "etag",
    "etag_matches",
    "histogram",
    "load_scan",
    "process_scan",
    "render_image",
    "render_tile",
    "save_scan",
    "validate_calibration",
]
