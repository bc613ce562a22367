"""Scans and declarations find each other, whichever arrives first, through OCR misreads."""

from __future__ import annotations

from app.blueprints.declarations.matching import candidates
from tests.contract.test_openapi import conforms
from tests.declarations.conftest import declaration
from tests.helpers import assign, send_png


def _panel(client, auth, scan_id, username="supervisor"):
    auth.login(username)
    return client.get(f"/api/v1/scans/{scan_id}/declaration").get_json()


def test_declaration_before_scan(cos, client, auth, gate1, small_scan, tmp_path):
    assert cos.send(declaration("FIRST-D")).status_code == 201
    scan_id = send_png(gate1, tmp_path, small_scan, "AFTER-S", scanned_at="2026-11-27T09:00:00Z")
    panel = _panel(client, auth, scan_id)
    assert panel["declaration"]["number"] == "FIRST-D"
    assert panel["match"] == {"method": "auto", "container_id": "CSQU3054383", "corrected_from": None,
                              "number": "FIRST-D"}


def test_scan_before_declaration(cos, client, auth, gate1, small_scan, tmp_path):
    scan_id = send_png(gate1, tmp_path, small_scan, "FIRST-S", scanned_at="2026-11-27T06:00:00Z")
    assert _panel(client, auth, scan_id)["declaration"] is None
    assert cos.send(declaration("AFTER-D")).status_code == 201
    assert _panel(client, auth, scan_id)["match"]["number"] == "AFTER-D"


def test_one_ocr_confusion_is_corrected_and_marked(cos, client, auth, gate1, small_scan, tmp_path):
    assert candidates("CSQU3O54383") == {"CSQU3054383"}  # letter O read in the serial
    cos.send(declaration("OCR-D"))
    scan_id = send_png(gate1, tmp_path, small_scan, "OCR-S", scanned_at="2026-11-27T09:00:00Z",
                       conveyance={"kind": "container", "container_ids": ["CSQU3O54383"]})
    match = _panel(client, auth, scan_id)["match"]
    assert match["method"] == "corrected" and match["corrected_from"] == "CSQU3O54383"
    assert match["container_id"] == "CSQU3054383"


def test_outside_the_time_window_nothing_matches(cos, client, auth, gate1, small_scan, tmp_path):
    cos.send(declaration("OLD-D", declared_at="2026-10-01T00:00:00Z"))
    scan_id = send_png(gate1, tmp_path, small_scan, "LATE-S", scanned_at="2026-11-27T09:00:00Z")
    assert _panel(client, auth, scan_id)["match"] is None


def test_linking_by_hand_is_recorded_and_unmatched_scans_are_listed(demo_app, cos, client, auth, gate1, small_scan,
                                                                    tmp_path):
    scan_id = send_png(gate1, tmp_path, small_scan, "HAND-S", scanned_at="2026-11-27T09:00:00Z",
                       conveyance={"kind": "truck", "container_ids": [], "plate": "ZJ-12345"})
    auth.login("supervisor")
    assert scan_id in [s["id"] for s in client.get("/api/v1/declarations/unmatched-scans").get_json()["scans"]]
    cos.send(declaration("HAND-D", transport={"container_ids": ["MSKU1234565"]}))
    token = auth.csrf()
    no_reason = client.post(f"/api/v1/scans/{scan_id}/declaration", json={"number": "HAND-D"},
                            headers={"X-CSRFToken": token})
    assert no_reason.status_code == 422
    linked = client.post(f"/api/v1/scans/{scan_id}/declaration", json={"number": "HAND-D", "reason": "plate misread"},
                         headers={"X-CSRFToken": token})
    assert linked.status_code == 200 and linked.get_json()["match"]["method"] == "manual"
    assert scan_id not in [s["id"] for s in client.get("/api/v1/declarations/unmatched-scans").get_json()["scans"]]
    unlinked = client.delete(f"/api/v1/scans/{scan_id}/declaration", json={"reason": "wrong truck"},
                             headers={"X-CSRFToken": token})
    assert unlinked.status_code == 200 and unlinked.get_json()["match"] is None
    import sqlalchemy as sa

    from app.extensions import db
    from app.models import QueueEvent

    with demo_app.app_context():
        kinds = db.session.scalars(sa.select(QueueEvent.kind).where(QueueEvent.scan_id == scan_id)).all()
    assert kinds == ["declaration_linked", "declaration_unlinked"]


