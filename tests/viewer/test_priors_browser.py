"""Priors on the analyst workstation, in Chromium against a server of its own: V opens the
earlier scan of the same container beside the scan being judged (never one of the analyst's
own site), pan and zoom follow each other both ways, the opening is in the audit trail, and
an assignment without priors says so."""

from __future__ import annotations

import io
import json

import pytest
import requests
from PIL import Image
from playwright.sync_api import Page, expect

from app.synthetic import generate_scan
from tests.browser import sign_in
from tests.conftest import DEMO_PASSWORD
from tests.db import copy_instance
from tests.helpers import assign_in, start_live_server, until
from tests.viewer.conftest import wait_for

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def priors_server(tmp_path_factory, demo_instance):
    server = start_live_server(copy_instance(demo_instance, tmp_path_factory.mktemp("priors-browser")))
    yield server
    server.stop()


@pytest.fixture
def page(browser, priors_server):
    context = browser.new_context(viewport={"width": 1600, "height": 900}, base_url=priors_server.url)
    yield context.new_page()
    context.close()


def _send(server, scanner: str, uid: str, seed: int, scanned_at: str, container: str) -> int:
    buffer = io.BytesIO()
    Image.fromarray(generate_scan(seed, 1600, 500).high).save(buffer, format="PNG")
    token = json.loads((server.instance / "demo_tokens.json").read_text())[f"scanner:{scanner}"]
    meta = {"scan_uid": uid, "scanned_at": scanned_at, "conveyance": {"kind": "container", "container_ids": [container]}}
    auth = {"Authorization": f"Bearer {token}"}
    response = requests.post(f"{server.url}/api/v1/scans", headers=auth, data={"metadata": json.dumps(meta)},
                             files={"single": ("s.png", buffer.getvalue())}, timeout=60)
    assert response.status_code == 201, response.text
    scan_id = response.json()["id"]
    until(lambda: requests.get(f"{server.url}/api/v1/scans/{scan_id}", headers=auth, timeout=10).json()["status"]
          == "ready", timeout=60, what=f"{uid} to be ready")
    return scan_id


def _centres(page: Page) -> dict:
    return page.evaluate("""() => { const p = window.cipsPriors; if (!p) return null;
        const at = (v) => { const c = v.viewport.getCenter(true); return [c.x, c.y, v.viewport.getZoom(true)]; };
        return {main: at(p.main), prior: at(p.prior)}; }""")


def _together(page: Page) -> bool:
    found = _centres(page)
    return bool(found) and all(abs(a - b) < 1e-3 * max(1, abs(a)) for a, b in zip(found["main"], found["prior"]))


def _settled(page: Page) -> dict:
    """Both views, once neither moves any more and the two stand at the same place."""
    def still() -> bool:
        return page.evaluate("""() => !!window.cipsPriors && [window.cipsPriors.main, window.cipsPriors.prior].every((o) => {
            const v = o.viewport;
            return Math.abs(v.getZoom(true) - v.getZoom()) < 1e-9 && v.getCenter(true).distanceTo(v.getCenter()) < 1e-9;
        })""")
    wait_for(page, lambda: still() and _together(page))
    return _centres(page)


