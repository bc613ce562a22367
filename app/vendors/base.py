"""What every vendor format plug-in implements, and what it hands back.

A plug-in subclasses :class:`VendorPlugin`, sets ``key`` and ``name`` and implements
``sniff`` (cheap: looks at the first bytes only) and ``read``.  ``read`` returns a
:class:`ScanImage` or raises :class:`UnsupportedFormat` (the caller answers HTTP 415) or
:class:`InvalidScanFile` (HTTP 422), with a message that names the file and what is wrong.
No web framework here: numpy and the standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from .errors import InvalidScanFile, UnsupportedFormat, VendorError
from .validate import DEFAULT_LIMITS, Limits

__all__ = [
    "InputFile",
    "InvalidScanFile",
    "ScanImage",
    "UnsupportedFormat",
    "VendorError",
    "VendorPlugin",
    "channel_files",
    "data_files",
    "pair_roles",
]

ROLES = ("high", "low", "single", "sidecar")
SNIFF_BYTES = 512


@dataclass(frozen=True)
class InputFile:
    """One uploaded file: where it lies, what the uploader says it is, its original name."""

    path: Path
    role: str | None = None  # "high" | "low" | "single" | "sidecar" | None (let the plug-in tell)
    name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", Path(self.path))
        if not self.name:
            object.__setattr__(self, "name", self.path.name)
        if self.role is not None and self.role not in ROLES:
            raise InvalidScanFile(f"{self.name}: unknown role {self.role!r}; expected one of {', '.join(ROLES)}")

    def head(self, size: int = SNIFF_BYTES) -> bytes:
        """The first ``size`` bytes (fewer for a short file; b"" if it cannot be read)."""
        try:
            with open(self.path, "rb") as f:
                return f.read(size)
        except OSError:
            return b""

    def size(self) -> int:
        return self.path.stat().st_size


@dataclass
class ScanImage:
    """Decoded scan: ``channels`` is {"high", "low"} (dual energy) or {"single"}, each a
    C-contiguous 2-D uint16 array of one shape; ``metadata`` holds what the format carries
    (``kvp`` per channel, ``manufacturer``, ``pixel_spacing_mm`` [row, column],
    ``acquired_at`` ISO 8601, ``ooi_type`` ...) and ``format``, the plug-in key.
    ``maps`` holds the vendor's own material images of the same size, when the scanner
    exports them: "classes" (uint8, CIPS codes 0 undetermined, 1 organic, 2 inorganic,
    3 metal) and/or "zeff" (float32 Z-effective, 0 where it gave none); CIPS then shows
    them instead of its own classification and says so."""

    channels: dict[str, np.ndarray]
    metadata: dict[str, Any] = field(default_factory=dict)
    maps: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def dual_energy(self) -> bool:
        return "high" in self.channels

    @property
    def shape(self) -> tuple[int, int]:
        """(height, width)."""
        h, w = next(iter(self.channels.values())).shape
        return int(h), int(w)


class VendorPlugin:
    """Base class of a vendor format plug-in; subclasses are registered by class."""

    key: ClassVar[str] = ""
    name: ClassVar[str] = ""

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits

    @classmethod
    def enabled(cls) -> bool:
        """False when an optional dependency is missing: the plug-in is listed, not used."""
        return True

    def sniff(self, files: list[InputFile]) -> bool:
        """True if these files look like this format; read only the first bytes."""
        raise NotImplementedError

    def read(self, files: list[InputFile]) -> ScanImage:
        """Decode the files; raise InvalidScanFile for anything wrong in them."""
        raise NotImplementedError


def data_files(files: list[InputFile]) -> list[InputFile]:
    """The files that hold pixels (everything but a sidecar)."""
    return [f for f in files if f.role != "sidecar"]


def _name_role(f: InputFile) -> str | None:
    tokens = set(re.split(r"[^a-z0-9]+", Path(f.name).stem.lower()))
    found = tokens & {"high", "low"}
    return found.pop() if len(found) == 1 else None


def pair_roles(files: list[InputFile]) -> tuple[InputFile, InputFile] | None:
    """(high, low) of two files from their roles, else from "high"/"low" in their names;
    None when neither tells (a plug-in may then look inside, e.g. at the kVp)."""
    a, b = files
    if {a.role, b.role} == {"high", "low"}:
        return (a, b) if a.role == "high" else (b, a)
    if a.role in ("high", "low") or b.role in ("high", "low") or "single" in (a.role, b.role):
        raise InvalidScanFile(
            f"{a.name} and {b.name}: roles {a.role!r} and {b.role!r} given; "
            "a dual-energy scan needs one 'high' and one 'low' file"
        )
    guess = {_name_role(a), _name_role(b)}
    if guess == {"high", "low"}:
        return (a, b) if _name_role(a) == "high" else (b, a)
    return None


def channel_files(files: list[InputFile], what: str) -> dict[str, InputFile]:
    """Map one data file to "single", two to "high"/"low" (roles or names must tell)."""
    data = data_files(files)
    if len(data) == 1:
        if data[0].role in ("high", "low"):
            other = "low" if data[0].role == "high" else "high"
            raise InvalidScanFile(
                f"{data[0].name}: only the {data[0].role} energy image was given; the {other} energy image is missing"
            )
        return {"single": data[0]}
    if len(data) == 2:
        pair = pair_roles(data)
        if pair is None:
            raise InvalidScanFile(
                f"{data[0].name} and {data[1].name}: cannot tell the high from "
                "the low energy image; give the files the roles high and low"
            )
        return {"high": pair[0], "low": pair[1]}
    raise InvalidScanFile(f"expected one {what} file (single energy) or two (high and low energy), got {len(data)}")
