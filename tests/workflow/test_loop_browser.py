"""Analyst -> officer through two browsers (Playwright, Chromium) on a running server."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser import sign_in
from tests.workflow.conftest import send_scan

pytestmark = pytest.mark.browser


def test_a_verdict_given_at_the_workstation_appears_on_the_officers_tablet(browser, loop_server):
    desk = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=loop_server.url)
    tablet = browser.new_context(viewport={"width": 768, "height": 1024}, base_url=loop_server.url,
                                 has_touch=True, is_mobile=True)
    analyst, officer = desk.new_page(), tablet.new_page()
    try:
        sign_in(officer, "officer")
        expect(officer.get_by_role("heading", level=1)).to_have_text("Officer tablet")
        expect(officer.get_by_test_id("site-scan-list")).to_be_attached()

        sign_in(analyst, "analyst")
        expect(analyst.get_by_role("heading", level=1)).to_have_text("Analyst workstation")
        analyst.get_by_role("button", name="Ready", exact=True).click()
        scan_id = send_scan(loop_server, "Beilun Gate 1", "BROWSER-1")

        panel = analyst.get_by_test_id("assignment-panel")
        expect(panel).to_be_visible(timeout=15000)
        expect(analyst.get_by_test_id("scan-viewer")).to_be_visible()
        row = officer.get_by_test_id(f"site-scan-{scan_id}")
        expect(row).to_be_visible(timeout=15000)  # the new scan reaches the tablet before its verdict
        analyst.get_by_test_id("scan-viewer").click()
        analyst.keyboard.press("c")
        analyst.keyboard.press("Enter")

        expect(row).to_contain_text(re.compile("Clear"), timeout=5000)
        expect(analyst.get_by_test_id("session-counter")).to_contain_text("1")
    finally:
        desk.close()
        tablet.close()


def test_a_supervisor_raises_a_waiting_scans_priority_with_a_reason(browser, loop_server):
    import time

    from tests.training.session import Visitor

    time.sleep(3)  # the workstations of earlier tests are gone: the scan waits
    scan_id = send_scan(loop_server, "Daxie Mobile", "PRIO-BROWSER-1")
    wall = browser.new_context(viewport={"width": 1920, "height": 1080}, base_url=loop_server.url)
    page = wall.new_page()
    try:
        sign_in(page, "supervisor")
        page.goto("/wall/queue")
        page.get_by_role("button", name="Set priority of scan PRIO-BROWSER-1").click()
        dialog = page.get_by_role("dialog")
        expect(dialog).to_contain_text("Priority of scan PRIO-BROWSER-1")
        dialog.get_by_label("Priority (higher is handed out first; 0 is normal)").fill("5")
        dialog.get_by_role("button", name="Save priority").click()
        expect(dialog.get_by_role("alert")).to_contain_text("Give a reason")
        dialog.get_by_label("Reason (required)").fill("perishable goods")
        dialog.get_by_role("button", name="Save priority").click()
        expect(page.get_by_role("dialog")).to_have_count(0)
        expect(page.get_by_test_id(f"queue-row-{scan_id}").locator("td").first).to_have_text("5")
        waiting = Visitor(loop_server, "supervisor").get("/api/v1/queue").json()["waiting"]
        assert next(w for w in waiting if w["scan"]["id"] == scan_id)["priority"] == 5
    finally:
        wall.close()
