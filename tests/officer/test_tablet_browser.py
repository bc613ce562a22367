"""The officer's tablet in Chromium (touch, 1024x768 and 820x1180) against a real server:
the worklist puts the suspects first; an inspection with photos recorded while the
Wi-Fi is down waits on the tablet, is sent once when it returns and reaches the centre
with its photos; a new suspect sounds and shows a banner on another page."""

from __future__ import annotations

import io
import os
import re
import time

import pytest
import requests
from PIL import Image
from playwright.sync_api import expect

from tests import db as testdb
from tests.browser import sign_in
from tests.conftest import DEMO_PASSWORD
from tests.helpers import start_live_server, until
from tests.officer.seed import jpeg, site_day

pytestmark = pytest.mark.browser

TABLETS = {"landscape": {"width": 1024, "height": 768}, "portrait": {"width": 820, "height": 1180}}
STRICT_I18N = "localStorage.setItem('cips.i18n.strict', '1');"


def _seed(folder, **kwargs):
    """Write a site's day into the instance's database before its server starts."""
    os.environ["CIPS_INSTANCE_PATH"] = str(folder)
    try:
        from app import create_app
        from app.extensions import db

        with create_app({"ASYNC_MODE": "threading"}).app_context():
            day = site_day(**kwargs)
            db.session.remove()
            db.engine.dispose()
    finally:
        del os.environ["CIPS_INSTANCE_PATH"]
    return day


def _server(tmp_path_factory, demo_instance, name: str, **seed):
    folder = testdb.copy_instance(demo_instance, tmp_path_factory.mktemp(name))
    day = _seed(folder, **seed)
    # No analyst is ever ready here, so the scans on hold stay on hold.
    server = start_live_server(folder)
    return server, day


@pytest.fixture(scope="module")
def site_server(tmp_path_factory, demo_instance):
    """100 scans today at Beilun, two of them suspect, the rest cleared or waiting
    (only read by the tests that use it: they may run in any order)."""
    server, day = _server(tmp_path_factory, demo_instance, "officer-list", total=100, suspects=(37, 68))
    yield server, day
    server.stop()


@pytest.fixture(scope="module")
def work_server(tmp_path_factory, demo_instance):
    """A few suspects for tests that record inspections (each its own scan)."""
    server, day = _server(tmp_path_factory, demo_instance, "officer-work", total=6, suspects=(1, 2, 4, 5))
    yield server, day
    server.stop()


@pytest.fixture
def tablet(browser):
    made = []

    def open_tablet(server, shape: str = "landscape", **options):
        context = browser.new_context(viewport=TABLETS[shape], base_url=server.url, has_touch=True,
                                      is_mobile=True, **options)
        context.add_init_script(STRICT_I18N)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        made.append((context, errors))
        return context, page

    yield open_tablet
    for context, errors in made:
        context.close()
        assert not [e for e in errors if "i18n: missing" in e], errors


@pytest.mark.parametrize("shape, language, inspect_word", [
    ("landscape", "en", "Inspect"), ("portrait", "zh-CN", "待查验"),
])
def test_with_100_scans_and_2_suspects_the_suspects_are_the_first_two_rows(tablet, site_server, shape, language,
                                                                          inspect_word):
    server, day = site_server
    _context, page = tablet(server, shape, locale=language)
    sign_in(page, "officer")
    rows = page.get_by_test_id("site-scan-list").locator("li")
    expect(rows).to_have_count(100, timeout=30000)
    assert [rows.nth(i).get_attribute("data-testid") for i in range(2)] == [f"site-scan-{i}" for i in day.suspects]
    expect(rows.nth(0)).to_contain_text(inspect_word)
    # The next rows are the holds, oldest first.
    assert rows.nth(2).get_attribute("data-testid") == f"site-scan-{day.holds[-1]}"
    # Times are the site's, and say so.
    expect(page.get_by_test_id("site-zone")).to_contain_text(re.compile(r"GMT\+8|UTC\+8|\+08"))

    # The counter is a filter: tap "2 to inspect" and only those two remain.
    counter = page.get_by_test_id("filter-to_inspect")
    expect(counter).to_contain_text("2")
    box = counter.bounding_box()
    assert box is not None and box["height"] >= 44  # a thumb, outdoors
    counter.tap()
    expect(rows).to_have_count(2)
    page.get_by_test_id("filter-all").tap()
    expect(rows).to_have_count(100)
    page.get_by_test_id("site-search").fill("zj-b0068")
    expect(rows).to_have_count(1)
    assert rows.nth(0).get_attribute("data-testid") == f"site-scan-{day.suspects[0]}"  # index 68, the oldest

    # No unexplained word: the legend explains each status shown.
    page.get_by_test_id("status-legend").locator("summary").tap()
    expect(page.get_by_test_id("status-legend").locator("dd")).to_have_count(6)


