"""The interpretation loop's bodies and answers as pydantic models (app.validation
accepts/responds): the analyst's workstation and verdict, the expert's reviews, the
supervisor's queue and statistics. docs/workflow-api.md tells what they mean."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from app.blueprints.assignments.schemas import Category, Outcome, Unit
from app.blueprints.scans.schemas import ScanOut, TileLinks
from app.blueprints.training.schemas import ImageScanner, ImageView
from app.models import Assignment, User
from app.models.scans import ScanStatus
from app.models.workflow import Decision
from app.validation import Body, Out, UtcDateTime

Region = dict[str, Any]  # a W3C Web Annotation, checked by app.regions.check_regions
Reason = Annotated[str, Field(min_length=1, max_length=500, description="why, for the queue's history and the audit trail")]
Note = Annotated[str | None, Field(max_length=5000)]


# --- bodies -------------------------------------------------------------------------------

class VerdictIn(Body):
    decision: Decision
    regions: list[Region] = Field(default_factory=list, description="needed for suspect (W3C Web Annotations)")
    note: Note = None


class BlindLookIn(Body):
    decision: Decision


class ConclusionIn(Body):
    agree: StrictBool
    decision: Decision | None = Field(None, description="needed when not agreeing")
    regions: list[Region] | None = Field(None, description="the expert's regions (agreeing: the analyst's)")
    note: Note = None


class PriorityIn(Body):
    priority: StrictInt = Field(ge=-100, le=100)
    reason: Reason


class ReassignIn(Body):
    reason: Reason
    analyst_id: StrictInt | None = Field(None, description="give it to this analyst of the centre; none: "
                                                            "back to the queue")


# --- answers ------------------------------------------------------------------------------

class Person(Out):
    id: int
    display_name: str

    @classmethod
    def of(cls, user: User) -> Person:
        return cls(id=user.id, display_name=user.display_name)


class AssignmentOut(Out):
    assignment_id: int
    scan_id: int
    state: Literal["open", "decided", "revoked"]
    assigned_at: UtcDateTime
    deadline: UtcDateTime
    dzi: str
    scan: ScanOut

    @classmethod
    def fields_of(cls, a: Assignment) -> dict[str, Any]:
        return {"assignment_id": a.id, "scan_id": a.scan_id, "state": a.state, "assigned_at": a.assigned_at,
                "deadline": a.deadline, "dzi": f"/api/v1/scans/{a.scan_id}/dzi/scan.dzi", "scan": ScanOut.of(a.scan)}

    @classmethod
    def of(cls, a: Assignment) -> AssignmentOut:
        return cls.model_validate(cls.fields_of(a))


class QueueAssignment(AssignmentOut):
    analyst: Person

    @classmethod
    def of(cls, a: Assignment) -> QueueAssignment:
        return cls.model_validate(cls.fields_of(a) | {"analyst": Person.of(a.analyst)})


class PresenceOut(Out):
    connected: bool = Field(description="a browser of the person's is connected")
    ready: bool = Field(description="the person takes work now")


class SessionFigures(Out):
    decided: int = Field(description="verdicts given today (UTC day)")
    seconds: int = Field(description="time spent on them")


class WorkstationOut(PresenceOut):
    assignments: list[AssignmentOut]
    session: SessionFigures


class VerdictOut(Out):
    scan_id: int
    decision: Decision
    regions: list[Region]
    note: str
    analyst_ref: str = Field(description="an opaque, stable reference to the analyst")
    issued_at: UtcDateTime
    revised: bool
    final_decision: Decision
    final_regions: list[Region]
    time_spent_s: float


class ReviewOut(Out):
    """An expert's review while blind: the analyst's verdict is not shown yet."""

    review_id: int
    state: Literal["blind", "open", "done"]
    scan: ScanOut
    blind_decision: Decision | None


class RevealedReview(ReviewOut):
    verdict: VerdictOut
    agree: bool | None
    decision: Decision | None


class Reviews(Out):
    reviews: list[RevealedReview | ReviewOut]


class WaitingScan(Out):
    scan: ScanOut
    priority: int
    waiting_since: UtcDateTime


class WorkstationRow(PresenceOut):
    user: Person
    open: int = Field(description="assignments open now")


class StalledScan(Out):
    """A scan that failed, or has been processing too long: nobody can judge it yet."""

    scan_id: int
    scan_uid: str
    status: ScanStatus
    site: str
    scanner: str
    received_at: UtcDateTime
    failure_reason: str | None
    attempts: int


class QueueOut(Out):
    waiting: list[WaitingScan]
    assignments: list[QueueAssignment]
    workstations: list[WorkstationRow]
    stalled: list[StalledScan]


class PriorityOut(Out):
    scan_id: int
    priority: int


class RetryOut(Out):
    scan_id: int
    status: ScanStatus


class Done(Out):
    ok: bool


class Figures(Out):
    decided: int
    median_seconds: float | None
    suspect_rate: float | None
    overturn_rate: float | None
    hit_rate: float | None


class AnalystFigures(Figures):
    user: Person


class CentreRef(Out):
    id: int
    code: str
    name: str


class CentreFigures(Figures):
    centre: CentreRef


class StatsOut(Out):
    analysts: list[AnalystFigures]
    centres: list[CentreFigures]


class TipRegion(Out):
    x: float
    y: float
    w: float
    h: float


class TipOutcome(Out):
    outcome: Literal["hit", "miss"]
    category: str | None
    region: TipRegion
    message: str


class TipReveal(Out):
    """The answer to a verdict on a projected test threat (app/blueprints/tip): no verdict
    was recorded; the analyst judges the real scan again, through these new links."""

    tip: TipOutcome
    assignment_id: int
    scan_id: int
    links: TileLinks
    deadline: UtcDateTime


# --- the site: inspections and the officer's worklist ---------------------------------------

class FindingOut(Out):
    category: Category  # type: ignore[valid-type]
    description: str
    quantity: float | None
    unit: Unit | None


class PhotoOut(Out):
    id: int
    url: str
    content_type: str
    width: int
    height: int
    size_bytes: int


class InspectionOut(Out):
    """An inspection's record; names (officer, officers present) only for the site and
    the supervisors: analysts judge the image, not who opened the container."""

    scan_id: int
    outcome: Outcome
    findings: str = Field(description="the officer's notes, in their words")
    items: list[FindingOut]
    hs_code: str | None
    seals_before: list[str]
    seals_after: list[str]
    officers_present: list[str]
    photos: list[PhotoOut]
    officer: str | None
    client_key: str | None
    inspected_at: UtcDateTime | None
    recorded_at: UtcDateTime


class SiteVerdict(Out):
    """What the site may see of a verdict: the decision in force, not who gave it."""

    decision: Decision
    regions: list[Region]
    analyst_ref: str
    issued_at: UtcDateTime
    revised: bool


class SiteScanOut(ScanOut):
    verdict: SiteVerdict | None
    inspection: InspectionOut | None
    worklist_group: Literal[0, 1, 2] = Field(description="0: a suspect awaiting inspection; 1: on hold; 2: done")


class WorklistSite(Out):
    code: str
    name: str
    timezone: str


class SiteScans(Out):
    scans: list[SiteScanOut]
    site: WorklistSite


class SiteScansQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    since: datetime | None = Field(None, description="ISO 8601; none: since the start of the site's day")


# --- priors: earlier scans of the same container or plate (docs/workflow-api.md) -------

class PriorSite(Out):
    code: str
    name: str


class PriorScanner(Out):
    name: str
    kind: str


class PriorConveyance(Out):
    kind: str | None
    container_ids: list[str]
    plate: str | None


class PriorMatch(Out):
    """What the prior shares with the scan being judged."""

    container_ids: list[str]
    plate: str | None


class _PriorFacts(Out):
    scan_id: int
    scan_uid: str
    scanned_at: UtcDateTime
    site: PriorSite
    conveyance: PriorConveyance
    matched: PriorMatch
    decision: Decision | None = Field(description="the final decision (after any review)")
    inspection: Outcome | None = Field(description="the inspection's outcome, when there was one")


class PriorLinks(Out):
    open: str = Field(description="GET it to open the prior (audited)")


class PriorOut(_PriorFacts):
    scanner: PriorScanner
    links: PriorLinks


class Priors(Out):
    assignment_id: int
    priors: list[PriorOut]


class PriorsQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")  # a cache-busting parameter is no mistake

    limit: int = Field(20, ge=1, le=50, description="how many of the newest priors")


class OpenedPriorScanner(ImageScanner):
    name: str


class OpenedPrior(_PriorFacts, ImageView):
    """An opened prior: its facts and what the viewer needs, tile links signed for the person."""

    scanner: OpenedPriorScanner


# --- queue alarms (docs/workflow-api.md): the same shapes `queue.alarm` and `analyst.state` push --

class CentreQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    centre_id: int | None = Field(None, ge=0, le=999_999_999,
                                  description="the centre; none: yours, when you watch exactly one")


class AlarmThresholdsOut(Out):
    centre: CentreRef
    timezone: str = Field(description="the centre's IANA time zone")
    waiting: int | None = Field(description="alarm when this many scans wait; null: off")
    wait_seconds: int | None = Field(description="alarm when a scan has waited this long; null: off")


class QueueAlarmOut(Out):
    id: int
    kind: Literal["length", "wait"]
    detail: str
    value: int = Field(description="scans waiting (length) or seconds of the oldest wait (wait) when raised")
    threshold: int
    centre: CentreRef
    raised_at: UtcDateTime
    cleared_at: UtcDateTime | None
    acknowledged_by: Person | None
    acknowledged_at: UtcDateTime | None


class QueueAlarms(Out):
    alarms: list[QueueAlarmOut] = Field(description="sounding, or ended but not yet acknowledged; newest first")
