"""A supervisor sees a scan that failed processing on the queue page and retries it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import db as testdb
from tests.browser import sign_in
from tests.helpers import until
from tests.workflow.conftest import send_scan

pytestmark = pytest.mark.browser


def test_a_failed_scan_is_listed_for_the_supervisor_and_a_retry_makes_it_ready(browser, live_server):
    scan_id = send_scan(live_server, "Daxie Mobile", "RETRY-BROWSER-1")
    until(lambda: testdb.rows(live_server.instance, "SELECT status FROM scans WHERE id = :id", id=scan_id)[0][0]
          == "ready", 60, "the scan to be ready")
    # As if a worker had found its files unreadable.
    testdb.execute(live_server.instance, "UPDATE scans SET status = 'failed', failure_reason = :why WHERE id = :id",
                   id=scan_id, why="Processing failed: the disk was full")
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, base_url=live_server.url)
    page = context.new_page()
    try:
        sign_in(page, "supervisor")
        page.goto("/wall/queue")
        row = page.get_by_test_id(f"stalled-row-{scan_id}")
        expect(row).to_contain_text("the disk was full", timeout=15000)
        row.get_by_role("button", name="Retry").click()
        expect(row).to_be_hidden(timeout=30000)
        until(lambda: testdb.rows(live_server.instance, "SELECT status, failure_reason FROM scans WHERE id = :id",
                                  id=scan_id)[0] == ("ready", None), 60, "the retried scan to be ready")
        events = testdb.rows(live_server.instance, "SELECT kind, reason FROM queue_events WHERE scan_id = :id",
                             id=scan_id)
        assert any(kind == "retried" and "the disk was full" in reason for kind, reason in events)
    finally:
        context.close()
