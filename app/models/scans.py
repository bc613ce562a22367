"""Scans and their image channels (filled by the ingest issue)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, get_args

import sqlalchemy as sa
from sqlalchemy import orm as so

from app.database import UTCDateTime, in_list, utcnow
from app.extensions import db
from app.models.org import Scanner

# The Literal types are what the API's models (and so the OpenAPI document) name.
ScanStatus = Literal["received", "processing", "ready", "failed"]
ConveyanceKind = Literal["container", "truck", "rail", "car"]
ChannelRole = Literal["high", "low", "single"]
SCAN_STATUSES: tuple[str, ...] = get_args(ScanStatus)
CONVEYANCE_KINDS: tuple[str, ...] = get_args(ConveyanceKind)
CHANNEL_ROLES: tuple[str, ...] = get_args(ChannelRole)
# Training images (reference scans, uploaded exam images) never enter live work.
SCAN_PURPOSES = ("live", "training")


class Scan(db.Model):
    __tablename__ = "scans"
    __table_args__ = (
        sa.UniqueConstraint("scanner_id", "scan_uid", name="uq_scans_scanner_id_scan_uid"),
        sa.CheckConstraint(in_list("status", SCAN_STATUSES), name="status"),
        sa.CheckConstraint(in_list("conveyance_kind", CONVEYANCE_KINDS), name="conveyance_kind"),
        sa.CheckConstraint(in_list("purpose", SCAN_PURPOSES), name="purpose"),
    )
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    scanner_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("scanners.id"), index=True)
    scan_uid: so.Mapped[str] = so.mapped_column(sa.String(128))
    scanned_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), index=True)
    # Indexed: the wall's "today", the reports' periods and the busy-scanner sweep ask by it.
    received_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow, index=True)
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="received", index=True)
    failure_reason: so.Mapped[str | None] = so.mapped_column(sa.Text)
    format: so.Mapped[str | None] = so.mapped_column(sa.String(32))
    conveyance_kind: so.Mapped[str] = so.mapped_column(sa.String(16), default="container")
    container_ids: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    plate: so.Mapped[str | None] = so.mapped_column(sa.String(32))
    weight_kg: so.Mapped[float | None] = so.mapped_column()
    radiation_alarm: so.Mapped[bool] = so.mapped_column(default=False)
    radiation_cps: so.Mapped[float | None] = so.mapped_column()
    width: so.Mapped[int | None] = so.mapped_column()
    height: so.Mapped[int | None] = so.mapped_column()
    # Digest of the registration request, so a retry is told apart from a conflict.
    content_sha256: so.Mapped[str] = so.mapped_column(sa.String(64))
    meta: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    # Set by a supervisor; higher is handed out first, before radiation alarms and age.
    priority: so.Mapped[int] = so.mapped_column(default=0, server_default="0")
    purpose: so.Mapped[str] = so.mapped_column(sa.String(8), default="live", server_default="live", index=True)
    # Processing is a queued job; these say who holds it, since when, and how often it
    # was tried, so a job lost with a killed process is queued again or failed.
    processing_by: so.Mapped[str | None] = so.mapped_column(sa.String(80))
    processing_started_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    processing_queued_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    processing_attempts: so.Mapped[int] = so.mapped_column(default=0, server_default="0")

    scanner: so.Mapped[Scanner] = so.relationship()
    channels: so.Mapped[list["ScanChannel"]] = so.relationship(
        cascade="all, delete-orphan", order_by="ScanChannel.role"
    )


class ScanChannel(db.Model):
    __tablename__ = "scan_channels"
    __table_args__ = (
        sa.UniqueConstraint("scan_id", "role", name="uq_scan_channels_scan_id_role"),
        sa.CheckConstraint(in_list("role", CHANNEL_ROLES), name="role"),
        sa.CheckConstraint("width > 0 AND height > 0", name="size"),
    )
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    scan_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("scans.id", ondelete="CASCADE"), index=True)
    role: so.Mapped[str] = so.mapped_column(sa.String(8))
    width: so.Mapped[int] = so.mapped_column()
    height: so.Mapped[int] = so.mapped_column()
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64))
    storage_key: so.Mapped[str] = so.mapped_column(sa.String(255))
    size_bytes: so.Mapped[int] = so.mapped_column(sa.BigInteger)
