"""The issue's acceptance test: a stream of 20 scans while the centre is killed
(SIGKILL) three times and restarted; each arrives exactly once, byte-exact."""

from __future__ import annotations

import threading
import time

from tests.agent.conftest import wait_for, write_scan


def test_twenty_scans_arrive_exactly_once_through_three_centre_kills(centre, site, agent):
    agent.start()
    expected: dict[str, str] = {}

    def scanner() -> None:
        for i in range(20):
            uid = f"AGT-{i:03d}"
            expected[uid] = write_scan(site.export, uid, seed=i, width=512, height=256)
            time.sleep(0.15)

    stream = threading.Thread(target=scanner)
    stream.start()
    for _ in range(3):
        time.sleep(0.7)
        centre.kill()
        time.sleep(0.6)  # the link is down for a while
        centre.start()
    stream.join()

    wait_for(lambda: len(list(site.archive.iterdir())) == 20, 60, "20 scans archived")
    assert agent.stop() == 0
    scans = centre.scans("AGT-")
    assert sorted(s["scan_uid"] for s in scans) == sorted(expected)  # exactly once each
    for scan in scans:
        assert scan["sha256"] == {expected[scan["scan_uid"]]}
    assert list(site.export.iterdir()) == []
    assert not site.quarantine.exists() or list(site.quarantine.iterdir()) == []
    assert "link down" in agent.logs()  # the kills were felt
