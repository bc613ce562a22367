"""Threat image projection in Chromium against a server of its own (`cips serve`, gevent):
the browser cannot tell a projected assignment from a real one by its HTTP and Socket.IO
traffic, and an analyst walks through a projected scan: decide, see the reveal, decide again."""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest
import requests
from playwright.sync_api import Page, expect

from tests import db as testdb
from tests.browser import sign_in
from tests.conftest import DEMO_PASSWORD
from tests.db import copy_instance
from tests.helpers import start_live_server
from tests.viewer.conftest import upload_scan, wait_for

pytestmark = pytest.mark.browser

SIZE = {"width": 1600, "height": 500}


@pytest.fixture(scope="module")
def tip_server(tmp_path_factory, demo_instance):
    server = start_live_server(copy_instance(demo_instance, tmp_path_factory.mktemp("tip")))
    instructor = server.login("instructor", DEMO_PASSWORD)
    csrf = instructor.get(f"{server.url}/api/v1/auth/csrf", timeout=10).json()["csrf_token"]
    made = instructor.post(f"{server.url}/api/v1/tip/threats/synthetic", json={"category": "weapons", "seed": 5},
                           headers={"X-CSRFToken": csrf}, timeout=30)
    assert made.status_code == 201, made.text
    yield server
    server.stop()


def _probability(server, p: float) -> None:
    testdb.execute(server.instance, "UPDATE centres SET tip_probability = :p", p=p)


def _projection(server, scan_id: int) -> tuple | None:
    found = testdb.rows(server.instance, "SELECT x, y, w, h, state, outcome FROM tip_projections "
                                         "WHERE scan_id = :s", s=scan_id)
    return found[0] if found else None


def _ready(page: Page) -> None:
    sign_in(page, "analyst")
    expect(page.get_by_test_id("workstation-state")).to_be_visible(timeout=30000)
    page.get_by_role("button", name="Ready", exact=True).click()
    expect(page.get_by_role("button", name="Ready", exact=True)).to_have_attribute("aria-pressed", "true")


def _image_drawn(page: Page) -> None:
    stage = page.get_by_test_id("scan-viewer")
    expect(stage).to_be_visible(timeout=30000)
    expect(stage).to_have_attribute("data-loading", "false", timeout=30000)


# --- recording what the browser sees ----------------------------------------------------------

_TOKEN = re.compile(r"/api/v1/tiles/[^/]+/")
_NUMBER = re.compile(r"\d+")


def shape_of_url(url: str) -> str:
    """The URL with the token and every number replaced: what is left is its shape."""
    path = re.sub(r"^https?://[^/]+", "", url)
    return _NUMBER.sub("#", _TOKEN.sub("/api/v1/tiles/T/", path))


def fields_of_json(value, path: str = "") -> set[str]:
    """Every field of a JSON value as "path:kind" (list items under "path[]"): the union over
    a URL's responses is what the browser learns of that URL's fields."""
    if isinstance(value, dict):
        out = {f"{path}:object"}
        for k, v in value.items():
            out |= fields_of_json(v, f"{path}.{k}")
        return out
    if isinstance(value, list):
        out = {f"{path}:list"}
        for v in value:
            out |= fields_of_json(v, f"{path}[]")
        return out
    return {f"{path}:{type(value).__name__}"}


# Headers whose values differ between any two responses; their presence must still match.
_VARYING = {"date", "content-length", "etag", "last-modified", "set-cookie", "x-request-id"}


