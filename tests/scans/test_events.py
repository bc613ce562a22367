"""The centre hears `scan.ready` over Socket.IO when a scan of one of its sites is ready."""

from __future__ import annotations

import time

from tests.ingest.conftest import metadata
from tests.vendors.make_files import write_png


def _events(sio, name: str, timeout: float = 30) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [e["args"][0] for e in sio.get_received() if e["name"] == name]
        if found:
            return found
        time.sleep(0.05)
    return []


def test_scan_ready_reaches_the_centre_room_only(demo_app, client, auth, gate1, small_scan, tmp_path):
    from app.extensions import socketio

    auth.login("supervisor")  # centre NBC, which serves the Beilun site
    nbc = socketio.test_client(demo_app, flask_test_client=client)
    other_client = demo_app.test_client()
    from tests.helpers import AuthActions

    AuthActions(other_client, auth.password).login("officer2")  # a site of centre SHC
    shc = socketio.test_client(demo_app, flask_test_client=other_client)
    assert nbc.is_connected() and shc.is_connected()

    response = gate1.register(metadata("EVT-1"), {"single": (write_png(tmp_path / "s.png", small_scan.high), "s.png")})
    scan_id = response.get_json()["id"]
    ready = _events(nbc, "scan.ready")
    assert ready and ready[0]["id"] == scan_id and ready[0]["site"] == "NB-BEI"
    assert not [e for e in shc.get_received() if e["name"].startswith("scan.")]
