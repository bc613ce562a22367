"""Rendering in the browser (Chromium's WebGL2, here on SwiftShader): every tool is a redraw
without any request, the shader computes what the server computes, and without WebGL2 the
server's JPEG tiles take over."""

from __future__ import annotations

import base64
import io
import math
import re

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from app.tiles import DziGeometry
from app.tiles.packed import OVERLAP
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.viewer.conftest import TILE_PATTERN, canvas_digest, open_scan, wait_for

pytestmark = pytest.mark.browser
WIDTH, HEIGHT = 2400, 700
TOP = math.ceil(math.log2(WIDTH))  # full resolution


def _tile_requests(page: Page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if any(p in r.url for p in TILE_PATTERN) else None)
    return seen


def _press_and_wait_for_frame(page: Page, key: str) -> None:
    before = page.evaluate("() => window.cipsViewer.version()")
    page.keyboard.press(key)
    wait_for(page, lambda: page.evaluate(
        "(v) => { const h = window.cipsViewer; return h.version() > v && !!h.frames.last"
        " && h.frames.last.version === h.version(); }", before))


def test_after_the_first_view_each_tool_key_redraws_with_no_tile_request(desktop, tools_scan):
    tiles = _tile_requests(desktop)
    open_scan(desktop, tools_scan)
    assert desktop.evaluate("() => window.cipsViewer.mode") == "gpu"
    expect(desktop.get_by_test_id("render-mode")).to_contain_text("In this browser")
    assert any("/data_files/" in u for u in tiles) and not any("/scan_files/" in u for u in tiles)
    first_view = len(tiles)
    # invert, gamma up and down, colour maps, the low energy, equalisation, high penetration,
    # edges, material colour, the three class filters, reset
    for key in ["i", "]", "[", "g", "g", "l", "h", "p", "e", "m", "o", "n", "t", "r"]:
        shown = canvas_digest(desktop)
        _press_and_wait_for_frame(desktop, key)
        assert canvas_digest(desktop) != shown, f"key {key} changed nothing on the canvas"
    assert tiles[first_view:] == [], "a tool key fetched tiles"


def _server_query(params: dict) -> str:
    defaults = {"channel": "high", "gamma": 1, "invert": False, "cmap": "grey", "material": False, "strip": "none",
                "edge": False, "equalize": False, "hipen": False}
    q = {"fmt": "png"}
    for key, default in defaults.items():
        value = params[key]
        if value != default and not (key == "cmap" and params["material"]):
            q[key] = ("1" if value else "0") if isinstance(value, bool) else str(value)
    if params["window"] is not None:
        q["window"], q["level"] = str(params["window"]), str(params["level"])
    return "&".join(f"{k}={v}" for k, v in q.items())


def _compare_tile(page: Page, links: dict, level: int, col: int, row: int) -> int:
    """Largest difference (0..255) between the shader's and the server's render of one tile."""
    shader = page.evaluate("([l, c, r]) => window.cipsViewer.renderTile(l, c, r)", [level, col, row])
    rgba = np.frombuffer(base64.b64decode(shader["rgba"]), np.uint8).reshape(shader["height"], shader["width"], 4)
    params = page.evaluate("() => window.cipsViewer.params()")
    url = links["dzi"].replace("scan.dzi", f"scan_files/{level}/{col}_{row}.png") + "?" + _server_query(params)
    response = page.context.request.get(url)
    assert response.status == 200, (url, response.text())
    server = np.asarray(Image.open(io.BytesIO(response.body())).convert("RGB"), dtype=int)
    data_box = DziGeometry(WIDTH, HEIGHT, 254, OVERLAP).tile_bounds(level, col, row)
    server_box = DziGeometry(WIDTH, HEIGHT, 254, 1).tile_bounds(level, col, row)
    assert (rgba.shape[1], rgba.shape[0]) == (data_box.w, data_box.h)
    x0, y0 = max(data_box.x, server_box.x), max(data_box.y, server_box.y)
    x1 = min(data_box.x + data_box.w, server_box.x + server_box.w)
    y1 = min(data_box.y + data_box.h, server_box.y + server_box.h)
    ours = rgba[y0 - data_box.y:y1 - data_box.y, x0 - data_box.x:x1 - data_box.x, :3].astype(int)
    theirs = server[y0 - server_box.y:y1 - server_box.y, x0 - server_box.x:x1 - server_box.x]
    assert ours.shape == theirs.shape and ours.size > 0
    return int(np.abs(ours - theirs).max())


