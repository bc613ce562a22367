"""Certificates gate live work; the PDF, the public check, revocation and the
30-day warning. Real server, real Socket.IO workstation."""

from __future__ import annotations

import io
import time

import requests
from pypdf import PdfReader

from tests.training.session import Visitor, box_region, is_suspect
from tests.workflow.conftest import Person, send_scan


def _pass_short_exam(visitor: Visitor, server) -> dict:
    attempt = visitor.start(server.academy.exams["Short exam"])
    x, y, w, h = server.truth["suspect_box"]
    for q in attempt["questions"]:
        body = ("suspect", [box_region(x, y, w, h)]) if is_suspect(q) else ("clear", [])
        assert visitor.answer(attempt, q["position"], *body).status_code == 200
    result = visitor.post(f"/api/v1/training/attempts/{attempt['id']}/submit").json()["result"]
    assert result["passed"]
    return result["certificate"]


def test_no_live_scan_without_a_certificate_and_one_once_certified(academy_server):
    analyst = Person(academy_server, "newanalyst").connect()
    try:
        assert analyst.ready()["ready"] is True
        me = Visitor(academy_server, "newanalyst")
        live = me.get("/api/v1/training/certificates/mine").json()["live_work"]
        assert live["allowed"] is False and "no valid certificate" in live["reason"]

        fixed = send_scan(academy_server, "Beilun Gate 1", "CERT-FIXED-1", seed=3)
        mobile = send_scan(academy_server, "Daxie Mobile", "CERT-MOBILE-1", seed=4)
        time.sleep(2.5)  # both ready, the sweeper ran several times: still nothing for them
        assert analyst.got("assignment.new") == []

        cert = _pass_short_exam(me, academy_server)
        assert cert["scanner_kinds"] == ["fixed"]
        first = analyst.wait_for("assignment.new")[0]
        assert first["scan_id"] == fixed
        assert me.get("/api/v1/training/certificates/mine").json()["live_work"]["allowed"] is True
        decided = analyst.post(f"/api/v1/assignments/{first['assignment_id']}/verdict",
                               {"decision": "clear", "regions": []})
        assert decided.status_code == 201
        time.sleep(1.5)
        # The certificate covers fixed scanners, not the mobile one.
        assert [a["scan_id"] for a in analyst.got("assignment.new")] == [fixed]
        supervisor = Visitor(academy_server, "supervisor")
        waiting = [w["scan"]["id"] for w in supervisor.get("/api/v1/queue").json()["waiting"]]
        assert mobile in waiting
    finally:
        analyst.close()


def test_the_pdf_and_the_public_check_and_revocation(academy_server):
    holder = Visitor(academy_server, "cand1")  # this test's own candidate
    cert = _pass_short_exam(holder, academy_server)

    pdf = holder.get(cert["links"]["pdf"])
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert cert["code"] in text and "Candidate cand1" in text and "Senior" in text
    # Nobody else's staff-less account reads it.
    assert Visitor(academy_server, "cand2").get(cert["links"]["pdf"]).status_code == 404

    anyone = requests
    checked = anyone.get(f"{academy_server.url}/api/v1/certificates/verify/{cert['code'].lower()}", timeout=10)
    assert checked.status_code == 200
    expected = {"valid": True, "status": "valid", "holder": "Candidate cand1", "grade": "senior"}
    assert {k: checked.json()[k] for k in expected} == expected
    page = anyone.get(cert["links"]["verify"], timeout=10)
    assert page.status_code == 200 and "Valid certificate" in page.text and "Candidate cand1" in page.text
    unknown = anyone.get(f"{academy_server.url}/verify/ZZZZ-ZZZZ-ZZZZ-ZZZZ", timeout=10)
    assert unknown.status_code == 404 and "Unknown code" in unknown.text

    # A trainee cannot revoke; an instructor can, with a reason.
    assert holder.post(f"/api/v1/training/certificates/{cert['id']}/revoke", {"reason": "x"}).status_code == 403
    instructor = Visitor(academy_server, "instructor")
    assert instructor.post(f"/api/v1/training/certificates/{cert['id']}/revoke", {}).status_code == 422
    revoked = instructor.post(f"/api/v1/training/certificates/{cert['id']}/revoke", {"reason": "exam fraud"})
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    after = anyone.get(f"{academy_server.url}/api/v1/certificates/verify/{cert['code']}", timeout=10).json()
    assert after["valid"] is False and after["status"] == "revoked"
    assert "Not valid: revoked" in anyone.get(cert["links"]["verify"], timeout=10).text


def test_certificates_expiring_within_30_days_are_shown_to_the_holder_and_the_supervisor(academy_server):
    expert2 = Visitor(academy_server, "expert2").get("/api/v1/training/certificates/mine").json()
    soon = expert2["certificates"][0]
    assert soon["expiring_soon"] is True and 18 <= soon["days_left"] < 30
    assert Visitor(academy_server, "expert").get("/api/v1/training/certificates/mine").json()[
        "certificates"][0]["expiring_soon"] is False

    listed = Visitor(academy_server, "supervisor").get("/api/v1/training/certificates?expiring_within=30").json()
    assert [c["holder"]["display_name"] for c in listed["certificates"]] == ["Huang Yu (expert)"]
    # The other centre's supervisor view does not include Ningbo's people.
    assert Visitor(academy_server, "analyst").get("/api/v1/training/certificates").status_code == 403
    bad = Visitor(academy_server, "supervisor").get("/api/v1/training/certificates?expiring_within=soon")
    assert bad.status_code == 400