def _photo(seed: int) -> dict:
    """A camera-sized JPEG (2400 x 1800): the tablet sends it at most 1600 px wide."""
    return {"name": f"IMG_{seed:04d}.jpg", "mimeType": "image/jpeg", "buffer": jpeg(2400, 1800, seed=seed)}


def test_an_inspection_recorded_offline_is_sent_once_when_the_link_returns(tablet, work_server):
    server, day = work_server
    scan_id = day.suspects[0]
    context, page = tablet(server)
    sign_in(page, "officer")
    expect(page.get_by_test_id(f"site-scan-{scan_id}")).to_be_visible(timeout=30000)
    posts: list[int] = []
    page.on("response", lambda r: r.request.method == "POST" and r.url.endswith(f"/scans/{scan_id}/inspection")
            and posts.append(r.status))
    page.get_by_test_id(f"site-scan-{scan_id}").tap()
    form = page.locator("form#inspection")
    expect(form).to_be_visible()

    context.set_offline(True)
    expect(page.get_by_test_id("connection-state")).to_contain_text("Offline")
    form.get_by_role("button", name="Seizure").tap()
    page.get_by_test_id("add-finding").tap()
    finding = page.get_by_test_id("finding-0")
    finding.get_by_label("Category").select_option("cigarettes")
    finding.get_by_label("What").fill("Cartons behind a false wall")
    finding.get_by_label("Quantity").fill("120")
    finding.get_by_label("Unit").select_option("cartons")
    form.get_by_label("HS code").fill("24022000")
    form.get_by_label("Seals before").fill("CN1234567")
    form.get_by_label("Seals after").fill("CIQ-0098812")
    form.get_by_label("Officers present").fill("Zhang Min, Wu Gang")
    page.get_by_test_id("photo-input").set_input_files([_photo(1), _photo(2)])
    expect(page.get_by_test_id("photo-count")).to_have_text("2 photos", timeout=30000)
    form.get_by_role("button", name="Record inspection").tap()

    pending = page.get_by_test_id("inspection-pending")
    expect(pending).to_contain_text("Waiting to send")
    expect(pending).to_contain_text("2 photos")
    assert testdb.rows(server.instance, "SELECT count(*) FROM inspections WHERE scan_id = :s", s=scan_id) == [(0,)]

    context.set_offline(False)
    result = page.get_by_test_id("inspection-result")
    expect(result).to_be_visible(timeout=60000)
    expect(result.get_by_test_id("inspection-photos").locator("img")).to_have_count(2)
    expect(page.get_by_test_id("inspection-pending")).to_have_count(0)
    # Playwright hands response events to Python only while a call runs: on a busy box the
    # page can show the result before the event is read, so pump events until it is.
    deadline = time.monotonic() + 30
    while not posts and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert posts == [201]  # sent once, and once only

    # One record at the centre, with its photos in the store and one result for the COS.
    db = server.instance
    assert testdb.rows(db, "SELECT outcome, hs_code FROM inspections WHERE scan_id = :s", s=scan_id) == \
        [("seizure", "24022000")]
    assert testdb.rows(db, "SELECT f.category, f.quantity, f.unit FROM inspection_findings f JOIN inspections i "
                           "ON i.id = f.inspection_id WHERE i.scan_id = :s", s=scan_id) == [("cigarettes", 120.0,
                                                                                            "cartons")]
    assert testdb.rows(db, "SELECT count(*) FROM inspection_photos WHERE scan_id = :s", s=scan_id) == [(2,)]
    assert testdb.rows(db, "SELECT count(*) FROM stored_objects WHERE scan_id = :s AND kind = 'photo'",
                       s=scan_id) == [(2,)]
    assert testdb.rows(db, "SELECT count(*) FROM outbox_events WHERE scan_id = :s AND type = 'inspection'",
                       s=scan_id) == [(1,)]

    # The supervisor and the analyst who judged it see the photos, made small on the tablet.
    for who in ("supervisor", "analyst"):
        session = server.login(who, DEMO_PASSWORD)
        record = session.get(f"{server.url}/api/v1/scans/{scan_id}/inspection", timeout=30).json()
        assert len(record["photos"]) == 2, who
        for photo in record["photos"]:
            got = session.get(server.url + photo["url"], timeout=30)
            assert got.status_code == 200 and got.headers["Content-Type"] == "image/jpeg", who
            with Image.open(io.BytesIO(got.content)) as image:
                assert image.size == (1600, 1200), image.size
    # ...and nobody else.
    stranger = server.login("analyst2", DEMO_PASSWORD)
    assert stranger.get(f"{server.url}/api/v1/scans/{scan_id}/inspection", timeout=30).status_code == 404


