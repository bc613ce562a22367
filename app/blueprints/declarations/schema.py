"""Declarations from the customs operation system as pydantic models (a mistake is a 422
`invalid_declaration` naming the field, `goods[0].hs_code`), and the shapes of the
declaration API's answers (app.validation.responds)."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Annotated, Any, Literal

from flask_babel import gettext as _
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, RootModel, field_validator, model_validator
from stdnum import iso6346

from app.blueprints.scans.schemas import ScanOut
from app.database import parse_iso
from app.models import OutboxEvent
from app.models.declarations import RISK_LEVELS, DeliveryState, LinkMethod, RiskLevel
from app.models.workflow import OUTCOMES, Decision
from app.validation import Body, Out, UtcDateTime, one_of, parse, refuse

NUMBER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$"
_HS = re.compile(r"\d{6,10}")
_PLATE = re.compile(r"[A-Z0-9][A-Z0-9 -]{0,31}")


def _text(limit: int):
    def check(value: Any) -> str:
        if value is None:
            return ""
        if not isinstance(value, str) or len(value) > limit:
            raise refuse(_("must be text of at most %(limit)s characters", limit=limit))
        return value.strip()

    return check


def _amount(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or value > 1e9:
        raise refuse(_("must be a non-negative number"))
    return float(value)


def _hs(value: Any) -> str:
    hs = value.replace(".", "").strip() if isinstance(value, str) else value
    if not isinstance(hs, str) or not _HS.fullmatch(hs):
        raise refuse(_("must be 6 to 10 digits"))
    return hs


def _container(value: Any) -> str:
    if not isinstance(value, str) or not iso6346.is_valid(value):
        raise refuse(_("is not a valid ISO 6346 container number"))
    return iso6346.compact(value)


def _plate(value: Any) -> str | None:
    if value is None:
        return None
    plate = value.strip().upper() if isinstance(value, str) else ""
    if not _PLATE.fullmatch(plate):
        raise refuse(_("must be up to 32 letters, digits, spaces or '-'"))
    return plate


Amount = Annotated[Annotated[float, Field(ge=0, le=1e9)] | None, BeforeValidator(_amount)]


class GoodsLineIn(BaseModel):
    hs_code: Annotated[str, Field(pattern=r"^\d{6,10}$", description="dots are dropped: 4011.10 is 401110"),
                       BeforeValidator(_hs)]
    description: Annotated[str, Field(max_length=500), BeforeValidator(_text(500))] = ""
    quantity: Amount = None
    unit: Annotated[str, Field(max_length=20), BeforeValidator(_text(20))] = ""
    gross_kg: Amount = None
    net_kg: Amount = None


class TransportIn(BaseModel):
    container_ids: list[Annotated[str, BeforeValidator(_container)]] = Field(
        default_factory=list, description="ISO 6346 container numbers (check digit verified)")
    plate: Annotated[str | None, BeforeValidator(_plate)] = None

    @field_validator("container_ids", mode="before")
    @classmethod
    def _ids(cls, value: Any) -> Any:
        if not isinstance(value, list) or len(value) > 20:
            raise refuse(_("must be a list of at most 20 container numbers"))
        return value

    @model_validator(mode="after")
    def _matchable(self) -> TransportIn:
        if not self.container_ids and not self.plate:
            raise refuse(_("needs container_ids or a plate, to be matched with a scan"))
        return self


class RiskIn(BaseModel):
    level: Annotated[RiskLevel, one_of(RISK_LEVELS)]
    reasons: list[Annotated[str, Field(max_length=200)]] = Field(default_factory=list)


    @field_validator("reasons", mode="before")
    @classmethod
    def _reasons(cls, value: Any) -> Any:
        if not isinstance(value, list) or not all(isinstance(r, str) and len(r) <= 200 for r in value):
            raise refuse(_("must be a list of short texts"))
        return value


class DeclarationIn(BaseModel):
    """One declaration (a resend of its number is its next version)."""

    model_config = ConfigDict(extra="forbid")

    number: str = Field(pattern=NUMBER_PATTERN)
    declared_at: datetime = Field(description="ISO 8601; without an offset it is taken as UTC")
    declarant: Annotated[str, Field(max_length=200), BeforeValidator(_text(200))] = ""
    consignor: Annotated[str, Field(max_length=200), BeforeValidator(_text(200))] = ""
    consignee: Annotated[str, Field(max_length=200), BeforeValidator(_text(200))] = ""
    origin_country: str | None = Field(default=None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166 alpha-2")
    transport: TransportIn = Field(default_factory=dict, validate_default=True)
    goods: list[GoodsLineIn] = Field(min_length=1, max_length=999)
    risk: RiskIn | None = None

    @field_validator("number", mode="before")
    @classmethod
    def _number(cls, value: Any) -> Any:
        if not isinstance(value, str) or not re.fullmatch(NUMBER_PATTERN, value):
            raise refuse(_("1-40 letters, digits, '/', '_', '.' or '-'"))
        return value

    @field_validator("declared_at", mode="before")
    @classmethod
    def _when(cls, value: Any) -> datetime:
        when = parse_iso(value)
        if when is None:
            raise refuse(_("must be an ISO 8601 date and time"))
        return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)

    @field_validator("origin_country", mode="before")
    @classmethod
    def _country(cls, value: Any) -> Any:
        if value is not None and (not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2}", value)):
            raise refuse(_("must be a two-letter ISO 3166 code"))
        return value.upper() if isinstance(value, str) else value

    # Left out, `transport` is validated as an empty one: refused with the reason.
    @field_validator("transport", mode="before")
    @classmethod
    def _transport(cls, value: Any) -> Any:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise refuse(_('must be an object like {"container_ids": [...], "plate": "..."}'))
        return value

    @field_validator("goods", mode="before")
    @classmethod
    def _goods(cls, value: Any) -> Any:
        if not isinstance(value, list) or not 1 <= len(value) <= 999:
            raise refuse(_("must be a list of 1 to 999 goods lines"))
        return value


class DeclarationsIn(RootModel[DeclarationIn | list[DeclarationIn]]):
    """One declaration, or a JSON array of them (each stands alone: one bad declaration
    fails only itself); also NDJSON, one per line."""


def parse_declaration(body: Any) -> dict[str, Any]:
    """The row's columns, or ApiError 422 naming the first bad field."""
    data = parse(DeclarationIn, body, "declaration", code="invalid_declaration", brackets=True)
    risk = data.risk or RiskIn(level="low")
    return {
        "number": data.number, "declared_at": data.declared_at,
        "declarant": data.declarant, "consignor": data.consignor, "consignee": data.consignee,
        "origin_country": data.origin_country,
        "container_ids": data.transport.container_ids, "plate": data.transport.plate,
        "goods": [line.model_dump() for line in data.goods],
        "risk_level": risk.level, "risk_reasons": risk.reasons[:20],
    }


