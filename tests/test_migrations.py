"""The schema is made only by the Alembic migrations: they go up, down and up
again on SQLite and, when CIPS_TEST_POSTGRES_URL is set, on PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app import migrate
from app.database import Base

EXPECTED_TABLES = {"headquarters", "centres", "sites", "scanners", "users", "user_roles",
                   "api_tokens", "scans", "scan_channels", "uploads"}


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(database_url):
    migrate.upgrade(database_url)
    assert _tables(database_url) == EXPECTED_TABLES
    migrate.downgrade(database_url, "base")
    assert _tables(database_url) == set()
    migrate.upgrade(database_url)
    assert _tables(database_url) == EXPECTED_TABLES


def test_migrations_match_the_models(database_url):
    """A model changed without a migration would show up here."""
    migrate.upgrade(database_url)
    engine = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []
