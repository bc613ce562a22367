"""The realtime contract: every Socket.IO room name and every event with its payload schema.

Services publish through `publish`, never `socketio.emit`: the payload is checked against
the event's model before it leaves, so what clients receive is what
`GET /api/v1/events.schema.json` (and `docs/events.schema.json`, from which the
frontend's types are generated) says. `tests/test_channels.py` fails on an emit that
bypasses this module or names an event the contract does not hold."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app import pushpath
from app.extensions import socketio
from app.models.equipment import ALERT_KINDS, STATUSES
from app.models.queue import QUEUE_ALARM_KINDS
from app.models.training import SUBMITTERS
from app.models.workflow import DECISIONS, OUTCOMES


# Rooms. Who joins which is decided in app.access.rooms_for.
def user_room(user_id: int) -> str:
    return f"user:{user_id}"


def site_room(site_id: int) -> str:
    return f"site:{site_id}"


def centre_room(centre_id: int) -> str:
    return f"centre:{centre_id}"


def hq_room(headquarters_id: int) -> str:
    return f"hq:{headquarters_id}"


def equipment_room(tier: Literal["site", "centre", "hq"], org_id: int) -> str:
    return f"equipment:{tier}:{org_id}"


ROOMS = {
    "user:<id>": "one person (every connection of theirs)",
    "site:<id>": "a site's officers (never an analyst: analysts must not follow a port)",
    "centre:<id>": "a centre's supervisors and its queue",
    "hq:<id>": "headquarters supervisors",
    "equipment:<site|centre|hq>:<id>": "scanner status and alerts at that tier",
}


class _Payload(BaseModel):
    # A payload is exactly what the contract says: a misspelt field fails at the emit.
    # Every field is sent, defaults included, so the schema marks them all required.
    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)


class Hello(_Payload):
    user: str
    rooms: list[str]


class ScanStatus(_Payload):
    id: int
    scan_uid: str
    status: Literal["ready", "failed"]
    site: str = Field(description="site code")
    scanner: str = Field(description="scanner name")


class AssignmentDeclaration(_Payload):
    number: str
    risk: str | None
    goods: int = Field(description="number of goods lines")


class AssignmentNew(_Payload):
    assignment_id: int
    scan_id: int
    dzi: str = Field(description="signed link to the Deep Zoom descriptor, for this analyst")
    data: str = Field(description="signed link to the lossless data tiles' descriptor")
    deadline: str = Field(description="ISO 8601, UTC")
    declaration: AssignmentDeclaration | None = None


class AssignmentRevoked(_Payload):
    assignment_id: int
    reason: str


class QueueChanged(_Payload):
    waiting: int
    open: int


class Region(BaseModel):
    """A W3C Web Annotation as the verdict route accepted it (app.regions.check_regions)."""

    model_config = ConfigDict(extra="allow")
    target: dict[str, Any]
    body: list[dict[str, Any]] | dict[str, Any] | None = None


class Verdict(_Payload):
    scan_id: int
    scan_uid: str
    container_ids: list[str]
    plate: str | None
    decision: Literal[DECISIONS]  # type: ignore[valid-type]
    regions: list[Region] = Field(description="W3C Web Annotations (docs/workflow-api.md)")
    analyst_ref: str = Field(description="opaque, stable reference of the analyst")
    issued_at: str = Field(description="ISO 8601, UTC")
    previous_decision: Literal[DECISIONS] | None = Field(  # type: ignore[valid-type]
        default=None, description="verdict.revised only: the decision before the revision")


class ReviewNew(_Payload):
    review_id: int
    scan_id: int


class InspectionRecorded(_Payload):
    scan_id: int
    outcome: Literal[OUTCOMES]  # type: ignore[valid-type]
    site: str = Field(description="site code")


class WorkstationBreak(_Payload):
    until: str | None = Field(description="ISO 8601, UTC: Ready works again then; null: the break ended")
    reason: Literal["fatigue", "override"]


class AttemptSubmitted(_Payload):
    attempt_id: int
    submitted_by: Literal[SUBMITTERS]  # type: ignore[valid-type]


class SiteRef(_Payload):
    id: int
    code: str
    name: str


class SiteZoned(SiteRef):
    timezone: str = Field(description="IANA time zone: the site's pages read in it")


class DayFigures(_Payload):
    running_seconds: int = Field(description="powered on (start-up to shut-down)")
    scanning_seconds: int = Field(description="busy scanning: each scan received keeps it busy a few minutes")
    scans: int
    anomalies: int
    radiation_alarms: int
    faults: int
    scans_per_hour: float
    utilisation: float | None = Field(description="scanning time / powered-on time; null when never powered on")


class Fault(_Payload):
    code: str
    text: str
    at: str = Field(description="ISO 8601, UTC")


class EquipmentStatus(_Payload):
    id: int
    name: str
    kind: str
    vendor: str | None
    site: SiteZoned
    status: Literal[STATUSES]  # type: ignore[valid-type]
    status_since: str | None
    last_scan_at: str | None = Field(description="when the newest live scan from it was received")
    last_heartbeat: str | None
    today: DayFigures
    fault: Fault | None
    skewed: bool


class AlertScanner(_Payload):
    id: int
    name: str
    site: str
    timezone: str = Field(description="the site's IANA time zone")


class Person(_Payload):
    id: int
    display_name: str


class EquipmentAlert(_Payload):
    id: int
    kind: Literal[ALERT_KINDS]  # type: ignore[valid-type]
    detail: str
    scanner: AlertScanner
    raised_at: str
    cleared_at: str | None
    acknowledged_by: Person | None
    acknowledged_at: str | None


class AnalystState(_Payload):
    id: int
    display_name: str
    centre: str = Field(description="centre code")
    state: Literal["working", "ready", "paused", "offline"]
    scan_id: int | None = Field(description="working: the scan on screen (kept while offline holding one)")
    scan_uid: str | None
    since: str | None = Field(description="ISO 8601, UTC: when the scan on screen was assigned")
    decided_today: int = Field(description="verdicts since midnight in the centre's time zone")


class CentreRef(_Payload):
    id: int
    code: str
    name: str


class QueueAlarm(_Payload):
    id: int
    kind: Literal[QUEUE_ALARM_KINDS]  # type: ignore[valid-type]
    detail: str
    value: int = Field(description="scans waiting (length) or seconds of the oldest wait (wait) when raised")
    threshold: int
    centre: CentreRef
    raised_at: str
    cleared_at: str | None
    acknowledged_by: Person | None
    acknowledged_at: str | None


# Event name -> (payload model, the rooms it goes to, what it means).
EVENTS: dict[str, tuple[type[_Payload], str, str]] = {
    "hello": (Hello, "socket", "sent to a socket as it connects: who you are and which rooms you joined"),
    "scan.ready": (ScanStatus, "centre, site", "a live scan's pyramids are built"),
    "scan.failed": (ScanStatus, "centre, site", "a live scan could not be processed"),
    "assignment.new": (AssignmentNew, "user", "a scan was assigned to you"),
    "assignment.revoked": (AssignmentRevoked, "user", "an assignment of yours was taken back"),
    "queue.changed": (QueueChanged, "centre", "the centre's queue counts changed"),
    "verdict.issued": (Verdict, "site", "a verdict on one of the site's scans"),
    "verdict.revised": (Verdict, "site", "an expert's review changed a verdict"),
    "review.new": (ReviewNew, "user", "a verdict was given to you (an expert) to review"),
    "inspection.recorded": (InspectionRecorded, "centre", "a site recorded an inspection's outcome"),
    "workstation.break": (WorkstationBreak, "user", "your workstation paused for a break, or a supervisor ended it"),
    "attempt.submitted": (AttemptSubmitted, "user", "your exam attempt was submitted"),
    "equipment.status": (EquipmentStatus, "equipment", "a scanner's status or today's figures changed"),
    "equipment.alert": (EquipmentAlert, "equipment", "a scanner alert was raised, acknowledged or cleared"),
    "analyst.state": (AnalystState, "centre, hq",
                      "an analyst connected, went ready, paused, got or decided a scan, or went offline"),
    "queue.alarm": (QueueAlarm, "centre, hq",
                    "a centre's queue passed (or came back under) an alarm threshold, or an alarm was acknowledged"),
}


def publish(event: str, payload: dict[str, Any], room: str) -> None:
    """Emit `event` to `room` after checking `payload` against the contract (sent as
    given: checking costs microseconds, re-serialising every payload would cost more)."""
    EVENTS[event][0].model_validate(payload)
    socketio.emit(event, payload, to=room)
    # Under gevent the emit only queues a message per client; database work after it
    # (dispatching the next scan) never yields, so without this the officers' tablets
    # would wait for it. Let the writers run now.
    socketio.sleep(0)
    pushpath.release()  # the collection put off for this push, if any, runs now


def schema() -> dict[str, Any]:
    """One JSON Schema document: `events` maps each event to its payload schema."""
    defs: dict[str, Any] = {}
    events: dict[str, Any] = {}
    for name, (model, rooms, meaning) in EVENTS.items():
        one = model.model_json_schema(ref_template="#/$defs/{model}", mode="serialization")
        defs.update(one.pop("$defs", {}))
        defs[model.__name__] = one
        events[name] = {"payload": {"$ref": f"#/$defs/{model.__name__}"}, "rooms": rooms, "description": meaning}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "CIPS realtime events (Socket.IO, path /socket.io)",
        "rooms": ROOMS,
        "events": events,
        "$defs": dict(sorted(defs.items())),
    }