class Recorder:
    def __init__(self, page: Page):
        self.responses = []
        self.frames: list[str] = []
        page.on("response", lambda r: self.responses.append(r))
        page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: self.frames.append(
            payload if isinstance(payload, str) else payload.decode("utf-8", "replace"))))

    def start(self) -> None:
        """Forget what came before (signing in, saying ready: the same whatever is assigned next)."""
        self.responses.clear()
        self.frames.clear()

    def summary(self) -> dict:
        """Per URL shape: statuses, header names and normalised values, JSON shapes, body sizes."""
        out: dict = defaultdict(lambda: {"status": set(), "headers": set(), "json": set(), "sizes": []})
        for r in list(self.responses):
            if "/api/" not in r.url:
                continue  # the app's own files: the same build either way
            key = f"{r.request.method} {shape_of_url(r.url)}"
            entry = out[key]
            entry["status"].add(r.status)
            headers = r.headers
            entry["headers"].add(tuple(sorted(
                (name, "*" if name in _VARYING else _NUMBER.sub("#", value)) for name, value in headers.items())))
            if r.status == 200 and "json" in headers.get("content-type", ""):
                entry["json"] |= fields_of_json(r.json())
            if r.status == 200:
                entry["sizes"].append(len(r.body()))
        return dict(out)

    def events(self) -> set[str]:
        """Socket.IO events received: name and payload fields (Engine.IO pings left out)."""
        seen = set()
        for frame in self.frames:
            if not frame.startswith("42"):
                continue
            name, *args = json.loads(frame[2:])
            seen |= {f"{name} {field}" for a in args for field in fields_of_json(a)}
        return seen


def _assignment_traffic(browser, server, tmp_path, uid: str, projected: bool):
    _probability(server, 1.0 if projected else 0.0)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=server.url)
    page = context.new_page()
    recorder = Recorder(page)
    _ready(page)
    page.wait_for_load_state("networkidle")  # the page's own start-up requests are over
    recorder.start()
    scan_id = upload_scan(server, tmp_path, uid, seed=31, **SIZE)
    expect(page.get_by_test_id("assignment-panel")).to_contain_text(uid, timeout=30000)
    _image_drawn(page)
    summary, events = recorder.summary(), recorder.events()
    assert (_projection(server, scan_id) is not None) is projected
    return context, page, scan_id, summary, events


def test_the_browser_cannot_tell_a_projected_assignment_from_a_real_one(browser, tip_server, tmp_path):
    real_ctx, real_page, real_scan, real, real_events = _assignment_traffic(
        browser, tip_server, tmp_path, "SAME-1", projected=False)
    real_page.keyboard.press("c")
    real_page.keyboard.press("Enter")
    expect(real_page.get_by_test_id("workstation-notice")).to_contain_text("SAME-1", timeout=20000)
    real_ctx.close()
    tip_ctx, tip_page, tip_scan, seen, seen_events = _assignment_traffic(
        browser, tip_server, tmp_path, "SAME-2", projected=True)
    try:
        assert set(seen) == set(real), "the same requests, by shape of URL"
        for key in real:
            a, b = real[key], seen[key]
            assert a["status"] == b["status"], key
            assert a["headers"] == b["headers"], f"{key}: headers differ"
            assert a["json"] == b["json"], f"{key}: JSON fields differ"
            if key.endswith(".dzi") or key.endswith("data.json"):
                # The same descriptor (the histogram's numbers vary as between any two scans).
                assert abs(sum(a["sizes"]) / max(1, len(a["sizes"])) - sum(b["sizes"]) / max(1, len(b["sizes"]))) \
                    <= 0.05 * sum(a["sizes"]) / max(1, len(a["sizes"])), key
        tiles = [k for k in real if "/data_files/" in k or "/scan_files/" in k]
        assert tiles, "the viewer read tiles"
        total_real = sum(sum(real[k]["sizes"]) for k in tiles)
        total_seen = sum(sum(seen[k]["sizes"]) for k in tiles)
        assert abs(total_seen - total_real) <= 0.05 * total_real, "tile bytes beyond normal variation"
        assert seen_events == real_events, "the same Socket.IO events and payload fields"
    finally:
        tip_page.keyboard.press("c")
        tip_page.keyboard.press("Enter")
        expect(tip_page.get_by_test_id("tip-reveal")).to_be_visible(timeout=20000)
        tip_page.keyboard.press("c")
        tip_page.keyboard.press("Enter")
        expect(tip_page.get_by_test_id("workstation-notice")).to_contain_text("SAME-2", timeout=20000)
        tip_ctx.close()
    assert real_scan != tip_scan


