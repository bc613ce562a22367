"""The tests' databases: SQLite files by default, PostgreSQL for the whole run when
CIPS_TEST_DATABASE=postgresql (with CIPS_TEST_POSTGRES_URL). `make test` runs both.

An instance folder owns one database: `cips.db` inside it, or a PostgreSQL database
whose URL the folder's `config.py` names (create_app reads it), so in-process apps,
`cips serve` and `cips worker` on that folder all find it without being told. The
PostgreSQL databases run with TimeZone Asia/Shanghai, as a server in China might: any
time read back without conversion to UTC shows up as an error eight hours wide."""

from __future__ import annotations

import itertools
import os
import secrets
import shutil
import sqlite3
from pathlib import Path

import sqlalchemy as sa

BACKEND = "postgresql" if os.environ.get("CIPS_TEST_DATABASE") == "postgresql" else "sqlite"
PG_TIMEZONE = "Asia/Shanghai"
_run = f"cipst_{os.getpid()}_{secrets.token_hex(2)}"
_counter = itertools.count()
_created: list[str] = []


def _pg_base() -> str:
    url = os.environ["CIPS_TEST_POSTGRES_URL"]
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix):]
    return url


def _admin() -> sa.Engine:
    return sa.create_engine(_pg_base(), poolclass=sa.pool.NullPool, isolation_level="AUTOCOMMIT")


def _pg_url(name: str) -> str:
    return sa.make_url(_pg_base()).set(database=name).render_as_string(hide_password=False)


def url_of(folder: Path) -> str:
    if BACKEND == "sqlite":
        return f"sqlite:///{folder / 'cips.db'}"
    return url_of_postgres(folder)


def _point_folder_at(folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.py").write_text(f'DATABASE_URL = "{_pg_url(name)}"\n')


def _new_pg(template: str | None = None) -> str:
    name = f"{_run}_{next(_counter)}"
    with _admin().connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
        conn.execute(sa.text(f"ALTER DATABASE \"{name}\" SET timezone TO '{PG_TIMEZONE}'"))
    _created.append(name)
    return name


def new_postgres(folder: Path) -> str:
    """A new, empty PostgreSQL database for `folder` whatever the run's backend (tests
    about several processes need one); returns its URL."""
    _point_folder_at(folder, _new_pg())
    return url_of_postgres(folder)


def url_of_postgres(folder: Path) -> str:
    config = (folder / "config.py").read_text()
    return config.split('DATABASE_URL = "', 1)[1].split('"', 1)[0]


def migrate_new(folder: Path) -> None:
    """An empty database for `folder`, migrated to the newest revision."""
    from app import migrate

    if BACKEND == "postgresql":
        _point_folder_at(folder, _new_pg())
    migrate.upgrade(url_of(folder))
    settle(folder)


def settle(folder: Path) -> None:
    """Make the database copyable: fold SQLite's WAL into the file; close every
    PostgreSQL connection (a template must have none)."""
    if BACKEND == "sqlite":
        with sqlite3.connect(folder / "cips.db") as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return
    import gc

    gc.collect()  # engines of apps that went out of scope
    name = sa.make_url(url_of(folder)).database
    with _admin().connect() as conn:
        conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})


def copy_instance(source: Path, target: Path, files: tuple[str, ...] = ("demo_tokens.json",)) -> Path:
    """`target` gets its own copy of `source`'s database and the named files."""
    target.mkdir(parents=True, exist_ok=True)
    for name in files:
        if (source / name).exists():
            shutil.copy(source / name, target / name)
    if BACKEND == "sqlite":
        shutil.copy(source / "cips.db", target / "cips.db")
    else:
        settle(source)
        _point_folder_at(target, _new_pg(template=sa.make_url(url_of(source)).database))
    return target


def engine(folder: Path | str) -> sa.Engine:
    """For a test to read or plant rows directly: an instance folder's database, or a
    database URL (close it, or use `with connect()`)."""
    return sa.create_engine(folder if isinstance(folder, str) else url_of(folder), poolclass=sa.pool.NullPool)


def connect(folder: Path):
    """A connection in a transaction (committed when the block ends)."""
    return engine(folder).begin()


def drop_all() -> None:
    if BACKEND != "postgresql" or not _created:
        return
    with _admin().connect() as conn:
        for name in _created:
            conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                         {"n": name})
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
    _created.clear()


def rows(folder: Path | str, sql: str, **params) -> list[tuple]:
    """Rows of a query with :named parameters, straight from the folder's database."""
    eng = engine(folder)
    try:
        with eng.begin() as conn:
            return [tuple(r) for r in conn.execute(sa.text(sql), params)]
    finally:
        eng.dispose()


def execute(folder: Path | str, sql: str, **params) -> int:
    """Run a write (a test planting a row or a time); returns the rows it touched."""
    eng = engine(folder)
    try:
        with eng.begin() as conn:
            return conn.execute(sa.text(sql), params).rowcount
    finally:
        eng.dispose()
