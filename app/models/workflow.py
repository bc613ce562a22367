"""The interpretation loop: assignments, verdicts, expert reviews, physical
inspections, and an audit trail of who moved a scan and why."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from app.database import UTCDateTime, in_list, utcnow
from app.extensions import db
from app.models.scans import Scan
from app.models.users import User

ASSIGNMENT_STATES = ("open", "decided", "revoked")
DECISIONS = ("clear", "suspect")
REVIEW_STATES = ("blind", "open", "done")
OUTCOMES = ("seizure", "discrepancy", "no_finding")


class Assignment(db.Model):
    __tablename__ = "assignments"
    __table_args__ = (
        sa.CheckConstraint(in_list("state", ASSIGNMENT_STATES), name="state"),
        # A scan is with one analyst at a time: the database itself refuses a second.
        sa.Index("ix_assignments_one_open_per_scan", "scan_id", unique=True,
                 sqlite_where=sa.text("state = 'open'"), postgresql_where=sa.text("state = 'open'")),
    )
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    scan_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("scans.id", ondelete="CASCADE"), index=True)
    analyst_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    state: so.Mapped[str] = so.mapped_column(sa.String(8), default="open", index=True)
    assigned_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    deadline: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    ended_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    end_reason: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    # Null when the random draw chose; a supervisor's id when they reassigned.
    assigned_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))

    scan: so.Mapped[Scan] = so.relationship()
    analyst: so.Mapped[User] = so.relationship(foreign_keys=[analyst_id])


class Verdict(db.Model):
    __tablename__ = "verdicts"
    __table_args__ = (
        sa.CheckConstraint(in_list("decision", DECISIONS), name="decision"),
        sa.CheckConstraint(in_list("final_decision", DECISIONS), name="final_decision"),
    )
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    scan_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("scans.id", ondelete="CASCADE"), unique=True)
    assignment_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("assignments.id"), unique=True)
    analyst_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    decision: so.Mapped[str] = so.mapped_column(sa.String(8))
    regions: so.Mapped[list[dict[str, Any]]] = so.mapped_column(sa.JSON, default=list)
    note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    time_spent_s: so.Mapped[float] = so.mapped_column()
    issued_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow, index=True)
    # After an expert review; equal to `decision` until then.
    final_decision: so.Mapped[str] = so.mapped_column(sa.String(8))
    final_regions: so.Mapped[list[dict[str, Any]]] = so.mapped_column(sa.JSON, default=list)
    revised_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())

    scan: so.Mapped[Scan] = so.relationship(backref=so.backref("verdict", uselist=False))
    analyst: so.Mapped[User] = so.relationship()


class Review(db.Model):
    __tablename__ = "reviews"
    __table_args__ = (
        sa.CheckConstraint(in_list("state", REVIEW_STATES), name="state"),
        sa.CheckConstraint("blind_decision IS NULL OR " + in_list("blind_decision", DECISIONS), name="blind"),
        sa.CheckConstraint("decision IS NULL OR " + in_list("decision", DECISIONS), name="decision"),
    )
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    verdict_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("verdicts.id", ondelete="CASCADE"), unique=True)
    expert_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    state: so.Mapped[str] = so.mapped_column(sa.String(8), default="blind")
    blind_decision: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    agree: so.Mapped[bool | None] = so.mapped_column()
    decision: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    regions: so.Mapped[list[dict[str, Any]]] = so.mapped_column(sa.JSON, default=list)
    note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    decided_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())

    verdict: so.Mapped[Verdict] = so.relationship(backref=so.backref("review", uselist=False))
    expert: so.Mapped[User] = so.relationship()


class Inspection(db.Model):
    __tablename__ = "inspections"
    __table_args__ = (sa.CheckConstraint(in_list("outcome", OUTCOMES), name="outcome"),)
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    scan_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("scans.id", ondelete="CASCADE"), unique=True)
    officer_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    outcome: so.Mapped[str] = so.mapped_column(sa.String(12))
    findings: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    photos: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    recorded_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    scan: so.Mapped[Scan] = so.relationship(backref=so.backref("inspection", uselist=False))
    officer: so.Mapped[User] = so.relationship()


class QueueEvent(db.Model):
    """Every assignment, revocation, reassignment and change of priority: who and why."""

    __tablename__ = "queue_events"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    scan_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("scans.id", ondelete="CASCADE"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    actor_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    analyst_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    reason: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
