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
from app.blueprints.training.schemas import (ExamIn, ExamOut, ExamPatch, ImageMetadata, QuestionIn, QuestionOut,
                                             QuestionPatch, QuestionsQuery)
from app.errors import ApiError
from app.extensions import db
from app.models import ExamTemplate, Question, Scan, Scanner, User
from app.models.org import SCANNER_KINDS
from app.models.training import GRADES

# --- images ------------------------------------------------------------------------

def upload_image(metadata: ImageMetadata, parts: list, user: User) -> Scan:
    """An image for the academy, in the format of the scanner model it comes from."""
    scanner = db.session.get(Scanner, metadata.scanner_id)
    if scanner is None:
        raise fields.invalid("scanner_id", _("must name a registered scanner (its format and kind)"))
    uid = metadata.image_uid or f"academy-{uuid.uuid4().hex}"
    meta = parse_registration({
        "scan_uid": uid, "scanned_at": datetime.now(timezone.utc).isoformat(), "format": scanner.vendor,
        "conveyance": {"kind": metadata.conveyance_kind, "container_ids": [], "plate": None},
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


def list_questions(args: QuestionsQuery) -> list[Question]:
    query = sa.select(Question).join(Question.scan).join(Scan.scanner).order_by(Question.id)
    if args.difficulty is not None:
        query = query.where(Question.difficulty == args.difficulty)
    if args.scanner_kind:
        query = query.where(Scanner.kind == args.scanner_kind)
    if args.active:
        query = query.where(Question.active == (args.active == "true"))
    questions = list(db.session.scalars(query))
    tag = args.tag.lower()
    return [q for q in questions if not tag or tag in (t.lower() for t in q.tags)]


def _content(values: dict, question: Question) -> None:
    for key, value in values.items():
        setattr(question, key, value)
    question.regions = check_regions(question.regions, needed=question.decision == "suspect")


def add_question(data: QuestionIn, user: User) -> Question:
    if data.library_item_id is not None:
        item = get_item(data.library_item_id)
        question = Question(scan=item.scan, library_item_id=item.id)
    elif data.scan_id is not None:
        question = Question(scan=usable_scan(data.scan_id, user))
    else:
        raise fields.invalid("scan_id", _("must be a scan id"))
    question.created_by_id = user.id
    _content(data.model_dump(exclude={"library_item_id", "scan_id"}), question)
    db.session.add(question)
    db.session.commit()
    return question


def update_question(question: Question, data: QuestionPatch) -> Question:
    _content(data.model_dump(exclude_unset=True), question)
    db.session.commit()
    return question


def serialize_question(q: Question) -> QuestionOut:
    return QuestionOut.model_validate({
        "id": q.id, "library_item_id": q.library_item_id, "decision": q.decision, "regions": q.regions,
        "explanation": q.explanation, "difficulty": q.difficulty, "tags": q.tags,
        "scanner_kind": q.scan.scanner.kind, "active": q.active, "created_at": q.created_at,
        "image": image_view(q.scan, f"question-{q.id}", url_for("training.question", question_id=q.id),
                            image_links("training", "question_", question_id=q.id)),
    })


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


def _settings(data: ExamIn | ExamPatch, exam: ExamTemplate, *, partial: bool) -> None:
    values = data.model_dump(exclude_unset=partial)
    for key, value in values.items():
        if key == "difficulty":
            exam.difficulty_min, exam.difficulty_max = value["min"], value["max"]
        elif key == "scanner_kinds":
            exam.scanner_kinds = value or list(SCANNER_KINDS)
        elif key == "validity_days":
            exam.validity_days = value or current_app.config["CERTIFICATE_VALIDITY_DAYS"]
        elif key != "grade_bands":
            setattr(exam, key, value)
    if "grade_bands" in values:
        exam.grade_bands = _bands(values["grade_bands"], exam.pass_percent)
    elif "pass_percent" in values:
        exam.grade_bands = _bands(exam.grade_bands, exam.pass_percent)


def _bands(bands: list[dict], pass_percent: float) -> list[dict]:
    """The bands lowest first, each grade once and the lowest at the pass mark."""
    bands = sorted(({"grade": b["grade"], "min_percent": b["min_percent"]} for b in bands),
                   key=lambda b: b["min_percent"])
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


def add_exam(data: ExamIn, user: User) -> ExamTemplate:
    exam = ExamTemplate(created_by_id=user.id)
    _settings(data, exam, partial=False)
    _check_enough(exam)
    db.session.add(exam)
    _commit_name(exam)
    return exam


def update_exam(exam: ExamTemplate, data: ExamPatch) -> ExamTemplate:
    with db.session.no_autoflush:
        _settings(data, exam, partial=True)
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


def serialize_exam(exam: ExamTemplate, *, staff: bool, mine: dict | None = None) -> ExamOut:
    """The exam; for staff with the number of matching questions, for a candidate with
    `mine`, their standing."""
    return ExamOut.model_validate({
        "id": exam.id, "name": exam.name, "description": exam.description, "question_count": exam.question_count,
        "tags": exam.tags, "difficulty": {"min": exam.difficulty_min, "max": exam.difficulty_max},
        "scanner_kinds": exam.scanner_kinds, "time_limit_s": exam.time_limit_s, "pass_percent": exam.pass_percent,
        "grade_bands": exam.grade_bands, "validity_days": exam.validity_days, "active": exam.active,
        "retake_wait_hours": exam.retake_wait_hours,
        "available_questions": len(matching_questions(exam)) if staff else None, "mine": mine,
    })
