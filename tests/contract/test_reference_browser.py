"""The API reference page: public, read from the server's own OpenAPI document and
events' schema, searchable."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_an_integrator_reads_the_api_reference_without_an_account(desktop):
    desktop.goto("/api-docs")
    expect(desktop.get_by_role("heading", name="CIPS API reference")).to_be_visible(timeout=30000)
    desktop.get_by_label("Find an operation").fill("people")
    create = desktop.locator("summary", has_text="POST /api/v1/admin/people").first
    # Roles by their names in the reader's language (the spec itself carries the ids).
    expect(create).to_contain_text("people: Administrator")
    create.click()
    # The body's fields come from the pydantic model the route declares.
    expect(desktop.get_by_role("table").filter(has_text="PersonIn")).to_contain_text("username")
    assert desktop.locator("summary", has_text="GET /api/v1/health").count() == 0  # filtered out
    # The answer's fields, from the model the route replies through (app.validation.responds).
    desktop.get_by_label("Find an operation").fill("scans/{scan_id}")
    scan = desktop.locator("details", has=desktop.locator("summary", has_text=re.compile(r"GET /api/v1/scans/\{scan_id\} ")))
    scan.locator("summary").click()
    expect(scan.get_by_text("Answer 200:")).to_be_visible()
    expect(scan.get_by_role("table").filter(has_text="ScanOut")).to_contain_text("failure_reason")
    desktop.locator("summary", has_text="verdict.issued").click()
    expect(desktop.get_by_role("table").filter(has_text="analyst_ref")).to_be_visible()