def test_a_draft_survives_a_reload(tablet, work_server):
    server, day = work_server
    _context, page = tablet(server, "portrait")
    sign_in(page, "officer")
    page.goto(f"/officer/scans/{day.suspects[1]}")
    form = page.locator("form#inspection")
    # A tap lands where the button is when the finger comes down: let the viewer and the
    # declaration above the form finish loading first, as an officer reading them would.
    expect(page.locator(".site-detail__viewer .viewer")).to_be_visible(timeout=30000)
    expect(page.get_by_test_id("declaration-panel")).to_have_attribute("aria-busy", "false", timeout=30000)
    form.get_by_role("button", name="Discrepancy").tap()
    expect(form.get_by_role("button", name="Discrepancy")).to_have_attribute("aria-pressed", "true")
    form.get_by_label("Notes").fill("Two pallets more than declared")
    page.get_by_test_id("photo-input").set_input_files([_photo(3)])
    expect(page.get_by_test_id("photo-count")).to_have_text("1 photo", timeout=30000)
    expect(page.get_by_test_id("draft-saved")).to_be_visible(timeout=15000)
    page.reload()
    form = page.locator("form#inspection")
    expect(form.get_by_label("Notes")).to_have_value("Two pallets more than declared", timeout=30000)
    expect(form.get_by_role("button", name="Discrepancy")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_test_id("photo-count")).to_have_text("1 photo")


def test_the_app_is_installable(site_server):
    server, _day = site_server
    manifest = requests.get(f"{server.url}/manifest.webmanifest", timeout=30)
    assert manifest.status_code == 200 and manifest.headers["Content-Type"].startswith("application/manifest+json")
    body = manifest.json()
    assert body["start_url"] == "/officer" and body["display"] == "standalone"
    for icon in body["icons"]:
        assert requests.get(server.url + icon["src"], timeout=30).status_code == 200
    worker = requests.get(f"{server.url}/sw.js", timeout=30)
    assert worker.status_code == 200 and "javascript" in worker.headers["Content-Type"]
    assert worker.headers["Service-Worker-Allowed"] == "/" and worker.headers["Cache-Control"] == "no-cache"
    page = requests.get(f"{server.url}/officer", timeout=30)
    assert '<link rel="manifest" href="/manifest.webmanifest"' in page.text
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]


def test_the_service_worker_takes_control_of_the_tablet(tablet, site_server):
    server, _day = site_server
    _context, page = tablet(server)
    sign_in(page, "officer")
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == f"{server.url}/"
    until(lambda: page.evaluate("navigator.serviceWorker.controller !== null"), 30, "the worker to control the page")


@pytest.fixture
def loop_site(tmp_path, demo_instance):
    folder = testdb.copy_instance(demo_instance, tmp_path / "loop")
    server = start_live_server(folder, CIPS_SWEEP_INTERVAL_SECONDS="0.25")
    yield server
    server.stop()


