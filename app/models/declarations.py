"""Customs declarations (every version kept), their links to scans, and the
outbox of results for the customs operation system (COS)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, get_args

import sqlalchemy as sa
from sqlalchemy import orm as so

from app.database import UTCDateTime, in_list, utcnow
from app.extensions import db

# The Literal types are what the API's models (and so the OpenAPI document) name.
RiskLevel = Literal["low", "medium", "high"]
LinkMethod = Literal["auto", "corrected", "manual"]
DeliveryState = Literal["pending", "delivered", "failed"]
RISK_LEVELS: tuple[str, ...] = get_args(RiskLevel)
LINK_METHODS: tuple[str, ...] = get_args(LinkMethod)
DELIVERY_STATES: tuple[str, ...] = get_args(DeliveryState)


class Declaration(db.Model):
    __tablename__ = "declarations"
    __table_args__ = (
        sa.UniqueConstraint("number", "version", name="uq_declarations_number_version"),
        sa.CheckConstraint(in_list("risk_level", RISK_LEVELS), name="risk_level"),
    )
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    number: so.Mapped[str] = so.mapped_column(sa.String(40), index=True)
    version: so.Mapped[int] = so.mapped_column(default=1)
    # Only the newest version of a number is current; older ones are history.
    current: so.Mapped[bool] = so.mapped_column(default=True, index=True)
    declared_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), index=True)
    declarant: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    consignor: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    consignee: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    origin_country: so.Mapped[str | None] = so.mapped_column(sa.String(2))
    container_ids: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    plate: so.Mapped[str | None] = so.mapped_column(sa.String(32), index=True)
    goods: so.Mapped[list[dict[str, Any]]] = so.mapped_column(sa.JSON, default=list)
    risk_level: so.Mapped[str] = so.mapped_column(sa.String(8), default="low")
    risk_reasons: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    received_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)


class DeclarationContainer(db.Model):
    """One row per container id of a current declaration, so matching is an index lookup."""

    __tablename__ = "declaration_containers"
    declaration_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("declarations.id", ondelete="CASCADE"), primary_key=True)
    container_id: so.Mapped[str] = so.mapped_column(sa.String(11), primary_key=True, index=True)


class ScanDeclaration(db.Model):
    """Which declaration (by number, so later versions stay linked) goes with a scan."""

    __tablename__ = "scan_declarations"
    __table_args__ = (sa.CheckConstraint(in_list("method", LINK_METHODS), name="method"),)
    scan_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("scans.id", ondelete="CASCADE"), primary_key=True)
    number: so.Mapped[str] = so.mapped_column(sa.String(40), index=True)
    method: so.Mapped[str] = so.mapped_column(sa.String(10))
    container_id: so.Mapped[str | None] = so.mapped_column(sa.String(11))
    # The id as the scanner's OCR read it, when a confusion (O/0, B/8...) was corrected.
    corrected_from: so.Mapped[str | None] = so.mapped_column(sa.String(15))
    linked_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    reason: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    linked_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)


class OutboxEvent(db.Model):
    """A result for the COS, written in the same transaction as the result itself."""

    __tablename__ = "outbox_events"
    __table_args__ = (sa.CheckConstraint(in_list("state", DELIVERY_STATES), name="state"),)
    id: so.Mapped[int] = so.mapped_column(primary_key=True)  # also the pull cursor
    event_id: so.Mapped[str] = so.mapped_column(sa.String(36), unique=True)
    type: so.Mapped[str] = so.mapped_column(sa.String(30))
    scan_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("scans.id", ondelete="CASCADE"), index=True)
    payload: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON)
    state: so.Mapped[str] = so.mapped_column(sa.String(10), default="pending", index=True)
    attempts: so.Mapped[int] = so.mapped_column(default=0)
    next_attempt_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    last_error: so.Mapped[str | None] = so.mapped_column(sa.String(500))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    delivered_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    # A delivery in flight: the process that claimed it may POST until then; after it
    # (a crash), another process may claim it again. Attempts are counted in the claim.
    claimed_by: so.Mapped[str | None] = so.mapped_column(sa.String(80))
    lease_until: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
