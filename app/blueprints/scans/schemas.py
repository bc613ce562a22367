"""How a scan is described to its readers (people, its own scanner): the answers of
GET /api/v1/scans, GET /api/v1/scans/<id> and the registration (app.validation.responds),
and the `scan` inside workflow answers."""

from __future__ import annotations

from typing import Literal

from flask import url_for
from flask_babel import gettext as _
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from app.blueprints.scans.services import material_source, person_tile_links
from app.models import Scan
from app.models.scans import SCAN_STATUSES, ChannelRole, ConveyanceKind, ScanStatus
from app.validation import Out, UtcDateTime


class ScanLinks(Out):
    self: str
    dzi: str = Field(description="Deep Zoom of server-rendered tiles (signed for the person, when a person asked)")
    data: str | None = Field(default=None, description="the lossless data tiles' description, for rendering in "
                                                       "the browser (signed; a person's answer only)")


class ScanSummary(Out):
    """A scan as its registration answers it (201 new, 200 a retry of the same scan)."""

    id: int
    scan_uid: str
    status: ScanStatus
    links: ScanLinks

    @classmethod
    def of(cls, scan: Scan) -> ScanSummary:
        return cls(id=scan.id, scan_uid=scan.scan_uid, status=scan.status, links=ScanLinks(**_links(scan)))


class ScanOutLinks(ScanLinks):
    thumbnail: str
    histogram: str
    pixel: str
    region: str = Field(description="statistics of a region (`?rect=` or `?points=`)")
    renew: str = Field(description="fresh signed links when these have expired")


class ConveyanceOut(Out):
    kind: ConveyanceKind
    container_ids: list[str]
    plate: str | None


class RadiationOut(Out):
    alarm: bool
    cps: float | None


class ScanSite(Out):
    code: str
    name: str


class PixelSpacing(Out):
    """x along the image width (scan direction), y along the height."""

    x: float
    y: float


class ScanScanner(Out):
    id: int
    name: str
    site: ScanSite
    kind: str
    dual_energy: bool
    pixel_spacing_mm: PixelSpacing


class ChannelOut(Out):
    role: ChannelRole
    width: int
    height: int
    sha256: str


class ScanOut(Out):
    """A scan: GET /api/v1/scans/<id>, and the `scan` of every workflow answer."""

    id: int
    scan_uid: str
    status: ScanStatus
    failure_reason: str | None = Field(description="why processing failed (status failed), in words for a person")
    scanned_at: UtcDateTime
    received_at: UtcDateTime
    format: str | None
    conveyance: ConveyanceOut
    weight_kg: float | None
    radiation: RadiationOut
    scanner: ScanScanner
    width: int | None
    height: int | None
    channels: list[ChannelOut]
    material_source: str | None = Field(description='"cips-calibrated", "default" or "vendor"; null for a '
                                                    "single-energy scan or one not processed yet")
    links: ScanOutLinks

    @classmethod
    def of(cls, scan: Scan) -> ScanOut:
        sc = scan.scanner
        links = _links(scan) | {key: url_for(f"scans.{endpoint}", scan_id=scan.id) for key, endpoint in (
            ("thumbnail", "thumbnail"), ("histogram", "histogram"), ("pixel", "pixel"), ("region", "region"),
            ("renew", "links"))}
        return cls.model_validate({
            "id": scan.id, "scan_uid": scan.scan_uid, "status": scan.status, "failure_reason": scan.failure_reason,
            "scanned_at": scan.scanned_at, "received_at": scan.received_at, "format": scan.format,
            "conveyance": {"kind": scan.conveyance_kind, "container_ids": scan.container_ids, "plate": scan.plate},
            "weight_kg": scan.weight_kg, "radiation": {"alarm": scan.radiation_alarm, "cps": scan.radiation_cps},
            "scanner": {"id": sc.id, "name": sc.name, "site": sc.site, "kind": sc.kind,
                        "dual_energy": any(ch.role == "low" for ch in scan.channels),
                        "pixel_spacing_mm": {"x": sc.pixel_spacing_x_mm, "y": sc.pixel_spacing_y_mm}},
            "width": scan.width, "height": scan.height, "channels": scan.channels,
            "material_source": material_source(scan), "links": links,
        })


