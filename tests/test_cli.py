"""The `cips` command, run as an operator would (a real process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

# A fresh instance folder is the embedded default, SQLite, whatever the run's database.
pytestmark = pytest.mark.sqlite_only

CIPS = str(Path(sys.executable).parent / "cips")


def run(instance: Path, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "CIPS_INSTANCE_PATH": str(instance)}
    return subprocess.run([CIPS, *args], env=env, input=input, capture_output=True, text=True, timeout=120)


def _count(instance: Path, table: str) -> int:
    engine = sa.create_engine(f"sqlite:///{instance / 'cips.db'}")
    with engine.connect() as conn:
        n = conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
    engine.dispose()
    return n


# The demo also calibrates eight scanners from synthetic wedges and its workers build one
# material table per calibration: about 40 % longer than before, too close to 120 s on a
# loaded 2-core machine.
@pytest.mark.timeout(300)
def test_fresh_instance_upgrade_demo_twice_and_add_records(tmp_path):
    instance = tmp_path / "inst"
    assert run(instance, "db", "upgrade").returncode == 0
    assert (instance / "secret_key").stat().st_mode & 0o777 == 0o600

    first = run(instance, "demo")
    assert first.returncode == 0, first.stderr
    assert "analyst" in first.stdout and "site_officer" in first.stdout
    counts = {t: _count(instance, t) for t in ("headquarters", "centres", "sites", "scanners", "users", "api_tokens",
                                               "scans", "library_items", "questions", "exam_templates",
                                               "certificates")}
    # 18 live scans, and 14 academy images: 6 reference images, 8 exam questions.
    assert counts == {"headquarters": 1, "centres": 2, "sites": 4, "scanners": 9, "users": 14, "api_tokens": 10,
                      "scans": 32, "library_items": 6, "questions": 8, "exam_templates": 1, "certificates": 5}
    engine = sa.create_engine(f"sqlite:///{instance / 'cips.db'}")
    with engine.connect() as conn:
        formats = dict(conn.execute(sa.text("SELECT format, count(*) FROM scans WHERE status = 'ready' AND purpose = 'live' "
                                                  "GROUP BY format")).all())
    engine.dispose()
    assert formats == {"dicos": 6, "tiff": 4, "png": 4, "raw": 4}
    roles = {r for (r,) in sa.create_engine(f"sqlite:///{instance / 'cips.db'}").connect().execute(
        sa.text("SELECT DISTINCT role FROM user_roles"))}
    assert roles == {"analyst", "expert", "site_officer", "trainee", "instructor", "supervisor", "admin", "auditor",
                     "integration"}

    again = run(instance, "demo")
    assert again.returncode == 0, again.stderr
    assert {t: _count(instance, t) for t in counts} == counts

    added = run(instance, "scanner", "add", "--site", "NB-BEI", "--name", "New gate", "--vendor", "tiff")
    assert added.returncode == 0, added.stderr
    token = added.stdout.strip().splitlines()[-1]
    assert token.startswith("cips_") and " " not in token
    assert _count(instance, "scanners") == 10

    dup = run(instance, "scanner", "add", "--site", "NB-BEI", "--name", "New gate")
    assert dup.returncode != 0 and "already has a scanner" in dup.stderr

    user = run(instance, "user", "add", "ops", "--role", "supervisor", "--centre", "SHC", "--password", "long-enough-pw")
    assert user.returncode == 0, user.stderr
    bad_role = run(instance, "user", "add", "ops2", "--role", "janitor", "--password", "long-enough-pw")
    assert bad_role.returncode != 0 and "Unknown role 'janitor'" in bad_role.stderr
    bad_site = run(instance, "scanner", "add", "--site", "NOWHERE", "--name", "x")
    assert bad_site.returncode != 0 and "No site with code 'NOWHERE'" in bad_site.stderr

    granted = run(instance, "certificate", "grant", "ops", "--grade", "senior", "--kinds", "fixed,rail", "--days", "90")
    assert granted.returncode == 0, granted.stderr
    assert len(granted.stdout.strip().splitlines()[-1]) == 19  # XXXX-XXXX-XXXX-XXXX
    assert _count(instance, "certificates") == counts["certificates"] + 1
    bad_kind = run(instance, "certificate", "grant", "ops", "--grade", "junior", "--kinds", "submarine")
    assert bad_kind.returncode != 0 and "unknown scanner kinds: submarine" in bad_kind.stderr

    issued = run(instance, "token", "add", "--user", "cos", "--name", "second")
    assert issued.returncode == 0, issued.stderr
    assert issued.stdout.strip().splitlines()[-1].startswith("cips_")


def test_password_is_prompted_when_not_given(tmp_path):
    instance = tmp_path / "inst"
    run(instance, "db", "upgrade")
    result = run(instance, "user", "add", "pat", "--role", "trainee", input="a-long-password\na-long-password\n")
    assert result.returncode == 0, result.stderr
    short = run(instance, "user", "add", "sam", "--role", "trainee", input="short\nshort\n")
    assert short.returncode != 0 and "at least 12 characters" in short.stderr


def test_downgrade_to_base_empties_the_database(tmp_path):
    instance = tmp_path / "inst"
    run(instance, "db", "upgrade")
    assert run(instance, "db", "downgrade", "base").returncode == 0
    engine = sa.create_engine(f"sqlite:///{instance / 'cips.db'}")
    assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
