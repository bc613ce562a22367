"""TIP in the interpretation loop, in-process (real database built by the migrations, real
worker processes, Socket.IO test clients): projection at assignment, the projected view
served to its analyst alone, the moment of truth, scores and breaks."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import numpy as np
import sqlalchemy as sa
from PIL import Image

from app.tiles import DziGeometry
from app.tiles import packed
from tests.helpers import until
from tests.tip.conftest import send_dual, set_probability


def _region(x, y, w, h, category="weapons"):
    return {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "id": "r1",
            "body": [{"type": "TextualBody", "purpose": "classifying", "value": category}],
            "target": {"selector": {"type": "FragmentSelector", "conformsTo": "http://www.w3.org/TR/media-frags/",
                                    "value": f"xywh=pixel:{x},{y},{w},{h}"}}}


def _projection(app, scan_id: int):
    from app.extensions import db
    from app.models import TipProjection

    with app.app_context():
        row = db.session.scalar(sa.select(TipProjection).where(TipProjection.scan_id == scan_id))
        if row is not None:
            db.session.expunge(row)
        return row


def _full_resolution(client, data_link: str) -> tuple[np.ndarray, np.ndarray]:
    """Both energies at full resolution, put together from the lossless data tiles a browser gets."""
    info = client.get(data_link).get_json()
    geometry = DziGeometry(info["width"], info["height"], info["tile_size"], info["overlap"])
    top = geometry.max_level
    high = np.zeros((info["height"], info["width"]), np.uint16)
    low = np.zeros_like(high)
    cols, rows = geometry.tile_counts(top)
    base = data_link.rsplit("/", 1)[0]
    for col in range(cols):
        for row in range(rows):
            response = client.get(f"{base}/data_files/{top}/{col}_{row}.png")
            assert response.status_code == 200
            x, y, w, h = geometry.tile_bounds(top, col, row)
            texels = np.asarray(Image.open(io.BytesIO(response.data)))
            th, tl, _ = packed.unpack(texels, w)
            high[y:y + h, x:x + w], low[y:y + h, x:x + w] = th, tl
    return high, low


def test_projected_tiles_differ_from_the_real_ones_exactly_inside_the_fti_mask(
        tip_app, desk, gate1, dual_scan, tmp_path):
    from app.blueprints.tip.maths import Fti
    from app.blueprints.tip.projection import placed_fti
    from app.extensions import db
    from app.models import Scan, TipThreat

    analyst, supervisor = desk("analyst"), desk("supervisor")
    assert analyst.ready()["ready"]
    scan_id = send_dual(gate1, tmp_path, dual_scan, "PRJ-TILES-1")
    until(analyst.assignments, what="the assignment")
    projection = until(lambda: _projection(tip_app, scan_id), what="the projection")

    seen = analyst.client.get(f"/api/v1/scans/{scan_id}").get_json()["links"]
    real = supervisor.client.get(f"/api/v1/scans/{scan_id}").get_json()["links"]
    assert seen["data"].count("/") == real["data"].count("/")  # same shape of URL
    p_high, p_low = _full_resolution(analyst.client, seen["data"])
    r_high, r_low = _full_resolution(supervisor.client, real["data"])

    with tip_app.app_context():
        fti: Fti = placed_fti(db.session.get(TipThreat, projection.threat_id), db.session.get(Scan, scan_id))
    assert fti.shape == (projection.h, projection.w)
    mask = np.zeros(r_high.shape, bool)
    mask[projection.y:projection.y + projection.h, projection.x:projection.x + projection.w] = fti.mask
    window = (slice(projection.y, projection.y + projection.h), slice(projection.x, projection.x + projection.w))
    for name, real_px, seen_px, a in (("high", r_high, p_high, fti.a_high), ("low", r_low, p_low, fti.a_low)):
        changed = real_px != seen_px
        assert not (changed & ~mask).any(), f"{name}: a pixel outside the FTI's mask differs"
        assert changed[mask].all(), f"{name}: a pixel under the mask is the same"
        added = np.log(real_px[window].astype(float) / seen_px[window].astype(float))
        quantum = 1 / seen_px[window].astype(float)
        assert np.all(np.abs(added - a)[fti.mask] <= quantum[fti.mask] + 1e-6), name


def test_moment_of_truth_hit_then_the_second_decision_is_the_only_verdict(
        tip_app, desk, gate1, dual_scan, tmp_path):
    from app.extensions import db
    from app.models import OutboxEvent, Verdict

    analyst, officer = desk("analyst"), desk("officer")
    assert analyst.ready()["ready"]
    scan_id = send_dual(gate1, tmp_path, dual_scan, "PRJ-HIT-1")
    assignment = until(analyst.assignments, what="the assignment")[0]
    projection = until(lambda: _projection(tip_app, scan_id), what="the projection")
    url = f"/api/v1/assignments/{assignment['assignment_id']}/verdict"
    before = analyst.client.get(f"/api/v1/scans/{scan_id}").get_json()["links"]

    first = analyst.post(url, {"decision": "suspect", "regions": [
        _region(projection.x, projection.y, projection.w, projection.h)]})
    assert first.status_code == 200, first.get_json()
    reveal = first.get_json()
    assert reveal["tip"]["outcome"] == "hit"
    assert reveal["tip"]["region"] == {"x": projection.x, "y": projection.y, "w": projection.w, "h": projection.h}
    assert reveal["links"]["data"] != before["data"]  # new URLs: the cache holds the projected tiles
    with tip_app.app_context():
        assert db.session.scalar(sa.select(Verdict).where(Verdict.scan_id == scan_id)) is None
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxEvent)
                                 .where(OutboxEvent.scan_id == scan_id)) == 0
    assert [a["assignment_id"] for a in analyst.assignments()] == [assignment["assignment_id"]]
    assert not [e for e in officer.sio.get_received() if e["name"] == "verdict.issued"]

    second = analyst.post(url, {"decision": "clear", "regions": []})
    assert second.status_code == 201
    issued = [e["args"][0] for e in officer.sio.get_received() if e["name"] == "verdict.issued"]
    assert [(e["scan_id"], e["decision"], e["regions"]) for e in issued] == [(scan_id, "clear", [])]
    assert not any("tip" in key for key in issued[0])
    with tip_app.app_context():
        rows = list(db.session.scalars(sa.select(OutboxEvent).where(OutboxEvent.scan_id == scan_id)))
        assert len(rows) == 1 and rows[0].payload["decision"] == "clear"
        assert "tip" not in str(rows[0].payload).lower() and "project" not in str(rows[0].payload).lower()
        assert db.session.scalar(sa.select(Verdict.decision).where(Verdict.scan_id == scan_id)) == "clear"
    site = officer.client.get("/api/v1/site/scans").get_json()["scans"]
    mine = [s for s in site if s["id"] == scan_id or s.get("scan_id") == scan_id]
    assert mine and "tip" not in str(mine).lower()


def test_miss_and_false_alarm_are_scored_and_d_prime_follows(tip_app, desk, gate1, dual_scan, tmp_path):
    from app.blueprints.tip import maths

    analyst, supervisor = desk("analyst"), desk("supervisor")
    assert analyst.ready()["ready"]
    # Projected, cleared: a miss; then the real scan judged suspect (a verdict, not a TIP trial).
    scan_id = send_dual(gate1, tmp_path, dual_scan, "PRJ-MISS-1")
    assignment = until(analyst.assignments, what="the assignment")[0]
    url = f"/api/v1/assignments/{assignment['assignment_id']}/verdict"
    assert analyst.post(url, {"decision": "clear", "regions": []}).get_json()["tip"]["outcome"] == "miss"
    assert analyst.post(url, {"decision": "suspect", "regions": [_region(1, 1, 20, 20)]}).status_code == 201
    # A real scan judged suspect: a false alarm. Suspect elsewhere on a projected one: a miss.
    set_probability(tip_app, 0.0)
    send_dual(gate1, tmp_path, dual_scan, "PRJ-FA-1")
    assignment = until(lambda: [a for a in analyst.assignments() if a["scan_id"] != scan_id], what="the scan")[0]
    real = analyst.post(f"/api/v1/assignments/{assignment['assignment_id']}/verdict",
                        {"decision": "suspect", "regions": [_region(1, 1, 20, 20)]})
    assert real.status_code == 201  # not projected: a suspect verdict is left alone
    set_probability(tip_app, 1.0)
    third = send_dual(gate1, tmp_path, dual_scan, "PRJ-MISS-2")
    assignment = until(lambda: [a for a in analyst.assignments() if a["scan_id"] == third], what="the scan")[0]
    url = f"/api/v1/assignments/{assignment['assignment_id']}/verdict"
    assert analyst.post(url, {"decision": "suspect", "regions": [_region(1, 1, 8, 8)]}).get_json()[
        "tip"]["outcome"] == "miss"
    assert analyst.post(url, {"decision": "clear", "regions": []}).status_code == 201

    body = supervisor.client.get("/api/v1/tip/scores").get_json()
    (row,) = [r for r in body["analysts"] if r["analyst"]["username"] == "analyst"]
    assert (row["projections"], row["hits"], row["misses"]) == (2, 0, 2)
    # Real decisions: only the scan that carried no projection.
    assert (row["real_decisions"], row["false_alarms"], row["false_alarm_rate"]) == (1, 1, 1.0)
    assert row["d_prime"] == maths.d_prime(0, 2, 1, 1)
    own = analyst.client.get("/api/v1/tip/scores").get_json()
    assert [r["analyst"]["username"] for r in own["analysts"]] == ["analyst"]
    assert analyst.client.get("/api/v1/tip/threats").status_code == 403
    assert sum(h["projections"] for h in body["by_hour"]) == 2
    assert sum(b["projections"] for b in body["by_minutes_on_task"]) == 2


def test_refresher_flag_below_the_hit_rate_over_the_minimum_count(tip_app, desk):
    from app import settings
    from app.extensions import db
    from app.models import Assignment, Centre, Scan, TipProjection, TipThreat, User

    with tip_app.app_context():
        analyst = db.session.scalar(sa.select(User).where(User.username == "analyst2"))
        centre = db.session.scalar(sa.select(Centre))
        threat = db.session.scalar(sa.select(TipThreat))
        scan = Scan(scanner_id=1, scan_uid="PLANT-1", scanned_at=datetime.now(timezone.utc), content_sha256="0" * 64,
                    status="ready")
        db.session.add(scan)
        db.session.flush()
        now = datetime.now(timezone.utc)
        for i in range(settings.get("TIP_REFRESHER_MIN_PROJECTIONS")):
            a = Assignment(scan_id=scan.id, analyst_id=analyst.id, state="revoked", deadline=now)
            db.session.add(a)
            db.session.flush()
            db.session.add(TipProjection(assignment_id=a.id, scan_id=scan.id, analyst_id=analyst.id,
                                         centre_id=centre.id, threat_id=threat.id, x=0, y=0, w=5, h=5,
                                         state="revealed", outcome="hit" if i < 3 else "miss", first_regions=[],
                                         decision_s=30.0, created_at=now - timedelta(minutes=i)))
        db.session.commit()
    body = desk("supervisor").client.get("/api/v1/tip/scores").get_json()
    (row,) = [r for r in body["analysts"] if r["analyst"]["username"] == "analyst2"]
    assert row["hit_rate"] == 0.3 and row["refresher"] == {"flagged": True, "link": "/trainee"}


def test_ready_is_refused_until_the_break_ends_after_the_screening_limit(tip_app, desk, gate1, dual_scan, tmp_path):
    """The clock is the app's (app.extensions["cips_clock"]), moved forward by the test."""
    now = [datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)]
    tip_app.extensions["cips_clock"] = lambda: now[0]
    set_probability(tip_app, 0.0)
    analyst, supervisor = desk("analyst"), desk("supervisor")
    assert analyst.ready()["ready"]
    send_dual(gate1, tmp_path, dual_scan, "BREAK-1")
    assignment = until(analyst.assignments, what="the assignment")[0]
    now[0] += timedelta(minutes=31)  # past TIP_BREAK_AFTER_MINUTES (30) of continuous screening
    assert analyst.post(f"/api/v1/assignments/{assignment['assignment_id']}/verdict",
                        {"decision": "clear", "regions": []}).status_code == 201
    paused = [e["args"][0] for e in analyst.sio.get_received() if e["name"] == "workstation.break"]
    assert paused == [{"until": "2026-12-01T08:36:00+00:00", "reason": "fatigue"}]
    assert analyst.client.get("/api/v1/workstation").get_json()["ready"] is False
    refused = analyst.ready()
    assert refused["ready"] is False and refused["error"] == "break_required"
    http = analyst.post("/api/v1/workstation/ready", {})
    assert http.status_code == 409 and http.get_json()["until"] == "2026-12-01T08:36:00+00:00"
    send_dual(gate1, tmp_path, dual_scan, "BREAK-2")  # waits: nobody ready takes it
    assert analyst.assignments() == []

    listed = supervisor.client.get("/api/v1/tip/breaks").get_json()["analysts"]
    assert any(a["username"] == "analyst" and a["on_break"] for a in listed)
    now[0] += timedelta(minutes=4, seconds=59)
    assert analyst.ready()["error"] == "break_required"
    now[0] += timedelta(seconds=1)  # the break is over
    assert analyst.ready() == {"ready": True}
    until(analyst.assignments, what="the next scan after the break")