def test_a_new_suspect_sounds_and_shows_a_banner_on_another_page(browser, loop_site):
    from tests.workflow.conftest import REGION, Person, assignment_for, send_scan

    context = browser.new_context(viewport=TABLETS["landscape"], base_url=loop_site.url, has_touch=True,
                                  is_mobile=True)
    context.add_init_script(STRICT_I18N)
    # Count the alert tones: beep.ts starts one oscillator per tone.
    context.add_init_script("""
        window.__tones = 0;
        const start = OscillatorNode.prototype.start;
        OscillatorNode.prototype.start = function (...a) { window.__tones += 1; return start.apply(this, a); };
    """)
    page = context.new_page()
    analyst = Person(loop_site, "analyst").connect()
    try:
        sign_in(page, "officer")
        page.goto("/equipment")
        page.locator("body").tap()  # a first touch lets the tablet make sounds
        expect(page.get_by_test_id("suspect-banner")).to_have_count(0)
        assert analyst.ready()["ready"]
        scan_id = send_scan(loop_site, "Beilun Gate 1", "BANNER-1",
                            conveyance={"kind": "container", "container_ids": ["CSQU3054383"]})
        assignment = assignment_for(analyst, scan_id)
        verdict = analyst.post(f"/api/v1/assignments/{assignment['assignment_id']}/verdict",
                               {"decision": "suspect", "regions": [REGION]})
        assert verdict.status_code == 201, verdict.text
        banner = page.get_by_test_id("suspect-banner")
        expect(banner).to_be_visible(timeout=15000)
        expect(banner).to_contain_text("CSQU3054383")
        assert page.evaluate("window.__tones") >= 3
        banner.get_by_role("link").tap()
        expect(page).to_have_url(re.compile(rf"/officer/scans/{scan_id}$"))
        expect(page.locator("form#inspection")).to_be_visible()
        expect(page.get_by_test_id("suspect-banner")).to_have_count(0)
    finally:
        analyst.close()
        context.close()


def test_a_record_whose_answer_was_lost_is_sent_again_and_stored_once(tablet, work_server):
    server, day = work_server
    scan_id = day.suspects[2]
    _context, page = tablet(server)
    sign_in(page, "officer")
    lost: list[int] = []

    def lose_the_first_answer(route):
        if lost:
            route.continue_()
            return
        answer = route.fetch()  # the centre stores the record...
        lost.append(answer.status)
        route.abort("connectionreset")  # ...and the tablet never hears back

    page.route(f"**/api/v1/scans/{scan_id}/inspection", lose_the_first_answer)
    statuses: list[int] = []
    page.on("response", lambda r: r.request.method == "POST" and r.url.endswith(f"/scans/{scan_id}/inspection")
            and statuses.append(r.status))
    page.goto(f"/officer/scans/{scan_id}")
    form = page.locator("form#inspection")
    form.get_by_role("button", name="No finding").tap()
    page.get_by_test_id("photo-input").set_input_files([_photo(7)])
    expect(page.get_by_test_id("photo-count")).to_have_text("1 photo", timeout=30000)
    form.get_by_role("button", name="Record inspection").tap()

    expect(page.get_by_test_id("inspection-pending")).to_contain_text("Waiting to send", timeout=30000)
    expect(page.get_by_test_id("pending-error")).to_contain_text("Tried once", timeout=60000)
    assert lost == [201]
    page.get_by_test_id("inspection-pending").get_by_role("button", name="Try now").tap()
    expect(page.get_by_test_id("inspection-result")).to_be_visible(timeout=30000)
    assert statuses == [200]  # the same record again: the centre answers the one it has
    db = server.instance
    assert testdb.rows(db, "SELECT count(*) FROM inspections WHERE scan_id = :s", s=scan_id) == [(1,)]
    assert testdb.rows(db, "SELECT count(*) FROM inspection_photos WHERE scan_id = :s", s=scan_id) == [(1,)]
    assert testdb.rows(db, "SELECT count(*) FROM outbox_events WHERE scan_id = :s AND type = 'inspection'",
                       s=scan_id) == [(1,)]
    assert testdb.rows(db, "SELECT count(*) FROM audit_events WHERE action = 'inspection.record' AND scan_id = :s",
                       s=scan_id) == [(1,)]
    page.unroute_all(behavior="ignoreErrors")
