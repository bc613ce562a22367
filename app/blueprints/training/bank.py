"""The question bank, exam templates, and images uploaded for them."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import sqlalchemy as sa
from flask import current_app, url_for

from flask_babel import gettext as _

from app.blueprints.ingest.registration import register_parts
from app.blueprints.ingest.schema import parse_registration
from app.regions import check_regions
from app.blueprints.scans.imaging import image_links, image_view
from app.blueprints.training import fields
from app.blueprints.training.library import get_item, usable_scan
from app.database import as_utc
from app.errors import ApiError
from app.extensions import db
from app.models import ExamTemplate, Question, Scan, Scanner, User
from app.models.org import SCANNER_KINDS
from app.models.training import GRADES

MAX_TIME_LIMIT_S = 8 * 3600
MAX_RETAKE_WAIT_HOURS = 30 * 24


# --- images ------------------------------------------------------------------------

def upload_image(metadata: dict, parts: list, user: User) -> Scan:
    """An image for the academy, in the format of the scanner model it comes from."""
    scanner_id = metadata.get("scanner_id")
    scanner = db.session.get(Scanner, scanner_id) if isinstance(scanner_id, int) else None
    if scanner is None:
        raise fields.invalid("scanner_id", _("must name a registered scanner (its format and kind)"))
    uid = fields.text(metadata, "image_uid", 100) or f"academy-{uuid.uuid4().hex}"
    meta = parse_registration({
        "scan_uid": uid, "scanned_at": datetime.now(timezone.utc).isoformat(), "format": scanner.vendor,
        "conveyance": {"kind": metadata.get("conveyance_kind", "container"), "container_ids": [], "plate": None},
        "files": None,
    })
    meta["purpose"] = "training"
    scan, _created = register_parts(scanner, meta, parts)
    return scan


def scanner_models() -> list[dict]:
    rows = db.session.scalars(sa.select(Scanner).order_by(Scanner.name))
    return [{"id": sc.id, "name": sc.name, "kind": sc.kind, "format": sc.vendor, "dual_energy": sc.dual_energy,
             "model": " ".join(x for x in (sc.manufacturer, sc.model) if x)} for sc in rows]


def training_image(scan_id: int) -> Scan:
    scan = db.session.get(Scan, scan_id)
    if scan is None or scan.purpose != "training":
        raise ApiError(404, "not_found", _("No academy image %(scan)s.", scan=scan_id))
    return scan


# --- questions ---------------------------------------------------------------------

def get_question(question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None:
        raise ApiError(404, "not_found", _("No question %(question)s.", question=question_id))
    return question


def list_questions(args) -> list[Question]:
    query = sa.select(Question).join(Question.scan).join(Scan.scanner).order_by(Question.id)
    if args.get("difficulty"):
        if not args["difficulty"].isdigit():
            raise ApiError(400, "invalid_parameter", _("difficulty must be 1 to 5."), parameter="difficulty")
        query = query.where(Question.difficulty == int(args["difficulty"]))
    if args.get("scanner_kind"):
        query = query.where(Scanner.kind == args["scanner_kind"])
    if args.get("active") in ("true", "false"):
        query = query.where(Question.active == (args["active"] == "true"))
    questions = list(db.session.scalars(query))
    tag = args.get("tag", "").strip().lower()
    return [q for q in questions if not tag or tag in (t.lower() for t in q.tags)]


def _content(body: dict, question: Question, *, partial: bool) -> None:
    if not partial or "decision" in body:
        if body.get("decision") not in ("clear", "suspect"):
            raise fields.invalid("decision", _("must be clear or suspect"))
        question.decision = body["decision"]
    if not partial or "regions" in body:
        question.regions = body.get("regions", [])
    question.regions = check_regions(question.regions, needed=question.decision == "suspect")
    if not partial or "explanation" in body:
        question.explanation = fields.text(body, "explanation", 4000)
    if not partial or "difficulty" in body:
        question.difficulty = fields.integer(body, "difficulty", 1, 5, default=3)
    if not partial or "tags" in body:
        question.tags = fields.words(body, "tags")
    if partial and "active" in body:
        question.active = fields.flag(body, "active")


def add_question(body: dict, user: User) -> Question:
    if body.get("library_item_id") is not None:
        item_id = body["library_item_id"]
        if isinstance(item_id, bool) or not isinstance(item_id, int):
            raise fields.invalid("library_item_id", _("must be a library item id"))
        item = get_item(item_id)
        question = Question(scan=item.scan, library_item_id=item.id)
    else:
        question = Question(scan=usable_scan(body.get("scan_id"), user))
    question.created_by_id = user.id
    _content(body, question, partial=False)
    db.session.add(question)
    db.session.commit()
    return question


def update_question(question: Question, body: dict) -> Question:
    unknown = set(body) - {"decision", "regions", "explanation", "difficulty", "tags", "active"}
    if unknown:
        raise fields.invalid(sorted(unknown)[0], _("cannot be changed"))
    _content(body, question, partial=True)
    db.session.commit()
    return question


def serialize_question(q: Question) -> dict:
    return {
        "id": q.id, "library_item_id": q.library_item_id, "decision": q.decision, "regions": q.regions,
        "explanation": q.explanation, "difficulty": q.difficulty, "tags": q.tags,
        "scanner_kind": q.scan.scanner.kind, "active": q.active, "created_at": as_utc(q.created_at).isoformat(),
        "image": image_view(q.scan, f"question-{q.id}", url_for("training.question", question_id=q.id),
                            image_links("training", "question_", question_id=q.id)),
    }


# --- exam templates ----------------------------------------------------------------

def get_exam(exam_id: int) -> ExamTemplate:
    exam = db.session.get(ExamTemplate, exam_id)
    if exam is None:
        raise ApiError(404, "not_found", _("No exam %(exam)s.", exam=exam_id))
    return exam


def list_exams(*, active_only: bool) -> list[ExamTemplate]:
    query = sa.select(ExamTemplate).order_by(ExamTemplate.name)
    if active_only:
        query = query.where(ExamTemplate.active)
    return list(db.session.scalars(query))


def matching_questions(exam: ExamTemplate) -> list[Question]:
    """Active questions of the exam's difficulty and scanner kinds carrying all its tags."""
    query = (sa.select(Question).join(Question.scan).join(Scan.scanner)
             .where(Question.active, Question.difficulty.between(exam.difficulty_min, exam.difficulty_max)))
    if exam.scanner_kinds:
        query = query.where(Scanner.kind.in_(exam.scanner_kinds))
    wanted = {t.lower() for t in exam.tags}
    return [q for q in db.session.scalars(query.order_by(Question.id)) if wanted <= {t.lower() for t in q.tags}]


