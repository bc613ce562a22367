"""A scanner that is sending scans is "running" on every wall at once, whatever its
heartbeats said, and no longer once its last scan is older than the busy window; its
scans and radiation alarms are the scans received (in-process app, real ingest)."""

from __future__ import annotations

import time

from tests.helpers import send_png, until


def test_a_scan_received_makes_its_scanner_running_then_not(demo_app, client, desk, gate1, tmp_path, small_scan):
    demo_app.config["EQUIPMENT_BUSY_SECONDS"] = 2
    supervisor = desk("supervisor")
    supervisor.sio.get_received()
    send_png(gate1, tmp_path, small_scan, "RUN-1", radiation={"alarm": True, "cps": 900.0})

    pushed = [m["args"][0] for m in supervisor.sio.get_received() if m["name"] == "equipment.status"]
    gate = next(s for s in pushed if s["name"] == "Beilun Gate 1")
    assert gate["status"] == "running" and gate["last_scan_at"] is not None  # no heartbeat ever sent
    wall = supervisor.client.get("/api/v1/wall").get_json()
    tile = next(s for s in wall["scanners"] if s["name"] == "Beilun Gate 1")
    assert tile["status"] == "running" and tile["today"]["scans"] == 1 and tile["today"]["radiation_alarms"] == 1
    assert wall["scans_today_by_scanner"][str(tile["id"])] == 1

    started = time.monotonic()
    until(lambda: next(s for s in supervisor.client.get("/api/v1/wall").get_json()["scanners"]
                       if s["name"] == "Beilun Gate 1")["status"] == "stopped", 20, "the busy window to end")
    assert time.monotonic() - started < 20
