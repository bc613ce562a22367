"""The interpretation loop: assignments, verdicts, expert reviews, physical
inspections, and an audit trail of who moved a scan and why."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, get_args

import sqlalchemy as sa
from sqlalchemy import orm as so

from app.database import UTCDateTime, in_list, utcnow
from app.extensions import db
from app.models.scans import Scan
from app.models.users import User
from app.threats import THREAT_CATEGORIES

ASSIGNMENT_STATES = ("open", "decided", "revoked")
Decision = Literal["clear", "suspect"]
DECISIONS: tuple[str, ...] = get_args(Decision)
REVIEW_STATES = ("blind", "open", "done")
OUTCOMES = ("seizure", "discrepancy", "no_finding")
# Units an officer counts a finding in (the tablet offers these; the COS receives the code).
FINDING_UNITS = ("pieces", "packages", "cartons", "kg", "g", "litres", "sticks")
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")


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
    """The site officer's physical inspection of a scanned conveyance: one per scan."""

    __tablename__ = "inspections"
    __table_args__ = (sa.CheckConstraint(in_list("outcome", OUTCOMES), name="outcome"),)
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    scan_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("scans.id", ondelete="CASCADE"), unique=True)
    officer_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    outcome: so.Mapped[str] = so.mapped_column(sa.String(12))
    # The officer's own words (what, where, how); the counted findings are `items`.
    findings: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    hs_code: so.Mapped[str | None] = so.mapped_column(sa.String(10))
    seals_before: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    seals_after: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    officers_present: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    # Chosen by the tablet when the record is made, so a record sent again after a lost
    # answer (or queued offline) is stored once: the server answers the same record.
    client_key: so.Mapped[str | None] = so.mapped_column(sa.String(64), unique=True)
    # When the officer recorded it on the tablet (it may reach the centre later).
    inspected_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    recorded_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    scan: so.Mapped[Scan] = so.relationship(backref=so.backref("inspection", uselist=False))
    officer: so.Mapped[User] = so.relationship()
    items: so.Mapped[list["InspectionFinding"]] = so.relationship(
        cascade="all, delete-orphan", order_by="InspectionFinding.position")
    photos: so.Mapped[list["InspectionPhoto"]] = so.relationship(
        cascade="all, delete-orphan", order_by="InspectionPhoto.position")


class InspectionFinding(db.Model):
    """What was found, by the analysts' threat category (app/threats.py), counted."""

    __tablename__ = "inspection_findings"
    __table_args__ = (
        sa.CheckConstraint(in_list("category", tuple(THREAT_CATEGORIES)), name="category"),
        sa.CheckConstraint("unit IS NULL OR " + in_list("unit", FINDING_UNITS), name="unit"),
        sa.CheckConstraint("quantity IS NULL OR quantity >= 0", name="quantity"),
    )
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    inspection_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("inspections.id", ondelete="CASCADE"),
                                                     index=True)
    position: so.Mapped[int] = so.mapped_column()
    category: so.Mapped[str] = so.mapped_column(sa.String(20))
    description: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    quantity: so.Mapped[float | None] = so.mapped_column(sa.Float)
    unit: so.Mapped[str | None] = so.mapped_column(sa.String(12))


class InspectionPhoto(db.Model):
    """A photo the officer took, kept in the image store with the scan's objects."""

    __tablename__ = "inspection_photos"
    __table_args__ = (sa.CheckConstraint(in_list("content_type", PHOTO_TYPES), name="content_type"),)
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    inspection_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("inspections.id", ondelete="CASCADE"),
                                                     index=True)
    scan_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("scans.id", ondelete="CASCADE"), index=True)
    position: so.Mapped[int] = so.mapped_column()
    key: so.Mapped[str] = so.mapped_column(sa.String(512), unique=True)
    content_type: so.Mapped[str] = so.mapped_column(sa.String(16))
    size_bytes: so.Mapped[int] = so.mapped_column(sa.Integer)
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64))
    width: so.Mapped[int] = so.mapped_column()
    height: so.Mapped[int] = so.mapped_column()
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)


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
