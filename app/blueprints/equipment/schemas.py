"""The shapes of the equipment, wall and report answers (app.validation.responds); the
prose is docs/workflow-api.md ("Equipment monitoring"), docs/wall.md and docs/reports.md.
The wall's analyst rows, queue alarms and thresholds are the queue's own (assignments)
and are carried as they are."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from flask_babel import gettext as _
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from app.blueprints.assignments.answers import AlarmThresholdsOut, QueueAlarmOut
from app.channels import AnalystState
from app.database import parse_iso
from app.models.equipment import EVENT_TYPES
from app.validation import Out, UtcDateTime, one_of, refuse

ScannerStatusName = Literal["running", "idle", "stopped", "fault", "offline"]
Scope = Literal["headquarters", "centre", "site"]


# --- the scanner's events ------------------------------------------------------------------

MAX_EVENTS = 1000
EventType = Literal["startup", "shutdown", "heartbeat", "fault", "fault_cleared"]


def _count(value: Any) -> Any:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise refuse(_("must be a non-negative integer"))
    return value


def _reading(value: Any) -> Any:
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise refuse(_("must be a number"))
    return value


Count = Annotated[int | None, Field(ge=0), BeforeValidator(_count)]
Reading = Annotated[float | None, BeforeValidator(_reading)]


class EventData(BaseModel):
    """What the event reports; other keys (a fault's `code` and `text`) are kept as sent."""

    model_config = ConfigDict(extra="allow")

    scans_since_startup: Count = None
    anomalies: Count = None
    radiation_alarms: Count = None
    dose_rate_usv_h: Reading = None
    temperature_c: Reading = None


class EventIn(BaseModel):
    type: Annotated[EventType, one_of(EVENT_TYPES)]
    at: dt.datetime = Field(description="ISO 8601; without an offset it is taken as UTC")
    data: EventData = Field(default_factory=EventData)


    @field_validator("at", mode="before")
    @classmethod
    def _at(cls, value: Any) -> dt.datetime:
        when = parse_iso(value)
        if when is None:
            raise refuse(_("must be an ISO 8601 date and time"))
        return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)

    @field_validator("data", mode="before")
    @classmethod
    def _data(cls, value: Any) -> Any:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise refuse(_("must be an object"))
        return value


class EventsIn(BaseModel):
    """A scanner's events: this object, or the bare list of events."""

    scanner_id: int | None = Field(None, description="the sending scanner's own id, when given")
    events: list[EventIn] = Field(min_length=1, max_length=MAX_EVENTS)

    @field_validator("events", mode="before")
    @classmethod
    def _events(cls, value: Any) -> Any:
        if not isinstance(value, list) or not 1 <= len(value) <= MAX_EVENTS:
            raise refuse(_("send a JSON list of 1 to %(count)s events", count=MAX_EVENTS))
        return value


# --- query strings ------------------------------------------------------------------------

class _Query(BaseModel):
    model_config = ConfigDict(extra="ignore")  # a cache-buster is no mistake


class TimelineQuery(_Query):
    date: dt.date | None = Field(None, description="YYYY-MM-DD; absent: the scanner's today (its site's zone)")


class AlertsQuery(_Query):
    state: str = Field("open", description="open (not yet cleared and acknowledged; the default) or all")


class ReportQuery(_Query):
    period: Literal["day", "week", "month"] = "day"
    date: str = Field("", description="YYYY-MM-DD (day, or any day of the ISO week) or YYYY-MM (month); "
                                      "absent: today")
    format: Literal["json", "csv"] = "json"
    section: Literal["centres", "analysts", "sites", "equipment"] = Field(
        "centres", description="the CSV's section")


# --- answers ------------------------------------------------------------------------------

class DayFigures(Out):
    running_seconds: int = Field(description="powered on (start-up to shut-down)")
    scanning_seconds: int = Field(description="busy scanning (each scan received keeps it busy a few minutes)")
    scans: int
    anomalies: int
    radiation_alarms: int
    faults: int
    scans_per_hour: float
    utilisation: float | None = Field(description="scanning over powered-on time; null when never powered on")


class SiteRef(Out):
    id: int
    code: str
    name: str
    timezone: str = Field(description="IANA time zone")


class Fault(Out):
    code: str
    text: str
    at: UtcDateTime | None = None


class ScannerStatus(Out):
    id: int
    name: str
    kind: str
    vendor: str | None
    site: SiteRef
    status: ScannerStatusName
    status_since: UtcDateTime | None
    last_scan_at: UtcDateTime | None
    last_heartbeat: UtcDateTime | None
    today: DayFigures
    fault: Fault | None
    skewed: bool = Field(description="its clock is off: event times were corrected on arrival")