def test_an_analyst_decides_sees_the_reveal_and_decides_again(browser, tip_server, tmp_path):
    _probability(tip_server, 1.0)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=tip_server.url)
    context.add_init_script("localStorage.setItem('cips.i18n.strict', '1')")  # no English fallback
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    tiles: list[str] = []
    page.on("request", lambda r: tiles.append(r.url) if "/api/v1/tiles/" in r.url else None)
    try:
        _ready(page)
        scan_id = upload_scan(tip_server, tmp_path, "WALK-1", seed=33, **SIZE)
        expect(page.get_by_test_id("assignment-panel")).to_contain_text("WALK-1", timeout=30000)
        _image_drawn(page)
        x, y, w, h, state, _ = _projection(tip_server, scan_id)
        assert state == "active"
        before = {_TOKEN.search(u).group(0) for u in tiles}

        page.keyboard.press("c")  # clear: the projected threat is missed
        page.keyboard.press("Enter")
        reveal = page.get_by_test_id("tip-reveal")
        expect(reveal).to_contain_text("Test threat: missed", timeout=20000)
        expect(reveal).to_contain_text("Judge the real scan again")
        # Where it was: the box over the image, and the real scan under new links.
        expect(page.get_by_text("Projected test threat").first).to_be_visible()
        _image_drawn(page)
        wait_for(page, lambda: {_TOKEN.search(u).group(0) for u in tiles} - before)
        assert _projection(tip_server, scan_id)[4:] == ("revealed", "miss")
        assert testdb.rows(tip_server.instance, "SELECT count(*) FROM verdicts WHERE scan_id = :s", s=scan_id) == [(0,)]

        page.keyboard.press("c")  # the second decision: the verdict
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("workstation-notice")).to_contain_text("Verdict sent: Clear for scan WALK-1",
                                                                          timeout=20000)
        expect(page.get_by_test_id("tip-reveal")).to_have_count(0)
        assert testdb.rows(tip_server.instance, "SELECT decision FROM verdicts WHERE scan_id = :s",
                           s=scan_id) == [("clear",)]
        cos = requests.Session()
        token = json.loads((tip_server.instance / "demo_tokens.json").read_text())["integration:cos"]
        results = cos.get(f"{tip_server.url}/api/v1/results?after=0", headers={"Authorization": f"Bearer {token}"},
                          timeout=10).json()["results"]
        mine = [r for r in results if r["scan_uid"] == "WALK-1"]
        assert [r["decision"] for r in mine] == ["clear"]
        assert not [m for m in console if "i18n: missing" in m]
        assert w > 0 and h > 0 and x >= 0 and y >= 0
    finally:
        context.close()


def test_supervisors_read_the_scores_in_chinese(browser, tip_server):
    """After the walks above: the /tip page lists the analyst's projections, in zh-CN without a
    missing message."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=tip_server.url,
                                  locale="zh-CN")
    context.add_init_script("localStorage.setItem('cips.i18n.strict', '1')")
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    try:
        sign_in(page, "supervisor")
        page.goto("/tip")
        expect(page.get_by_role("heading", level=1)).to_have_text("警觉性（TIP）", timeout=30000)
        table = page.get_by_test_id("tip-scores")
        expect(table).to_be_visible(timeout=30000)
        expect(table.locator("tbody tr")).not_to_have_count(0)
        expect(page.get_by_role("heading", name="休息")).to_be_visible()
        expect(page.get_by_role("heading", name="虚拟威胁图像")).to_be_visible()
        assert not [m for m in console if "i18n: missing" in m]
    finally:
        context.close()
