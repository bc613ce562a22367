"""The academy's request bodies (each bad field a 422 naming it, in the sentences of
app/blueprints/training/fields.py) and the shapes of its answers (app.validation.responds);
the prose is docs/training-api.md."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from flask_babel import gettext as _
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.blueprints.scans.schemas import PixelSpacing, ScanOutLinks
from app.blueprints.training import fields
from app.blueprints.training.fields import refuse
from app.models.org import SCANNER_KINDS
from app.models.scans import ChannelRole
from app.models.training import GRADES, LIBRARY_KINDS, MATERIAL_CLASSES
from app.models.workflow import Decision
from app.validation import Body, Out, UtcDateTime, one_of

MAX_TIME_LIMIT_S = 8 * 3600
MAX_RETAKE_WAIT_HOURS = 30 * 24

Grade = Literal["junior", "intermediate", "senior"]
LibraryKind = Literal["standard", "typical"]
MaterialClass = Literal["organic", "inorganic", "mixed", "metal"]
Outcome = Literal["seizure", "discrepancy", "no_finding"]
AttemptState = Literal["open", "submitted"]
Submitter = Literal["candidate", "timeout"]
CertificateStatus = Literal["valid", "expired", "revoked"]
# W3C Web Annotations, checked by app.regions (the shape is docs/workflow-api.md's Region).
Regions = list[dict[str, Any]]

# The field types: the JSON schema's limits, and the check that refuses in the academy's words.
Title = Annotated[str, Field(min_length=1, max_length=200), fields.text(200, required=True)]
HsCode = Annotated[str, Field(max_length=12), fields.text(12)]
Short = Annotated[str, Field(max_length=200), fields.text(200)]
Description = Annotated[str, Field(max_length=2000), fields.text(2000)]
Notes = Annotated[str, Field(max_length=4000), fields.text(4000)]
Reason = Annotated[str, Field(min_length=1, max_length=500), fields.text(500, required=True)]
ImageUid = Annotated[str, Field(max_length=100), fields.text(100)]
Labels = Annotated[list[Annotated[str, Field(min_length=1, max_length=60)]], Field(max_length=30), fields.words()]
ScannerKinds = Annotated[list[str], Field(max_length=30), fields.words(allowed=SCANNER_KINDS)]
Difficulty1to5 = Annotated[int, Field(ge=1, le=5), fields.whole(1, 5)]
QuestionCount = Annotated[int, Field(ge=1, le=200), fields.whole(1, 200)]
TimeLimit = Annotated[int, Field(ge=1, le=MAX_TIME_LIMIT_S), fields.whole(1, MAX_TIME_LIMIT_S)]
ValidityDays = Annotated[int, Field(ge=1, le=3650), fields.whole(1, 3650)]
RetakeWait = Annotated[int, Field(ge=0, le=MAX_RETAKE_WAIT_HOURS), fields.whole(0, MAX_RETAKE_WAIT_HOURS)]
PassPercent = Annotated[float, Field(ge=1, le=100), fields.number(1, 100)]
Percent = Annotated[float, Field(ge=0, le=100), fields.number(0, 100)]
Flag = Annotated[bool, fields.flag]
ScanId = Annotated[int, fields.row_id(lambda: _("must be a scan id"))]
LibraryItemId = Annotated[int, fields.row_id(lambda: _("must be a library item id"))]
ScannerId = Annotated[int, fields.row_id(lambda: _("must name a registered scanner (its format and kind)"))]


# --- requests ---------------------------------------------------------------------------

def _present(value: Any) -> Any:
    """A PATCH may leave a required text out, but not send it as null."""
    if value is None:
        raise refuse(_("is required"))
    return value


class _LibraryFields(Body):
    hs_code: HsCode = Field("", description="2 to 10 digits (chapter, heading or subheading); dots are dropped")
    goods_description: Description = ""
    packing: Short = ""
    material_class: MaterialClass | None = None
    labels: Labels = Field(default_factory=list)
    notes: Notes = ""

    @field_validator("hs_code")
    @classmethod
    def _hs(cls, value: str) -> str:
        hs = value.replace(".", "")
        if hs and not (hs.isdigit() and 2 <= len(hs) <= 10):
            raise refuse(_("must be 2 to 10 digits (chapter, heading or subheading)"))
        return hs

    @field_validator("material_class", mode="before")
    @classmethod
    def _material(cls, value: Any) -> Any:
        if value not in (None, "", *MATERIAL_CLASSES):
            raise refuse(_("must be one of %(values)s", values=", ".join(MATERIAL_CLASSES)))
        return value or None


class LibraryIn(_LibraryFields):
    """A standard library item: a ready training image, or a live scan the user may see."""

    scan_id: ScanId
    title: Title


class LibraryPatch(_LibraryFields):
    """Any of the fields; those left out stay as they are."""

    title: Title | None = None

    _title = field_validator("title", mode="before")(_present)


class PromoteIn(Body):
    scan_id: ScanId
    title: Title
    labels: Labels = Field(default_factory=list)
    notes: Notes = ""


class _QuestionFields(Body):
    decision: Decision = "clear"
    regions: Regions = Field(default_factory=list, description="required (at least one) when suspect")
    explanation: Notes = ""
    difficulty: Difficulty1to5 = 3
    tags: Labels = Field(default_factory=list)

    @field_validator("decision", mode="before")
    @classmethod
    def _known(cls, value: Any) -> Any:
        if value not in ("clear", "suspect"):
            raise refuse(_("must be clear or suspect"))
        return value


class QuestionIn(_QuestionFields):
    """A question on a library item's image or on a ready scan (one of the two ids)."""

    decision: Decision
    library_item_id: LibraryItemId | None = None
    scan_id: ScanId | None = None


