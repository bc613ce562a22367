"""The audit trail: acts are chained as they happen; `cips audit verify` finds a row
modified, deleted or inserted straight in the database; signed checkpoints catch a
tail rewritten with fresh hashes; auditors find a view outside an assignment."""

from __future__ import annotations

import os
import subprocess
import sys

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, User
from tests import db as testdb
from tests.helpers import ROOT, AuthActions, assign, send_png


def _verify(folder) -> subprocess.CompletedProcess:
    env = {**os.environ, "CIPS_INSTANCE_PATH": str(folder)}
    return subprocess.run([sys.executable, "-c", "from app.cli import main; main()", "audit", "verify"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


def _some_acts(demo_app, client, auth, gate1, small_scan, tmp_path) -> int:
    scan_id = send_png(gate1, tmp_path, small_scan, "AUD-1")
    auth.login("supervisor")
    for what in ("", "/declaration", "/dzi/scan.dzi"):
        assert client.get(f"/api/v1/scans/{scan_id}{what}").status_code == 200
    priority = client.post(f"/api/v1/queue/{scan_id}/priority", json={"priority": 5, "reason": "urgent cargo"},
                           headers={"X-CSRFToken": auth.csrf()})
    assert priority.status_code == 200
    auth.logout()
    return scan_id


def test_acts_are_chained_and_the_chain_checks_out(demo_app, demo_copy, client, auth, gate1, small_scan, tmp_path):
    scan_id = _some_acts(demo_app, client, auth, gate1, small_scan, tmp_path)
    with demo_app.app_context():
        rows = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
        acts = [(r.action, r.actor_name, r.scan_id) for r in rows]
    assert ("scan.view", "supervisor", scan_id) in acts
    assert [a for a in acts if a[0] == "scan.view" and a[2] == scan_id] == [("scan.view", "supervisor", scan_id)] * 3
    assert ("queue.priority", "supervisor", scan_id) in acts
    assert any(action == "token.use" for action, _, _ in acts)  # the scanner's token, once a minute at most
    assert [r.id for r in rows] == list(range(1, len(rows) + 1))
    done = _verify(demo_copy)
    assert done.returncode == 0 and f"intact: {len(rows)} rows" in done.stdout, done.stdout + done.stderr


def test_verify_finds_a_modified_a_deleted_and_an_inserted_row(demo_app, demo_copy, client, auth, gate1, small_scan,
                                                               tmp_path):
    _some_acts(demo_app, client, auth, gate1, small_scan, tmp_path)
    (total,), = testdb.rows(demo_copy, "SELECT max(id) FROM audit_events")
    assert total >= 5

    # Someone removes the trace of their priority change.
    testdb.execute(demo_copy, "UPDATE audit_events SET detail = :d WHERE action = 'queue.priority'", d='{"to": 0}')
    (changed,), = testdb.rows(demo_copy, "SELECT id FROM audit_events WHERE action = 'queue.priority'")
    done = _verify(demo_copy)
    assert done.returncode == 1 and f"modified at row {changed}" in done.stdout, done.stdout

    # Put it back as it was? Not without the original: delete it instead.
    testdb.execute(demo_copy, "DELETE FROM audit_events WHERE id = :i", i=changed)
    done = _verify(demo_copy)
    assert done.returncode == 1 and f"deleted at row {changed}" in done.stdout, done.stdout


def test_verify_finds_an_inserted_row_and_a_rewritten_tail(demo_app, demo_copy, client, auth, gate1, small_scan,
                                                           tmp_path):
    from app.audit.trail import chain_hash, checkpoint

    _some_acts(demo_app, client, auth, gate1, small_scan, tmp_path)
    with demo_app.app_context():
        assert checkpoint() is not None
        last = db.session.scalar(sa.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
        # A forged row, chained correctly onto the last one, but slipped in past the head.
        forged = AuditEvent(id=last.id + 1, at=last.at, actor_kind="person", actor_id=None, actor_name="nobody",
                            action="scan.view", detail={}, prev_hash=last.hash)
        forged.hash = chain_hash(last.hash, forged)
        db.session.add(forged)
        db.session.commit()
        forged_id = last.id + 1
    done = _verify(demo_copy)
    assert done.returncode == 1 and f"inserted at row {forged_id}" in done.stdout, done.stdout

    with demo_app.app_context():
        db.session.delete(db.session.get(AuditEvent, forged_id))
        # Rewrite the whole chain with fresh hashes after changing an early row, head included:
        # only the signed checkpoint can tell.
        rows = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
        rows[0].actor_name = "someone else"
        prev = "0" * 64
        for row in rows:
            row.prev_hash = prev
            row.hash = prev = chain_hash(prev, row)
        db.session.execute(sa.text("UPDATE audit_head SET last_hash = :h"), {"h": prev})
        db.session.commit()
    done = _verify(demo_copy)
    assert done.returncode == 1 and "checkpoint" in done.stdout and "rewritten" in done.stdout, done.stdout


def test_the_auditor_finds_a_view_outside_an_assignment_and_searches_and_exports(demo_app, client, auth, gate1,
                                                                                  small_scan, tmp_path):
    from app.audit import record

    mine = send_png(gate1, tmp_path, small_scan, "AUD-MINE")
    other = send_png(gate1, tmp_path, small_scan, "AUD-OTHER")
    assign(demo_app, mine, "analyst")
    analyst_client = demo_app.test_client()
    assert AuthActions(analyst_client, auth.password).login("analyst").status_code == 200
    assert analyst_client.get(f"/api/v1/scans/{mine}").status_code == 200  # a view within the assignment
    with demo_app.app_context():  # planted: as if a view of another scan had got through
        analyst = db.session.scalar(sa.select(User).where(User.username == "analyst"))
        record("scan.view", actor=analyst, target=("scan", other), scan_id=other, detail={"what": "image"})
        db.session.commit()

    auth.login("auditor")
    views = client.get("/api/v1/audit/reports/views-outside-assignments").get_json()["views"]
    assert [(v["actor"]["name"], v["scan_id"]) for v in views] == [("analyst", other)]
    found = client.get(f"/api/v1/audit/events?actor=analyst&action=scan.view&scan_id={other}").get_json()
    assert [e["scan_id"] for e in found["events"]] == [other]
    export = client.get(f"/api/v1/audit/events.csv?scan_id={other}")
    assert export.status_code == 200 and export.mimetype == "text/csv" and f",{other}," in export.get_data(as_text=True)
    assert client.get("/api/v1/audit/verify").get_json()["intact"] is True
    exported = client.get("/api/v1/audit/events?action=audit.export").get_json()["events"]
    assert exported and exported[0]["actor"]["name"] == "auditor"  # exports are acts too


def test_decisions_against_peers_match_the_verdict_rows(demo_app, client, auth, gate1, small_scan, tmp_path):
    from datetime import timedelta

    from app.database import utcnow
    from app.models import Assignment, Verdict

    with demo_app.app_context():
        users = {u.username: u.id for u in db.session.scalars(sa.select(User)).unique()}
    plan = [("analyst", "suspect")] * 6 + [("expert", "clear")] * 5 + [("expert", "suspect")]
    for i, (who, decision) in enumerate(plan):
        scan_id = send_png(gate1, tmp_path, small_scan, f"PEER-{i}")
        with demo_app.app_context():
            a = Assignment(scan_id=scan_id, analyst_id=users[who], state="decided", deadline=utcnow() + timedelta(1))
            db.session.add(a)
            db.session.flush()
            db.session.add(Verdict(scan_id=scan_id, assignment_id=a.id, analyst_id=users[who], decision=decision,
                                   final_decision=decision, time_spent_s=3))
            db.session.commit()
    auth.login("auditor")
    rows = {r["analyst"]: r for r in client.get("/api/v1/audit/reports/decisions?by=site").get_json()["rows"]}
    assert rows["analyst"] | {} == {"group_kind": "site", "group": "NB-BEI", "analyst": "analyst", "decided": 6,
                                    "suspect_rate": 1.0, "peers_decided": 6, "peers_suspect_rate": round(1 / 6, 3),
                                    "flagged": True}
    assert rows["expert"]["suspect_rate"] == round(1 / 6, 3) and rows["expert"]["peers_suspect_rate"] == 1.0
