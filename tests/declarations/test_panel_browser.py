"""The analyst's declaration panel in Chromium: goods, the weight difference, and no
company names (Playwright against the real server)."""

from __future__ import annotations

import json
import re

import pytest
import requests
from playwright.sync_api import expect

from tests.conftest import DEMO_PASSWORD
from tests.declarations.conftest import declaration
from tests.browser import sign_in
from tests.db import rows
from tests.helpers import assign_in, until
from tests.workflow.conftest import send_scan

pytestmark = pytest.mark.browser


def test_the_analyst_sees_goods_and_the_weight_gap_but_no_company_names(desktop, live_server):
    tokens = json.loads((live_server.instance / "demo_tokens.json").read_text())
    body = declaration("PW-DECL-1", declared_at="2026-11-27T08:00:00Z")
    sent = requests.post(f"{live_server.url}/api/v1/declarations", json=body, timeout=10,
                         headers={"Authorization": f"Bearer {tokens['integration:cos']}"})
    assert sent.status_code == 201, sent.text
    scan_id = send_scan(live_server, "Beilun Gate 1", "PW-SCAN-1", weight_kg=23100,
                        conveyance={"kind": "container", "container_ids": ["CSQU3054383"]})
    # An analyst sees only scans given to them, and is given only ready ones.
    until(lambda: rows(live_server.instance, "SELECT status FROM scans WHERE id = :id", id=scan_id)[0][0] == "ready",
          60, "the scan to be ready")
    assign_in(live_server.instance, scan_id, "analyst")

    sign_in(desktop, "analyst", DEMO_PASSWORD)
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Analyst workstation")
    desktop.goto(f"/analyst/scans/{scan_id}")
    panel = desktop.get_by_test_id("declaration-panel")
    expect(panel).to_contain_text("PW-DECL-1", timeout=10000)
    goods = desktop.get_by_test_id("goods-table")
    expect(goods).to_contain_text("401110")
    expect(goods).to_contain_text(re.compile("rubber", re.I))
    weight = desktop.get_by_test_id("weight-check")
    expect(weight).to_contain_text("15.5")
    expect(weight).to_have_attribute("data-flagged", "true")
    text = panel.inner_text()
    for name in ("Harbour Brokers", "Far East Tyres", "Euro Wheels"):
        assert name not in text
    assert "Harbour Brokers" not in desktop.content()
