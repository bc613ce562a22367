"""The audit trail: one append-only row per security-relevant act, hash-chained.

Row n stores the hash of its own content and of row n-1's hash, so changing,
deleting or slipping in a row breaks the chain from there on; `audit_head` holds the
newest link (every append locks it, so the chain has one order in every process),
and signed checkpoints anchor it against rewriting the whole tail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from app.database import UTCDateTime, in_list, utcnow
from app.extensions import db

ACTOR_KINDS = ("person", "token", "system")
GENESIS = "0" * 64


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (
        sa.CheckConstraint(in_list("actor_kind", ACTOR_KINDS), name="actor_kind"),
        sa.Index("ix_audit_events_actor", "actor_kind", "actor_id", "at"),
    )
    # The chain position, given by the head (not a database sequence).
    id: so.Mapped[int] = so.mapped_column(primary_key=True, autoincrement=False)
    at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_kind: so.Mapped[str] = so.mapped_column(sa.String(8))
    actor_id: so.Mapped[int | None] = so.mapped_column()
    actor_name: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    action: so.Mapped[str] = so.mapped_column(sa.String(64), index=True)
    target_kind: so.Mapped[str | None] = so.mapped_column(sa.String(32))
    target_id: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    scan_id: so.Mapped[int | None] = so.mapped_column(index=True)  # no foreign key: rows outlive scans
    address: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    detail: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    prev_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    hash: so.Mapped[str] = so.mapped_column(sa.String(64))


class AuditHead(db.Model):
    """The newest link of the chain (a single row, id 1)."""

    __tablename__ = "audit_head"
    id: so.Mapped[int] = so.mapped_column(primary_key=True, autoincrement=False)
    last_id: so.Mapped[int] = so.mapped_column(default=0)
    last_hash: so.Mapped[str] = so.mapped_column(sa.String(64), default=GENESIS)


class AuditCheckpoint(db.Model):
    """The chain's head at a moment, signed with the audit key (HMAC-SHA256)."""

    __tablename__ = "audit_checkpoints"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    last_id: so.Mapped[int] = so.mapped_column()
    last_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    signature: so.Mapped[str] = so.mapped_column(sa.String(64))
