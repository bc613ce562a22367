"""A scan's answers are what the OpenAPI document shows (ScanSummary on registration,
ScanOut on GET), for the scanner and for a person, moments in UTC with their offset."""

from __future__ import annotations

from tests.contract.test_openapi import conforms
from tests.ingest.conftest import metadata
from tests.vendors.make_files import write_png


def test_registration_and_scan_answers_match_the_document(client, auth, gate1, ready_scan, small_scan, tmp_path):
    spec = client.get("/api/v1/openapi.json").get_json()
    post = spec["paths"]["/api/v1/scans"]["post"]
    assert post["responses"]["201"]["content"]["application/json"]["schema"]["$ref"].endswith("/ScanSummary")
    assert post["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/Registration")

    # The scanner reads its own scan: no signed tile links for a machine client.
    conforms(spec, "ScanOut", ready_scan)
    assert ready_scan["links"]["data"] is None
    assert ready_scan["scanned_at"] == "2026-11-27T00:15:00+00:00"  # sent as 08:15+08:00

    png = write_png(tmp_path / "s.png", small_scan.high)
    first = gate1.register(metadata("CONTRACT-1"), {"single": (png, "s.png")})
    retry = gate1.register(metadata("CONTRACT-1"), {"single": (png, "s.png")})
    assert (first.status_code, retry.status_code) == (201, 200)
    conforms(spec, "ScanSummary", first.get_json())
    assert retry.get_json()["id"] == first.get_json()["id"]

    auth.login("supervisor")
    listed = client.get("/api/v1/scans?status=ready").get_json()
    conforms(spec, "ScanList", listed)
    mine = next(s for s in listed["scans"] if s["id"] == ready_scan["id"])
    assert mine["links"]["data"].startswith("/api/v1/tiles/")  # signed for the person
    assert {k: v for k, v in mine.items() if k != "links"} == {k: v for k, v in ready_scan.items() if k != "links"}
