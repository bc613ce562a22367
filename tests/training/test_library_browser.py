"""The image library in Chromium: an analyst opens it from the workstation in a
window of its own (button, then the F key reuses the window), searches it by
text, HS code and kind, and opens one reference image in the viewer with its
facts beside it."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.browser import sign_in
from tests.training.browser_library import ensure_library_items

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def items(academy_server):
    return ensure_library_items(academy_server)


@pytest.fixture
def context(browser, academy_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=academy_server.url)
    yield context
    context.close()


def _wait_for(page: Page, condition, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        page.wait_for_timeout(100)


def test_an_analyst_compares_with_the_library_in_a_second_window(context, items):
    tyres = items["T-SUSPECT"]
    analyst = context.new_page()
    sign_in(analyst, "analyst")
    expect(analyst.get_by_role("heading", level=1)).to_have_text("Analyst workstation")

    with analyst.expect_popup() as popup:
        analyst.get_by_role("button", name=re.compile("^Library")).click()
    library = popup.value
    expect(library).to_have_url(re.compile(r"/library$"))
    expect(library.get_by_role("heading", level=1)).to_have_text("Image library")
    cards = library.get_by_role("list", name="Library images").get_by_role("listitem")
    mine = cards.filter(has_text="browser-set")  # other tests add items of their own
    expect(mine).to_have_count(2)

    library.keyboard.press("/")  # the search box
    library.keyboard.type("tyres browser-set")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Tyres stacked in a container")
    expect(cards.first).to_contain_text("HS 4011")
    expect(library).to_have_url(re.compile(r"/library\?q=tyres\+browser-set$"))

    library.get_by_label("Search").fill("")
    library.get_by_label("HS code").fill("6911")
    expect(cards.filter(has_text="Porcelain tableware in cartons")).to_have_count(1)
    expect(cards.filter(has_text="Tyres stacked in a container")).to_have_count(0)
    library.get_by_label("HS code").fill("")
    library.get_by_label("Kind", exact=True).select_option("typical")
    expect(mine).to_have_count(0)
    library.get_by_label("Kind", exact=True).select_option("standard")
    expect(mine).to_have_count(2)

    mine.filter(has_text="Tyres").get_by_role("link").click()
    expect(library).to_have_url(re.compile(rf"/library/{tyres['id']}$"))
    expect(library.get_by_role("heading", level=1)).to_have_text("Tyres stacked in a container")
    facts = library.get_by_test_id("library-facts")
    expect(facts).to_contain_text("4011")
    expect(facts).to_contain_text("New pneumatic tyres")
    expect(facts).to_contain_text("tyres")
    expect(facts).to_contain_text("a dense block among them")
    _wait_for(library, lambda: library.evaluate(
        "(w) => { const i = window.cipsViewer && window.cipsViewer.osd.world.getItemAt(0);"
        " return !!i && i.source.dimensions.x === w; }", tyres["image"]["width"]))
    # The viewer's tools work on a library image: zoom in by key.
    before = library.evaluate("() => window.cipsViewer.osd.viewport.getZoom()")
    library.get_by_test_id("scan-viewer").click()
    library.keyboard.press("+")
    _wait_for(library, lambda: library.evaluate("() => window.cipsViewer.osd.viewport.getZoom()") > before)

    # Back at the workstation, F brings the same window forward without reloading it.
    analyst.bring_to_front()
    analyst.locator("body").click(position={"x": 5, "y": 700})
    analyst.keyboard.press("f")
    analyst.wait_for_timeout(500)
    assert len(context.pages) == 2
    expect(library).to_have_url(re.compile(rf"/library/{tyres['id']}$"))
    expect(library.get_by_role("heading", level=1)).to_have_text("Tyres stacked in a container")


def test_a_trainee_reads_the_library_and_the_back_link_keeps_the_search(context, items):
    page = context.new_page()
    sign_in(page, "trainee")
    expect(page.get_by_role("heading", level=1)).to_have_text("Training")
    page.get_by_role("link", name="Image library").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Image library")
    page.get_by_label("Search").fill("porcelain browser-set")
    cards = page.get_by_role("list", name="Library images").get_by_role("listitem")
    expect(cards).to_have_count(1)
    cards.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Porcelain tableware in cartons")
    page.get_by_role("link", name="← Library").click()
    expect(page).to_have_url(re.compile(r"/library\?q=porcelain\+browser-set$"))
    expect(page.get_by_label("Search")).to_have_value("porcelain browser-set")
    expect(cards).to_have_count(1)