def _settings(body: dict, exam: ExamTemplate, *, partial: bool) -> None:
    def given(key: str) -> bool:
        return not partial or key in body

    if given("name"):
        exam.name = fields.text(body, "name", 200, required=True)
    if given("description"):
        exam.description = fields.text(body, "description", 4000)
    if given("question_count"):
        exam.question_count = fields.integer(body, "question_count", 1, 200)
    if given("tags"):
        exam.tags = fields.words(body, "tags")
    if given("difficulty"):
        difficulty = body.get("difficulty", {"min": 1, "max": 5})
        if not isinstance(difficulty, dict):
            raise fields.invalid("difficulty", _("must be {\"min\": 1-5, \"max\": 1-5}"))
        low = fields.integer(difficulty, "min", 1, 5, default=1)
        high = fields.integer(difficulty, "max", 1, 5, default=5)
        if low > high:
            raise fields.invalid("difficulty", _("min must not exceed max"))
        exam.difficulty_min, exam.difficulty_max = low, high
    if given("scanner_kinds"):
        exam.scanner_kinds = fields.words(body, "scanner_kinds", allowed=SCANNER_KINDS) or list(SCANNER_KINDS)
    if given("time_limit_s"):
        exam.time_limit_s = fields.integer(body, "time_limit_s", 1, MAX_TIME_LIMIT_S)
    if given("pass_percent"):
        exam.pass_percent = fields.number(body, "pass_percent", 1, 100)
    if given("grade_bands"):
        exam.grade_bands = _bands(body.get("grade_bands"), exam.pass_percent)
    if given("validity_days"):
        exam.validity_days = fields.integer(body, "validity_days", 1, 3650,
                                            default=current_app.config["CERTIFICATE_VALIDITY_DAYS"])
    if given("retake_wait_hours"):
        # null (or absent on creation): the installation's EXAM_RETAKE_WAIT_HOURS.
        exam.retake_wait_hours = (None if body.get("retake_wait_hours") is None
                                  else fields.integer(body, "retake_wait_hours", 0, MAX_RETAKE_WAIT_HOURS))
    if partial and "active" in body:
        exam.active = fields.flag(body, "active")
    if partial and "pass_percent" in body and "grade_bands" not in body:
        exam.grade_bands = _bands(exam.grade_bands, exam.pass_percent)