class QuestionPatch(_QuestionFields):
    active: Flag = True


class DifficultyIn(Body):
    min: Difficulty1to5 = 1
    max: Difficulty1to5 = 5

    @model_validator(mode="after")
    def _ordered(self) -> DifficultyIn:
        if self.min > self.max:
            raise refuse(_("min must not exceed max"))
        return self


class GradeBand(Body):
    grade: Annotated[Grade, one_of(GRADES)]
    min_percent: Percent


class _ExamFields(Body):
    description: Notes = ""
    question_count: QuestionCount = 1
    tags: Labels = Field(default_factory=list)
    difficulty: DifficultyIn = Field(default_factory=DifficultyIn)
    scanner_kinds: ScannerKinds = Field(default_factory=list,
                                                        description="none: every kind")
    time_limit_s: TimeLimit = 600
    pass_percent: PassPercent = 60.0
    grade_bands: list[GradeBand] = Field(default_factory=list, min_length=1, description=(
        "each grade once, higher grades at higher marks; the lowest band starts at the pass mark"))
    validity_days: ValidityDays | None = Field(None, description="null: the installation's "
                                                                    "CERTIFICATE_VALIDITY_DAYS")
    retake_wait_hours: RetakeWait | None = Field(
        None, description="null: the runtime setting EXAM_RETAKE_WAIT_HOURS")

    @field_validator("grade_bands", mode="before")
    @classmethod
    def _bands(cls, value: Any) -> Any:
        if not isinstance(value, list) or not value:
            raise refuse(_("must list at least one band {grade, min_percent} of %(grades)s",
                           grades=", ".join(GRADES)))
        return value

    @field_validator("difficulty", mode="before")
    @classmethod
    def _difficulty(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            raise refuse(_("must be {\"min\": 1-5, \"max\": 1-5}"))
        return value


class ExamIn(_ExamFields):
    name: Title
    question_count: QuestionCount
    time_limit_s: TimeLimit
    pass_percent: PassPercent
    grade_bands: list[GradeBand] = Field(min_length=1, description=(
        "each grade once, higher grades at higher marks; the lowest band starts at the pass mark"))


class ExamPatch(_ExamFields):
    """Any of the fields; those left out stay as they are."""

    name: Title | None = None
    active: Flag = True

    _name = field_validator("name", mode="before")(_present)


class AnswerIn(Body):
    decision: Decision | None = Field(None, description="null: not decided yet")
    regions: Regions = Field(default_factory=list)

    @field_validator("decision", mode="before")
    @classmethod
    def _decision(cls, value: Any) -> Any:
        if value not in ("clear", "suspect", None):
            raise refuse(_("must be clear, suspect or null"))
        return value


class RevokeIn(Body):
    reason: Reason


class ImageMetadata(Body):
    """The `metadata` part of POST /training/images."""

    scanner_id: ScannerId
    image_uid: ImageUid = Field("", description="empty: one is made up")
    conveyance_kind: str = "container"


# --- query strings ------------------------------------------------------------------------

class _Query(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)  # a cache-buster is no mistake


class LibraryQuery(_Query):
    q: str = Field("", max_length=500, description="words, all found in title, description, labels or notes")
    hs: str = Field("", description="the leading digits of an HS code: 40 (chapter), 4011 (heading)")
    kind: Literal["", "standard", "typical"] = ""
    label: str = Field("", max_length=60)
    scanner_kind: str = ""

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        if value not in ("", *LIBRARY_KINDS):
            raise refuse(_("must be one of %(values)s", values=", ".join(LIBRARY_KINDS)))
        return value

    @field_validator("hs", mode="before")
    @classmethod
    def _hs(cls, value: Any) -> Any:
        hs = str(value).replace(".", "").strip()
        if hs and (not hs.isdigit() or len(hs) > 10):
            raise refuse(_("the leading digits of an HS code (e.g. 40 or 4011)"))
        return hs


class QuestionsQuery(_Query):
    tag: str = Field("", max_length=60)
    difficulty: Annotated[int | None, fields.whole_text(1, 5)] = Field(None, ge=1, le=5)
    scanner_kind: str = ""
    active: Literal["", "true", "false"] = Field("", description="empty: both")

    @field_validator("active", mode="before")
    @classmethod
    def _active(cls, value: Any) -> Any:
        return value if value in ("true", "false") else ""


class CertificatesQuery(_Query):
    expiring_within: Annotated[int | None, fields.whole_text(0, 3650)] = Field(
        None, ge=0, le=3650, description="days: valid certificates expiring within them")
    user_id: Annotated[int | None, fields.whole_text(0, 2**31)] = Field(None, ge=0, le=2**31)


class LanguageQuery(_Query):
    lang: str | None = Field(None, description="en or zh-CN; absent: the holder's chosen language, else the reader's")


# --- answers ----------------------------------------------------------------------------

class ImageScanner(Out):
    kind: str
    dual_energy: bool
    pixel_spacing_mm: PixelSpacing


class ImageChannel(Out):
    role: ChannelRole
    width: int
    height: int


class ImageView(Out):
    """What the viewer needs to show one image, and nothing that identifies a live case;
    the links are scoped to the library item, question or attempt."""

    id: str
    width: int | None
    height: int | None
    scanner: ImageScanner
    channels: list[ImageChannel]
    material_source: str | None
    links: ScanOutLinks


class TypicalCase(Out):
    decision: Decision
    regions: Regions
    outcome: Outcome | None
    findings: str


class LibraryItemOut(Out):
    id: int
    kind: LibraryKind
    title: str
    hs_code: str
    hs_chapter: str | None
    goods_description: str
    packing: str
    material_class: MaterialClass | None
    labels: list[str]
    notes: str
    scanner_kind: str
    created_at: UtcDateTime
    image: ImageView
    case: TypicalCase | None = Field(description="a typical case's verdict and outcome (null: a standard item)")


class LibraryItems(Out):
    items: list[LibraryItemOut]


class PromotableCase(Out):
    scan_id: int
    scanned_at: UtcDateTime
    scanner_kind: str
    decision: Decision
    outcome: Outcome | None
    promoted_item_id: int | None


class PromotableCases(Out):
    cases: list[PromotableCase]


class TrainingImage(Out):
    scan_id: int
    status: Literal["received", "processing", "ready", "failed"]


class TrainingImageStatus(TrainingImage):
    failure_reason: str | None
    width: int | None
    height: int | None


class ScannerModel(Out):
    id: int
    name: str
    kind: str
    format: str | None
    dual_energy: bool
    model: str


class ScannerModels(Out):
    scanners: list[ScannerModel]


class QuestionOut(Out):
    id: int
    image: ImageView
    library_item_id: int | None
    decision: Decision
    regions: Regions
    explanation: str
    difficulty: int
    tags: list[str]
    scanner_kind: str
    active: bool
    created_at: UtcDateTime


class Questions(Out):
    questions: list[QuestionOut]


class Difficulty(Out):
    min: int
    max: int


class GradeBandOut(Out):
    grade: Grade
    min_percent: float


class ExamStatus(Out):
    """A candidate's standing in one exam."""

    open_attempt_id: int | None
    attempts: int
    best_percent: float | None
    passed: bool
    retake_at: UtcDateTime | None = Field(description="when another attempt may start (null: now), "
                                                      "by the server's clock")
    retake_wait_hours: float


class ExamOut(Out):
    id: int
    name: str
    description: str
    question_count: int
    tags: list[str]
    difficulty: Difficulty
    scanner_kinds: list[str]
    time_limit_s: int
    pass_percent: float
    grade_bands: list[GradeBandOut]
    validity_days: int
    active: bool
    retake_wait_hours: int | None = Field(description="this exam's wait between attempts (null: the "
                                                      "runtime setting EXAM_RETAKE_WAIT_HOURS)")
    available_questions: int | None = Field(None, description="the matching active questions (staff; "
                                                              "null for others)")
    mine: ExamStatus | None = Field(None, description="the candidate's standing (null for staff)")


class Exams(Out):
    exams: list[ExamOut]


class QuestionStat(Out):
    id: int
    decision: Decision
    difficulty: int
    tags: list[str]
    active: bool
    answered: int
    right_percent: float | None
    median_time_s: float | None
    flag: Literal["too_easy", "too_hard"] | None


class QuestionStats(Out):
    questions: list[QuestionStat]


class Person(Out):
    id: int
    display_name: str


class StaffPerson(Person):
    username: str


class ExamRef(Out):
    id: int
    name: str


class DrawnQuestion(Out):
    position: int
    question_id: int
    correct: bool | None = Field(description="null until the attempt is submitted")


class CandidateAttempt(Out):
    id: int
    number: int
    exam: ExamRef
    state: AttemptState
    started_at: UtcDateTime
    submitted_at: UtcDateTime | None
    submitted_by: Submitter | None
    score_percent: float | None
    passed: bool | None
    grade: Grade | None
    certificate_code: str | None
    questions: list[DrawnQuestion]


class CandidateStat(Out):
    user: StaffPerson
    attempts: list[CandidateAttempt]


class CandidateStats(Out):
    candidates: list[CandidateStat]


class CertificateAttempt(Out):
    id: int
    number: int
    submitted_at: UtcDateTime | None


class CertificateLinks(Out):
    pdf: str
    verify: str


class CertificateOut(Out):
    id: int
    code: str
    holder: Person
    exam: ExamRef | None = Field(description="null: granted on record")
    attempt: CertificateAttempt | None = Field(description="the attempt that passed (null: granted on record)")
    grade: Grade
    score_percent: float | None
    scanner_kinds: list[str]
    issued_at: UtcDateTime
    expires_at: UtcDateTime
    status: CertificateStatus
    days_left: int
    expiring_soon: bool
    revoked_reason: str | None
    links: CertificateLinks


class Certificates(Out):
    certificates: list[CertificateOut]


class LiveWork(Out):
    allowed: bool
    reason: str
    scanner_kinds: list[str] = Field(default_factory=list, description="the kinds the person is certified for")


class MyCertificates(Certificates):
    live_work: LiveWork


class PublicCertificate(Out):
    """What anyone holding the code may read."""

    code: str
    status: CertificateStatus
    valid: bool
    holder: str
    grade: Grade
    exam: str
    attempt: int | None
    scanner_kinds: list[str]
    issued_at: UtcDateTime
    expires_at: UtcDateTime


class AttemptExam(ExamRef):
    pass_percent: float
    time_limit_s: int


class AnswerOut(Out):
    decision: Decision | None
    regions: Regions
    answered_at: UtcDateTime


class Result(Out):
    score_percent: float
    correct: int
    total: int
    passed: bool
    grade: Grade | None
    certificate: CertificateOut | None
    retake_at: UtcDateTime = Field(description="the earliest next attempt at this exam after this one")


class AttemptOut(Out):
    """An attempt as listed (without its questions)."""

    id: int
    number: int = Field(description="1 for the candidate's first attempt at this exam, 2 for the retake...")
    exam: AttemptExam
    user: Person
    state: AttemptState
    started_at: UtcDateTime
    deadline: UtcDateTime
    server_time: UtcDateTime
    remaining_s: float = Field(description="by the server's clock; the client counts down from it")
    submitted_at: UtcDateTime | None
    submitted_by: Submitter | None
    result: Result | None


class AttemptQuestion(Out):
    position: int
    image: ImageView
    answer: AnswerOut | None


class AttemptDetail(AttemptOut):
    questions: list[AttemptQuestion]


class Attempts(Out):
    attempts: list[AttemptOut]


class SavedAnswer(Out):
    position: int
    answer: AnswerOut | None
    remaining_s: float


class Expected(Out):
    decision: Decision
    regions: Regions


class ReviewedQuestion(AttemptQuestion):
    expected: Expected
    explanation: str
    correct: bool | None
    region_hit: bool | None
    time_spent_s: float | None


class AttemptReview(Out):
    attempt: AttemptOut
    questions: list[ReviewedQuestion]
