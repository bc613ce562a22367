"""Assignment rules and bad input, in-process (real database, real worker processes)."""

from __future__ import annotations

import time

import sqlalchemy as sa

from tests.helpers import send_png as _send, until as _until
from tests.ingest.conftest import metadata
from tests.vendors.make_files import write_png
from tests.workflow.conftest import REGION


def test_one_open_assignment_per_analyst_by_default(desk, gate1, small_scan, tmp_path):
    analyst = desk("analyst")
    assert analyst.ready() == {"ready": True}
    first, second = (_send(gate1, tmp_path, small_scan, uid) for uid in ("CAP-1", "CAP-2"))
    held = _until(analyst.assignments)
    assert len(held) == 1 and held[0]["scan_id"] == first
    assert analyst.post(f"/api/v1/assignments/{held[0]['assignment_id']}/verdict",
                        {"decision": "clear", "regions": []}).status_code == 201
    nxt = _until(analyst.assignments)
    assert [a["scan_id"] for a in nxt] == [second]


def test_never_to_an_analyst_of_the_scans_own_site(desk, gate1, small_scan, tmp_path, demo_app):
    local = desk("analyst3")  # affiliated with Beilun, where gate1 stands
    assert local.ready() == {"ready": True}
    _send(gate1, tmp_path, small_scan, "OWN-1")
    time.sleep(0.5)
    assert local.assignments() == []


def test_verdict_rules(desk, gate1, small_scan, tmp_path):
    analyst, other = desk("analyst"), desk("expert2")
    assert analyst.ready()["ready"]
    _send(gate1, tmp_path, small_scan, "RULE-1")
    assignment = _until(analyst.assignments)[0]
    url = f"/api/v1/assignments/{assignment['assignment_id']}/verdict"

    assert other.post(url, {"decision": "clear", "regions": []}).status_code == 403
    for body, field in (({"decision": "maybe"}, "decision"), ({"decision": "suspect", "regions": []}, "regions"),
                        ({"decision": "suspect", "regions": [{"target": {"selector": {"type": "FragmentSelector"}}}]},
                         "regions"),
                        ({"decision": "clear", "regions": "all"}, "regions")):
        response = analyst.post(url, body)
        assert response.status_code == 422 and response.get_json()["field"] == field, body
    assert analyst.post(url, {"decision": "suspect", "regions": [REGION], "note": "x"}).status_code == 201
    again = analyst.post(url, {"decision": "clear", "regions": []})
    assert again.status_code == 409


def test_inspection_rules(desk, gate1, small_scan, tmp_path):
    scan_id = _send(gate1, tmp_path, small_scan, "INSP-1")
    here, elsewhere = desk("officer"), desk("officer2")
    url = f"/api/v1/scans/{scan_id}/inspection"
    assert elsewhere.post(url, {"outcome": "seizure"}).status_code == 403
    bad = here.post(url, {"outcome": "maybe"})
    assert bad.status_code == 422 and bad.get_json()["field"] == "outcome"
    assert here.post(url, {"outcome": "no_finding", "findings": "tyres as declared"}).status_code == 201
    assert here.post(url, {"outcome": "seizure"}).status_code == 409


def test_supervisor_reassigns_and_reprioritises_with_reasons(desk, gate1, small_scan, tmp_path, demo_app):
    from app.extensions import db
    from app.models import QueueEvent

    analyst, colleague, supervisor = desk("analyst"), desk("expert2"), desk("supervisor")
    assert analyst.ready()["ready"]
    scan_id = _send(gate1, tmp_path, small_scan, "SUP-1")
    assignment = _until(analyst.assignments)[0]
    queue = supervisor.client.get("/api/v1/queue").get_json()
    assert [a["assignment_id"] for a in queue["assignments"]] == [assignment["assignment_id"]]
    assert any(w["user"]["display_name"].startswith("Li Wei") and w["ready"] for w in queue["workstations"])

    no_reason = supervisor.post(f"/api/v1/assignments/{assignment['assignment_id']}/reassign", {"analyst_id": None})
    assert no_reason.status_code == 422
    colleague_id = colleague.client.get("/api/v1/auth/me").get_json()["user"]["id"]
    moved = supervisor.post(f"/api/v1/assignments/{assignment['assignment_id']}/reassign",
                            {"analyst_id": colleague_id, "reason": "analyst called away"})
    assert moved.status_code == 200
    assert [a["scan_id"] for a in colleague.assignments()] == [scan_id]
    assert analyst.assignments() == []
    assert any(e["name"] == "assignment.revoked" for e in analyst.sio.get_received())
    assert supervisor.post(f"/api/v1/queue/{scan_id}/priority", {"priority": 5, "reason": "tip-off"}).status_code == 200
    assert analyst.post(f"/api/v1/queue/{scan_id}/priority", {"priority": 5, "reason": "x"}).status_code == 403
    with demo_app.app_context():
        kinds = db.session.scalars(sa.select(QueueEvent.kind).where(QueueEvent.scan_id == scan_id)
                                   .order_by(QueueEvent.id)).all()
        reasons = db.session.scalars(sa.select(QueueEvent.reason).where(QueueEvent.scan_id == scan_id)).all()
    assert kinds == ["assigned", "revoked", "assigned", "reprioritised"]
    assert any("analyst called away" in r for r in reasons) and any("tip-off" in r for r in reasons)


