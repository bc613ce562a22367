"""What certification means on the live screens, in Chromium: an analyst with
no certificate is told they receive no live scans, an expert whose certificate
runs out within 30 days sees the date, and their supervisor sees them on the
queue page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, academy_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=academy_server.url)
    yield context.new_page()
    context.close()


def test_an_analyst_without_a_certificate_is_told_no_live_scans_come(page):
    sign_in(page, "newanalyst")
    expect(page.get_by_role("heading", level=1)).to_have_text("Analyst workstation")
    banner = page.get_by_test_id("certificate-banner")
    expect(banner).to_contain_text("No live scans for you")
    expect(banner).to_contain_text("You hold no valid certificate")
    banner.get_by_role("link", name="Go to Training").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training")
    expect(page.get_by_test_id("live-work-status")).to_contain_text("You do not receive live scans")
    # The exam to take (or, if this analyst sat it already in another test, when it may be retaken).
    expect(page.get_by_test_id("exam-list")).to_contain_text("Short exam")


def test_an_expiring_certificate_shows_on_the_workstation_and_the_queue(browser, academy_server, page):
    sign_in(page, "expert2")
    expect(page.get_by_role("heading", level=1)).to_have_text("Analyst workstation")
    banner = page.get_by_test_id("certificate-expiring-banner")
    expect(banner).to_contain_text(re.compile(r"Your certificate expires on .+ \(\d+ days left\)"))
    expect(page.get_by_test_id("certificate-banner")).to_have_count(0)
    banner.get_by_role("button", name="Dismiss").click()
    expect(banner).to_have_count(0)

    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=academy_server.url)
    try:
        supervisor = context.new_page()
        sign_in(supervisor, "supervisor")
        expect(supervisor.get_by_role("heading", level=1)).to_have_text("Supervisor wall")
        supervisor.goto("/wall/queue")
        panel = supervisor.get_by_test_id("expiring-certificates")
        expect(panel).to_contain_text("Huang Yu (expert)")
        expect(panel).to_contain_text(re.compile(r"\d+ days"))
    finally:
        context.close()
