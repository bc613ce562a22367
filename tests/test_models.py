"""The data model's invariants hold in the database itself (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app import migrate


@pytest.fixture
def db_app(database_url, tmp_path, monkeypatch):
    from app import create_app

    migrate.upgrade(database_url)
    monkeypatch.setenv("CIPS_INSTANCE_PATH", str(tmp_path))
    app = create_app({"TESTING": True, "ASYNC_MODE": "threading", "DATABASE_URL": database_url})
    with app.app_context():
        yield app
        from app.extensions import db

        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def org(db_app):
    from app.extensions import db
    from app.models import Centre, Headquarters, Site

    hq = Headquarters(code="HQ", name="HQ")
    centre = Centre(code="C1", name="Centre", headquarters=hq)
    site = Site(code="S1", name="Site", centre=centre)
    db.session.add_all([hq, centre, site])
    db.session.commit()
    return hq, centre, site


def test_tiers_scanner_user_and_token_round_trip(org):
    from app.blueprints.auth.services import create_user
    from app.blueprints.equipment.services import create_scanner
    from app.extensions import db
    from app.models import ApiToken, Scanner, User
    from app.security import find_token

    hq, centre, site = org
    sc, raw = create_scanner(site_code="S1", name="Gate", vendor="dicos", energy_high_kev=6000, energy_low_kev=4000,
                             calibration={"r_organic_max": 1.45})
    create_user("ana", "long-enough-pw", ["analyst", "expert"], "Ana", centre)
    db.session.expire_all()

    assert db.session.scalar(sa.select(Scanner).where(Scanner.name == "Gate")).calibration == {"r_organic_max": 1.45}
    assert sc.dual_energy and sc.site.centre.headquarters.code == "HQ"
    loaded = db.session.scalar(sa.select(User).where(User.username == "ana"))
    assert loaded.roles == {"analyst", "expert"} and loaded.affiliation.code == "C1"
    assert find_token(raw).scanner_id == sc.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 1


def test_a_user_has_one_affiliation_at_most(org):
    from app.extensions import db
    from app.models import User

    hq, centre, site = org
    db.session.add(User(username="x", display_name="x", site=site, centre=centre))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_unknown_roles_are_refused_by_the_service_and_the_database(org):
    from app.blueprints.auth.services import create_user
    from app.errors import ApiError
    from app.extensions import db
    from app.models import User, UserRole

    with pytest.raises(ApiError) as caught:
        create_user("bob", "long-enough-pw", ["janitor"])
    assert caught.value.status == 422 and "janitor" in caught.value.message
    db.session.add(User(username="bob", display_name="bob", role_rows=[UserRole(role="janitor")]))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_token_belongs_to_exactly_one_owner(org):
    from app.extensions import db
    from app.models import ApiToken

    db.session.add(ApiToken(name="orphan", token_hash="0" * 64, prefix="cips_x"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_scan_uid_is_unique_per_scanner(org):
    from datetime import datetime, timezone

    from app.blueprints.equipment.services import create_scanner
    from app.extensions import db
    from app.models import Scan

    sc, _ = create_scanner(site_code="S1", name="Gate")
    when = datetime(2026, 11, 27, tzinfo=timezone.utc)
    db.session.add(Scan(scanner=sc, scan_uid="A1", scanned_at=when, content_sha256="0" * 64))
    db.session.commit()
    db.session.add(Scan(scanner=sc, scan_uid="A1", scanned_at=when, content_sha256="1" * 64))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
