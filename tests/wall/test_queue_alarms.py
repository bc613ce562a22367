"""A centre's queue past its thresholds raises one alarm (API and Socket.IO), which
clears when the queue comes back under them; thresholds are the centre's, set by its
supervisors or an admin (in-process app, real database, Socket.IO test clients)."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa


def _plant_waiting(app, count: int, age_seconds: int) -> list[int]:
    from app.database import utcnow
    from app.extensions import db
    from app.models import Scan, Scanner

    with app.app_context():
        gate = db.session.scalar(sa.select(Scanner).where(Scanner.name == "Daxie Mobile"))
        made = []
        for i in range(count):
            scan = Scan(scanner=gate, scan_uid=f"Q-{age_seconds}-{i}", scanned_at=utcnow(), status="ready",
                        received_at=utcnow() - timedelta(seconds=age_seconds - i), content_sha256="0" * 64)
            db.session.add(scan)
            db.session.flush()
            made.append(scan.id)
        db.session.commit()
        return made


def _sweep(app) -> int:
    from app.blueprints.assignments import alarms

    with app.app_context():
        return alarms.sweep_queues()


def test_a_queue_past_its_thresholds_raises_one_alarm_and_clears(demo_app, desk):
    supervisor = desk("supervisor")
    hq = desk("hqsupervisor")
    officer = desk("officer")
    put = supervisor.client.put("/api/v1/queue/alarm-thresholds", json={"waiting": 3, "wait_seconds": 120},
                                headers={"X-CSRFToken": supervisor.csrf})
    assert put.status_code == 200 and put.get_json()["waiting"] == 3
    for person in (supervisor, hq, officer):
        person.sio.get_received()

    scans = _plant_waiting(demo_app, 4, age_seconds=600)  # 4 waiting, the oldest 10 minutes
    _sweep(demo_app)
    got = [m for m in supervisor.sio.get_received() if m["name"] == "queue.alarm"]
    assert sorted(m["args"][0]["kind"] for m in got) == ["length", "wait"]
    length = next(m["args"][0] for m in got if m["args"][0]["kind"] == "length")
    assert length["value"] == 4 and length["threshold"] == 3 and length["centre"]["code"] == "NBC"
    assert length["cleared_at"] is None
    assert any(m["name"] == "queue.alarm" for m in hq.sio.get_received())  # headquarters hears it too
    assert not [m for m in officer.sio.get_received() if m["name"] == "queue.alarm"]  # a port does not

    _sweep(demo_app)  # still past: no second alarm
    assert not [m for m in supervisor.sio.get_received() if m["name"] == "queue.alarm"]
    listed = supervisor.client.get("/api/v1/queue/alarms").get_json()["alarms"]
    assert sorted(a["kind"] for a in listed) == ["length", "wait"]
    wall = supervisor.client.get("/api/v1/wall").get_json()
    assert {a["kind"] for a in wall["queue_alarms"]} == {"length", "wait"}
    assert wall["queue"]["thresholds"][0] == {"centre": length["centre"], "timezone": "Asia/Shanghai", "waiting": 3,
                                              "wait_seconds": 120}

    ack = supervisor.client.post(f"/api/v1/queue/alarms/{length['id']}/ack", headers={"X-CSRFToken": supervisor.csrf})
    assert ack.status_code == 200 and ack.get_json()["acknowledged_by"]["display_name"].startswith("Sun Hui")
    pushed = [m["args"][0] for m in supervisor.sio.get_received() if m["name"] == "queue.alarm"]
    assert [a["acknowledged_at"] is not None for a in pushed] == [True]  # every wall sees it acknowledged

    from app.extensions import db
    from app.models import Scan

    with demo_app.app_context():  # the queue is worked off
        db.session.execute(sa.update(Scan).where(Scan.id.in_(scans)).values(status="failed"))
        db.session.commit()
    _sweep(demo_app)
    cleared = [m["args"][0] for m in supervisor.sio.get_received() if m["name"] == "queue.alarm"]
    assert sorted(a["kind"] for a in cleared) == ["length", "wait"] and all(a["cleared_at"] for a in cleared)
    # Cleared and acknowledged: off the list; cleared but never acknowledged: kept for a supervisor to see.
    assert [a["kind"] for a in supervisor.client.get("/api/v1/queue/alarms").get_json()["alarms"]] == ["wait"]


def test_thresholds_are_the_centres_and_checked(demo_app, desk):
    supervisor = desk("supervisor")
    bad = supervisor.client.put("/api/v1/queue/alarm-thresholds", json={"waiting": 0, "wait_seconds": 60},
                                headers={"X-CSRFToken": supervisor.csrf})
    assert bad.status_code == 422 and bad.get_json()["field"] == "waiting"
    off = supervisor.client.put("/api/v1/queue/alarm-thresholds", json={"waiting": None, "wait_seconds": None},
                                headers={"X-CSRFToken": supervisor.csrf})
    assert off.status_code == 200 and off.get_json()["waiting"] is None
    _plant_waiting(demo_app, 30, age_seconds=3600)
    assert _sweep(demo_app) == 0  # both alarms off: nothing raised

    hq = desk("hqsupervisor")
    assert hq.client.get("/api/v1/queue/alarm-thresholds").status_code == 404  # which centre? say it
    shanghai = hq.client.get("/api/v1/wall").get_json()["queue"]["thresholds"][1]["centre"]["id"]
    assert hq.client.get(f"/api/v1/queue/alarm-thresholds?centre_id={shanghai}").get_json()["waiting"] == 20
    assert supervisor.client.get(f"/api/v1/queue/alarm-thresholds?centre_id={shanghai}").status_code == 404
    analyst = desk("analyst")
    assert analyst.client.get("/api/v1/queue/alarms").status_code == 403
