"""Resumable (tus) uploads: the bytes live in the store, the bookkeeping here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from app.database import UTCDateTime, utcnow
from app.extensions import db
from app.models.org import Scanner


class Upload(db.Model):
    __tablename__ = "uploads"
    # 128 random bits: the id is the upload's URL, so it must not be guessable.
    id: so.Mapped[str] = so.mapped_column(sa.String(32), primary_key=True)
    scanner_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("scanners.id", ondelete="CASCADE"), index=True)
    length: so.Mapped[int] = so.mapped_column(sa.BigInteger)
    meta: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    expires_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), index=True)
    completed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    sha256: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    # Set once a scan took the file over; kept so a retried registration is recognised.
    scan_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("scans.id", ondelete="SET NULL"), index=True)

    scanner: so.Mapped[Scanner] = so.relationship()
