"""Threat image projection (TIP, issue 19): the library of fictional threat images (FTIs),
each projection into a live assignment with its outcome, and each analyst's time on task
(breaks before fatigue)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from app.database import UTCDateTime, in_list, utcnow
from app.extensions import db

THREAT_SOURCES = ("synthetic", "upload")
PROJECTION_STATES = ("active", "revealed")
PROJECTION_OUTCOMES = ("hit", "miss")


class TipThreat(db.Model):
    """One FTI: its attenuation on both energies (A = ln(I0/I), float32) and its mask,
    as a compressed .npz in `data` (FTIs are small: a few hundred pixels a side)."""

    __tablename__ = "tip_threats"
    __table_args__ = (sa.CheckConstraint(in_list("source", THREAT_SOURCES), name="source"),)
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    category: so.Mapped[str] = so.mapped_column(sa.String(32), index=True)
    source: so.Mapped[str] = so.mapped_column(sa.String(12))
    # How a synthetic FTI was made (category, seed, scanner type), to make it again.
    recipe: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    # Physical size of one FTI pixel: the FTI is resampled to each scan's pixel spacing.
    pixel_mm: so.Mapped[float] = so.mapped_column(default=5.0)
    width: so.Mapped[int] = so.mapped_column()
    height: so.Mapped[int] = so.mapped_column()
    data: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary)
    active: so.Mapped[bool] = so.mapped_column(default=True, server_default=sa.true())
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)


class TipProjection(db.Model):
    """An FTI projected into one assignment's scan, as that analyst alone sees it."""

    __tablename__ = "tip_projections"
    __table_args__ = (
        sa.CheckConstraint(in_list("state", PROJECTION_STATES), name="state"),
        sa.CheckConstraint("outcome IS NULL OR " + in_list("outcome", PROJECTION_OUTCOMES), name="outcome"),
    )
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    assignment_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("assignments.id", ondelete="CASCADE"),
                                                     unique=True)
    scan_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("scans.id", ondelete="CASCADE"), index=True)
    analyst_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    centre_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("centres.id"), index=True)
    threat_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("tip_threats.id"))
    # Where the FTI lies in full-resolution pixels (its box after resampling).
    x: so.Mapped[int] = so.mapped_column()
    y: so.Mapped[int] = so.mapped_column()
    w: so.Mapped[int] = so.mapped_column()
    h: so.Mapped[int] = so.mapped_column()
    state: so.Mapped[str] = so.mapped_column(sa.String(8), default="active")
    outcome: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    first_decision: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    first_regions: so.Mapped[list[dict[str, Any]]] = so.mapped_column(sa.JSON, default=list)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow, index=True)
    decided_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    decision_s: so.Mapped[float | None] = so.mapped_column()
    # Continuous screening before this scan was assigned (the fatigue trend).
    minutes_on_task: so.Mapped[float] = so.mapped_column(default=0.0)


class TipWorkstation(db.Model):
    """An analyst's continuous screening: since when, and the break it asks for."""

    __tablename__ = "tip_workstations"
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    on_task_since: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    last_active_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    break_from: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    break_until: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    override_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    override_reason: so.Mapped[str | None] = so.mapped_column(sa.String(500))
    override_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
