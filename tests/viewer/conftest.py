"""A dual-energy scan on the shared live server, and helpers for the viewer in Chromium."""

from __future__ import annotations

import json
import time

import pytest
import requests
from playwright.sync_api import Page, expect

from app.synthetic import generate_scan
from app.vendors.writers import write_dicos_dx
from tests.browser import sign_in
from tests.helpers import assign_in

# Requests for image tiles or their descriptions (either render mode).
TILE_PATTERN = ("/data_files/", "/scan_files/", ".dzi", "/data.json")


def upload_scan(live_server, folder, uid: str, seed: int = 21, width: int = 2400, height: int = 700) -> int:
    scan = generate_scan(seed, width, height, concealment=True)
    high = write_dicos_dx(folder / f"{uid}-h.dcm", scan.high, 9000)
    low = write_dicos_dx(folder / f"{uid}-l.dcm", scan.low, 6000)
    token = json.loads((live_server.instance / "demo_tokens.json").read_text())["scanner:Beilun Gate 1"]
    meta = {"scan_uid": uid, "scanned_at": "2026-11-27T08:00:00Z",
            "conveyance": {"kind": "container", "container_ids": ["CSQU3054383"]}}
    with open(high, "rb") as h, open(low, "rb") as lo:
        response = requests.post(f"{live_server.url}/api/v1/scans", headers={"Authorization": f"Bearer {token}"},
                                 data={"metadata": json.dumps(meta)}, files={"high": h, "low": lo}, timeout=60)
    assert response.status_code in (200, 201), response.text
    url = f"{live_server.url}/api/v1/scans/{response.json()['id']}"
    deadline = time.monotonic() + 60
    while requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=10).json()["status"] != "ready":
        assert time.monotonic() < deadline, "scan never became ready"
        time.sleep(0.1)
    return response.json()["id"]


@pytest.fixture(scope="session")
def tools_scan(live_server, tmp_path_factory) -> int:
    scan_id = upload_scan(live_server, tmp_path_factory.mktemp("tools-scan"), "TOOLS-1")
    assign_in(live_server.instance, scan_id, "analyst")  # an analyst opens only scans given to them
    return scan_id


def wait_for(page: Page, condition, timeout: float = 30) -> None:
    # Playwright delivers events only while it runs: wait through it, not time.sleep.
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        page.wait_for_timeout(100)


def open_scan(page: Page, scan_id: int, username: str = "analyst") -> None:
    """Sign in and open the scan in the viewer; returns once its first view is fully drawn."""
    sign_in(page, username)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"/analyst/scans/{scan_id}")
    stage = page.get_by_test_id("scan-viewer")
    expect(stage).to_be_visible(timeout=20000)
    expect(stage).to_have_attribute("data-loading", "false", timeout=30000)


def canvas_digest(page: Page) -> str:
    """A digest of what the viewer's drawing canvas shows."""
    return page.evaluate("""() => {
        const c = window.cipsViewer.osd.drawer.canvas;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let h = 2166136261;
        for (let i = 0; i < d.length; i += 7) { h ^= d[i]; h = Math.imul(h, 16777619); }
        return String(h >>> 0);
    }""")
