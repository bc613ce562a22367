"""The analyst's workstation and the pages around the viewer, in Chromium against a server
of their own (with the academy's library and exams): one keymap on every page, a verdict
whose regions carry a threat category and the contradicted goods line to the customs
system, and the defects of issue 15 (focus, scroll, the "Verdict sent" banner)."""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.browser import sign_in
from tests.declarations.conftest import declaration
from tests.training.browser_library import ensure_library_items
from tests.training.conftest import academy, academy_server  # noqa: F401 (a server of this module's own)
from tests.training.session import Visitor
from tests.viewer.conftest import upload_scan

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, academy_server):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=academy_server.url)
    yield context.new_page()
    context.close()


def _tokens(server) -> dict:
    return json.loads((server.instance / "demo_tokens.json").read_text())


def help_sheet(page: Page) -> list[tuple[list[str], str]]:
    """Open the ? sheet and read (keys, name) of every row, then close it."""
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    rows = page.evaluate("() => [...document.querySelectorAll('.help tr[data-keys]')]"
                         ".map((tr) => [tr.dataset.keys.split(' '), tr.dataset.name])")
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_have_count(0)
    return [(keys, name) for keys, name in rows]


def _image_drawn(page: Page) -> None:
    stage = page.get_by_test_id("scan-viewer")
    expect(stage).to_be_visible(timeout=30000)
    expect(stage).to_have_attribute("data-loading", "false", timeout=30000)


def _screen(page: Page, x: float, y: float) -> tuple[float, float]:
    return tuple(page.evaluate(
        "([x, y]) => { const v = window.cipsViewer.osd; const item = v.world.getItemAt(0);"
        " const p = v.viewport.viewportToWindowCoordinates(item.imageToViewportCoordinates(x, y, true));"
        " return [p.x - window.scrollX, p.y - window.scrollY]; }", [x, y]))


def _draw_rectangle(page: Page, x: int, y: int, w: int, h: int) -> None:
    page.keyboard.press("b")
    expect(page.locator("[data-testid=scan-viewer] .a9s-annotationlayer").first).to_be_attached(timeout=20000)
    (x0, y0), (x1, y1) = _screen(page, x, y), _screen(page, x + w, y + h)
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move(x1, y1, steps=8)
    page.mouse.up()


def _ready(page: Page) -> None:
    sign_in(page, "analyst")
    expect(page.get_by_role("heading", level=1)).to_have_text("Analyst workstation")
    expect(page.get_by_test_id("workstation-state")).not_to_have_text("Loading…")
    page.keyboard.press("q")  # Ready, from the keyboard
    expect(page.get_by_role("button", name="Ready", exact=True)).to_have_attribute("aria-pressed", "true")


def test_a_suspect_verdict_with_categories_and_goods_lines_from_the_keyboard(page, academy_server, tmp_path):  # noqa: F811
    tokens = _tokens(academy_server)
    goods = declaration()["goods"] + [{"hs_code": "950300", "description": "Toys", "quantity": 10, "unit": "pcs",
                                        "gross_kg": 100, "net_kg": 90}]
    sent = requests.post(f"{academy_server.url}/api/v1/declarations", timeout=10,
                         headers={"Authorization": f"Bearer {tokens['integration:cos']}"},
                         json=declaration("KEYS-D", goods=goods))
    assert sent.status_code == 201, sent.text
    _ready(page)
    first = upload_scan(academy_server, tmp_path, "WS-1", seed=41, width=1600, height=500)
    second = upload_scan(academy_server, tmp_path, "WS-2", seed=42, width=1600, height=500)
    expect(page.get_by_test_id("assignment-panel")).to_contain_text("WS-1", timeout=20000)
    _image_drawn(page)
    expect(page.get_by_test_id("declaration-panel")).to_contain_text("KEYS-D", timeout=15000)

    side = page.locator(".viewer__side")
    clear = page.get_by_role("button", name="Clear", exact=True)
    scroll_before = side.evaluate("(e) => e.scrollTop")
    _draw_rectangle(page, 600, 150, 250, 120)
    expect(page.get_by_test_id("region-list").locator("li")).to_have_count(1)
    # A new region does not take the focus, so the side panel keeps its place and its buttons.
    assert page.evaluate("() => ['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement.tagName)") is False
    assert side.evaluate("(e) => e.scrollTop") == scroll_before
    expect(clear).to_be_in_viewport()

    page.keyboard.press("s")
    expect(page.get_by_role("button", name="Suspect", exact=True)).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Enter")  # no category yet: refused, with the reason
    expect(page.get_by_test_id("assignment-panel").get_by_role("alert")).to_contain_text("no threat category")
    page.get_by_label("Threat category of region 1").select_option("narcotics")
    page.get_by_label("Goods line region 1 contradicts").select_option("2")
    page.locator("body").click(position={"x": 5, "y": 5})  # back to the page: Enter is the verdict's again
    stage_top = page.get_by_test_id("scan-viewer").bounding_box()["y"]
    page.keyboard.press("Enter")

    # The next scan opens with the "Verdict sent" notice over the page: the viewer has not moved.
    notice = page.get_by_test_id("workstation-notice")
    expect(notice).to_contain_text("Verdict sent: Suspect for scan WS-1")
    expect(page.get_by_test_id("assignment-panel")).to_contain_text("WS-2", timeout=20000)
    expect(notice).to_be_visible()
    assert page.get_by_test_id("scan-viewer").bounding_box()["y"] == pytest.approx(stage_top, abs=1)

    results = requests.get(f"{academy_server.url}/api/v1/results?after=0", timeout=10,
                           headers={"Authorization": f"Bearer {tokens['integration:cos']}"}).json()["results"]
    verdict = next(r for r in results if r["type"] == "verdict" and r["scan_uid"] == "WS-1")
    assert verdict["declaration_number"] == "KEYS-D" and verdict["decision"] == "suspect"
    assert verdict["findings"] == [{"region": 1, "category": "narcotics", "label": None,
                                    "goods_line": {"line": 2, "hs_code": "950300", "description": "Toys"}}]
    _image_drawn(page)
    page.keyboard.press("c")
    page.keyboard.press("Enter")
    expect(notice).to_contain_text("Verdict sent: Clear for scan WS-2")
    page.keyboard.press("q")  # Pause
    expect(page.get_by_role("button", name="Pause", exact=True)).to_have_attribute("aria-pressed", "true")
    assert {first, second}