def _bands(value, pass_percent: float) -> list[dict]:
    if not isinstance(value, list) or not value:
        raise fields.invalid("grade_bands", _("must list at least one band {grade, min_percent} of %(grades)s",
                                              grades=", ".join(GRADES)))
    bands = []
    for i, band in enumerate(value):
        if not isinstance(band, dict) or band.get("grade") not in GRADES:
            raise fields.invalid(f"grade_bands[{i}].grade", _("must be one of %(values)s", values=", ".join(GRADES)))
        bands.append({"grade": band["grade"], "min_percent": fields.number(band, "min_percent", 0, 100)})
    bands.sort(key=lambda b: b["min_percent"])
    if [b["grade"] for b in bands] != sorted((b["grade"] for b in bands), key=GRADES.index) or \
            len({b["grade"] for b in bands}) != len(bands):
        raise fields.invalid("grade_bands", _("each grade once, higher grades at higher marks (%(order)s)",
                                                   order=" < ".join(GRADES)))
    if bands[0]["min_percent"] != pass_percent:
        raise fields.invalid("grade_bands", _("the lowest band must start at the pass mark (%(percent)s %%)",
                                                   percent=format(pass_percent, "g")))
    return bands


def _check_enough(exam: ExamTemplate) -> None:
    available = len(matching_questions(exam))
    if available < exam.question_count:
        raise ApiError(422, "not_enough_questions",
                       _("Only %(available)s active questions match these tags, difficulties and scanner kinds; "
                         "the exam asks for %(count)s.", available=available, count=exam.question_count),
                       available=available)


def add_exam(body: dict, user: User) -> ExamTemplate:
    exam = ExamTemplate(created_by_id=user.id)
    _settings(body, exam, partial=False)
    _check_enough(exam)
    db.session.add(exam)
    _commit_name(exam)
    return exam


def update_exam(exam: ExamTemplate, body: dict) -> ExamTemplate:
    known = {"name", "description", "question_count", "tags", "difficulty", "scanner_kinds", "time_limit_s",
             "pass_percent", "grade_bands", "validity_days", "retake_wait_hours", "active"}
    unknown = set(body) - known
    if unknown:
        raise fields.invalid(sorted(unknown)[0], _("cannot be changed"))
    with db.session.no_autoflush:
        _settings(body, exam, partial=True)
        if exam.active:
            _check_enough(exam)
    _commit_name(exam)
    return exam


def _commit_name(exam: ExamTemplate) -> None:
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise ApiError(409, "name_taken", _("An exam named %(name)s exists already.", name=repr(exam.name))) from None


def serialize_exam(exam: ExamTemplate, *, staff: bool) -> dict:
    body = {
        "id": exam.id, "name": exam.name, "description": exam.description, "question_count": exam.question_count,
        "tags": exam.tags, "difficulty": {"min": exam.difficulty_min, "max": exam.difficulty_max},
        "scanner_kinds": exam.scanner_kinds, "time_limit_s": exam.time_limit_s, "pass_percent": exam.pass_percent,
        "grade_bands": exam.grade_bands, "validity_days": exam.validity_days, "active": exam.active,
        "retake_wait_hours": exam.retake_wait_hours,
    }
    if staff:
        body["available_questions"] = len(matching_questions(exam))
    return body
