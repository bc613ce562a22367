"""A scanner that stops sending heartbeats turns offline within the configured time,
and connected supervisors hear it (real server, real python-socketio clients)."""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone

import pytest
import requests

from tests.helpers import start_live_server
from tests.workflow.conftest import Person
from tests.db import copy_instance

OFFLINE_AFTER = 1.0


@pytest.fixture
def watched_server(tmp_path_factory, demo_instance):
    folder = copy_instance(demo_instance, tmp_path_factory.mktemp("equipment"))
    server = start_live_server(folder, CIPS_EQUIPMENT_OFFLINE_SECONDS=str(OFFLINE_AFTER),
                               CIPS_EQUIPMENT_SWEEP_SECONDS="0.2")
    yield server
    server.stop()


def test_silence_turns_a_scanner_offline_and_the_wall_hears_it(watched_server):
    server = watched_server
    centre, hq, other = (Person(server, name).connect() for name in ("supervisor", "hqsupervisor", "officer2"))
    token = json.loads((server.instance / "demo_tokens.json").read_text())["scanner:Beilun Gate 1"]

    def send(kind: str, **data):
        body = [{"type": kind, "at": datetime.now(timezone.utc).isoformat(), "data": data}]
        response = requests.post(f"{server.url}/api/v1/equipment/events", json=body, timeout=10,
                                 headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.text

    send("startup")
    send("heartbeat", scans_since_startup=3)
    running = centre.wait_for("equipment.status", timeout=5)
    assert running[-1]["name"] == "Beilun Gate 1" and running[-1]["status"] in ("idle", "running")

    silent_since = time.monotonic()
    offline = None
    deadline = silent_since + OFFLINE_AFTER + 5
    while offline is None:
        assert time.monotonic() < deadline, "the scanner never turned offline"
        offline = next((e for e in centre.got("equipment.status") if e["status"] == "offline"), None)
        time.sleep(0.05)
    assert time.monotonic() - silent_since >= OFFLINE_AFTER * 0.9
    assert offline["name"] == "Beilun Gate 1"
    alert = centre.wait_for("equipment.alert", timeout=5)[0]
    assert alert["kind"] == "offline" and alert["scanner"]["name"] == "Beilun Gate 1"
    assert any(e["status"] == "offline" for e in hq.wait_for("equipment.status", timeout=5))  # headquarters too
    assert not other.got("equipment.status")  # a Shanghai site does not hear Ningbo's scanners

    wall = centre.get("/api/v1/wall").json()
    assert next(s for s in wall["scanners"] if s["name"] == "Beilun Gate 1")["status"] == "offline"
    assert [a["kind"] for a in wall["alerts"]] == ["offline"]

    seen = len(centre.got("equipment.status"))
    send("heartbeat", scans_since_startup=4)
    back = centre.wait_for("equipment.status", count=seen + 1, timeout=5)[-1]
    assert back["status"] == "running"  # heard from again: back from offline
    for person in (centre, hq, other):
        person.close()
