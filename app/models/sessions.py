"""Server-side sign-in sessions, and the settings admins change at runtime.

The browser's cookie carries only a session's random id (signed by Flask); the row
says whether it still holds, so logout, deactivation or an admin's "end sessions"
end it everywhere at once, and idle and absolute lifetimes are enforced here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from app.database import UTCDateTime, utcnow
from app.extensions import db


class UserSession(db.Model):
    __tablename__ = "sessions"
    __table_args__ = (sa.Index("ix_sessions_user_open", "user_id", "ended_at"),)
    # SHA-256 of the random id in the cookie: the table alone opens no session.
    id: so.Mapped[str] = so.mapped_column(sa.String(64), primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    address: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    user_agent: so.Mapped[str | None] = so.mapped_column(sa.String(255))
    ended_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    # "logout", "idle", "expired", or why an administrator's change ended it.
    end_reason: so.Mapped[str | None] = so.mapped_column(sa.String(200))


class RuntimeSetting(db.Model):
    """A setting's value when an admin changed it; absent = the configured default."""

    __tablename__ = "runtime_settings"
    key: so.Mapped[str] = so.mapped_column(sa.String(64), primary_key=True)
    value: so.Mapped[Any] = so.mapped_column(sa.JSON)
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