TOOLS = {
    "grey": [], "invert": ["i"], "gamma_up": ["]", "]", "]"], "gamma_down": ["[", "[", "["],
    "hot": ["g"], "rainbow": ["g", "g"], "bone": ["g", "g", "g"], "low_energy": ["l"],
    "equalise": ["h"], "high_penetration": ["p"], "edges": ["e"], "material": ["m"],
    "organic_only": ["o"], "inorganic_only_in_material": ["m", "n"], "metal_only": ["t"],
    "all_at_once": ["m", "e", "p", "i", "]"], "equalised_edges_in_rainbow": ["h", "e", "g", "g"],
}


def _set_window(page: Page, window: int, level: int) -> None:
    page.get_by_label("Window", exact=True).fill(str(window))
    page.get_by_label("Window", exact=True).press("Tab")
    page.get_by_label("Level", exact=True).fill(str(level))
    page.get_by_label("Level", exact=True).press("Tab")
    wait_for(page, lambda: page.evaluate("() => window.cipsViewer.params().window") is not None)


def test_the_shader_and_the_server_render_the_same_pixels_for_every_tool(desktop, tools_scan):
    open_scan(desktop, tools_scan)
    links = desktop.evaluate(f"async () => (await (await fetch('/api/v1/scans/{tools_scan}')).json()).links")
    worst: dict[str, int] = {}
    for name, keys in TOOLS.items():
        desktop.keyboard.press("r")
        for key in keys:
            _press_and_wait_for_frame(desktop, key)
        worst[name] = max(_compare_tile(desktop, links, TOP, 1, 1), _compare_tile(desktop, links, TOP - 3, 0, 0))
    desktop.keyboard.press("r")
    _set_window(desktop, 9000, 30000)
    worst["window_level"] = _compare_tile(desktop, links, TOP, 1, 1)
    # A level beyond the data is clamped to it, in the browser and on the server alike.
    _set_window(desktop, 400, 65000)
    worst["window_beyond_the_data"] = _compare_tile(desktop, links, TOP, 1, 1)
    assert all(0 <= d <= 2 for d in worst.values()), worst
    assert desktop.evaluate("() => window.cipsViewer.params().level") < 65000  # kept to the data


@pytest.fixture
def no_webgl2(browser, live_server):
    """A second Chromium, without WebGL2, as on an old thin client."""
    other = browser.browser_type.launch(executable_path=CHROMIUM, headless=True,
                                        args=[*CHROMIUM_ARGS, "--disable-webgl2"])
    yield other.new_context(viewport={"width": 1280, "height": 800}, base_url=live_server.url).new_page()
    other.close()


def test_without_webgl2_the_server_renders_jpeg_tiles_and_the_viewer_says_so(no_webgl2, tools_scan):
    page = no_webgl2
    assert page.evaluate("() => !document.createElement('canvas').getContext('webgl2')")
    tiles = _tile_requests(page)
    open_scan(page, tools_scan)
    assert page.evaluate("() => window.cipsViewer.mode") == "server"
    expect(page.get_by_test_id("render-mode")).to_have_text("On the server (JPEG)")
    assert any(re.search(r"/scan_files/\d+/\d+_\d+\.jpeg", u) for u in tiles) and not any("/data_files/" in u for u in tiles)
    shown = canvas_digest(page)
    page.keyboard.press("i")
    wait_for(page, lambda: any("invert=1" in u for u in tiles))
    expect(page.get_by_test_id("scan-viewer")).to_have_attribute("data-loading", "false", timeout=30000)
    wait_for(page, lambda: canvas_digest(page) != shown)


def test_the_render_mode_is_selectable(desktop, tools_scan):
    tiles = _tile_requests(desktop)
    open_scan(desktop, tools_scan)
    desktop.get_by_label("Where the image is rendered").select_option("server")
    expect(desktop.get_by_test_id("render-mode")).to_have_text("On the server (JPEG)")
    wait_for(desktop, lambda: any("/scan_files/" in u for u in tiles))
    desktop.reload()  # the choice is kept in this browser
    expect(desktop.get_by_test_id("render-mode")).to_have_text("On the server (JPEG)", timeout=20000)
    desktop.get_by_label("Where the image is rendered").select_option("auto")
    expect(desktop.get_by_test_id("render-mode")).to_have_text("In this browser (WebGL2, 16-bit)")
