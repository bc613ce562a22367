"""Retention over three years of scans, on a fake clock: exactly what the rules say goes,
held, inspected-but-kept, under-review and under-inspection scans stay, running twice
changes nothing, and the storage report's figures match the store's own listing. Run
on the local folder and, with CIPS_TEST_STORE=s3, on SeaweedFS."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from app.blueprints.storage import report, retention, store as image_store
from app.extensions import db
from app.models import (
    Assignment, AuditEvent, Inspection, Scan, Scanner, ScanStorage, StoredObject, User, Verdict,
)

START = datetime(2023, 1, 1, 8, 0, tzinfo=timezone.utc)
# What each scan of a month is, in turn.
PLAN = ("cleared", "inspected", "seizure", "library", "failed", "under inspection", "under review", "held")


def _object(scan_id: int, key: str, kind: str, size: int) -> None:
    body = hashlib.sha256(key.encode()).digest() * (size // 32)
    image_store.objects().put_bytes(key, body)
    db.session.add(StoredObject(key=key, scan_id=scan_id, kind=kind, size_bytes=len(body),
                                sha256=hashlib.sha256(body).hexdigest()))


def _scan(when: datetime, what: str, scanner: Scanner, analyst: User, officer: User, n: int) -> int:
    scan = Scan(scanner=scanner, scan_uid=f"RET-{n}", scanned_at=when, received_at=when,
                status="failed" if what == "failed" else "ready", format="png", conveyance_kind="container",
                container_ids=[], content_sha256=f"{n:064d}", purpose="training" if what == "library" else "live")
    db.session.add(scan)
    db.session.flush()
    if what in ("cleared", "inspected", "seizure", "under inspection", "held"):
        a = Assignment(scan_id=scan.id, analyst_id=analyst.id, state="decided", assigned_at=when,
                       deadline=when + timedelta(minutes=10), ended_at=when)
        db.session.add(a)
        db.session.flush()
        decision = "clear" if what in ("cleared", "held") else "suspect"
        db.session.add(Verdict(scan_id=scan.id, assignment_id=a.id, analyst_id=analyst.id, decision=decision,
                               final_decision=decision, time_spent_s=10, issued_at=when))
    if what in ("inspected", "seizure"):
        db.session.add(Inspection(scan_id=scan.id, officer_id=officer.id, recorded_at=when,
                                  outcome="seizure" if what == "seizure" else "no_finding"))
    if what == "held":
        db.session.add(ScanStorage(scan_id=scan.id, legal_hold=True, hold_reason="court case 7"))
    _object(scan.id, f"scans/{scan.id}/original/high.png", "original", 4096)
    _object(scan.id, f"scans/{scan.id}/high.npy", "decoded", 8192)
    if what != "failed":
        _object(scan.id, f"scans/{scan.id}/pyramid/v-1/high_00.npy", "pyramid", 2048)
        _object(scan.id, f"scans/{scan.id}/pyramid/manifest.json", "manifest", 64)
    db.session.commit()
    return scan.id


def _expected(what: str, age: timedelta) -> str:
    rules = {"cleared": (90, 30), "inspected": (730, 180), "seizure": (None, 365), "failed": (30, None)}
    if what not in rules:
        return "kept"
    keep, pyramid = rules[what]
    if keep is not None and age > timedelta(days=keep):
        return "purged"
    if pyramid is not None and age > timedelta(days=pyramid) and what != "failed":
        return "pyramid dropped"
    return "kept"


def _state(scan_id: int) -> str:
    state = db.session.get(ScanStorage, scan_id)
    if state is not None and state.purged_at is not None:
        return "purged"
    if state is not None and state.pyramid_dropped_at is not None:
        return "pyramid dropped"
    return "kept"


def _listed_bytes() -> int:
    objects = image_store.objects()
    return sum(o.size for tree in ("scans/", "ingest/") for o in objects.list(tree))


def test_three_years_of_scans_on_a_fake_clock(demo_app, client, auth):
    auth.login("admin")
    response = client.put("/api/v1/storage/retention/inspected", json={"keep_days": 730, "pyramid_days": 180},
                          headers={"X-CSRFToken": auth.csrf()})
    assert response.status_code == 200, response.get_json()
    with demo_app.app_context():
        scanner = db.session.scalar(sa.select(Scanner).where(Scanner.name == "Beilun Gate 1"))
        analyst = db.session.scalar(sa.select(User).where(User.username == "analyst"))
        officer = db.session.scalar(sa.select(User).where(User.username == "officer"))
        scans: dict[int, tuple[str, datetime]] = {}
        now = START
        n = 0
        for month in range(36):  # every month: one scan of each kind, then the daily job
            now = START + timedelta(days=30 * month)
            for what in PLAN:
                n += 1
                scans[_scan(now - timedelta(hours=1), what, scanner, analyst, officer, n)] = (what, now)
            retention.apply(now)
        end = now + timedelta(days=1)
        first = retention.apply(end)
        again = retention.apply(end)
        assert again["purged"] == [] and again["pyramids_dropped"] == []  # idempotent

        wrong = []
        for scan_id, (what, when) in scans.items():
            expected = _expected(what, end - when + timedelta(hours=1))
            if _state(scan_id) != expected:
                wrong.append(f"scan {scan_id} ({what}, {(end - when).days} days old): {_state(scan_id)}, "
                             f"expected {expected}")
        assert not wrong, "\n".join(wrong)
        kinds = {what: {_state(i) for i, (w, _) in scans.items() if w == what} for what in PLAN}
        assert kinds["held"] == kinds["under review"] == kinds["under inspection"] == kinds["library"] == {"kept"}
        assert kinds["cleared"] == {"purged", "pyramid dropped", "kept"}
        assert "purged" in kinds["inspected"] and "kept" in kinds["inspected"]
        assert "purged" not in kinds["seizure"]

        # The store holds exactly what the rows say: purged scans have no objects left.
        objects = image_store.objects()
        for scan_id, _ in scans.items():
            state = _state(scan_id)
            keys = {o.key for o in objects.list(f"scans/{scan_id}/")}
            if state == "purged":
                assert not keys, scan_id
            elif state == "pyramid dropped":
                assert keys and not any("/pyramid/" in k for k in keys), scan_id
        figures = report.report()
        assert figures["total_bytes"] == _listed_bytes()
        assert sum(figures["by_kind"].values()) == figures["total_bytes"] == sum(figures["by_site"].values())
        assert first["bytes_freed"] >= 0
        audited = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                                    .where(AuditEvent.action == "storage.purge"))
        assert audited == sum(1 for i in scans if _state(i) == "purged")

    page = client.get("/api/v1/storage/report")
    assert page.status_code == 200 and page.get_json()["total_bytes"] == figures["total_bytes"]
    plan = client.get("/api/v1/storage/plan?scanners=40&scans_per_day=1000&bytes_per_scan=41000000"
                      "&retention_days=1825").get_json()
    assert plan["bytes_per_day"] == 40 * 1000 * 41_000_000
    assert plan["bytes_needed"] == 40 * 1000 * 41_000_000 * 1825


def test_retention_rules_are_for_admins_and_the_report_for_headquarters(demo_app, client, auth):
    auth.login("supervisor")  # a centre's supervisor
    assert client.get("/api/v1/storage/report").status_code == 403
    auth.logout()
    auth.login("hqsupervisor")
    assert client.get("/api/v1/storage/report").status_code == 200
    rules = client.get("/api/v1/storage/retention").get_json()
    assert {r["kind"] for r in rules} == {"cleared", "inspected", "seizure", "library", "failed"}
    refused = client.put("/api/v1/storage/retention/cleared", json={"keep_days": 1, "pyramid_days": None},
                         headers={"X-CSRFToken": auth.csrf()})
    assert refused.status_code == 403
