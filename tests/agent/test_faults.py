"""Bad input and faults: each is a test against a real centre and a real agent."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time


from app.vendors.writers import write_png
from tests import db as testdb
from tests.agent.conftest import AgentProcess, image, make_site, manifest, wait_for, write_scan


def _json(value):
    """A JSON column read with plain SQL: text from SQLite, already decoded from PostgreSQL."""
    return value if isinstance(value, (dict, list)) else json.loads(value)


def _journal(site, uid: str) -> tuple[str, int] | None:
    path = site.root / "data" / "state" / "journal.sqlite"
    if not path.exists():
        return None
    db = sqlite3.connect(path, timeout=5)
    try:
        row = db.execute("SELECT state, sent FROM scans WHERE scan_uid = ?", (uid,)).fetchone()
    except sqlite3.OperationalError:
        row = None
    db.close()
    return row


def _archived(site, uid: str) -> bool:
    return (site.archive / uid / f"{uid}.png").exists()


def _big_scan(site, uid: str) -> str:
    """~4 MB of incompressible pixels: long enough to cut mid-upload under a cap."""
    return write_scan(site.export, uid, seed=7, width=2048, height=1024)


def test_the_centre_unreachable_for_a_while(centre, site, agent):
    centre.kill()
    agent.start()
    sha = write_scan(site.export, "AGT-DOWN-1", seed=1)
    wait_for(lambda: "link down" in agent.logs(), 10, "the agent noticed the link is down")
    time.sleep(2)
    assert list(site.archive.iterdir()) == []  # nothing archived while nothing was delivered
    centre.start()
    wait_for(lambda: _archived(site, "AGT-DOWN-1"), 20, "delivered once the centre is back")
    assert agent.stop() == 0
    assert [s["sha256"] for s in centre.scans("AGT-DOWN")] == [{sha}]


def test_the_centre_restarted_mid_upload_resumes(tmp_path, centre):
    site = make_site(tmp_path, centre, bandwidth_bytes_per_s=2_000_000, parallel=1)
    agent = AgentProcess(site).start()
    try:
        sha = _big_scan(site, "AGT-CUT-1")
        wait_for(lambda: (row := _journal(site, "AGT-CUT-1")) and row[0] == "uploading" and row[1] > 500_000,
                 20, "upload under way")
        centre.kill()
        time.sleep(1)
        centre.start()
        wait_for(lambda: _archived(site, "AGT-CUT-1"), 30, "delivered after the restart")
        assert agent.stop() == 0
    finally:
        if agent.process.poll() is None:
            agent.kill()
    resumes = [json.loads(line) for line in agent.logs().splitlines() if '"resuming upload"' in line]
    assert resumes and resumes[-1]["offset"] > 0  # went on from where it was, not from zero
    assert [s["sha256"] for s in centre.scans("AGT-CUT")] == [{sha}]


def test_the_agent_killed_mid_upload_and_restarted(tmp_path, centre):
    site = make_site(tmp_path, centre, bandwidth_bytes_per_s=2_000_000, parallel=1)
    agent = AgentProcess(site).start()
    try:
        sha = _big_scan(site, "AGT-KILL-1")
        wait_for(lambda: (row := _journal(site, "AGT-KILL-1")) and row[0] == "uploading" and row[1] > 500_000,
                 20, "upload under way")
        agent.kill()
        assert not _archived(site, "AGT-KILL-1")
        agent.start()
        wait_for(lambda: _archived(site, "AGT-KILL-1"), 30, "delivered after the agent restarted")
        assert agent.stop() == 0
    finally:
        if agent.process.poll() is None:
            agent.kill()
    resumes = [json.loads(line) for line in agent.logs().splitlines() if '"resuming upload"' in line]
    assert resumes and resumes[0]["offset"] > 0
    assert [s["sha256"] for s in centre.scans("AGT-KILL")] == [{sha}]
    assert list(site.export.iterdir()) == []


def test_a_file_still_being_written_is_sent_only_when_complete(tmp_path, centre):
    site = make_site(tmp_path, centre, settle_seconds=1.0)
    agent = AgentProcess(site).start()
    try:
        full = write_png(tmp_path / "whole.png", image(3, 512, 256)).read_bytes()
        target = site.export / "AGT-SLOW-1.png"
        with open(target, "wb") as out:  # a lone file, no manifest: the settle rule applies
            for i in range(0, len(full), len(full) // 8):
                out.write(full[i:i + len(full) // 8])
                out.flush()
                time.sleep(0.3)
        wait_for(lambda: _archived(site, "AGT-SLOW-1"), 20, "delivered once complete")
        assert agent.stop() == 0
    finally:
        if agent.process.poll() is None:
            agent.kill()
    assert [s["sha256"] for s in centre.scans("AGT-SLOW")] == [{hashlib.sha256(full).hexdigest()}]


def test_a_corrupt_file_is_quarantined_with_the_reason_and_not_retried(centre, site, agent):
    agent.start()
    (site.export / "AGT-BAD-1.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"not really a png" * 100)
    (site.export / "AGT-BAD-1.manifest.json").write_text(
        json.dumps(manifest("AGT-BAD-1", [{"name": "AGT-BAD-1.png", "role": "single"}])))
    sha = write_scan(site.export, "AGT-GOOD-1", seed=2)  # the queue goes on past the bad one
    reason = site.quarantine / "AGT-BAD-1" / "REASON.txt"
    wait_for(reason.exists, 20, "quarantined")
    wait_for(lambda: _archived(site, "AGT-GOOD-1"), 20, "the good scan delivered")
    time.sleep(1)
    assert agent.stop() == 0
    assert reason.read_text().startswith(("422", "415"))
    assert sorted(p.name for p in (site.quarantine / "AGT-BAD-1").iterdir()) == \
        ["AGT-BAD-1.manifest.json", "AGT-BAD-1.png", "REASON.txt"]
    assert _journal(site, "AGT-BAD-1")[0] == "quarantined"
    registrations = sum("POST /api/v1/scans " in line for p in centre.instance.glob("server-*.log")
                        for line in p.read_text().splitlines())
    assert registrations == 2  # one refused, one accepted: the refusal was not retried
    assert centre.scans("AGT-BAD") == []
    assert [s["sha256"] for s in centre.scans("AGT-GOOD")] == [{sha}]


def test_a_revoked_token_stops_the_agent_and_keeps_the_files(centre, site, agent):
    testdb.execute(centre.instance, "UPDATE api_tokens SET revoked_at = CURRENT_TIMESTAMP WHERE token_hash = :h",
                   h=hashlib.sha256(centre.token().encode()).hexdigest())
    write_scan(site.export, "AGT-REVOKED-1", seed=4)
    agent.start()
    assert agent.process.wait(20) == 3  # documented: exit status 3, do not restart blindly
    assert sorted(p.name for p in site.export.iterdir()) == ["AGT-REVOKED-1.manifest.json", "AGT-REVOKED-1.png"]
    assert '"level": "critical"' in agent.logs()
    assert centre.scans("AGT-REVOKED") == []


def _events_since(centre, before: int) -> list[tuple[str, dict]]:
    """This centre's scanner's equipment events after id `before`, oldest first."""
    rows = testdb.rows(centre.instance, "SELECT type, data FROM equipment_events e JOIN api_tokens t "
                       "ON t.scanner_id = e.scanner_id WHERE t.token_hash = :h AND e.id > :before ORDER BY e.at, e.id",
                       h=hashlib.sha256(centre.token().encode()).hexdigest(), before=before)
    return [(t, _json(d) if d is not None else {}) for t, d in rows]


def test_events_startup_heartbeat_fault_and_shutdown_reach_the_centre(tmp_path, centre):
    site = make_site(tmp_path, centre, heartbeat_seconds=0.5)
    site.export.rmdir()  # the scanner's export folder is missing
    # Earlier tests' agents report for the same scanner: only this agent's events count.
    ((before,),) = testdb.rows(centre.instance, "SELECT coalesce(max(id), 0) FROM equipment_events")
    agent = AgentProcess(site).start()
    try:
        # The folder comes back only once the agent has seen it missing (a busy box starts
        # the agent late), and the agent stops only once a heartbeat counts the scan.
        wait_for(lambda: '"fault": "export_missing"' in agent.logs(), 60, "missing folder seen")
        site.export.mkdir()
        sha = write_scan(site.export, "AGT-EV-1", seed=5)
        wait_for(lambda: _archived(site, "AGT-EV-1"), 60, "delivered")
        wait_for(lambda: any(t == "heartbeat" and d.get("scans_since_startup") == 1
                             for t, d in _events_since(centre, before)), 60, "a heartbeat counting the scan")
        assert agent.stop() == 0
    finally:
        if agent.process.poll() is None:
            agent.kill()
    assert [s["sha256"] for s in centre.scans("AGT-EV")] == [{sha}]
    rows = _events_since(centre, before)
    types = [t for t, _ in rows]
    assert types[0] == "startup" and types[-1] == "shutdown", rows[:4]
    assert "heartbeat" in types
    assert any(d["code"] == "export_missing" for t, d in rows if t == "fault")
    assert "fault_cleared" in types
    assert [d for t, d in rows if t == "heartbeat"][-1]["scans_since_startup"] == 1


def test_status_shows_the_queue_and_the_last_error(tmp_path, centre):
    import subprocess
    import sys

    from tests.helpers import ROOT

    site = make_site(tmp_path, centre)
    centre.kill()
    agent = AgentProcess(site).start()
    try:
        write_scan(site.export, "AGT-ST-1", seed=6)
        wait_for(lambda: "link down" in agent.logs(), 10, "link down seen")
        out = subprocess.run([sys.executable, "-m", "cips_agent", "status", "--config", str(site.config)],
                             cwd=ROOT, capture_output=True, text=True, timeout=20).stdout
    finally:
        agent.stop()
    assert "AGT-ST-1" in out and "last error" in out and "refused" in out


def test_an_unreadable_manifest_is_quarantined_with_its_files(centre, site, agent):
    (site.export / "AGT-JUNK-1.png").write_bytes(b"whatever")
    (site.export / "AGT-JUNK-1.manifest.json").write_text("{not json")
    agent.start()
    reason = site.quarantine / "AGT-JUNK-1" / "REASON.txt"
    wait_for(reason.exists, 20, "quarantined")
    assert agent.stop() == 0
    assert "unreadable manifest" in reason.read_text()
    assert list(site.export.iterdir()) == []
    assert centre.scans("AGT-JUNK") == []


def test_a_disk_almost_full_is_reported_as_a_fault(tmp_path, centre):
    site = make_site(tmp_path, centre, min_free_mb=10**12)  # more than any disk: "almost full"
    agent = AgentProcess(site).start()
    try:
        wait_for(lambda: '"fault": "disk_low"' in agent.logs(), 10, "fault logged")
        time.sleep(0.5)
        assert agent.stop() == 0
    finally:
        if agent.process.poll() is None:
            agent.kill()
    faults = [_json(d) for (d,) in testdb.rows(
        centre.instance, "SELECT e.data FROM equipment_events e JOIN api_tokens t ON t.scanner_id = e.scanner_id "
        "WHERE t.token_hash = :h AND e.type = 'fault'", h=hashlib.sha256(centre.token().encode()).hexdigest())]
    assert [f["code"] for f in faults] == ["disk_low"]
