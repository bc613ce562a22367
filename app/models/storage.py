"""What the image store holds for each scan, retention rules, legal holds."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from app.database import UTCDateTime, in_list, utcnow
from app.extensions import db

# `photo`: an inspection photo (app/models/workflow.py InspectionPhoto), kept with its scan.
OBJECT_KINDS = ("original", "decoded", "pyramid", "manifest", "photo")
# Kinds of scan a retention rule applies to (app/blueprints/storage/retention.py says
# how a scan falls in one).
RETENTION_KINDS = ("cleared", "inspected", "seizure", "library", "failed")


class StoredObject(db.Model):
    """One object in the store of record, with its size and SHA-256 at write time."""

    __tablename__ = "stored_objects"
    __table_args__ = (sa.CheckConstraint(in_list("kind", OBJECT_KINDS), name="kind"),)
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    key: so.Mapped[str] = so.mapped_column(sa.String(512), unique=True)
    scan_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("scans.id", ondelete="CASCADE"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(12))
    size_bytes: so.Mapped[int] = so.mapped_column(sa.BigInteger)
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow, index=True)


class RetentionRule(db.Model):
    """How long scans of one kind keep their images; None = for ever."""

    __tablename__ = "retention_rules"
    __table_args__ = (sa.CheckConstraint(in_list("kind", RETENTION_KINDS), name="kind"),)
    kind: so.Mapped[str] = so.mapped_column(sa.String(16), primary_key=True)
    keep_days: so.Mapped[int | None] = so.mapped_column()
    pyramid_days: so.Mapped[int | None] = so.mapped_column()
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))


class ScanStorage(db.Model):
    """A scan's storage state: a legal hold, its pyramid dropped, its images purged."""

    __tablename__ = "scan_storage"
    scan_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("scans.id", ondelete="CASCADE"), primary_key=True)
    legal_hold: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    hold_reason: so.Mapped[str] = so.mapped_column(sa.String(500), default="", server_default="")
    held_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    held_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    pyramid_dropped_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    purged_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
