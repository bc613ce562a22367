"""The analyst's extra tools in Chromium: the loupe follows the pointer at 2x and 4x, a drawn
region's statistics match the scan's data, the pixel readout over air says what it is."""

from __future__ import annotations

import re

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from app.synthetic import generate_scan
from tests.viewer.conftest import open_scan, wait_for

pytestmark = pytest.mark.browser


def _screen(page: Page, x: float, y: float) -> tuple[float, float]:
    """Image pixels to page coordinates through the viewer's test hook."""
    return tuple(page.evaluate(
        "([x, y]) => { const v = window.cipsViewer.osd; const item = v.world.getItemAt(0);"
        " const p = v.viewport.viewportToWindowCoordinates(item.imageToViewportCoordinates(x, y, true));"
        " return [p.x - window.scrollX, p.y - window.scrollY]; }", [x, y]))


def _loupe_matches_canvas(page: Page, x: float, y: float) -> bool:
    """The lens's centre shows the drawn pixel under the pointer (or a neighbour of it)."""
    return page.evaluate("""([x, y]) => {
        const lens = document.querySelector('[data-testid=loupe]');
        const src = window.cipsViewer.osd.drawer.canvas;
        const r = src.getBoundingClientRect();
        const ratio = src.width / src.clientWidth;
        const c = lens.getContext('2d').getImageData(lens.width / 2, lens.height / 2, 1, 1).data;
        const sx = Math.floor((x - r.left) * ratio), sy = Math.floor((y - r.top) * ratio);
        const d = src.getContext('2d').getImageData(sx - 1, sy - 1, 3, 3).data;
        for (let i = 0; i < d.length; i += 4) {
            if (Math.abs(d[i] - c[0]) + Math.abs(d[i + 1] - c[1]) + Math.abs(d[i + 2] - c[2]) <= 6) return true;
        }
        return false;
    }""", [x, y])


def test_the_loupe_magnifies_under_the_pointer_2x_then_4x(desktop, tools_scan):
    open_scan(desktop, tools_scan)
    x0, y0 = _screen(desktop, 900, 350)
    desktop.mouse.move(x0, y0)
    desktop.keyboard.press("z")
    lens = desktop.get_by_test_id("loupe")
    expect(lens).to_be_visible()
    expect(lens).to_have_attribute("data-zoom", "2")
    expect(desktop.get_by_role("button", name="Loupe")).to_have_attribute("aria-pressed", "true")
    first = lens.bounding_box()
    assert abs(first["x"] + first["width"] / 2 - x0) < 3 and abs(first["y"] + first["height"] / 2 - y0) < 3
    wait_for(desktop, lambda: _loupe_matches_canvas(desktop, x0, y0))

    x1, y1 = _screen(desktop, 1500, 250)
    desktop.mouse.move(x1, y1, steps=4)  # it follows the pointer
    moved = lens.bounding_box()
    assert abs(moved["x"] + moved["width"] / 2 - x1) < 3 and abs(moved["y"] + moved["height"] / 2 - y1) < 3
    wait_for(desktop, lambda: _loupe_matches_canvas(desktop, x1, y1))

    desktop.keyboard.press("z")
    expect(lens).to_have_attribute("data-zoom", "4")
    wait_for(desktop, lambda: _loupe_matches_canvas(desktop, x1, y1))
    desktop.keyboard.press("z")
    expect(desktop.get_by_test_id("loupe")).to_have_count(0)


def _draw_rectangle(page: Page, x: int, y: int, w: int, h: int) -> None:
    page.keyboard.press("b")
    expect(page.get_by_role("button", name="Rectangle region")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-testid=scan-viewer] .a9s-annotationlayer").first).to_be_attached(timeout=20000)
    (x0, y0), (x1, y1) = _screen(page, x, y), _screen(page, x + w, y + h)
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, steps=5)
    page.mouse.move(x1, y1, steps=5)
    page.mouse.up()
    expect(page.get_by_test_id("region-list").locator("li")).to_have_count(1)


def test_statistics_of_a_drawn_region_match_the_data(desktop, tools_scan):
    scan = generate_scan(21, 2400, 700, concealment=True)  # the scan the fixture uploaded
    open_scan(desktop, tools_scan)
    _draw_rectangle(desktop, 700, 200, 300, 150)
    desktop.keyboard.press("a")
    panel = desktop.get_by_test_id("region-stats")
    expect(panel).to_be_visible()
    expect(panel.get_by_test_id("region-area")).to_contain_text("m²", timeout=15000)
    selector = desktop.evaluate("() => window.cipsViewer.regions()[0].target.selector")
    selector = selector[0] if isinstance(selector, list) else selector
    x, y, w, h = (float(v) for v in re.search(r"xywh=pixel:([^,]+),([^,]+),([^,]+),([^,]+)", selector["value"]).groups())
    area = float(panel.get_by_test_id("region-area").get_attribute("data-m2"))
    assert area == pytest.approx(w * h * 5.0 * 5.0 / 1e6, abs=0.001)  # Beilun Gate 1: 5 mm pixels
    block = scan.high[round(y):round(y + h), round(x):round(x + w)]
    mean = float(panel.get_by_test_id("region-high").get_attribute("data-mean"))
    assert mean == pytest.approx(block.mean(), rel=0.01)
    assert float(panel.get_by_test_id("region-low").get_attribute("data-mean")) == pytest.approx(
        scan.low[round(y):round(y + h), round(x):round(x + w)].mean(), rel=0.01)
    assert re.fullmatch(r"\d+\.\d{3}", panel.get_by_test_id("region-r").inner_text())
    shares = [float(v) for v in re.findall(r"([\d.]+) %", panel.get_by_test_id("region-materials").inner_text())]
    assert shares and sum(shares) == pytest.approx(100, abs=len(shares))
    # The button on the region's row shows the same panel; Close hides it.
    panel.get_by_role("button", name="Close").click()
    expect(panel).to_have_count(0)
    desktop.get_by_role("button", name="Statistics of region 1").click()
    expect(desktop.get_by_test_id("region-stats")).to_be_visible()


def test_the_pixel_readout_over_air_says_no_class_not_undefined(desktop, tools_scan):
    scan = generate_scan(21, 2400, 700, concealment=True)
    open_scan(desktop, tools_scan)
    ys, xs = np.nonzero(scan.high > 0.97 * scan.high.max())  # open beam: air above the load
    x, y = int(xs[len(xs) // 2]), int(ys[len(ys) // 2])
    desktop.mouse.move(*_screen(desktop, x + 0.5, y + 0.5))
    readout = desktop.get_by_test_id("pixel-readout")
    expect(readout).to_contain_text("high", timeout=10000)
    expect(readout).to_contain_text("no class")
    assert "undefined" not in readout.inner_text()