def test_a_supervisor_ends_a_break_with_a_reason(tip_app, desk, gate1, dual_scan, tmp_path):
    from app.extensions import db
    from app.models import AuditEvent, User

    now = [datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)]
    tip_app.extensions["cips_clock"] = lambda: now[0]
    set_probability(tip_app, 0.0)
    analyst, supervisor = desk("analyst"), desk("supervisor")
    assert analyst.ready()["ready"]
    send_dual(gate1, tmp_path, dual_scan, "OVR-1")
    assignment = until(analyst.assignments, what="the assignment")[0]
    now[0] += timedelta(minutes=45)
    analyst.post(f"/api/v1/assignments/{assignment['assignment_id']}/verdict", {"decision": "clear", "regions": []})
    assert analyst.ready()["error"] == "break_required"
    with tip_app.app_context():
        uid = db.session.scalar(sa.select(User.id).where(User.username == "analyst"))
    assert supervisor.post(f"/api/v1/tip/breaks/{uid}/override", {}).status_code == 422
    done = supervisor.post(f"/api/v1/tip/breaks/{uid}/override", {"reason": "queue of radiation alarms"})
    assert done.status_code == 200 and done.get_json()["on_break"] is False
    assert analyst.ready() == {"ready": True}
    with tip_app.app_context():
        row = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "tip.break_override"))
        assert row.detail["reason"] == "queue of radiation alarms"


