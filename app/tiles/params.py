"""Render parameters parsed from a tile URL's query string.

OpenSeadragon appends the ``.dzi`` URL's query string to every tile URL, so these
parameters travel with each tile request; parsing is strict so that a typo is reported
instead of silently rendering (and caching) the default.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from .colormaps import CMAPS

CHANNELS = ("high", "low")
STRIP_CLASSES = ("none", "organic", "inorganic", "metal")
FORMATS = ("jpeg", "png")
CMAP_ALIASES = {"gray": "grey"}
GAMMA_RANGE = (0.1, 10.0)
LEVEL_RANGE = (0.0, 65535.0)
WINDOW_MAX = 131072.0
_BOOLS = ("invert", "material", "edge", "equalize", "hipen")


class RenderParamError(ValueError):
    """An invalid render parameter; ``param`` names it for the HTTP 400 response."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


@dataclass(frozen=True)
class RenderParams:
    """How to turn a uint16 channel into display pixels; immutable, hashable."""

    channel: str = "high"
    window: float | None = None  # width in raw units; None: the caller's default
    level: float | None = None  # centre in raw units; None: the caller's default
    gamma: float = 1.0  # brightness ** (1 / gamma): > 1 brightens the dark range
    invert: bool = False
    cmap: str = "grey"
    material: bool = False  # material colours; cmap is then ignored
    strip: str = "none"  # show one class only, wash the others out towards white
    edge: bool = False
    equalize: bool = False
    hipen: bool = False
    fmt: str = "jpeg"

    def __post_init__(self) -> None:
        for name in ("window", "level", "gamma"):  # 100 and 100.0 must share a cache key
            value = getattr(self, name)
            if value is not None:
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise RenderParamError(name, f"must be a number, got {value!r}")
                object.__setattr__(self, name, float(value))
        for name in _BOOLS:
            object.__setattr__(self, name, bool(getattr(self, name)))
        _check_choice("channel", self.channel, CHANNELS)
        _check_choice("cmap", self.cmap, tuple(CMAPS))
        _check_choice("strip", self.strip, STRIP_CLASSES)
        _check_choice("fmt", self.fmt, FORMATS)
        if self.window is not None and not 0 < self.window <= WINDOW_MAX:
            raise RenderParamError("window", f"must be > 0 and <= {WINDOW_MAX:g}, got {self.window:g}")
        if self.level is not None and not LEVEL_RANGE[0] <= self.level <= LEVEL_RANGE[1]:
            raise RenderParamError("level", f"must be between 0 and 65535, got {self.level:g}")
        if not GAMMA_RANGE[0] <= self.gamma <= GAMMA_RANGE[1]:
            raise RenderParamError("gamma", f"must be between 0.1 and 10, got {self.gamma:g}")

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> RenderParams:
        """Parse a query-string mapping (a dict or a werkzeug MultiDict) of strings."""
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for name in query:
            if name not in known:
                raise RenderParamError(name, "unknown parameter; known: " + ", ".join(sorted(known)))
            values[name] = _parse(name, _single(query, name))
        return cls(**values)

    def cache_key(self) -> str:
        """Canonical string: equal renders give equal keys (cmap is moot with material)."""
        return ";".join(f"{k}={v}" for k, v in self._canonical().items())

    def lut_key(self) -> str:
        """The part of the key that shapes the lookup table (not edge or format)."""
        items = self._canonical()
        return ";".join(f"{k}={v}" for k, v in items.items() if k not in ("edge", "fmt"))

    def to_query(self) -> dict[str, str]:
        """Non-default values as strings, ready for a URL; ``from_query`` reads them back."""
        default = RenderParams()._canonical()
        return {k: v for k, v in self._canonical().items() if v != default[k]}

    def _canonical(self) -> dict[str, str]:
        p = replace(self, cmap="grey") if self.material else self
        out: dict[str, str] = {}
        for f in fields(p):
            value = getattr(p, f.name)
            if value is None:
                out[f.name] = "auto"
            elif isinstance(value, bool):
                out[f.name] = "1" if value else "0"
            elif isinstance(value, float):
                out[f.name] = repr(value)  # repr round-trips: no two values share a key
            else:
                out[f.name] = str(value)
        return out


def _check_choice(name: str, value: Any, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise RenderParamError(name, f"must be one of {', '.join(choices)}, got {value!r}")


def _single(query: Mapping[str, Any], name: str) -> str:
    getlist = getattr(query, "getlist", None)
    raw = getlist(name) if callable(getlist) else query[name]
    if isinstance(raw, (list, tuple)):
        if len(raw) != 1:
            raise RenderParamError(name, "must be given exactly once")
        raw = raw[0]
    if not isinstance(raw, str):
        raise RenderParamError(name, f"must be a string, got {type(raw).__name__}")
    return raw


def _parse(name: str, raw: str) -> Any:
    if name in _BOOLS:
        if raw not in ("0", "1"):
            raise RenderParamError(name, f"must be 0 or 1, got {raw!r}")
        return raw == "1"
    if name in ("window", "level", "gamma"):
        if raw == "auto" and name != "gamma":
            return None
        try:
            value = float(raw)
        except ValueError:
            raise RenderParamError(name, f"must be a number, got {raw!r}") from None
        if not math.isfinite(value):
            raise RenderParamError(name, f"must be a finite number, got {raw!r}")
        return value
    if name == "cmap":
        return CMAP_ALIASES.get(raw, raw)
    return raw
