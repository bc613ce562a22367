"""Figures for instructors: how each question performs, how each candidate progresses."""

from __future__ import annotations

import statistics

import sqlalchemy as sa

from app.database import as_utc
from app.extensions import db
from app.models import Attempt, AttemptAnswer, Certificate, Question, User

# A question most get right teaches nothing; one most get wrong is often ambiguous.
MIN_ANSWERS = 5
TOO_EASY_PERCENT = 95
TOO_HARD_PERCENT = 30


def questions() -> list[dict]:
    rows = db.session.execute(
        sa.select(AttemptAnswer).join(AttemptAnswer.attempt).where(Attempt.state == "submitted")).scalars()
    per_question: dict[int, list[AttemptAnswer]] = {}
    for row in rows:
        per_question.setdefault(row.question_id, []).append(row)
    out = []
    for q in db.session.scalars(sa.select(Question).order_by(Question.id)):
        answers = per_question.get(q.id, [])
        right = sum(1 for a in answers if a.correct)
        right_percent = round(100.0 * right / len(answers), 1) if answers else None
        times = [(as_utc(a.answered_at) - as_utc(a.opened_at)).total_seconds()
                 for a in answers if a.answered_at and a.opened_at]
        flag = None
        if len(answers) >= MIN_ANSWERS:
            flag = "too_easy" if right_percent >= TOO_EASY_PERCENT else (
                "too_hard" if right_percent <= TOO_HARD_PERCENT else None)
        out.append({"id": q.id, "decision": q.decision, "difficulty": q.difficulty, "tags": q.tags,
                    "active": q.active, "answered": len(answers), "right_percent": right_percent,
                    "median_time_s": round(statistics.median(times), 1) if times else None, "flag": flag})
    return out


def candidates(people: sa.Select) -> list[dict]:
    """Every attempt of each candidate among `people` (the ids the viewer may see), oldest
    first: when, the score, which questions were drawn and which were right, and the
    certificate it issued. Open attempts are listed without a score."""
    attempts = db.session.scalars(sa.select(Attempt).where(Attempt.user_id.in_(people))
                                  .order_by(Attempt.started_at, Attempt.id)).all()
    per_user: dict[int, list[Attempt]] = {}
    for a in attempts:
        per_user.setdefault(a.user_id, []).append(a)
    users = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(list(per_user)))).unique()}
    codes = dict(db.session.execute(sa.select(Certificate.attempt_id, Certificate.code).where(
        Certificate.attempt_id.in_([a.id for a in attempts]))).all()) if attempts else {}
    return [{"user": {"id": uid, "display_name": users[uid].display_name, "username": users[uid].username},
             "attempts": [_attempt(a, codes.get(a.id)) for a in rows]}
            for uid, rows in sorted(per_user.items(), key=lambda kv: users[kv[0]].display_name)]


def _attempt(a: Attempt, certificate_code: str | None) -> dict:
    return {"id": a.id, "number": a.number, "exam": {"id": a.template_id, "name": a.template.name},
            "state": a.state, "started_at": a.started_at, "submitted_at": a.submitted_at,
            "submitted_by": a.submitted_by, "score_percent": a.score_percent, "passed": a.passed, "grade": a.grade,
            "certificate_code": certificate_code,
            # Right/wrong only once submitted: an open attempt's answers are still changing.
            "questions": [{"position": r.position, "question_id": r.question_id,
                           "correct": r.correct if a.state == "submitted" else None} for r in a.answers]}
