"""End to end: an admin calibrates a scanner on the admin page (real `cips serve`, real
Chromium) from its step-wedge scan; the next scan of that scanner is coloured with the
fitted curves and its pixel readout gives Z-effective."""

from __future__ import annotations

import json
import time

import pytest
import requests
from playwright.sync_api import expect

from app.synthetic import generate_scan
from app.synthetic_wedge import generate_wedge
from app.vendors.writers import write_png, write_tiff
from tests.browser import sign_in
from tests.conftest import DEMO_PASSWORD
from tests.db import copy_instance
from tests.helpers import start_live_server

pytestmark = pytest.mark.browser
CLASSES = {"organic": "organic", "inorganic": "inorganic", "metal": "metal"}


@pytest.fixture
def own_server(tmp_path, demo_instance):
    """A server of its own: calibrating a demo scanner must not change the shared one's."""
    folder = copy_instance(demo_instance, tmp_path / "instance")
    server = start_live_server(folder)
    yield server
    server.stop()


def test_admin_calibrates_on_the_page_and_the_next_scan_uses_the_curves(browser, own_server, tmp_path):
    high, low, wedge = generate_wedge("linac-6/4", 5)
    tif = write_tiff(tmp_path / "wedge.tif", high, low)
    (tmp_path / "wedge.json").write_text(json.dumps(wedge.to_dict()))

    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=own_server.url)
    page = context.new_page()
    try:
        sign_in(page, "admin")
        # Signed in once the admin's home page shows; only then open it afresh.
        expect(page.get_by_role("heading", level=1)).to_have_text("Administration", timeout=20_000)
        page.goto("/admin/calibration")
        scanner = page.get_by_test_id("calibration-scanner")
        expect(scanner).to_be_visible(timeout=20_000)
        option = scanner.locator("option", has_text="Daxie Mobile")  # the demo left it uncalibrated
        scanner.select_option(option.get_attribute("value"))
        expect(page.get_by_test_id("calibration-source")).to_have_attribute("data-source", "default", timeout=20_000)
        page.get_by_test_id("calibration-model").select_option("linac-6/4")
        page.get_by_test_id("calibration-scan").set_input_files(str(tif))
        page.get_by_test_id("calibration-wedge").set_input_files(str(tmp_path / "wedge.json"))
        page.get_by_role("button", name="Calibrate").click()
        expect(page.get_by_test_id("calibration-source")).to_have_attribute("data-source", "cips-calibrated",
                                                                             timeout=60_000)
        expect(page.get_by_test_id("calibration-plot").locator("canvas")).to_be_visible()
        limits = page.get_by_test_id("calibration-limits").locator("tbody tr")
        expect(limits).to_have_count(4)
        expect(limits.filter(has_text="Pb")).to_contain_text("–")  # thin lead: degenerate
    finally:
        context.close()

    # The scanner sends a scan; it is coloured with the curves just fitted.
    token = json.loads((own_server.instance / "demo_tokens.json").read_text())["scanner:Daxie Mobile"]
    cargo = generate_scan(21, 900, 360, scanner="linac-6/4")
    files = {"high": ("c_high.png", write_png(tmp_path / "c_high.png", cargo.high).read_bytes(), "image/png"),
             "low": ("c_low.png", write_png(tmp_path / "c_low.png", cargo.low).read_bytes(), "image/png")}
    meta = {"scan_uid": "CAL-E2E-1", "scanned_at": "2026-11-27T08:15:00+08:00",
            "conveyance": {"kind": "container", "container_ids": ["CSQU3054383"]}}
    bearer = {"Authorization": f"Bearer {token}"}
    sent = requests.post(f"{own_server.url}/api/v1/scans", data={"metadata": json.dumps(meta)}, files=files,
                         headers=bearer, timeout=60)
    assert sent.status_code == 201, sent.text
    scan_url = f"{own_server.url}/api/v1/scans/{sent.json()['id']}"
    deadline = time.monotonic() + 120
    while (body := requests.get(scan_url, headers=bearer, timeout=10).json())["status"] not in ("ready", "failed"):
        assert time.monotonic() < deadline, body
        time.sleep(0.2)
    assert body["status"] == "ready" and body["material_source"] == "cips-calibrated"
    admin = own_server.login("admin", DEMO_PASSWORD)
    hits = 0
    for g in cargo.goods:
        x, y, w, h = g.box
        pixel = admin.get(f"{scan_url}/pixel", params={"x": x + w // 2, "y": y + h // 2}, timeout=10).json()
        assert pixel["material_source"] == "cips-calibrated"
        if pixel["material"] == CLASSES[g.material]:
            hits += 1
            assert pixel["z_eff"] is not None and pixel["z_sigma"] is not None
    assert hits >= 0.6 * len(cargo.goods), (hits, len(cargo.goods))
