"""Priors (issue 15): earlier scans of the same container or plate beside the scan an analyst
judges, on a real server. Only from the analyst's open assignment, never a scan of their own
site, each opening in the audit trail (app/access.py prior_scans)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime

import pytest
import requests

from tests.conftest import DEMO_PASSWORD
from tests.helpers import ROOT, assign_in
from tests.workflow.conftest import send_scan


def _ready(server, scanner: str, scan_id: int) -> None:
    token = json.loads((server.instance / "demo_tokens.json").read_text())[f"scanner:{scanner}"]
    deadline = time.monotonic() + 60
    while True:
        status = requests.get(f"{server.url}/api/v1/scans/{scan_id}", headers={"Authorization": f"Bearer {token}"},
                              timeout=10).json()["status"]
        if status == "ready":
            return
        assert status != "failed" and time.monotonic() < deadline, f"scan {scan_id} is {status}"
        time.sleep(0.1)


def _open_assignment(server, scan_id: int, username: str) -> int:
    from tests import db as testdb

    assign_in(server.instance, scan_id, username, state="open")
    ((assignment_id,),) = testdb.rows(server.instance, "SELECT a.id FROM assignments a JOIN users u ON "
                                      "u.id = a.analyst_id WHERE a.scan_id = :s AND u.username = :u", s=scan_id,
                                      u=username)
    return assignment_id


@pytest.fixture(scope="module")
def world(loop_server) -> dict:
    """The scan being judged (Daxie, container PRIU0000001, plate ZJB-7731) and the scans around it."""
    def scan(scanner, uid, at, **conveyance) -> int:
        return send_scan(loop_server, scanner, uid, seed=len(uid), scanned_at=at,
                         conveyance={"kind": "container", **conveyance})

    made = {
        "current": ("Daxie Mobile", scan("Daxie Mobile", "PRI-NOW", "2026-11-27T08:00:00Z",
                                         container_ids=["PRIU0000001"], plate="ZJB-7731")),
        "by_container": ("Waigaoqiao Gate A", scan("Waigaoqiao Gate A", "PRI-CONT", "2026-11-20T06:30:00Z",
                                                   container_ids=["PRIU0000001", "OTHU0000002"])),
        "by_plate": ("Waigaoqiao Cars", scan("Waigaoqiao Cars", "PRI-PLATE", "2026-11-25T10:00:00Z", plate="ZJB-7731")),
        "own_site": ("Beilun Gate 1", scan("Beilun Gate 1", "PRI-BEI", "2026-11-26T09:00:00Z",
                                           container_ids=["PRIU0000001"])),
        "other": ("Waigaoqiao Gate A", scan("Waigaoqiao Gate A", "PRI-OTHER", "2026-11-24T09:00:00Z",
                                            container_ids=["PRIU00000011"], plate="ZJB-77310")),
        "later": ("Waigaoqiao Gate A", scan("Waigaoqiao Gate A", "PRI-LATER", "2026-11-27T09:00:00Z",
                                            container_ids=["PRIU0000001"])),
    }
    for scanner, scan_id in made.values():
        _ready(loop_server, scanner, scan_id)
    ids = {name: scan_id for name, (_scanner, scan_id) in made.items()}
    # analyst3 works from Beilun (demo.py): Beilun's scans are never theirs to see.
    ids["assignment"] = _open_assignment(loop_server, ids["current"], "analyst3")
    return ids


def _session(server, username: str) -> requests.Session:
    return server.login(username, DEMO_PASSWORD)


def test_priors_are_the_earlier_scans_of_the_container_or_plate_never_of_the_analysts_site(loop_server, world):
    analyst3 = _session(loop_server, "analyst3")
    response = analyst3.get(f"{loop_server.url}/api/v1/assignments/{world['assignment']}/priors", timeout=30)
    assert response.status_code == 200, response.text
    priors = response.json()["priors"]
    # Newest first; Beilun's (analyst3's own site), another container, a later scan: none of them.
    assert [p["scan_id"] for p in priors] == [world["by_plate"], world["by_container"]]
    by_plate, by_container = priors
    assert by_plate["matched"] == {"container_ids": [], "plate": "ZJB-7731"}
    assert by_container["matched"] == {"container_ids": ["PRIU0000001"], "plate": None}
    assert by_container["scanned_at"] == "2026-11-20T06:30:00+00:00"
    assert datetime.fromisoformat(by_container["scanned_at"]).utcoffset().total_seconds() == 0
    assert by_container["site"] == {"code": "SH-WGQ", "name": "Shanghai Waigaoqiao Port"}
    assert by_container["scanner"]["name"] == "Waigaoqiao Gate A"
    assert by_container["decision"] is None and by_container["inspection"] is None
    assert "dzi" not in by_container["links"]  # listing signs nothing: opening does

    limited = analyst3.get(f"{loop_server.url}/api/v1/assignments/{world['assignment']}/priors?limit=1", timeout=30)
    assert [p["scan_id"] for p in limited.json()["priors"]] == [world["by_plate"]]
    bad = analyst3.get(f"{loop_server.url}/api/v1/assignments/{world['assignment']}/priors?limit=0", timeout=30)
    assert bad.status_code == 400 and bad.json()["parameter"] == "limit"


def test_opening_a_prior_signs_its_tiles_for_the_person_and_is_audited(loop_server, world):
    analyst3 = _session(loop_server, "analyst3")
    base = f"{loop_server.url}/api/v1/assignments/{world['assignment']}/priors"
    opened = analyst3.get(f"{base}/{world['by_container']}", timeout=30)
    assert opened.status_code == 200, opened.text
    body = opened.json()
    assert body["scan_id"] == world["by_container"] and body["width"] and body["height"]
    assert body["scanner"]["name"] == "Waigaoqiao Gate A" and body["scanner"]["dual_energy"] is False
    assert body["scanner"]["pixel_spacing_mm"] == {"x": 5.0, "y": 5.0}
    assert body["matched"] == {"container_ids": ["PRIU0000001"], "plate": None}
    links = body["links"]
    assert links["dzi"].startswith("/api/v1/tiles/t1.") and links["data"].endswith("/data.json")
    # The tile cookie came with the answer: the signed links work in this browser...
    assert analyst3.get(f"{loop_server.url}{links['dzi']}", timeout=30).status_code == 200
    assert analyst3.get(f"{loop_server.url}{links['histogram']}", timeout=30).status_code == 200
    # ...and nowhere else, not even for another signed-in analyst.
    other = _session(loop_server, "analyst")
    assert other.get(f"{loop_server.url}{links['dzi']}", timeout=30).status_code == 401
    assert other.get(f"{loop_server.url}{links['histogram']}", timeout=30).status_code == 404
    # The prior is not a scan of theirs: the live scan door stays shut.
    assert analyst3.get(f"{loop_server.url}/api/v1/scans/{world['by_container']}", timeout=30).status_code == 404

    auditor = _session(loop_server, "auditor")
    events = auditor.get(f"{loop_server.url}/api/v1/audit/events?action=scan.prior_opened&scan_id="
                         f"{world['by_container']}", timeout=30).json()["events"]
    assert len(events) == 1
    event = events[0]
    assert event["actor"]["name"] == "analyst3" and event["target"] == {"kind": "scan", "id": str(world["by_container"])}
    assert event["detail"] == {"assignment_id": world["assignment"], "for_scan_id": world["current"],
                               "matched": {"container_ids": ["PRIU0000001"], "plate": None}, "via": "open"}
    # Opened again: audited again; and the session .dzi door writes its own opening.
    assert analyst3.get(f"{base}/{world['by_container']}", timeout=30).status_code == 200
    assert analyst3.get(f"{base}/{world['by_container']}/image/scan.dzi", timeout=30).status_code == 200
    events = auditor.get(f"{loop_server.url}/api/v1/audit/events?action=scan.prior_opened&scan_id="
                         f"{world['by_container']}", timeout=30).json()["events"]
    assert [e["detail"]["via"] for e in events] == ["dzi", "open", "open"]  # newest first
    # Legitimate by this rule, so not among the views outside assignments.
    outside = auditor.get(f"{loop_server.url}/api/v1/audit/reports/views-outside-assignments", timeout=30).json()
    assert world["by_container"] not in {e["scan_id"] for e in outside.get("events", outside.get("views", []))}

    assert auditor.get(f"{loop_server.url}/api/v1/audit/verify", timeout=60).json()["intact"] is True
    env = {**os.environ, "CIPS_INSTANCE_PATH": str(loop_server.instance)}
    verified = subprocess.run([sys.executable, "-c", "from app.cli import main; main()", "audit", "verify"], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=120)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_a_prior_of_the_analysts_own_site_or_of_another_conveyance_is_refused(loop_server, world):
    analyst3 = _session(loop_server, "analyst3")
    base = f"{loop_server.url}/api/v1/assignments/{world['assignment']}/priors"
    for name in ("own_site", "other", "later", "current"):
        for path in ("", "/image/scan.dzi", "/image/histogram", "/image/links"):
            response = analyst3.get(f"{base}/{world[name]}{path}", timeout=30)
            assert response.status_code == 404, (name, path, response.text)
            assert response.json()["error"] == "not_found"
    auditor = _session(loop_server, "auditor")
    for name in ("own_site", "other"):
        events = auditor.get(f"{loop_server.url}/api/v1/audit/events?action=scan.prior_opened&scan_id={world[name]}",
                             timeout=30).json()["events"]
        assert events == []


def test_priors_come_only_from_the_callers_open_assignment(loop_server, world):
    base = f"/api/v1/assignments/{world['assignment']}/priors"
    # Someone else's assignment: the same answer as none at all.
    for username in ("analyst", "expert"):
        person = _session(loop_server, username)
        for path in (base, f"{base}/{world['by_container']}", f"{base}/{world['by_container']}/image/scan.dzi"):
            response = person.get(f"{loop_server.url}{path}", timeout=30)
            assert response.status_code == 404, (username, path, response.text)
    assert _session(loop_server, "analyst3").get(f"{loop_server.url}/api/v1/assignments/999999/priors",
                                                 timeout=30).status_code == 404
    # Roles without a workstation are refused by role.
    supervisor = _session(loop_server, "supervisor")
    assert supervisor.get(f"{loop_server.url}{base}", timeout=30).status_code == 403
    from tests import db as testdb

    def change(sql: str, **values) -> None:
        testdb.execute(loop_server.instance, sql, i=world["assignment"], **values)

    analyst3 = _session(loop_server, "analyst3")
    try:
        # Once decided, the assignment no longer opens priors.
        change("UPDATE assignments SET state = 'decided' WHERE id = :i")
        assert analyst3.get(f"{loop_server.url}{base}", timeout=30).status_code == 404
        assert analyst3.get(f"{loop_server.url}{base}/{world['by_container']}", timeout=30).status_code == 404
        # The same open assignment with an analyst of the centre, based at no site: Beilun's
        # scan of the container is among their priors.
        change("UPDATE assignments SET state = 'open', analyst_id = (SELECT id FROM users WHERE username = :u) "
               "WHERE id = :i", u="analyst")
        analyst = _session(loop_server, "analyst")
        listed = analyst.get(f"{loop_server.url}{base}", timeout=30).json()["priors"]
        assert [p["scan_id"] for p in listed] == [world["own_site"], world["by_plate"], world["by_container"]]
        assert analyst.get(f"{loop_server.url}{base}/{world['own_site']}", timeout=30).status_code == 200
        assert analyst3.get(f"{loop_server.url}{base}", timeout=30).status_code == 404
    finally:
        change("UPDATE assignments SET state = 'open', analyst_id = (SELECT id FROM users WHERE username = :u) "
               "WHERE id = :i", u="analyst3")
