"""What scanners report about themselves (start-up, shut-down, heartbeats,
faults) and the alerts a supervisor acknowledges."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from app.database import UTCDateTime, in_list, utcnow
from app.extensions import db
from app.models.org import Scanner

EVENT_TYPES = ("startup", "shutdown", "heartbeat", "fault", "fault_cleared")
STATUSES = ("running", "idle", "stopped", "fault", "offline")
ALERT_KINDS = ("offline", "fault")


class EquipmentEvent(db.Model):
    __tablename__ = "equipment_events"
    __table_args__ = (
        # A late or repeated event (same scanner, type and time) is stored once.
        sa.UniqueConstraint("scanner_id", "type", "at", name="uq_equipment_events_scanner_id_type_at"),
        sa.CheckConstraint(in_list("type", EVENT_TYPES), name="type"),
        sa.Index("ix_equipment_events_scanner_effective", "scanner_id", "effective_at"),
    )
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    scanner_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("scanners.id", ondelete="CASCADE"))
    type: so.Mapped[str] = so.mapped_column(sa.String(16))
    at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())  # as the scanner says
    received_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    # The scanner's time, or the arrival time when its clock was too far off to trust.
    effective_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    skewed: so.Mapped[bool] = so.mapped_column(default=False)
    data: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)


class ScannerState(db.Model):
    """The live status of a scanner, kept up to date as events arrive."""

    __tablename__ = "scanner_states"
    __table_args__ = (sa.CheckConstraint(in_list("status", STATUSES), name="status"),)
    scanner_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("scanners.id", ondelete="CASCADE"),
                                                  primary_key=True)
    status: so.Mapped[str] = so.mapped_column(sa.String(8), default="stopped")
    since: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    # Effective time of the newest event applied: older ones arriving late are stored, not replayed.
    last_event_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    last_heartbeat_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    last_scans_counter: so.Mapped[int] = so.mapped_column(default=0)
    powered: so.Mapped[bool] = so.mapped_column(default=False)
    fault: so.Mapped[dict[str, Any] | None] = so.mapped_column(sa.JSON)
    skewed: so.Mapped[bool] = so.mapped_column(default=False)

    scanner: so.Mapped[Scanner] = so.relationship()


class EquipmentAlert(db.Model):
    __tablename__ = "equipment_alerts"
    __table_args__ = (
        sa.CheckConstraint(in_list("kind", ALERT_KINDS), name="kind"),
        # One open alert per scanner and kind, whichever process notices first.
        sa.Index("ix_equipment_alerts_one_open", "scanner_id", "kind", unique=True,
                 sqlite_where=sa.text("cleared_at IS NULL"), postgresql_where=sa.text("cleared_at IS NULL")),
    )
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    scanner_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("scanners.id", ondelete="CASCADE"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(8))
    detail: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    raised_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    cleared_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    acknowledged_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    acknowledged_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())

    scanner: so.Mapped[Scanner] = so.relationship()
