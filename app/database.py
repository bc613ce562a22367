"""Declarative base shared by every model, with constraint names that Alembic
can rely on (SQLite batch migrations need named constraints)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so
from sqlalchemy.dialects import postgresql, sqlite

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(so.DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def parse_iso(value: object) -> datetime | None:
    """An ISO 8601 date-time from JSON, or None when it is not one (callers say which field)."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def as_utc(when: datetime) -> datetime:
    """`when` in UTC: a naive value is taken to be UTC already (SQLite keeps no zone),
    an aware one is converted (PostgreSQL answers in the session's TimeZone)."""
    if when.tzinfo is None:
        return when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc)


class UTCDateTime(sa.types.TypeDecorator):
    """A timestamp stored with its zone and always read back as an aware UTC datetime,
    whatever the database's or the connection's TimeZone (Asia/Shanghai, Etc/UTC...)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else as_utc(value)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else as_utc(value)


def in_list(column: str, values: tuple[str, ...]) -> str:
    """SQL text for a CHECK constraint limiting `column` to `values`."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


def insert_or_nothing(session: so.Session | so.scoped_session[Any], model, conflict_columns: list[str], where=None):
    """INSERT ... ON CONFLICT DO NOTHING on the unique index over `conflict_columns`
    (partial when `where` is given), in the dialect of the session's database."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(model).on_conflict_do_nothing(index_elements=conflict_columns, index_where=where)