class LinkIn(Body):
    number: str = Field(description="the declaration's number")
    reason: str = Field(min_length=1, max_length=500)


class UnlinkIn(Body):
    reason: str = Field(min_length=1, max_length=500)


# --- answers ----------------------------------------------------------------------------

class HsChapter(Out):
    code: str
    name: str


class GoodsLineOut(Out):
    hs_code: str
    description: str
    quantity: float | None
    unit: str | None
    gross_kg: float | None
    net_kg: float | None
    hs_chapter: HsChapter | None


class TransportOut(Out):
    container_ids: list[str]
    plate: str | None


class RiskOut(Out):
    level: RiskLevel
    reasons: list[str]


class DeclarationOut(Out):
    """A declaration as analysts and experts see it: no party names (anti-corruption)."""

    number: str
    version: int
    declared_at: UtcDateTime
    origin_country: str | None
    transport: TransportOut
    goods: list[GoodsLineOut]
    risk: RiskOut


class DeclarationWithParties(DeclarationOut):
    """With the party names: for site officers, supervisors, admins and the customs system."""

    declarant: str
    consignor: str
    consignee: str


class DeclarationMatch(Out):
    method: LinkMethod
    container_id: str | None
    corrected_from: str | None
    number: str


class WeightCheck(Out):
    declared_gross_kg: float
    measured_kg: float
    difference_percent: float
    flagged: bool


