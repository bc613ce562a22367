"""The supervisors' wall in Chromium at 1920x1080: one screen, no scroll bar, live."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
import requests
from playwright.sync_api import expect

from tests.conftest import DEMO_PASSWORD
from tests.browser import sign_in

pytestmark = pytest.mark.browser


def test_the_wall_fits_one_1080p_screen_and_updates_when_an_event_arrives(browser, live_server):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, base_url=live_server.url)
    page = context.new_page()
    try:
        sign_in(page, "supervisor", DEMO_PASSWORD)
        page.goto("/wall")
        wall = page.get_by_test_id("wall")
        expect(wall).to_be_visible()
        token = json.loads((live_server.instance / "demo_tokens.json").read_text())["scanner:Beilun Gate 1"]
        scanner_id = requests.get(f"{live_server.url}/api/v1/auth/token", timeout=10,
                                  headers={"Authorization": f"Bearer {token}"}).json()["scanner"]["id"]
        tile = page.get_by_test_id(f"scanner-tile-{scanner_id}")
        expect(tile).to_be_visible()
        expect(page.get_by_test_id("wall-kpis")).to_be_visible()
        expect(page.get_by_test_id("wall-alerts")).to_be_attached()
        tiles = page.locator("[data-testid^='scanner-tile-']")
        assert tiles.count() == 5  # the Ningbo centre's scanners

        size = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight,"
                             " window.innerWidth, window.innerHeight]")
        assert size[0] <= size[2] and size[1] <= size[3], size  # no scroll bar

        now = datetime.now(timezone.utc).isoformat()
        sent = requests.post(f"{live_server.url}/api/v1/equipment/events", timeout=10,
                             headers={"Authorization": f"Bearer {token}"},
                             json=[{"type": "fault", "at": now, "data": {"code": "DET-3", "text": "detector bank"}}])
        assert sent.status_code == 200, sent.text
        expect(tile).to_have_attribute("data-status", "fault", timeout=10000)  # no reload
        alerts = page.get_by_test_id("wall-alerts")
        expect(alerts).to_contain_text("DET-3", timeout=10000)

        # More alerts while the box is one row tall: it grows to its share of the column and
        # shows them (it once stayed a row tall, showing only "+2 more").
        tokens = json.loads((live_server.instance / "demo_tokens.json").read_text())
        for name, code in (("Beilun Gate 2", "HV-7"), ("Beilun Rail", "COOL-2")):
            sent = requests.post(f"{live_server.url}/api/v1/equipment/events", timeout=10,
                                 headers={"Authorization": f"Bearer {tokens[f'scanner:{name}']}"},
                                 json=[{"type": "fault", "at": now, "data": {"code": code, "text": "test"}}])
            assert sent.status_code == 200, sent.text
        for code in ("DET-3", "HV-7", "COOL-2"):
            expect(alerts).to_contain_text(code, timeout=10000)
        size = page.evaluate("() => [document.documentElement.scrollHeight, window.innerHeight]")
        assert size[0] <= size[1], size  # still one screen
    finally:
        context.close()
