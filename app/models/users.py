"""People (with roles and an affiliation) and the bearer tokens of machine
clients (scanners, the customs operation system)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, get_args

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy import orm as so

from app.database import UTCDateTime, in_list, utcnow
from app.extensions import db
from app.models.org import Centre, Headquarters, Scanner, Site

# `auditor`: reads the audit trail and its reports, nothing else (separation of duties).
Role = Literal["analyst", "expert", "site_officer", "trainee", "instructor", "supervisor", "admin", "auditor",
               "integration"]
ROLES: tuple[str, ...] = get_args(Role)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        # One affiliation at most: a site, a centre or headquarters.
        sa.CheckConstraint(
            "(CASE WHEN site_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN centre_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN headquarters_id IS NULL THEN 0 ELSE 1 END) <= 1",
            name="one_affiliation",
        ),
    )
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    username: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    display_name: so.Mapped[str] = so.mapped_column(sa.String(200))
    password_hash: so.Mapped[str | None] = so.mapped_column(sa.String(255))
    active: so.Mapped[bool] = so.mapped_column(default=True)
    site_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("sites.id"), index=True)
    centre_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("centres.id"), index=True)
    headquarters_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("headquarters.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    # BCP 47 tag (en, zh-CN) the person chose; None follows the browser's Accept-Language.
    language: so.Mapped[str | None] = so.mapped_column(sa.String(16))

    site: so.Mapped[Site | None] = so.relationship()
    centre: so.Mapped[Centre | None] = so.relationship()
    headquarters: so.Mapped[Headquarters | None] = so.relationship()
    role_rows: so.Mapped[list["UserRole"]] = so.relationship(
        cascade="all, delete-orphan", lazy="joined", order_by="UserRole.role"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(r.role for r in self.role_rows)

    def has_role(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)

    @property
    def affiliation(self) -> Site | Centre | Headquarters | None:
        return self.site or self.centre or self.headquarters


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (sa.CheckConstraint(in_list("role", ROLES), name="role"),)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: so.Mapped[str] = so.mapped_column(sa.String(20), primary_key=True)


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 is stored. Tokens are 256 random bits,
    so a fast hash is enough and lets us look them up by index."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        sa.CheckConstraint(
            "(scanner_id IS NULL) <> (user_id IS NULL)", name="one_owner"
        ),
    )
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(100))
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    # The first characters, shown in listings so an admin can tell tokens apart.
    prefix: so.Mapped[str] = so.mapped_column(sa.String(16))
    scanner_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("scanners.id", ondelete="CASCADE"), index=True
    )
    user_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    revoked_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())

    scanner: so.Mapped[Scanner | None] = so.relationship()
    user: so.Mapped[User | None] = so.relationship()

    @property
    def kind(self) -> str:
        return "scanner" if self.scanner_id is not None else "user"