def test_statistics_count_decisions_overturns_and_hits(desk, gate1, small_scan, tmp_path):
    analyst, officer, supervisor = desk("analyst"), desk("officer"), desk("supervisor")
    assert analyst.ready()["ready"]
    scan_id = _send(gate1, tmp_path, small_scan, "STAT-1")
    assignment = _until(analyst.assignments)[0]
    analyst.post(f"/api/v1/assignments/{assignment['assignment_id']}/verdict", {"decision": "suspect", "regions": [REGION]})
    officer.post(f"/api/v1/scans/{scan_id}/inspection", {"outcome": "seizure"})
    stats = supervisor.client.get("/api/v1/stats").get_json()
    mine = next(a for a in stats["analysts"] if a["user"]["display_name"].startswith("Li Wei"))
    assert mine["decided"] == 1 and mine["suspect_rate"] == 1.0 and mine["hit_rate"] == 1.0
    assert stats["centres"][0]["centre"]["code"] == "NBC" and stats["centres"][0]["decided"] == 1


def test_the_queue_hands_out_priority_then_radiation_alarms_then_the_oldest(desk, gate1, small_scan, tmp_path):
    supervisor = desk("supervisor")
    png = write_png(tmp_path / "q.png", small_scan.high)
    ids = {}
    for uid, alarm in (("OLD", False), ("ALARM", True), ("NEW", False)):
        body = metadata(uid, radiation={"alarm": alarm, "cps": 900 if alarm else 100})
        ids[uid] = gate1.register(body, {"single": (png, "q.png")}).get_json()["id"]
        assert gate1.wait(ids[uid])["status"] == "ready"
    order = [w["scan"]["id"] for w in supervisor.client.get("/api/v1/queue").get_json()["waiting"]]
    assert order == [ids["ALARM"], ids["OLD"], ids["NEW"]]
    supervisor.post(f"/api/v1/queue/{ids['NEW']}/priority", {"priority": 3, "reason": "tip-off"})
    order = [w["scan"]["id"] for w in supervisor.client.get("/api/v1/queue").get_json()["waiting"]]
    assert order == [ids["NEW"], ids["ALARM"], ids["OLD"]]


def test_an_assignment_past_its_deadline_is_revoked_and_handed_out_again(desk, gate1, small_scan, tmp_path, demo_app):
    from app.blueprints.assignments import engine

    slow, quick = desk("analyst"), desk("expert2")
    assert slow.ready()["ready"]
    demo_app.config["ASSIGNMENT_TIMEOUT_SECONDS"] = 0
    scan_id = _send(gate1, tmp_path, small_scan, "LATE-1")
    first = _until(slow.assignments)[0]
    demo_app.config["ASSIGNMENT_TIMEOUT_SECONDS"] = 600
    assert slow.sio.emit("workstation.pause", callback=True) == {"ready": False}
    assert quick.ready()["ready"]
    with demo_app.test_request_context():
        engine.sweep()
    assert slow.assignments() == []
    assert any(e["name"] == "assignment.revoked" and "deadline" in e["args"][0]["reason"]
               for e in slow.sio.get_received())
    again = _until(quick.assignments)
    assert again[0]["scan_id"] == scan_id and again[0]["assignment_id"] != first["assignment_id"]


def test_a_second_verdict_on_a_scan_is_refused_whole(desk, gate1, small_scan, tmp_path, demo_app):
    """The database's one verdict per scan, met when the verdict is written: a 409, and
    neither the verdict nor its outbox or audit row is kept."""
    from app.extensions import db
    from app.models import AuditEvent, Assignment, OutboxEvent, Verdict

    analyst = desk("analyst")
    assert analyst.ready()["ready"]
    _send(gate1, tmp_path, small_scan, "TWICE-1")
    held = _until(analyst.assignments)[0]
    with demo_app.app_context():
        # As if another process had just recorded this scan's verdict, on an earlier assignment.
        mine = db.session.get(Assignment, held["assignment_id"])
        earlier = Assignment(scan_id=mine.scan_id, analyst_id=mine.analyst_id, state="revoked", deadline=mine.deadline)
        db.session.add(earlier)
        db.session.flush()
        db.session.add(Verdict(scan_id=mine.scan_id, assignment_id=earlier.id, analyst_id=mine.analyst_id,
                               decision="clear", final_decision="clear", regions=[], final_regions=[], note="",
                               time_spent_s=1.0))
        db.session.commit()
        counts = [db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in (AuditEvent, OutboxEvent)]
    response = analyst.post(f"/api/v1/assignments/{held['assignment_id']}/verdict", {"decision": "clear", "regions": []})
    assert response.status_code == 409 and response.get_json()["error"] == "conflict"
    with demo_app.app_context():
        assert [db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in (AuditEvent, OutboxEvent)] == counts
        assert db.session.get(Assignment, held["assignment_id"]).state == "open"
