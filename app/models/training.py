"""The academy: the standard image and typical-case libraries, the question bank,
exam templates, candidates' attempts and the certificates that gate live work."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from app.config import CERTIFICATE_GRADES
from app.database import UTCDateTime, in_list, utcnow
from app.extensions import db
from app.models.scans import Scan
from app.models.users import User

LIBRARY_KINDS = ("standard", "typical")
MATERIAL_CLASSES = ("organic", "inorganic", "mixed", "metal")
ATTEMPT_STATES = ("open", "submitted")
SUBMITTERS = ("candidate", "timeout")
# In rising order: a certificate of a higher grade covers every lower one.
GRADES = CERTIFICATE_GRADES


class LibraryItem(db.Model):
    __tablename__ = "library_items"
    __table_args__ = (
        sa.CheckConstraint(in_list("kind", LIBRARY_KINDS), name="kind"),
        sa.CheckConstraint("material_class IS NULL OR " + in_list("material_class", MATERIAL_CLASSES),
                           name="material_class"),
        # A case is promoted once.
        sa.UniqueConstraint("kind", "scan_id", name="uq_library_items_kind_scan_id"),
    )
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(8), index=True)
    scan_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("scans.id"), index=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    hs_code: so.Mapped[str] = so.mapped_column(sa.String(10), default="", index=True)
    goods_description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    packing: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    material_class: so.Mapped[str | None] = so.mapped_column(sa.String(10))
    labels: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    notes: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # Typical cases: the case as closed, stripped of names and numbers on promotion.
    case: so.Mapped[dict[str, Any] | None] = so.mapped_column(sa.JSON)
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    scan: so.Mapped[Scan] = so.relationship()


class Question(db.Model):
    __tablename__ = "questions"
    __table_args__ = (
        sa.CheckConstraint(in_list("decision", ("clear", "suspect")), name="decision"),
        sa.CheckConstraint("difficulty BETWEEN 1 AND 5", name="difficulty"),
    )
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    scan_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("scans.id"), index=True)
    library_item_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("library_items.id"), index=True)
    decision: so.Mapped[str] = so.mapped_column(sa.String(8))
    regions: so.Mapped[list[dict[str, Any]]] = so.mapped_column(sa.JSON, default=list)
    explanation: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    difficulty: so.Mapped[int] = so.mapped_column(default=3)
    tags: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    active: so.Mapped[bool] = so.mapped_column(default=True, server_default=sa.true())
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    scan: so.Mapped[Scan] = so.relationship()


class ExamTemplate(db.Model):
    __tablename__ = "exam_templates"
    __table_args__ = (
        sa.CheckConstraint("question_count > 0", name="question_count"),
        sa.CheckConstraint("time_limit_s > 0", name="time_limit"),
        sa.CheckConstraint("pass_percent BETWEEN 0 AND 100", name="pass_percent"),
        sa.CheckConstraint("retake_wait_hours IS NULL OR retake_wait_hours >= 0", name="retake_wait_hours"),
    )
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200), unique=True)
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    question_count: so.Mapped[int] = so.mapped_column()
    tags: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    difficulty_min: so.Mapped[int] = so.mapped_column(default=1)
    difficulty_max: so.Mapped[int] = so.mapped_column(default=5)
    # The scanner kinds its questions come from, and its certificates cover.
    scanner_kinds: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    time_limit_s: so.Mapped[int] = so.mapped_column()
    pass_percent: so.Mapped[float] = so.mapped_column()
    # [{"grade": "junior", "min_percent": 60}, ...] in rising order.
    grade_bands: so.Mapped[list[dict[str, Any]]] = so.mapped_column(sa.JSON, default=list)
    validity_days: so.Mapped[int] = so.mapped_column()
    # Hours between a submitted attempt and the next one; None: the runtime setting
    # EXAM_RETAKE_WAIT_HOURS.
    retake_wait_hours: so.Mapped[int | None] = so.mapped_column()
    active: so.Mapped[bool] = so.mapped_column(default=True, server_default=sa.true())
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)


class Attempt(db.Model):
    __tablename__ = "attempts"
    __table_args__ = (
        sa.CheckConstraint(in_list("state", ATTEMPT_STATES), name="state"),
        sa.CheckConstraint("submitted_by IS NULL OR " + in_list("submitted_by", SUBMITTERS), name="submitted_by"),
        # One open attempt per candidate and exam, held by the database itself.
        sa.Index("ix_attempts_one_open", "user_id", "template_id", unique=True,
                 sqlite_where=sa.text("state = 'open'"), postgresql_where=sa.text("state = 'open'")),
        sa.Index("ix_attempts_user_template_number", "user_id", "template_id", "number", unique=True),
    )
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    template_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("exam_templates.id"), index=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    # 1 for the candidate's first attempt at this exam, 2 for the retake...: what the
    # certificate and the instructor's list name.
    number: so.Mapped[int] = so.mapped_column()
    state: so.Mapped[str] = so.mapped_column(sa.String(10), default="open", index=True)
    started_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    deadline: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), index=True)
    submitted_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    submitted_by: so.Mapped[str | None] = so.mapped_column(sa.String(10))
    correct: so.Mapped[int | None] = so.mapped_column()
    score_percent: so.Mapped[float | None] = so.mapped_column()
    passed: so.Mapped[bool | None] = so.mapped_column()
    grade: so.Mapped[str | None] = so.mapped_column(sa.String(20))

    template: so.Mapped[ExamTemplate] = so.relationship()
    user: so.Mapped[User] = so.relationship()
    answers: so.Mapped[list["AttemptAnswer"]] = so.relationship(
        cascade="all, delete-orphan", order_by="AttemptAnswer.position", back_populates="attempt")


class AttemptAnswer(db.Model):
    """One question of an attempt, in the order the candidate sees them, with the answer."""

    __tablename__ = "attempt_answers"
    __table_args__ = (
        sa.UniqueConstraint("attempt_id", "position", name="uq_attempt_answers_attempt_id_position"),
        sa.UniqueConstraint("attempt_id", "question_id", name="uq_attempt_answers_attempt_id_question_id"),
        sa.CheckConstraint("decision IS NULL OR " + in_list("decision", ("clear", "suspect")), name="decision"),
    )
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    attempt_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("attempts.id", ondelete="CASCADE"), index=True)
    position: so.Mapped[int] = so.mapped_column()
    question_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("questions.id"), index=True)
    decision: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    regions: so.Mapped[list[dict[str, Any]]] = so.mapped_column(sa.JSON, default=list)
    # The first time the image was asked for, and the last answer: time taken.
    opened_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    answered_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    correct: so.Mapped[bool | None] = so.mapped_column()
    region_hit: so.Mapped[bool | None] = so.mapped_column()

    attempt: so.Mapped[Attempt] = so.relationship(back_populates="answers")
    question: so.Mapped[Question] = so.relationship()


class Certificate(db.Model):
    __tablename__ = "certificates"
    __table_args__ = (sa.CheckConstraint(in_list("grade", GRADES), name="grade"),)
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    # What anyone types or scans to check the certificate; random, not guessable.
    code: so.Mapped[str] = so.mapped_column(sa.String(32), unique=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    # Null for certificates granted by an administrator (staff certified before CIPS).
    template_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("exam_templates.id"))
    attempt_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("attempts.id"), unique=True)
    grade: so.Mapped[str] = so.mapped_column(sa.String(20))
    score_percent: so.Mapped[float | None] = so.mapped_column()
    scanner_kinds: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    issued_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    expires_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), index=True)
    issued_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    revoked_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    revoked_reason: so.Mapped[str] = so.mapped_column(sa.String(500), default="")

    user: so.Mapped[User] = so.relationship(foreign_keys=[user_id])
    template: so.Mapped[ExamTemplate | None] = so.relationship()
    # The attempt that passed (None for a certificate granted on record).
    attempt: so.Mapped[Attempt | None] = so.relationship()
