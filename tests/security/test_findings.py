"""The least-privilege findings of the attack on round 1, reproduced and shown fixed:
an analyst based at a port saw that port's scans and verdicts, `earlier_scans` leaked
other sites, trainees heard live events, and a scanner token read academy images."""

from __future__ import annotations

import json

import pytest

from tests.helpers import assign, send_png, until
from tests.ingest.conftest import Scanner


@pytest.fixture
def daxie(client, demo_copy) -> Scanner:
    """A scanner of site NB-DAX: centre NBC, like Beilun, but not analyst3's port."""
    return Scanner(client, json.loads((demo_copy / "demo_tokens.json").read_text())["scanner:Daxie Mobile"])


@pytest.fixture
def waigaoqiao(client, demo_copy) -> Scanner:
    return Scanner(client, json.loads((demo_copy / "demo_tokens.json").read_text())["scanner:Waigaoqiao Gate A"])


def _looks(client, scan_id: int) -> dict[str, int]:
    base = f"/api/v1/scans/{scan_id}"
    return {what: client.get(url).status_code for what, url in (
        ("scan", base), ("dzi", f"{base}/dzi/scan.dzi"), ("declaration", f"{base}/declaration"),
        ("histogram", f"{base}/histogram"), ("thumbnail", f"{base}/thumbnail.jpeg"),
        ("tile", f"{base}/dzi/scan_files/0/0_0.jpeg"), ("pixel", f"{base}/pixel?x=1&y=1"))}


def test_an_analyst_based_at_a_port_sees_only_their_assignment_and_never_that_port(
        demo_app, gate1, daxie, small_scan, tmp_path, desk):
    beilun = [send_png(gate1, tmp_path, small_scan, f"BEI-{i}") for i in range(6)]
    theirs = send_png(daxie, tmp_path, small_scan, "DAX-1")
    assign(demo_app, theirs, "analyst3")
    analyst3 = desk("analyst3")

    listed = analyst3.client.get("/api/v1/scans?limit=500").get_json()["scans"]
    assert [s["id"] for s in listed] == [theirs]
    for scan_id in beilun:
        assert set(_looks(analyst3.client, scan_id).values()) == {404}, scan_id
    assert set(_looks(analyst3.client, theirs).values()) == {200}

    # Not in Beilun's room, so Beilun's verdicts never reach them.
    hello = next(e["args"][0] for e in analyst3.sio.get_received() if e["name"] == "hello")
    assert not any(room.startswith("site:") for room in hello["rooms"])
    officer, analyst = desk("officer"), desk("analyst")
    assert analyst.ready()["ready"]
    given = until(lambda: analyst.assignments(), 30, "an assignment for the analyst")
    done = analyst.post(f"/api/v1/assignments/{given[0]['assignment_id']}/verdict",
                        {"decision": "clear", "regions": []})
    assert done.status_code == 201
    until(lambda: [e for e in officer.sio.get_received() if e["name"] == "verdict.issued"], 30, "the officer's verdict")
    assert not [e for e in analyst3.sio.get_received() if e["name"].startswith("verdict.")]


def test_earlier_scans_list_only_scans_the_reader_may_see(demo_app, client, auth, gate1, waigaoqiao, small_scan,
                                                          tmp_path):
    container = {"kind": "container", "container_ids": ["CSQU3054383"]}
    elsewhere = send_png(waigaoqiao, tmp_path, small_scan, "WGQ-EARLY", scanned_at="2026-11-20T08:00:00Z",
                         conveyance=container)
    here = send_png(gate1, tmp_path, small_scan, "BEI-EARLY", scanned_at="2026-11-21T08:00:00Z", conveyance=container)
    latest = send_png(gate1, tmp_path, small_scan, "BEI-LATE", scanned_at="2026-11-27T08:00:00Z", conveyance=container)
    auth.login("officer")  # NB-BEI
    earlier = client.get(f"/api/v1/scans/{latest}/declaration").get_json()["earlier_scans"]
    assert [e["id"] for e in earlier] == [here]
    assert client.get(f"/api/v1/scans/{elsewhere}").status_code == 404
    auth.logout()
    auth.login("hqsupervisor")  # headquarters sees both sites
    assert {e["id"] for e in client.get(f"/api/v1/scans/{latest}/declaration").get_json()["earlier_scans"]} == \
        {here, elsewhere}


def test_trainees_and_instructors_hear_no_live_event_of_any_kind(demo_app, gate1, small_scan, tmp_path, desk):
    trainee, instructor, supervisor = desk("trainee"), desk("instructor"), desk("supervisor")
    officer, analyst = desk("officer"), desk("analyst")
    assert analyst.ready()["ready"]
    scan_id = send_png(gate1, tmp_path, small_scan, "LIVE-1")
    given = until(lambda: analyst.assignments(), 30, "an assignment")
    assert analyst.post(f"/api/v1/assignments/{given[0]['assignment_id']}/verdict",
                        {"decision": "suspect", "regions": [_region()]}).status_code == 201
    inspected = officer.post(f"/api/v1/scans/{scan_id}/inspection", {"outcome": "seizure", "findings": "cigarettes"})
    assert inspected.status_code == 201
    until(lambda: [e for e in supervisor.sio.get_received() if e["name"] == "inspection.recorded"], 30,
          "the supervisor hears the inspection")
    for person in (trainee, instructor):
        heard = [e["name"] for e in person.sio.get_received()]
        assert heard == ["hello"], heard


def test_a_scanner_token_reads_its_own_live_scans_only(demo_app, gate1, gate2, small_scan, tmp_path, client, auth):
    own = send_png(gate1, tmp_path, small_scan, "OWN-1")
    other = send_png(gate2, tmp_path, small_scan, "OTHER-1")
    from tests.vendors.make_files import write_dicos

    auth.login("instructor")
    dicos = write_dicos(tmp_path / "academy.dcm", small_scan.high)
    image = client.post("/api/v1/training/images", data={
        "metadata": json.dumps({"scanner_id": 1, "image_uid": "ACAD-1"}),
        "single": (open(dicos, "rb"), "academy.dcm")},
        headers={"X-CSRFToken": auth.csrf()}, content_type="multipart/form-data")
    assert image.status_code in (200, 201, 202), image.get_json()
    academy_id = image.get_json()["scan_id"]
    assert gate1.get(own).status_code == 200
    assert gate1.get(other).status_code == 404
    assert gate1.get(academy_id).status_code == 404  # registered through gate1's scanner, but the academy's


def _region() -> dict:
    return {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "id": "r1",
            "body": [{"type": "TextualBody", "purpose": "tagging", "value": "dense"}],
            "target": {"selector": {"type": "FragmentSelector", "conformsTo": "http://www.w3.org/TR/media-frags/",
                                    "value": "xywh=pixel:10,10,40,30"}}}