def _links(scan: Scan) -> dict[str, str]:
    return {"self": url_for("scans.scan", scan_id=scan.id), "dzi": url_for("scans.dzi", scan_id=scan.id),
            **person_tile_links(scan.id)}


def scan_json(scan: Scan) -> dict:
    """A scan as JSON inside an answer still made by hand (workflow, declarations)."""
    return ScanOut.of(scan).model_dump(mode="json")


class ScanList(Out):
    scans: list[ScanOut]


class ScansQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")  # a cache-busting parameter is no mistake

    status: str = Field(default="", description="a comma-separated list of statuses ("
                        + ", ".join(SCAN_STATUSES) + "); none: every status")
    limit: int = Field(default=50, ge=1, le=500)

    @field_validator("status")
    @classmethod
    def _known(cls, value: str) -> str:
        if any(s not in SCAN_STATUSES for s in value.split(",") if s):
            raise PydanticCustomError("invalid", _("status takes a comma-separated list of %(value)s.",
                                                   value=", ".join(SCAN_STATUSES)))
        return value

    @property
    def statuses(self) -> list[str]:
        return [s for s in self.status.split(",") if s]


# --- the image routes' answers (imaging.py, for every door; signed.py's data.json) ------

class HistogramPercentiles(Out):
    p1: float
    p50: float
    p99: float


class WindowLevel(Out):
    window: float
    level: float


class ImageHistogram(Out):
    """One channel's histogram: GET <image>/histogram, and each channel of data.json."""

    channel: str
    bins: list[int]
    min: int = Field(description="the raw value range the bins span")
    max: int
    data_min: float = Field(description="the lowest raw value present (to the histogram's resolution)")
    data_max: float = Field(description="the highest raw value present")
    percentiles: HistogramPercentiles
    default: WindowLevel = Field(description="the default window, over the 0.5th..99.5th percentiles")


class PixelQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    x: int = Field(ge=0, description="full-resolution pixels")
    y: int = Field(ge=0, description="full-resolution pixels")


class PixelReading(Out):
    """The raw values at one full-resolution pixel, and what the material map reads there."""

    x: int
    y: int
    values: dict[str, int] = Field(description="per channel: high and low, or single")
    r: float | None = Field(description="the dual-energy ratio A_low / A_high")
    material: Literal["organic", "inorganic", "metal", "undefined"] | None
    z_eff: float | None
    z_sigma: float | None = Field(description="the uncertainty of z_eff, where the calibrated curves give one")
    material_source: str | None = Field(description='"cips-calibrated", "default" or "vendor"')


class HistogramQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    channel: Literal["high", "low", "single"] = "high"


class RegionQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    rect: str | None = Field(None, description="x,y,w,h in full-resolution pixels")
    points: str | None = Field(None, description="a polygon: pairs x,y separated by spaces")


class RegionChannel(Out):
    mean: float
    min: int
    max: int


class RegionStatistics(Out):
    """Statistics of the pixels inside a region, read at `level` (every `scale`-th pixel)."""

    level: int
    scale: int
    pixels: int
    area_m2: float
    channels: dict[str, RegionChannel]
    r: float | None = Field(description="mean(A_low) / mean(A_high)")
    materials: dict[str, float] | None = Field(description="the share of each material class")


class TileLinks(Out):
    """Fresh signed tile links of the image, for the person asking."""

    dzi: str
    data: str


class DataTiles(Out):
    """data.json: what the browser needs to render the scan itself."""

    width: int
    height: int
    tile_size: int
    overlap: int
    format: str
    version: str
    channels: dict[str, ImageHistogram]
    classes: bool = Field(description="whether the data tiles carry a material class map")