def test_the_analyst_panel_shows_goods_and_weight_but_no_company_names(demo_app, cos, client, auth, gate1,
                                                                       small_scan, tmp_path):
    cos.send(declaration("PANEL-D"))
    scan_id = send_png(gate1, tmp_path, small_scan, "PANEL-S", scanned_at="2026-11-27T09:00:00Z", weight_kg=23100)
    assert _panel(client, auth, scan_id, "analyst")["error"] == "not_found"  # not theirs (yet)
    assign(demo_app, scan_id, "analyst")
    panel = _panel(client, auth, scan_id, "analyst")
    assert panel["declaration"]["goods"][0]["hs_chapter"]["code"] == "40"
    assert "rubber" in panel["declaration"]["goods"][0]["hs_chapter"]["name"].lower()
    assert panel["weight"] == {"declared_gross_kg": 20000.0, "measured_kg": 23100.0,
                               "difference_percent": 15.5, "flagged": True}
    text = str(panel)
    assert "Harbour Brokers" not in text and "Far East Tyres" not in text and "Euro Wheels" not in text
    assert not set(panel["declaration"]) & {"declarant", "consignor", "consignee"}  # left out, not null
    spec = client.get("/api/v1/openapi.json").get_json()
    conforms(spec, "ScanDeclarationOut", panel)
    assert panel["declaration"]["declared_at"] == "2026-11-27T07:00:00+00:00"
    auth.logout()
    supervisor = _panel(client, auth, scan_id, "supervisor")
    assert supervisor["declaration"]["consignor"] == "Far East Tyres Co"
    conforms(spec, "ScanDeclarationOut", supervisor)


def test_the_site_officer_sees_the_company_names(cos, client, auth, gate1, small_scan, tmp_path):
    cos.send(declaration("OFFICER-D"))
    scan_id = send_png(gate1, tmp_path, small_scan, "OFFICER-S", scanned_at="2026-11-27T09:00:00Z")
    assert _panel(client, auth, scan_id, "officer")["declaration"]["consignee"] == "Euro Wheels GmbH"


def test_a_high_risk_declaration_moves_its_scan_up_the_queue(cos, desk, gate1, small_scan, tmp_path):
    plain = send_png(gate1, tmp_path, small_scan, "RISK-LOW", scanned_at="2026-11-27T09:00:00Z",
                     conveyance={"kind": "container", "container_ids": ["MSKU1234565"]})
    cos.send(declaration("RISKY-D", risk={"level": "high", "reasons": ["intelligence"]}))
    risky = send_png(gate1, tmp_path, small_scan, "RISK-HIGH", scanned_at="2026-11-27T09:00:00Z")
    supervisor = desk("supervisor")
    order = [w["scan"]["id"] for w in supervisor.client.get("/api/v1/queue").get_json()["waiting"]]
    assert order.index(risky) < order.index(plain)


def test_the_assignment_names_its_declaration(cos, desk, gate1, small_scan, tmp_path):
    cos.send(declaration("ASSIGN-D", risk={"level": "high", "reasons": []}))
    analyst = desk("analyst")
    assert analyst.ready()["ready"]
    scan_id = send_png(gate1, tmp_path, small_scan, "ASSIGN-S", scanned_at="2026-11-27T09:00:00Z")
    from tests.helpers import until

    new = until(lambda: [e["args"][0] for e in analyst.sio.get_received() if e["name"] == "assignment.new"])
    assert new[0]["scan_id"] == scan_id
    assert new[0]["declaration"] == {"number": "ASSIGN-D", "risk": "high", "goods": 1}