class EarlierScan(Out):
    id: int
    scan_uid: str
    scanned_at: UtcDateTime
    site: str
    verdict: Decision | None


class ScanDeclarationOut(Out):
    """What is beside a scan: its declaration, how it was matched, the weight check and
    earlier scans of the same containers."""

    declaration: DeclarationWithParties | DeclarationOut | None
    match: DeclarationMatch | None
    weight: WeightCheck | None
    earlier_scans: list[EarlierScan]


class BulkResult(Out):
    number: str | None
    status: int
    error: str | None = Field(default=None, description="why, when status is 4xx")
    field: str | None = None


class BulkResults(Out):
    results: list[BulkResult]


class DeclarationAnswer(RootModel[DeclarationWithParties | BulkResults]):
    """A declaration (201 new, 200 its next version), or one result per declaration of a bulk send."""


class UnmatchedScans(Out):
    scans: list[ScanOut]


class DeliveryOut(Out):
    event_id: str
    type: str
    scan_uid: str | None
    state: DeliveryState
    attempts: int
    last_error: str | None
    created_at: UtcDateTime
    delivered_at: UtcDateTime | None

    @classmethod
    def of(cls, event: OutboxEvent) -> DeliveryOut:
        return cls.model_validate({
            "event_id": event.event_id, "type": event.type, "scan_uid": event.payload.get("scan_uid"),
            "state": event.state, "attempts": event.attempts, "last_error": event.last_error,
            "created_at": event.created_at, "delivered_at": event.delivered_at})


class Deliveries(Out):
    deliveries: list[DeliveryOut]


# --- results for the customs operation system (GET /results; the webhook sends the same) ---

class ResultsQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    after: int = Field(0, ge=0, le=2**63 - 1, description="the `next` of the previous page; 0: from the start")
    limit: int = Field(100, ge=1, le=1000)


class ResultGoodsLine(Out):
    line: int = Field(description="1-based, in the declaration's goods")
    hs_code: str | None
    description: str | None


class RegionFinding(Out):
    region: int = Field(description="1-based, in `regions`")
    category: str | None = Field(description="the threat category the analyst gave the region")
    label: str | None
    goods_line: ResultGoodsLine | None = Field(description="the goods line the region contradicts")


class ItemFinding(Out):
    category: str = Field(description="threat category of what the inspection found")
    description: str
    quantity: float | None
    unit: str | None


class InspectionFacts(Out):
    hs_code: str | None
    seals_before: list[str]
    seals_after: list[str]
    officers_present: int = Field(description="how many officers were present")
    photos: int = Field(description="how many photos were taken")
    notes: str
    inspected_at: UtcDateTime | None


class _ResultFacts(Out):
    cursor: int = Field(description="this result's place in the feed (pass the last one as `after`)")
    event_id: str = Field(description="stable per result; the webhook's Idempotency-Key")
    scan_uid: str
    declaration_number: str | None = Field(description="the declaration linked to the scan when it happened")
    at: UtcDateTime
    regions: list[dict[str, Any]] = Field(description="W3C Web Annotations (verdicts; empty for inspections)")


class VerdictResult(_ResultFacts):
    type: Literal["verdict", "verdict_revised"]
    decision: Decision
    findings: list[RegionFinding]
    outcome: None


class InspectionResult(_ResultFacts):
    type: Literal["inspection"]
    decision: None
    findings: list[ItemFinding]
    outcome: Literal[OUTCOMES]  # type: ignore[valid-type]
    inspection: InspectionFacts


class CosResults(Out):
    results: list[Annotated[VerdictResult | InspectionResult, Field(discriminator="type")]]
    next: int = Field(description="the cursor to pass as `after` next time")
