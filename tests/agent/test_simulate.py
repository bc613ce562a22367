"""`cips simulate`: virtual scanners whose real agents deliver synthetic scans."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import start_live_server, until
from tests.db import copy_instance, rows


def test_virtual_scanners_deliver_through_their_agents(tmp_path_factory, demo_instance):
    folder = copy_instance(demo_instance, tmp_path_factory.mktemp("simulate"))
    server = start_live_server(folder)
    try:
        env = {**os.environ, "CIPS_INSTANCE_PATH": str(folder)}
        done = subprocess.run(
            [str(Path(sys.executable).parent / "cips"), "simulate", "--server", server.url, "--scanners", "3",
             "--per-minute", "60", "--duration", "4", "--size", "640x256"],
            env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        written = int(done.stdout.split()[0])
        assert written >= 3
        # The agents are done once delivered; the server may still be processing the last ones.
        until(lambda: rows(folder, "SELECT COUNT(*) FROM scans WHERE scan_uid LIKE 'SIM-%' "
                                   "AND status IN ('received', 'processing')")[0][0] == 0,
              120, "the delivered scans to be processed")
    finally:
        server.stop()
    scans = rows(folder, "SELECT scanner_id, status, format FROM scans WHERE scan_uid LIKE 'SIM-%'")
    events = {row[0] for row in rows(folder, "SELECT type FROM equipment_events")}
    assert len(scans) == written  # every written scan arrived, once
    assert {s[1] for s in scans} == {"ready"}
    assert len({s[0] for s in scans}) == 3 and len({s[2] for s in scans}) >= 2  # three scanners, their own formats
    assert {"startup", "shutdown"} <= events
    exports = list((folder / "simulate").glob("*/export/*"))
    assert exports == []  # nothing left behind
