"""Candidates' attempts: drawing the questions, the server's timer, answers,
grading, and what the candidate may see before and after submitting."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import url_for

from flask_babel import gettext as _

from app import settings
from app.regions import check_regions
from app.blueprints.scans.imaging import image_links, image_view
from app.blueprints.training import certificates, grading
from app.blueprints.training.access import is_staff
from app.blueprints.training.bank import matching_questions
from app.blueprints.training.schemas import AnswerIn, AttemptDetail, AttemptOut, AttemptReview
from app.database import as_utc, utcnow
from app.errors import ApiError
from app.extensions import db
from app.models import Attempt, AttemptAnswer, Certificate, ExamTemplate, Question, User
from app import channels, events, jobs

_draw = secrets.SystemRandom()


def retake_wait(exam: ExamTemplate) -> timedelta:
    """How long a candidate waits after an attempt before the next: the exam's own
    figure, else the runtime setting. Without it, retaking at once would let anyone
    learn a small bank from the answers shown after each attempt."""
    hours = exam.retake_wait_hours
    if hours is None:
        hours = settings.get("EXAM_RETAKE_WAIT_HOURS")
    return timedelta(hours=hours)


def retake_at(exam: ExamTemplate, user: User) -> datetime | None:
    """When the candidate may start this exam again, None if there is no earlier attempt
    to wait after. An open attempt is not counted: it is resumed, not retaken."""
    last = db.session.scalar(sa.select(sa.func.max(Attempt.submitted_at)).where(
        Attempt.user_id == user.id, Attempt.template_id == exam.id, Attempt.state == "submitted"))
    return as_utc(last) + retake_wait(exam) if last is not None else None


def draw(pool: list[Question], count: int, user: User) -> list[Question]:
    """`count` questions the candidate has seen least (never, when the bank has enough),
    chosen at random among equals, in a random order."""
    seen = dict(db.session.execute(
        sa.select(AttemptAnswer.question_id, sa.func.count()).join(AttemptAnswer.attempt)
        .where(Attempt.user_id == user.id).group_by(AttemptAnswer.question_id)).all())
    shuffled = _draw.sample(pool, len(pool))
    chosen = sorted(shuffled, key=lambda q: seen.get(q.id, 0))[:count]  # stable: random among equals
    _draw.shuffle(chosen)
    return chosen


def start(exam: ExamTemplate, user: User) -> Attempt:
    if not exam.active:
        raise ApiError(409, "exam_closed", _("The exam %(name)s is not open for attempts.", name=repr(exam.name)))
    existing = db.session.scalar(sa.select(Attempt).where(
        Attempt.user_id == user.id, Attempt.template_id == exam.id, Attempt.state == "open"))
    if existing is not None and not settle(existing):
        raise ApiError(409, "attempt_open", _("You have an attempt at this exam open already; finish it first."),
                       attempt_id=existing.id)
    now = utcnow()
    allowed_at = retake_at(exam, user)
    if allowed_at is not None and allowed_at > now:
        when, hours = allowed_at.strftime("%Y-%m-%d %H:%M"), format(retake_wait(exam).total_seconds() / 3600, "g")
        raise ApiError(409, "retake_too_soon",
                       _("You may take this exam again from %(time)s UTC (%(hours)s h after your last attempt).",
                         time=when, hours=hours),
                       retake_at=allowed_at.isoformat(), retry_after=int((allowed_at - now).total_seconds()) + 1)
    pool = matching_questions(exam)
    if len(pool) < exam.question_count:
        raise ApiError(409, "not_enough_questions",
                       _("The exam needs %(count)s questions and the bank has %(available)s that match; tell an instructor.",
                         count=exam.question_count, available=len(pool)), available=len(pool))
    number = 1 + (db.session.scalar(sa.select(sa.func.max(Attempt.number)).where(
        Attempt.user_id == user.id, Attempt.template_id == exam.id)) or 0)
    attempt = Attempt(template=exam, user=user, number=number, started_at=now,
                      deadline=now + timedelta(seconds=exam.time_limit_s))
    # A random draw in a random order: no two candidates can share a sequence, and a
    # retake shows what the candidate has not seen yet.
    for position, question in enumerate(draw(pool, exam.question_count, user), start=1):
        attempt.answers.append(AttemptAnswer(position=position, question=question))
    db.session.add(attempt)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # the same candidate pressed Start twice at once
        db.session.rollback()
        raise ApiError(409, "attempt_open", _("You have an attempt at this exam open already.")) from None
    return attempt


def get_for(attempt_id: int, user: User, *, lock: bool = False, own: bool = False) -> Attempt:
    """The user's attempt (staff may read anyone's); `own` for what only its candidate may do."""
    query = sa.select(Attempt).where(Attempt.id == attempt_id)
    if lock:
        query = query.with_for_update()
    attempt = db.session.scalar(query)
    if attempt is None or (attempt.user_id != user.id and not is_staff(user)):
        raise ApiError(404, "not_found", _("No attempt %(attempt)s of yours.", attempt=attempt_id))
    if own and attempt.user_id != user.id:
        raise ApiError(403, "forbidden", _("Only the candidate answers and submits their attempt."))
    settle(attempt)
    return attempt


def remaining_s(attempt: Attempt) -> float:
    if attempt.state != "open":
        return 0.0
    return max(0.0, round((as_utc(attempt.deadline) - utcnow()).total_seconds(), 1))


def settle(attempt: Attempt) -> bool:
    """Submit an open attempt whose time is up, as it stands. True if it is (now) submitted."""
    if attempt.state == "open" and as_utc(attempt.deadline) <= utcnow():
        finish(attempt, "timeout", as_utc(attempt.deadline))
    return attempt.state == "submitted"


def answer_at(attempt: Attempt, position: int) -> AttemptAnswer:
    found = next((a for a in attempt.answers if a.position == position), None)
    if found is None:
        raise ApiError(404, "not_in_attempt",
                       _("Question %(position)s is not in this attempt (it has questions 1 to %(count)s).",
                         position=position, count=len(attempt.answers)))
    return found


def record_answer(attempt: Attempt, position: int, data: AnswerIn) -> AttemptAnswer:
    if attempt.state != "open":
        if attempt.submitted_by == "timeout":
            raise ApiError(409, "time_up", _("Time is up: the attempt was submitted as it stood at the deadline."))
        raise ApiError(409, "submitted", _("This attempt is submitted; answers can no longer change."))
    row = answer_at(attempt, position)
    row.regions = check_regions(data.regions, needed=False)
    row.decision = data.decision
    now = utcnow()
    row.answered_at = now
    row.opened_at = row.opened_at or now
    # Hold the attempt open in the same transaction: an answer lands before the
    # deadline's grading or not at all, never after it unseen.
    still_open = db.session.execute(
        sa.update(Attempt).where(Attempt.id == attempt.id, Attempt.state == "open", Attempt.deadline > now)
        .values(state="open").execution_options(synchronize_session=False))
    if still_open.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
        db.session.rollback()
        db.session.refresh(attempt)
        settle(attempt)
        if attempt.submitted_by == "candidate":
            raise ApiError(409, "submitted", _("This attempt is submitted; answers can no longer change."))
        raise ApiError(409, "time_up", _("Time is up: the attempt was submitted as it stood at the deadline."))
    db.session.commit()
    return row


def mark_opened(attempt: Attempt, position: int) -> AttemptAnswer:
    row = answer_at(attempt, position)
    if row.opened_at is None and attempt.state == "open":
        row.opened_at = utcnow()
        db.session.commit()
    return row


def submit(attempt: Attempt) -> Attempt:
    if attempt.state != "open":
        raise ApiError(409, "submitted" if attempt.submitted_by == "candidate" else "time_up",
                       _("This attempt is submitted already."))
    finish(attempt, "candidate", utcnow())
    return attempt


def finish(attempt: Attempt, by: str, at: datetime) -> None:
    """Grade, close, and on a pass issue the certificate, in one commit. The sweeper
    and a candidate's request may both find the attempt due: the first to claim it
    in the database grades it, the other reads the result."""
    claimed = db.session.execute(
        sa.update(Attempt).where(Attempt.id == attempt.id, Attempt.state == "open")
        .values(state="submitted", submitted_by=by, submitted_at=at).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
        db.session.rollback()
        db.session.refresh(attempt)
        return
    exam = attempt.template
    correct = 0
    for row in attempt.answers:
        q = row.question
        row.correct, row.region_hit = grading.grade(q.decision, q.regions, row.decision, row.regions)
        correct += row.correct
    total = len(attempt.answers)
    attempt.correct = correct
    attempt.score_percent = round(100.0 * correct / total, 1) if total else 0.0
    attempt.grade = grading.band(attempt.score_percent, exam.pass_percent, exam.grade_bands)
    attempt.passed = attempt.grade is not None
    attempt.state, attempt.submitted_by, attempt.submitted_at = "submitted", by, at
    db.session.flush()
    if attempt.passed:
        certificates.issue(attempt, at)
    db.session.commit()
    channels.publish("attempt.submitted", {"attempt_id": attempt.id, "submitted_by": by},
                     channels.user_room(attempt.user_id))
    user = attempt.user
    if attempt.passed:
        events.certificate_issued.send(user.id, centre_id=user.centre_id or (user.site.centre_id if user.site else None))


@jobs.chore("EXAM_SWEEP_SECONDS")
def sweep() -> int:
    """Submit every attempt whose time ran out while nobody was looking."""
    due = db.session.scalars(sa.select(Attempt.id).where(Attempt.state == "open",
                                                         Attempt.deadline <= utcnow())).all()
    for attempt_id in due:
        attempt = db.session.scalar(sa.select(Attempt).where(Attempt.id == attempt_id).with_for_update())
        if attempt is not None:
            settle(attempt)
    return len(due)


def mine(user: User) -> list[Attempt]:
    attempts = list(db.session.scalars(sa.select(Attempt).where(Attempt.user_id == user.id)
                                       .order_by(Attempt.started_at.desc())))
    for attempt in attempts:
        settle(attempt)
    return attempts


def exam_status(exam: ExamTemplate, user: User) -> dict:
    attempts = db.session.scalars(sa.select(Attempt).where(Attempt.template_id == exam.id,
                                                           Attempt.user_id == user.id)).all()
    for attempt in attempts:
        settle(attempt)
    done = [a for a in attempts if a.state == "submitted"]
    allowed_at = retake_at(exam, user)
    return {"open_attempt_id": next((a.id for a in attempts if a.state == "open"), None),
            "attempts": len(attempts),
            "best_percent": max((a.score_percent for a in done), default=None),
            "passed": any(a.passed for a in done),
            # When "Start" may be offered again (null: now), from the server's clock.
            "retake_at": allowed_at if allowed_at and allowed_at > utcnow() else None,
            "retake_wait_hours": retake_wait(exam).total_seconds() / 3600}


# --- what the candidate sees ---------------------------------------------------------

def _image(attempt: Attempt, row: AttemptAnswer) -> dict:
    ids = {"attempt_id": attempt.id, "position": row.position}
    return image_view(row.question.scan, f"attempt-{attempt.id}-{row.position}",
                      url_for("training.attempt", attempt_id=attempt.id),
                      image_links("training", "attempt_", **ids))


def answer_view(row: AttemptAnswer) -> dict | None:
    if row.answered_at is None:
        return None
    return {"decision": row.decision, "regions": row.regions, "answered_at": row.answered_at}


def serialize(attempt: Attempt, *, questions: bool = True) -> AttemptOut:
    """The attempt; with its questions (and each one's image and answer) unless listed."""
    now = utcnow()
    exam = attempt.template
    body: dict = {
        "id": attempt.id, "number": attempt.number,
        "exam": {"id": exam.id, "name": exam.name, "pass_percent": exam.pass_percent,
                 "time_limit_s": exam.time_limit_s},
        "user": {"id": attempt.user.id, "display_name": attempt.user.display_name},
        "state": attempt.state, "started_at": attempt.started_at,
        "deadline": attempt.deadline, "server_time": now,
        "remaining_s": remaining_s(attempt),
        "submitted_at": attempt.submitted_at,
        "submitted_by": attempt.submitted_by,
        "result": _result(attempt),
    }
    if not questions:
        return AttemptOut.model_validate(body)
    body["questions"] = [{"position": r.position, "image": _image(attempt, r), "answer": answer_view(r)}
                         for r in attempt.answers]
    return AttemptDetail.model_validate(body)


def _result(attempt: Attempt) -> dict | None:
    if attempt.state != "submitted":
        return None
    cert = db.session.scalar(sa.select(Certificate).where(Certificate.attempt_id == attempt.id))
    next_at = as_utc(attempt.submitted_at) + retake_wait(attempt.template)
    return {"score_percent": attempt.score_percent, "correct": attempt.correct, "total": len(attempt.answers),
            "passed": attempt.passed, "grade": attempt.grade,
            "certificate": certificates.serialize(cert) if cert else None,
            # The earliest next attempt after this one (a later attempt moves it on).
            "retake_at": next_at}


def review(attempt: Attempt, viewer: User) -> AttemptReview:
    """Each question with the ground truth: only once the attempt is submitted."""
    if attempt.state != "submitted" and not is_staff(viewer):
        raise ApiError(403, "not_submitted", _("The answers are shown once the attempt is submitted."))
    return AttemptReview.model_validate({"attempt": serialize(attempt, questions=False), "questions": [{
        "position": r.position, "image": _image(attempt, r), "answer": answer_view(r),
        "expected": {"decision": r.question.decision, "regions": r.question.regions},
        "explanation": r.question.explanation, "correct": r.correct, "region_hit": r.region_hit,
        "time_spent_s": _time_spent(r),
    } for r in attempt.answers]})


def _time_spent(row: AttemptAnswer) -> float | None:
    if row.opened_at is None or row.answered_at is None:
        return None
    return round(max(0.0, (as_utc(row.answered_at) - as_utc(row.opened_at)).total_seconds()), 1)

