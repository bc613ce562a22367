"""TIP fixtures: a centre that projects into every assignment, one synthetic FTI, and
dual-energy scans sent through a real scanner token."""

from __future__ import annotations

import pytest
import sqlalchemy as sa


def dual_png(tmp_path, scan, uid: str):
    from app.vendors.writers import write_png

    return {"high": (write_png(tmp_path / f"{uid}-h.png", scan.high), "h.png"),
            "low": (write_png(tmp_path / f"{uid}-l.png", scan.low), "l.png")}


def send_dual(gate, tmp_path, scan, uid: str) -> int:
    from tests.ingest.conftest import metadata

    scan_id = gate.register(metadata(uid), dual_png(tmp_path, scan, uid)).get_json()["id"]
    assert gate.wait(scan_id)["status"] == "ready"
    return scan_id


def set_probability(app, probability: float) -> None:
    from app.extensions import db
    from app.models import Centre

    with app.app_context():
        db.session.execute(sa.update(Centre).values(tip_probability=probability))
        db.session.commit()


@pytest.fixture
def tip_app(demo_app, auth):
    """Every assignment projected; one FTI (a steel pistol) in the library."""
    set_probability(demo_app, 1.0)
    client = demo_app.test_client()
    from tests.helpers import AuthActions

    instructor = AuthActions(client, auth.password)
    assert instructor.login("instructor").status_code == 200
    made = client.post("/api/v1/tip/threats/synthetic", json={"category": "weapons", "seed": 3},
                       headers={"X-CSRFToken": instructor.csrf()})
    assert made.status_code == 201, made.get_json()
    return demo_app


@pytest.fixture(scope="session")
def dual_scan():
    from app.synthetic import generate_scan

    return generate_scan(21, 700, 300, scanner="linac-9/6")