class Rollup(Out):
    scanners: int
    by_status: dict[ScannerStatusName, int]
    today: DayFigures


class Unit(Out):
    id: int
    code: str
    name: str


class SiteNode(Unit):
    rollup: Rollup
    scanners: list[ScannerStatus]


class CentreNode(Unit):
    rollup: Rollup
    sites: list[SiteNode]


class HqNode(Unit):
    rollup: Rollup
    centres: list[CentreNode]


class Overview(Out):
    scope: Scope
    headquarters: list[HqNode]


class Span(Out):
    start: UtcDateTime
    end: UtcDateTime


class FaultSpan(Span):
    code: str
    text: str


class TimelineEvent(Out):
    type: str
    at: UtcDateTime
    data: dict[str, Any] | None
    skewed: bool


class Timeline(Out):
    scanner: ScannerStatus
    date: dt.date
    figures: DayFigures
    day_start: UtcDateTime = Field(description="the site's midnight")
    day_end: UtcDateTime
    timezone: str
    runs: list[Span]
    faults: list[FaultSpan]
    scans_per_hour: list[int] = Field(description="24 counts, by the site's hours")
    events: list[TimelineEvent]


class AlertScanner(Out):
    id: int
    name: str
    site: str = Field(description="the site's code")
    timezone: str


class Person(Out):
    id: int
    display_name: str


class AlertOut(Out):
    id: int
    kind: Literal["offline", "fault"]
    detail: str | None
    scanner: AlertScanner
    raised_at: UtcDateTime
    cleared_at: UtcDateTime | None
    acknowledged_by: Person | None
    acknowledged_at: UtcDateTime | None


class Alerts(Out):
    alerts: list[AlertOut]


class WallQueue(Out):
    waiting: int
    oldest_waiting_seconds: int
    thresholds: list[AlarmThresholdsOut] = Field(description="each centre's queue alarm thresholds "
                                                             "(GET /queue/alarm-thresholds)")


class WallAnalysts(Out):
    online: int
    busy: int


class WallToday(Out):
    scans: int
    decided: int
    decision_seconds_p50: float | None
    decision_seconds_p95: float | None
    suspect_rate: float | None
    hit_rate: float | None


class SiteHours(Out):
    site: dict[str, str] = Field(description='{"code", "name"}')
    hours: list[int]


class Wall(Out):
    generated_at: UtcDateTime
    scope: Scope
    timezone: str = Field(description="the zone every time on the wall is in (the centre's; UTC across zones)")
    day_start: UtcDateTime
    scanners: list[ScannerStatus]
    scans_today_by_scanner: dict[str, int] = Field(description="scans received today, by scanner id")
    queue: WallQueue
    analysts: WallAnalysts
    # The row the board pushes as `analyst.state`: one model for the push and the snapshot.
    analyst_list: list[AnalystState] = Field(description="the analysts' board rows, as pushed by analyst.state")
    today: WallToday
    scans_per_hour_by_site: list[SiteHours]
    alerts: list[AlertOut]
    queue_alarms: list[QueueAlarmOut] = Field(description="the open queue alarms, as GET /queue/alarms")


# --- reports ----------------------------------------------------------------------------

class WorkFigures(Out):
    decided: int
    suspects: int
    suspect_rate: float | None
    inspected_suspects: int
    hits: int
    hit_rate: float | None
    reviewed: int
    agreed: int
    agreement_rate: float | None
    overturns: int
    decision_seconds_p50: float | None
    decision_seconds_p95: float | None
    scan_to_verdict_seconds_p50: float | None
    verdict_to_inspection_seconds_p50: float | None
    released: int
    scan_to_release_seconds_p50: float | None


class CentreRow(WorkFigures):
    centre: Unit
    timezone: str
    start: UtcDateTime
    end: UtcDateTime


class AnalystRow(WorkFigures):
    analyst: Person
    centre: str


class SiteRow(Out):
    site: Unit
    centre: str
    scans: int
    radiation_alarms: int
    suspects: int
    inspected: int
    findings: int


class EquipmentRow(DayFigures):
    level: Literal["centre", "site", "scanner"]
    unit: str


class Report(Out):
    period: Literal["day", "week", "month"]
    date: dt.date = Field(description="the first day of the period")
    centres: list[CentreRow]
    analysts: list[AnalystRow]
    sites: list[SiteRow]
    equipment: list[EquipmentRow]


class EventsStored(Out):
    stored: int
    duplicates: int = Field(description="events already received (same scanner and event id)")
    skewed: int = Field(description="events whose time was corrected for the scanner's clock")
