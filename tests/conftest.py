"""Fixtures: every test gets its own instance folder with a real database built by
the Alembic migrations (migrated once, then copied): SQLite, or PostgreSQL for the
whole run when CIPS_TEST_DATABASE=postgresql (tests/db.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests import db as testdb
from tests.helpers import AuthActions, LiveServer, start_live_server

DEMO_PASSWORD = "demo-pass-1"

# Argon2 at its floor (app/config.py), for this process and every server, worker and
# `cips` command the tests start: at production's cost each hash and each sign-in took
# 0.13 s of CPU, 40 % of the in-process tests' CPU and more in the servers. The tests
# whose subject is that cost (tests/security/test_signin.py) and the defaults
# (tests/test_auth.py) set it back.
PRODUCTION_HASH_COST = {"CIPS_PASSWORD_HASH_MEMORY_KIB": "65536", "CIPS_PASSWORD_HASH_TIME_COST": "3"}
os.environ["CIPS_PASSWORD_HASH_MEMORY_KIB"] = "8"
os.environ["CIPS_PASSWORD_HASH_TIME_COST"] = "1"


def pytest_sessionfinish(session, exitstatus):
    testdb.drop_all()


# How a test reaches a database of the run's backend (tests/db.py): through these
# fixtures, or by calling tests/db.py itself.
DATABASE_FIXTURES = frozenset({"migrated_instance", "database_url"})
# How a test reaches the store of record (tests/s3.py) when it is a bucket.
STORE_FIXTURES = frozenset({"store_settings", "s3_server", "live_server"})
_builds_databases: dict[str, bool] = {}


def _reaches_database(item) -> bool:
    if DATABASE_FIXTURES.intersection(item.fixturenames) or item.get_closest_marker("scaleout"):
        return True
    path = str(item.path)
    if path not in _builds_databases:
        source = item.path.read_text(encoding="utf-8")
        _builds_databases[path] = "testdb" in source or "tests.db" in source or "tests import db" in source
    return _builds_databases[path]


def _reaches_bucket(item) -> bool:
    from tests.s3 import STORE

    return STORE == "s3" and bool(STORE_FIXTURES.intersection(item.fixturenames))


def pytest_collection_modifyitems(config, items):
    """The second pass (PostgreSQL, `make test` with the store in a bucket) runs only the
    tests that reach what it changes: a database through tests/db.py, or the store; and
    of `database_url`'s parameters only `postgresql`. Every other test would run there
    exactly as it ran in the SQLite pass (the tiles, the vendors' decoders, a SQLite
    folder a test makes itself), doubling its time for nothing."""
    if testdb.BACKEND != "postgresql":
        return
    keep, drop = [], []
    for item in items:
        param = getattr(getattr(item, "callspec", None), "params", {}).get("database_url")
        reaches = _reaches_database(item) or _reaches_bucket(item)
        (drop if param == "sqlite" or not reaches else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def migrated_instance(tmp_path_factory) -> Path:
    """An instance folder whose database is at the newest migration."""
    folder = tmp_path_factory.mktemp("migrated")
    testdb.migrate_new(folder)
    return folder


@pytest.fixture(scope="session")
def demo_instance(tmp_path_factory, migrated_instance) -> Path:
    """An instance folder with the demo data seeded."""
    folder = testdb.copy_instance(migrated_instance, tmp_path_factory.mktemp("demo"))
    os.environ["CIPS_INSTANCE_PATH"] = str(folder)
    try:
        from app import create_app
        from app.demo import seed_demo
        from app.extensions import db

        with create_app({"ASYNC_MODE": "threading"}).app_context():
            seed_demo(DEMO_PASSWORD, with_scans=False)
            db.session.remove()
            db.engine.dispose()
    finally:
        del os.environ["CIPS_INSTANCE_PATH"]
    testdb.settle(folder)
    return folder


@pytest.fixture(scope="session")
def worker_pool():
    """One pool of real worker processes for the whole run: tasks take absolute
    paths, so apps on different instance folders can share it."""
    from app.jobs.pool import WorkerPool

    pool = WorkerPool(2)
    yield pool
    pool.close()


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """A real S3 server (SeaweedFS) for this test process, started on first use."""
    from tests.s3 import start_s3

    server = start_s3(tmp_path_factory.mktemp("seaweedfs"))
    yield server
    server.stop()


@pytest.fixture
def store_settings(request) -> dict:
    """The store of record test apps use: the local folder, or with CIPS_TEST_STORE=s3
    a bucket on SeaweedFS under a prefix of the test's own."""
    from tests.s3 import STORE

    if STORE != "s3":
        return {}
    return request.getfixturevalue("s3_server").settings()


