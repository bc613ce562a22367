"""How a scan is described to its readers (people, its own scanner): the answers of
GET /api/v1/scans, GET /api/v1/scans/<id> and the registration (app.validation.responds),
and the `scan` inside workflow answers."""

from __future__ import annotations

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