def _review_for(server, scan_uid: str) -> tuple[str, int]:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for name in ("expert", "expert2"):
            for r in Visitor(server, name).get("/api/v1/reviews").json()["reviews"]:
                if r["scan"]["scan_uid"] == scan_uid:
                    return name, r["review_id"]
        time.sleep(0.3)
    raise AssertionError(f"no expert was asked to review {scan_uid}")


def test_one_keymap_on_every_page_with_the_viewer(page, browser, academy_server, tmp_path):  # noqa: F811
    sheets: dict[str, list[tuple[list[str], str]]] = {}

    _ready(page)
    upload_scan(academy_server, tmp_path, "KEYMAP-1", seed=43, width=1600, height=500)
    expect(page.get_by_test_id("assignment-panel")).to_contain_text("KEYMAP-1", timeout=20000)
    _image_drawn(page)
    sheets["analyst worklist"] = help_sheet(page)
    _draw_rectangle(page, 500, 150, 200, 100)
    page.get_by_label("Threat category of region 1").select_option("weapons")
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("s")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("workstation-notice")).to_contain_text("Verdict sent: Suspect")
    page.keyboard.press("q")
    scan_id = Visitor(academy_server, "analyst").get("/api/v1/scans?limit=50").json()["scans"]
    scan_id = next(s["id"] for s in scan_id if s["scan_uid"] == "KEYMAP-1")
    page.goto(f"/analyst/scans/{scan_id}")
    _image_drawn(page)
    sheets["scan page"] = help_sheet(page)
    item = ensure_library_items(academy_server)["T-SUSPECT"]
    page.goto(f"/library/{item['id']}")
    _image_drawn(page)
    sheets["library"] = help_sheet(page)

    expert, review_id = _review_for(academy_server, "KEYMAP-1")
    other = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=academy_server.url).new_page()
    sign_in(other, expert)
    other.goto(f"/analyst/reviews/{review_id}")
    _image_drawn(other)
    sheets["expert review"] = help_sheet(other)
    other.keyboard.press("c")  # the blind look, from the keyboard
    expect(other.get_by_role("button", name="Clear", exact=True)).to_have_attribute("aria-pressed", "true")
    other.context.close()

    trainee = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=academy_server.url).new_page()
    sign_in(trainee, "cand6")
    expect(trainee.get_by_role("heading", level=1)).to_have_text("Training")
    trainee.get_by_role("button", name="Start Short exam").click()
    trainee.get_by_role("alertdialog").get_by_role("button", name="Start the exam").click()
    expect(trainee).to_have_url(re.compile(r"/trainee/attempts/\d+"))
    _image_drawn(trainee)
    sheets["exam"] = help_sheet(trainee)
    trainee.context.close()

    meaning: dict[str, set[str]] = defaultdict(set)
    for where, rows in sheets.items():
        keys = [k.lower() if len(k) == 1 else k for ks, _ in rows for k in ks]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        assert not twice, f"{where}: bound twice: {twice}"
        for ks, name in rows:
            for k in ks:
                meaning[k.lower() if len(k) == 1 else k].add(name)
    assert {k: names for k, names in meaning.items() if len(names) > 1} == {}, "a key means different things"
    assert meaning["c"] == {"Clear"} and meaning["s"] == {"Suspect"} and meaning["g"] == {"Pseudo-colour"}
    for where in ("analyst worklist", "expert review", "exam"):
        names = {name for _, name in sheets[where]}
        assert {"Clear", "Suspect"} <= names, where
    assert ("q" in {k for ks, _ in sheets["analyst worklist"] for k in ks}) and meaning["q"] == {"Ready / Pause"}
    for tool in ("Loupe", "Region statistics", "Pseudo-colour", "Window/level"):
        assert all(tool in {name for _, name in rows} for rows in sheets.values()), tool
