"""The analyst's viewer in Chromium with server rendering (the JPEG path thin clients
without WebGL2 use): an unmodified OpenSeadragon opens a real scan from the server, draws
tiles at several zoom levels and in material colour."""

from __future__ import annotations

import io
import json
import re
import time

import numpy as np
import pytest
import requests
from PIL import Image
from playwright.sync_api import expect

from app.synthetic import generate_scan
from app.vendors.writers import write_dicos_dx
from tests.conftest import DEMO_PASSWORD
from tests.browser import sign_in
from tests.helpers import assign_in

pytestmark = pytest.mark.browser
# Signed tile links (/api/v1/tiles/<token>/...): the token names the scan after "t1."
TILE = re.compile(r"/api/v1/tiles/t1\.(\d+)\.[^/]+/scan_files/(\d+)/(\d+)_(\d+)\.jpeg(\?.*)?$")


@pytest.fixture(scope="session")  # as its server: a module fixture runs again when worksteal comes back
def scan_id(live_server, tmp_path_factory) -> int:
    folder = tmp_path_factory.mktemp("viewer-scan")
    scan = generate_scan(21, 2400, 700, concealment=True, scanner="linac-9/6")  # what Gate 1 (9/6 MV) sees
    high = write_dicos_dx(folder / "h.dcm", scan.high, 9000)
    low = write_dicos_dx(folder / "l.dcm", scan.low, 6000)
    token = json.loads((live_server.instance / "demo_tokens.json").read_text())["scanner:Beilun Gate 1"]
    meta = {"scan_uid": "VIEWER-1", "scanned_at": "2026-11-27T08:00:00Z",
            "conveyance": {"kind": "container", "container_ids": ["CSQU3054383"]}}
    with open(high, "rb") as h, open(low, "rb") as lo:
        response = requests.post(f"{live_server.url}/api/v1/scans", headers={"Authorization": f"Bearer {token}"},
                                 data={"metadata": json.dumps(meta)}, files={"high": h, "low": lo}, timeout=60)
    assert response.status_code in (200, 201), response.text
    url = f"{live_server.url}/api/v1/scans/{response.json()['id']}"
    deadline = time.monotonic() + 120
    while requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=10).json()["status"] != "ready":
        assert time.monotonic() < deadline, "scan never became ready"
        time.sleep(0.1)
    assign_in(live_server.instance, response.json()["id"], "analyst")  # analysts see only their own scans
    return response.json()["id"]


def _wait_for(page, condition, timeout: float = 15) -> None:
    # Playwright delivers events only while it runs: wait through it, not time.sleep.
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        page.wait_for_timeout(100)


def test_openseadragon_draws_tiles_at_several_levels_and_in_material_colour(desktop, scan_id):
    tiles: list[tuple[int, str, int]] = []  # (level, query, status)

    def record(response):
        match = TILE.search(response.url)
        if match and int(match.group(1)) == scan_id:
            tiles.append((int(match.group(2)), match.group(5) or "", response.status))

    desktop.on("response", record)
    desktop.add_init_script("window.localStorage.setItem('cips.renderMode', 'server')")
    sign_in(desktop, "analyst", DEMO_PASSWORD)
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Analyst workstation")
    desktop.goto(f"/analyst/scans/{scan_id}")
    viewer = desktop.get_by_test_id("scan-viewer")
    expect(viewer).to_be_visible()
    _wait_for(desktop, lambda: desktop.evaluate("() => !!window.cipsViewer && window.cipsViewer.osd.world.getItemCount() > 0"))
    _wait_for(desktop, lambda: tiles)
    fit_levels = {level for level, _, _ in tiles}

    for _ in range(3):  # zoom in by keyboard, as an analyst does
        viewer.click()
        desktop.keyboard.press("+")
        desktop.wait_for_timeout(400)
    desktop.evaluate("() => window.cipsViewer.osd.viewport.zoomTo(window.cipsViewer.osd.viewport.getMaxZoom(), null, true)")
    _wait_for(desktop, lambda: max(level for level, _, _ in tiles) > max(fit_levels))
    grey_levels = {level for level, query, _ in tiles if "material" not in query}
    assert len(grey_levels) >= 3, grey_levels
    assert all(status == 200 for _, _, status in tiles)

    desktop.evaluate("() => window.cipsViewer.osd.viewport.goHome(true)")
    viewer.click()
    desktop.keyboard.press("m")
    _wait_for(desktop, lambda: any("material=1" in query for _, query, _ in tiles))
    expect(desktop.get_by_role("button", name="Material colour")).to_have_attribute("aria-pressed", "true")
    desktop.wait_for_timeout(1500)
    shot = np.asarray(Image.open(io.BytesIO(viewer.screenshot())).convert("RGB"), dtype=int)
    saturation = (shot.max(axis=2) - shot.min(axis=2))
    assert (saturation > 60).mean() > 0.01, "no material colours on screen"

    box = viewer.bounding_box()
    desktop.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(desktop.get_by_test_id("pixel-readout")).to_contain_text("high", timeout=5000)