def test_an_fti_uploaded_in_a_vendor_format_and_one_made_synthetically(tip_app, auth, tmp_path):
    from app.synthetic import generate_scan
    from app.vendors.writers import write_dicos_dx
    from tests.helpers import AuthActions

    client = tip_app.test_client()
    instructor = AuthActions(client, auth.password)
    assert instructor.login("instructor").status_code == 200
    csrf = {"X-CSRFToken": instructor.csrf()}
    # An object alone in air: an empty portal scan with a steel block in it, as DICOS files.
    scan = generate_scan(2, 300, 128, kind="empty")
    high, low = scan.high.copy(), scan.low.copy()
    high[40:70, 100:160] = (high[40:70, 100:160] * 0.45).astype("uint16")
    low[40:70, 100:160] = (low[40:70, 100:160] * 0.4).astype("uint16")
    files = {"high": (open(write_dicos_dx(tmp_path / "h.dcm", high, 6000), "rb"), "h.dcm"),
             "low": (open(write_dicos_dx(tmp_path / "l.dcm", low, 4000), "rb"), "l.dcm"),
             "category": "undeclared_goods", "name": "steel block", "pixel_mm": "5"}
    made = client.post("/api/v1/tip/threats", data=files, headers=csrf, content_type="multipart/form-data")
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["source"] == "upload" and body["category"] == "undeclared_goods"
    assert body["width"] >= 60 and body["height"] >= 30
    preview = client.get(body["preview"])
    assert preview.status_code == 200 and preview.mimetype == "image/png"
    bad = client.post("/api/v1/tip/threats/synthetic", json={"category": "toys"}, headers=csrf)
    assert bad.status_code == 422 and bad.get_json()["field"] == "category"
    listed = client.get("/api/v1/tip/threats").get_json()["threats"]
    assert {t["source"] for t in listed} == {"synthetic", "upload"}
    off = client.patch(f"/api/v1/tip/threats/{body['id']}", json={"active": False}, headers=csrf)
    assert off.get_json()["active"] is False


def test_the_break_refusal_is_in_the_analysts_language(tip_app, desk, gate1, dual_scan, tmp_path):
    now = [datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)]
    tip_app.extensions["cips_clock"] = lambda: now[0]
    set_probability(tip_app, 0.0)
    analyst = desk("analyst")
    assert analyst.ready()["ready"]
    send_dual(gate1, tmp_path, dual_scan, "LANG-1")
    assignment = until(analyst.assignments, what="the assignment")[0]
    now[0] += timedelta(minutes=30)
    analyst.post(f"/api/v1/assignments/{assignment['assignment_id']}/verdict", {"decision": "clear", "regions": []})
    refused = analyst.client.post("/api/v1/workstation/ready", json={},
                                  headers={"X-CSRFToken": analyst.csrf, "Accept-Language": "zh-CN"})
    assert refused.status_code == 409 and "请休息" in refused.get_json()["message"]