@pytest.fixture
def make_app(monkeypatch, worker_pool, store_settings):
    """Apps on instance folders; each gets an in-process job consumer on its first job
    (threads, CPU work in the shared pool), stopped when the test ends."""
    made = []

    def make(folder: Path, **overrides):
        from app import create_app

        monkeypatch.setenv("CIPS_INSTANCE_PATH", str(folder))
        app = create_app({"TESTING": True, "ASYNC_MODE": "threading", **store_settings, **overrides})
        app.extensions["cips_pool"] = worker_pool
        made.append(app)
        return app

    yield make
    from app.extensions import db
    from app.jobs.consumer import stop

    for app in made:
        stop(app)
        # Closed now, not when a full collection finds the app: on PostgreSQL each app's
        # pool kept its connections open till then, and two workers' worth of finished
        # tests ran the server out of its 100 ("too many clients already").
        with app.app_context():
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()


@pytest.fixture
def instance(tmp_path, migrated_instance) -> Path:
    return testdb.copy_instance(migrated_instance, tmp_path)


@pytest.fixture
def demo_copy(tmp_path, demo_instance) -> Path:
    return testdb.copy_instance(demo_instance, tmp_path)


@pytest.fixture
def app(instance, make_app):
    """An app on an empty, migrated database."""
    return make_app(instance)


@pytest.fixture
def demo_app(demo_copy, make_app):
    """An app on a database holding the demo data."""
    return make_app(demo_copy)


@pytest.fixture
def client(demo_app):
    return demo_app.test_client()


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client, DEMO_PASSWORD)


@pytest.fixture(scope="session")
def live_server(request, tmp_path_factory, demo_instance) -> LiveServer:
    """The real server (`cips serve`, gevent) on a loopback port, with demo data."""
    from tests.s3 import STORE

    folder = testdb.copy_instance(demo_instance, tmp_path_factory.mktemp("live"))
    env = request.getfixturevalue("s3_server").env() if STORE == "s3" else {}
    server = start_live_server(folder, **env)
    yield server
    server.stop()


def _database_urls() -> list:
    urls = [pytest.param("sqlite", id="sqlite")]
    if os.environ.get("CIPS_TEST_POSTGRES_URL"):
        urls.append(pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres))
    return urls


@pytest.fixture(params=_database_urls())
def database_url(request, tmp_path):
    """An empty database: SQLite in tmp_path, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'schema.db'}"
        return
    import uuid

    import sqlalchemy as sa

    from app.config import database_url as normalise

    base = normalise({"DATABASE_URL": os.environ["CIPS_TEST_POSTGRES_URL"]}, tmp_path)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, poolclass=sa.pool.NullPool)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    yield f"{base}{separator}options=-csearch_path%3D{schema}%20-ctimezone%3DAsia/Shanghai"
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


# Scanners and a small synthetic scan, for every test folder (ingest, scans, workflow).
from tests.ingest.conftest import gate1, gate2, small_scan  # noqa: E402,F401


@pytest.fixture
def desk(demo_app, auth):
    """desk("analyst"): a signed-in person with a Socket.IO test connection."""
    from tests.helpers import Desk

    return lambda username: Desk(demo_app, username, auth.password)


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run; each test opens its own context."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def desktop(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live_server.url)
    yield context.new_page()
    context.close()


def pytest_terminal_summary(terminalreporter):
    """How many requests schemathesis generated in this run (tests/contract/test_fuzz.py)."""
    cases = runs = 0
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", []):
        for name, value in getattr(report, "user_properties", []):
            if name == "schemathesis_cases":
                cases, runs = cases + value, runs + 1
    if runs:
        terminalreporter.write_line(f"schemathesis: {cases} generated cases over {runs} callers")
