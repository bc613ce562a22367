"""The issue's acceptance test: a stream of 20 scans while the centre is killed
(SIGKILL) three times, each time in the middle of an upload, and restarted on the
same port; each scan arrives exactly once, byte-exact, and the export folder empties."""

from __future__ import annotations

import json
import sqlite3
import threading
import time

from tests.agent.conftest import AgentProcess, make_site, wait_for, write_scan


def _mid_upload(site) -> bool:
    path = site.root / "data" / "state" / "journal.sqlite"
    if not path.exists():
        return False
    db = sqlite3.connect(path, timeout=5)
    try:
        return db.execute("SELECT 1 FROM scans WHERE state = 'uploading' AND sent > 0 AND sent < total").fetchone() \
            is not None
    except sqlite3.OperationalError:
        return False
    finally:
        db.close()


def test_twenty_scans_arrive_exactly_once_through_three_centre_kills(tmp_path, centre):
    # ~1 MB scans at 2 MB/s in 128 KiB chunks: each upload takes long enough to be cut.
    site = make_site(tmp_path, centre, bandwidth_bytes_per_s=2_000_000, chunk_bytes=128 * 1024, parallel=3)
    agent = AgentProcess(site).start()
    expected: dict[str, str] = {}

    def scanner() -> None:
        for i in range(20):
            uid = f"AGT-{i:03d}"
            expected[uid] = write_scan(site.export, uid, seed=i, width=1024, height=512)
            time.sleep(0.15)

    stream = threading.Thread(target=scanner)
    try:
        stream.start()
        for _ in range(3):
            wait_for(lambda: _mid_upload(site), 30, "an upload under way")
            centre.kill()
            time.sleep(0.5)  # the link is down for a while
            centre.start()
        stream.join()
        wait_for(lambda: len(list(site.archive.iterdir())) == 20, 240, "20 scans archived")
        assert agent.stop() == 0
    finally:
        if agent.process.poll() is None:
            agent.kill()

    scans = centre.scans("AGT-")
    assert sorted(s["scan_uid"] for s in scans) == sorted(expected)  # exactly once each
    for scan in scans:
        assert scan["sha256"] == {expected[scan["scan_uid"]]}
    assert list(site.export.iterdir()) == []
    assert sorted(p.name for p in site.archive.iterdir()) == sorted(expected)
    assert not site.quarantine.exists() or list(site.quarantine.iterdir()) == []
    logs = agent.logs()
    resumed = [json.loads(line) for line in logs.splitlines() if '"resuming upload"' in line]
    assert any(r["offset"] > 0 for r in resumed)  # cut uploads went on from where they were
    assert centre.starts == 4  # how fast it goes is bench_delivery's business, not this test's