def test_priors_side_by_side_follow_each_other_and_are_audited(page, priors_server):
    server = priors_server
    current = _send(server, "Daxie Mobile", "PRB-NOW", 51, "2026-11-27T08:00:00Z", "PRBU0000001")
    prior = _send(server, "Waigaoqiao Gate A", "PRB-EARLIER", 52, "2026-11-20T06:30:00Z", "PRBU0000001")
    own_site = _send(server, "Beilun Gate 1", "PRB-BEILUN", 53, "2026-11-25T06:30:00Z", "PRBU0000001")
    older = _send(server, "Yangshan Fast-scan", "PRB-OLDER", 55, "2026-11-10T06:30:00Z", "PRBU0000001")
    lonely = _send(server, "Daxie Mobile", "PRB-LONELY", 54, "2026-11-27T09:00:00Z", "LONU0000009")
    # analyst3 works from Beilun: Beilun's earlier scan of the container is never shown to them.
    assign_in(server.instance, current, "analyst3", state="open")
    assign_in(server.instance, lonely, "analyst3", state="open")

    sign_in(page, "analyst3")
    page.goto("/analyst")
    expect(page.get_by_test_id("assignment-panel")).to_contain_text("PRB-NOW", timeout=30000)
    main_stage = page.locator(".viewer:not(.viewer--secondary) > .viewer__body > .viewer__main [data-testid=scan-viewer]")
    expect(main_stage).to_have_attribute("data-loading", "false", timeout=30000)

    page.keyboard.press("v")
    pane = page.get_by_test_id("priors")
    expect(pane).to_be_visible()
    choice = pane.get_by_label("Earlier scan to show")
    options = choice.locator("option")
    expect(options).to_have_count(2, timeout=20000)  # newest first
    expect(options.nth(0)).to_contain_text("SH-WGQ · Waigaoqiao Gate A")
    expect(options.nth(1)).to_contain_text("SH-YSH · Yangshan Fast-scan")
    expect(pane.get_by_test_id("prior-facts")).to_have_text("Same container PRBU0000001")
    prior_stage = pane.get_by_test_id("scan-viewer")
    expect(pane).to_have_attribute("data-prior", str(prior))
    expect(prior_stage).to_have_attribute("data-loading", "false", timeout=30000)
    expect(page.get_by_test_id("priors-button")).to_have_attribute("aria-pressed", "true")
    start = _settled(page)

    # The current scan leads (its keys): the prior follows.
    page.keyboard.press("+")
    page.keyboard.press("+")
    page.keyboard.press("ArrowRight")
    zoomed = _settled(page)
    assert zoomed["main"][2] > start["main"][2] * 1.5 and zoomed["main"][0] > start["main"][0]

    # The prior leads (a drag on its image): the current scan follows.
    box = prior_stage.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 180, y, steps=10)
    page.mouse.up()
    dragged = _settled(page)
    assert dragged["prior"][0] < zoomed["prior"][0] - 0.02, (zoomed, dragged)
    assert dragged["main"][0] == pytest.approx(dragged["prior"][0], abs=1e-3)

    # Another prior: it opens where the two are looked at, and follows as the first did.
    choice.select_option(str(older))
    expect(pane).to_have_attribute("data-prior", str(older), timeout=20000)
    expect(prior_stage).to_have_attribute("data-loading", "false", timeout=30000)
    again = _settled(page)
    assert again["main"] == pytest.approx(dragged["main"], abs=1e-3)
    page.keyboard.press("ArrowLeft")
    assert _settled(page)["main"][0] < again["main"][0]

    auditor = server.login("auditor", DEMO_PASSWORD)
    events = auditor.get(f"{server.url}/api/v1/audit/events?action=scan.prior_opened", timeout=30).json()["events"]
    assert [(e["scan_id"], e["actor"]["name"], e["detail"]["for_scan_id"]) for e in events] == [
        (older, "analyst3", current), (prior, "analyst3", current)]  # newest first
    assert own_site not in {e["scan_id"] for e in events}
    assert auditor.get(f"{server.url}/api/v1/audit/verify", timeout=60).json()["intact"] is True

    # Closed: one viewer again, not synchronised with anything.
    pane.get_by_role("button", name="Close the earlier scans").click()
    expect(pane).to_have_count(0)
    wait_for(page, lambda: page.evaluate("() => window.cipsPriors === undefined"))

    # The next assignment has no earlier scan: the pane says so.
    page.keyboard.press("c")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("assignment-panel")).to_contain_text("PRB-LONELY", timeout=30000)
    expect(page.get_by_test_id("priors")).to_have_count(0)  # closed stays closed for the next scan
    page.get_by_test_id("priors-button").click()
    expect(page.get_by_test_id("priors-none")).to_contain_text("No earlier scan of this container or plate")
    page.keyboard.press("v")
    expect(page.get_by_test_id("priors")).to_have_count(0)
