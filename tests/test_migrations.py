"""The schema is made only by the Alembic migrations: they go up, down and up
again on SQLite and, when CIPS_TEST_POSTGRES_URL is set, on PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app import migrate
from app.database import Base

EXPECTED_TABLES = {"headquarters", "centres", "sites", "scanners", "users", "user_roles",
                   "api_tokens", "scans", "scan_channels", "uploads",
                   "assignments", "verdicts", "reviews", "inspections", "queue_events",
                   "declarations", "declaration_containers", "scan_declarations", "outbox_events",
                   "equipment_events", "scanner_states", "equipment_alerts",
                   "library_items", "questions", "exam_templates", "attempts", "attempt_answers", "certificates",
                   "worker_processes", "chores", "audit_events", "audit_head", "audit_checkpoints",
                   "stored_objects", "retention_rules", "scan_storage", "sessions", "runtime_settings",
                   "inspection_findings", "inspection_photos"}


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


def test_each_migration_applies_over_existing_data(database_url):
    """Upgrading a database in use, not just an empty one: rows that other rows
    point at must survive table rebuilds (SQLite batch mode)."""
    migrate.upgrade(database_url, "0002")
    engine = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO headquarters (id, code, name) VALUES (1, 'HQ', 'HQ')"))
        conn.execute(sa.text("INSERT INTO centres (id, code, name, headquarters_id) VALUES (1, 'C1', 'C', 1)"))
        conn.execute(sa.text("INSERT INTO sites (id, code, name, centre_id, timezone) VALUES (1, 'S1', 'S', 1, 'UTC')"))
        conn.execute(sa.text("INSERT INTO users (id, username, display_name, active, centre_id, created_at) "
                             "VALUES (1, 'ana', 'Ana', true, 1, CURRENT_TIMESTAMP)"))
    engine.dispose()
    migrate.upgrade(database_url)
    engine = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT code, exclude_own_site FROM centres")).one() == ("C1", True)
        assert conn.execute(sa.text("SELECT count(*) FROM users WHERE centre_id = 1")).scalar_one() == 1
    engine.dispose()
