"""Queue alarms: a centre's queue too long, or a scan waiting too long (thresholds on
the centre), raised once while the condition lasts and acknowledged by a supervisor."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from app.database import UTCDateTime, in_list, utcnow
from app.extensions import db
from app.models.org import Centre

QUEUE_ALARM_KINDS = ("length", "wait")


class QueueAlert(db.Model):
    __tablename__ = "queue_alerts"
    __table_args__ = (
        sa.CheckConstraint(in_list("kind", QUEUE_ALARM_KINDS), name="kind"),
        # One open alarm per centre and kind, whichever process notices first.
        sa.Index("ix_queue_alerts_one_open", "centre_id", "kind", unique=True,
                 sqlite_where=sa.text("cleared_at IS NULL"), postgresql_where=sa.text("cleared_at IS NULL")),
    )
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    centre_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("centres.id", ondelete="CASCADE"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(8))
    detail: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    # What was measured when it was raised (scans waiting, or seconds of the oldest wait).
    value: so.Mapped[int] = so.mapped_column()
    threshold: so.Mapped[int] = so.mapped_column()
    raised_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    cleared_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    acknowledged_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    acknowledged_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())

    centre: so.Mapped[Centre] = so.relationship()
