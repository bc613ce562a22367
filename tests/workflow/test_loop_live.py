"""The interpretation loop against a running server with real python-socketio clients."""

from __future__ import annotations

import time
from collections import Counter

from tests.workflow.conftest import GRACE_SECONDS, REGION, assignment_for, send_scan

BEILUN = ("Beilun Gate 1", "Beilun Gate 2")  # site NB-BEI, where analyst3 is affiliated
DAXIE = ("Daxie Mobile", "Daxie Relocatable")  # site NB-DAX


def _decide_at_once(person, decision="clear"):
    def on_assignment(data):
        person.post(f"/api/v1/assignments/{data['assignment_id']}/verdict",
                    {"decision": decision, "regions": [REGION] if decision == "suspect" else []})
    person.handlers["assignment.new"] = on_assignment


def test_thirty_scans_three_analysts_each_scan_once_never_to_its_own_site(loop_server, people):
    analysts = [people(name) for name in ("analyst", "expert2", "analyst3")]
    for person in analysts:
        _decide_at_once(person)
        assert person.ready()["ready"] is True
    sent = {}
    for i in range(30):
        scanner = (BEILUN + DAXIE)[i % 4]
        sent[send_scan(loop_server, scanner, f"SPREAD-{i}", seed=i % 5)] = scanner

    deadline = time.monotonic() + 60
    while sum(len(p.got("assignment.new")) for p in analysts) < 30:
        assert time.monotonic() < deadline, "not every scan was assigned"
        time.sleep(0.05)
    time.sleep(0.5)  # anything assigned twice would show up now
    received = {p.username: [e["scan_id"] for e in p.got("assignment.new")] for p in analysts}
    everything = [scan for scans in received.values() for scan in scans]
    assert sorted(everything) == sorted(sent), "each scan assigned exactly once"
    assert not [s for s in received["analyst3"] if sent[s] in BEILUN], "never to an analyst of the scan's site"
    counts = Counter({name: len(scans) for name, scans in received.items()})
    # Beilun's 15 scans go to two analysts, Daxie's 15 to three.
    expected = {"analyst": 15 / 2 + 15 / 3, "expert2": 15 / 2 + 15 / 3, "analyst3": 15 / 3}
    chi2 = sum((counts[name] - e) ** 2 / e for name, e in expected.items())
    assert chi2 < 13.8, (counts, chi2)  # 13.8: p = 0.001 with 2 degrees of freedom


def test_a_disconnected_analysts_scan_is_reassigned_after_the_grace_period(loop_server, people):
    first = people("analyst")
    assert first.ready()["ready"]
    scan_id = send_scan(loop_server, "Daxie Mobile", "GRACE-1")
    held = assignment_for(first, scan_id)
    second = people("expert")
    assert second.ready()["ready"]
    time.sleep(0.5)
    assert not second.got("assignment.new"), "the scan stays with the first analyst while connected"

    dropped_at = time.monotonic()
    first.close()
    assignment_for(second, scan_id, timeout=GRACE_SECONDS + 10)
    assert time.monotonic() - dropped_at >= GRACE_SECONDS
    late = first.post(f"/api/v1/assignments/{held['assignment_id']}/verdict", {"decision": "clear", "regions": []})
    assert late.status_code == 409  # revoked: it cannot be decided twice


def test_a_verdict_reaches_its_sites_officer_within_a_second_and_no_other(loop_server, people):
    officer, elsewhere = people("officer"), people("officer2")  # NB-BEI, SH-WGQ
    analyst = people("analyst")
    assert analyst.ready()["ready"]
    scan_id = send_scan(loop_server, "Beilun Gate 1", "PUSH-1")
    assignment = assignment_for(analyst, scan_id)
    response = analyst.post(f"/api/v1/assignments/{assignment['assignment_id']}/verdict",
                            {"decision": "suspect", "regions": [REGION], "note": "dense block behind tyres"})
    answered = time.monotonic()
    assert response.status_code == 201, response.text
    issued = officer.wait_for("verdict.issued", timeout=5)[0]
    arrival = next(t for t, name, _ in officer.events if name == "verdict.issued")
    assert arrival - answered < 1.0
    assert issued["scan_id"] == scan_id and issued["decision"] == "suspect"
    assert issued["regions"][0]["body"][0]["value"] == "dense organic"
    assert issued["analyst_ref"].startswith("A-") and "Li Wei" not in str(issued)
    time.sleep(0.5)
    assert not elsewhere.got("verdict.issued")


def test_an_overturned_review_reaches_the_site_and_an_inspection_reaches_the_centre(loop_server, people):
    officer, supervisor = people("officer"), people("supervisor")
    experts = {name: people(name) for name in ("expert", "expert2")}
    analyst = people("analyst")
    assert analyst.ready()["ready"]
    scan_id = send_scan(loop_server, "Beilun Gate 2", "REVIEW-1")
    assignment = assignment_for(analyst, scan_id)
    assert analyst.post(f"/api/v1/assignments/{assignment['assignment_id']}/verdict",
                        {"decision": "suspect", "regions": [REGION]}).status_code == 201

    deadline = time.monotonic() + 10
    while not any(e.got("review.new") for e in experts.values()):
        assert time.monotonic() < deadline, "no expert was asked to review a suspect verdict"
        time.sleep(0.05)
    expert = next(e for e in experts.values() if e.got("review.new"))
    review_id = expert.got("review.new")[0]["review_id"]
    listed = expert.get("/api/v1/reviews").json()["reviews"]
    blind = next(r for r in listed if r["review_id"] == review_id)
    assert blind["state"] == "blind" and "verdict" not in blind  # first look without the analyst's decision
    revealed = expert.post(f"/api/v1/reviews/{review_id}/blind", {"decision": "clear"}).json()
    assert revealed["verdict"]["decision"] == "suspect"
    concluded = expert.post(f"/api/v1/reviews/{review_id}", {"agree": False, "decision": "clear", "regions": []})
    assert concluded.status_code == 200, concluded.text

    revised = officer.wait_for("verdict.revised", timeout=5)[0]
    assert revised["scan_id"] == scan_id and revised["decision"] == "clear"
    assert revised["previous_decision"] == "suspect"

    recorded = officer.post(f"/api/v1/scans/{scan_id}/inspection", {"outcome": "seizure", "findings": "cigarettes"})
    assert recorded.status_code == 201, recorded.text
    heard = supervisor.wait_for("inspection.recorded", timeout=5)[0]
    assert heard == {"scan_id": scan_id, "outcome": "seizure", "site": "NB-BEI"}
    listed = officer.get("/api/v1/site/scans").json()["scans"]
    mine = next(s for s in listed if s["id"] == scan_id)
    assert mine["verdict"]["decision"] == "clear" and mine["verdict"]["revised"] is True
    assert mine["inspection"]["outcome"] == "seizure"
