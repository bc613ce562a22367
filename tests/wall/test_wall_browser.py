"""The supervisors' wall in Chromium at 1920x1080 against a real server: an analyst
(a real python-socketio client) connecting, going ready, working and going offline
changes their row within 2 s; a queue past its threshold raises an alarm the wall shows
and sounds; and every time on the wall, the equipment timeline and the officer's list
is in its stated zone (the centre in Europe/Paris, the site in Asia/Shanghai, the
browser in New York) and they agree on the same scans."""

from __future__ import annotations

import json
import re
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests
from playwright.sync_api import expect

from tests.browser import sign_in
from tests.conftest import DEMO_PASSWORD
from tests.db import copy_instance, execute
from tests.helpers import start_live_server
from tests.workflow.conftest import Person, send_scan

pytestmark = pytest.mark.browser

PARIS, SHANGHAI = ZoneInfo("Europe/Paris"), ZoneInfo("Asia/Shanghai")
LIMIT_S = 2.0  # the bound for a row to change
TIMINGS: dict[str, float] = {}


@pytest.fixture(scope="module")
def wall_server(tmp_path_factory, demo_instance):
    folder = copy_instance(demo_instance, tmp_path_factory.mktemp("wall"))
    # The centre in another zone than its sites (Asia/Shanghai in the demo).
    execute(folder, "UPDATE centres SET timezone = 'Europe/Paris' WHERE code = 'NBC'")
    server = start_live_server(folder, CIPS_DISCONNECT_GRACE_SECONDS="2", CIPS_SWEEP_INTERVAL_SECONDS="0.25",
                               CIPS_QUEUE_ALARM_SWEEP_SECONDS="0.5")
    yield server
    server.stop()
    print("wall row changes (s):", json.dumps(TIMINGS))


def _csrf(session: requests.Session, server) -> str:
    return session.get(f"{server.url}/api/v1/auth/csrf", timeout=10).json()["csrf_token"]


def _row_changes(page, row, state: str, started: float, name: str, scan: int | None = None) -> None:
    expect(row).to_have_attribute("data-state", state, timeout=15000)  # generous; the bound is checked below
    if scan is not None:
        expect(row).to_have_attribute("data-scan", str(scan), timeout=15000)
    TIMINGS[name] = round(time.monotonic() - started, 3)


@pytest.fixture
def wall_page(browser, wall_server):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, base_url=wall_server.url,
                                  timezone_id="America/New_York")
    page = context.new_page()
    sign_in(page, "supervisor", DEMO_PASSWORD)
    page.goto("/wall")
    expect(page.get_by_test_id("wall-connection")).to_have_attribute("data-live", "live", timeout=30000)
    yield page
    context.close()


def test_an_analysts_row_follows_ready_working_and_offline_within_2_s(wall_page, wall_server):
    page, server = wall_page, wall_server
    sup = server.login("supervisor", DEMO_PASSWORD)
    me = next(r for r in sup.get(f"{server.url}/api/v1/wall", timeout=10).json()["analyst_list"]
              if r["display_name"].startswith("Li Wei"))
    row = page.get_by_test_id(f"analyst-row-{me['id']}")
    expect(row).to_have_attribute("data-state", "offline", timeout=15000)

    analyst = Person(server, "analyst")
    started = time.monotonic()
    analyst.connect()
    _row_changes(page, row, "paused", started, "connected")

    started = time.monotonic()
    assert analyst.ready()["ready"] is True
    _row_changes(page, row, "ready", started, "ready")

    scan_id = send_scan(server, "Daxie Mobile", f"WALL-{time.time_ns()}", seed=3)
    assignment = analyst.wait_for("assignment.new", timeout=60)[-1]
    started = time.monotonic()  # from the moment the analyst has the scan
    assert assignment["scan_id"] == scan_id
    _row_changes(page, row, "working", started, "working", scan=scan_id)
    expect(row).to_contain_text("Working on")

    started = time.monotonic()
    analyst.close()
    _row_changes(page, row, "offline", started, "offline")

    slow = {k: v for k, v in TIMINGS.items() if v > LIMIT_S}
    assert not slow, f"rows changed later than {LIMIT_S} s: {TIMINGS}"
    size = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight,"
                         " window.innerWidth, window.innerHeight]")
    assert size[0] <= size[2] and size[1] <= size[3], size  # still one screen, no scroll bar


def test_a_queue_past_its_threshold_raises_an_alarm_on_the_wall(wall_page, wall_server):
    page, server = wall_page, wall_server
    page.get_by_test_id("wall-sound").click()  # a supervisor turns the sound on once
    sup = server.login("supervisor", DEMO_PASSWORD)
    put = sup.put(f"{server.url}/api/v1/queue/alarm-thresholds", json={"waiting": 1, "wait_seconds": None},
                  headers={"X-CSRFToken": _csrf(sup, server)}, timeout=10)
    assert put.status_code == 200, put.text
    send_scan(server, "Daxie Relocatable", f"ALARM-{time.time_ns()}", seed=4)  # nobody is ready: it waits

    banner = page.get_by_test_id("queue-alarm-length")
    expect(banner).to_be_visible(timeout=15000)
    expect(page.get_by_test_id("kpi-waiting")).to_have_class(re.compile("wall-kpi--alert"))
    expect(page.locator("[data-testid^='wall-queue-alarm-']")).to_have_count(1)
    expect(page.get_by_test_id("wall-sound")).not_to_have_attribute("data-sounds", "0")
    alarms = sup.get(f"{server.url}/api/v1/queue/alarms", timeout=10).json()["alarms"]
    assert [a["kind"] for a in alarms] == ["length"] and alarms[0]["threshold"] == 1

    banner.get_by_role("button").click()
    expect(banner).to_contain_text("acknowledged", timeout=10000)
    # The alerts box is as tall as what it holds (one alarm), not a third of the screen.
    box = page.get_by_test_id("wall-alerts").bounding_box()
    assert box["height"] < 1080 * 0.25, box
    sup.put(f"{server.url}/api/v1/queue/alarm-thresholds", json={"waiting": None, "wait_seconds": None},
            headers={"X-CSRFToken": _csrf(sup, server)}, timeout=10)


def _plant(make_app, folder: Path, instants: list[datetime]) -> list[int]:
    """Scans of Beilun Gate 1 received (and scanned) at these instants, decided."""
    import sqlalchemy as sa

    from app.extensions import db
    from app.models import Assignment, Scan, Scanner, User, Verdict

    app = make_app(folder)
    with app.app_context():
        gate = db.session.scalar(sa.select(Scanner).where(Scanner.name == "Beilun Gate 1"))
        analyst = db.session.scalar(sa.select(User).where(User.username == "expert2"))
        made = []
        for i, at in enumerate(instants):
            scan = Scan(scanner=gate, scan_uid=f"ZONE-{i}-{int(at.timestamp())}", scanned_at=at, received_at=at,
                        status="ready", content_sha256="0" * 64, container_ids=[f"ZONE{i:07d}"])
            db.session.add(scan)
            db.session.flush()
            a = Assignment(scan_id=scan.id, analyst_id=analyst.id, state="decided", assigned_at=at,
                           deadline=at + timedelta(minutes=10), ended_at=at)
            db.session.add(a)
            db.session.flush()
            db.session.add(Verdict(scan_id=scan.id, assignment_id=a.id, analyst_id=analyst.id, decision="clear",
                                   final_decision="clear", time_spent_s=5.0, issued_at=at))
            made.append(scan.id)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return made


def _received(folder: Path, where: str) -> list[datetime]:
    from tests.db import rows

    out = []
    for (value,) in rows(folder, "SELECT s.received_at FROM scans s JOIN scanners sc ON sc.id = s.scanner_id "
                                 "JOIN sites st ON st.id = sc.site_id JOIN centres c ON c.id = st.centre_id "
                                 f"WHERE s.purpose = 'live' AND {where}"):
        at = datetime.fromisoformat(value) if isinstance(value, str) else value
        out.append((at if at.tzinfo else at.replace(tzinfo=timezone.utc)).astimezone(timezone.utc))
    return out


def _hours(instants: list[datetime], zone: ZoneInfo, since: datetime) -> list[int]:
    hours = [0] * 24
    for at in instants:
        if at >= since:
            hours[at.astimezone(zone).hour] += 1
    return hours


def _midnight(zone: ZoneInfo, now: datetime) -> datetime:
    local = now.astimezone(zone)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(timezone.utc)


def test_wall_timeline_and_officer_list_each_read_in_their_stated_zone(browser, wall_server, make_app):
    server = wall_server
    now = datetime.now(timezone.utc).replace(microsecond=0)
    paris_midnight, shanghai_midnight = _midnight(PARIS, now), _midnight(SHANGHAI, now)
    # Just either side of each zone's midnight (in the past), and a few minutes ago.
    instants = [t for t in (paris_midnight - timedelta(minutes=2), paris_midnight + timedelta(minutes=2),
                            shanghai_midnight - timedelta(minutes=2), shanghai_midnight + timedelta(minutes=2),
                            now - timedelta(minutes=3)) if t < now - timedelta(seconds=30)]
    _plant(make_app, server.instance, instants)
    token = json.loads((server.instance / "demo_tokens.json").read_text())["scanner:Beilun Gate 1"]
    startup = now - timedelta(minutes=1)
    sent = requests.post(f"{server.url}/api/v1/equipment/events", headers={"Authorization": f"Bearer {token}"},
                         json=[{"type": "startup", "at": startup.isoformat()}], timeout=10)
    assert sent.status_code == 200, sent.text

    context = browser.new_context(viewport={"width": 1920, "height": 1080}, base_url=server.url,
                                  timezone_id="America/New_York")  # neither zone: a browser-zone time shows
    page = context.new_page()
    try:
        sign_in(page, "supervisor", DEMO_PASSWORD)
        page.goto("/wall")
        clock = page.get_by_test_id("wall-clock")
        expect(clock).to_have_attribute("data-zone", "Europe/Paris", timeout=30000)
        shown = clock.inner_text()
        paris_now = {(datetime.now(timezone.utc) + timedelta(seconds=s)).astimezone(PARIS).strftime("%H:%M")
                     for s in (-60, 0, 60)}
        assert any(hhmm in shown for hhmm in paris_now), (shown, paris_now)

        centre = _received(server.instance, "c.code = 'NBC'")
        today = sum(at >= paris_midnight for at in centre)
        expect(page.get_by_test_id("kpi-scans").locator(".wall-kpi__value")).to_have_text(str(today), timeout=15000)
        chart = json.loads(page.get_by_test_id("wall-hours").get_attribute("data-hours"))
        assert chart == _hours(centre, PARIS, paris_midnight)

        # The site's page: Beilun Gate 1's day in Shanghai, hours and event times alike.
        ids = requests.get(f"{server.url}/api/v1/auth/token", headers={"Authorization": f"Bearer {token}"},
                           timeout=10).json()["scanner"]["id"]
        page.goto(f"/equipment/scanner/{ids}")
        expect(page.get_by_test_id("timeline-zone")).to_have_attribute("data-zone", "Asia/Shanghai", timeout=30000)
        gate = _received(server.instance, "sc.name = 'Beilun Gate 1'")
        hours = page.get_by_test_id("timeline-hours")
        expect(hours).to_have_attribute("data-hours", json.dumps(_hours(gate, SHANGHAI, shanghai_midnight))
                                        .replace(" ", ""), timeout=15000)
        expect(page.get_by_test_id("event-time").first).to_have_text(startup.astimezone(SHANGHAI).strftime("%H:%M:%S"))

        # The same recent scan: its Paris hour on the wall, its Shanghai hour on the site's chart.
        recent = instants[-1]
        assert chart[recent.astimezone(PARIS).hour] >= 1
        assert json.loads(hours.get_attribute("data-hours"))[recent.astimezone(SHANGHAI).hour] >= 1
    finally:
        context.close()


def test_the_officers_list_shows_the_same_scans_in_the_sites_zone(browser, wall_server, make_app):
    server = wall_server
    at = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(minutes=4)
    _plant(make_app, server.instance, [at])
    context = browser.new_context(viewport={"width": 1024, "height": 768}, base_url=server.url,
                                  timezone_id="America/New_York")
    page = context.new_page()
    try:
        sign_in(page, "officer", DEMO_PASSWORD)
        page.goto("/officer")
        expect(page.locator("body")).to_contain_text(at.astimezone(SHANGHAI).strftime("%H:%M"), timeout=30000)
    finally:
        context.close()


@pytest.mark.parametrize("size", [(1920, 1080), (3840, 2160)], ids=["1080p", "4K"])
def test_the_wall_and_its_pages_speak_chinese_with_no_missing_message(browser, wall_server, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, base_url=wall_server.url,
                                  locale="zh-CN")
    context.add_init_script("localStorage.setItem('cips.i18n.strict', '1'); "
                            "localStorage.setItem('cips.language', 'zh-CN');")
    page = context.new_page()
    missing: list[str] = []
    page.on("console", lambda m: "i18n: missing" in m.text and missing.append(m.text))
    try:
        sign_in(page, "supervisor", DEMO_PASSWORD, expect_success=False)
        page.wait_for_url(re.compile(r"/wall"), timeout=30000)
        expect(page.get_by_test_id("wall-analysts")).to_contain_text("判图员", timeout=30000)
        size_now = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight,"
                                 " window.innerWidth, window.innerHeight]")
        assert size_now[0] <= size_now[2] and size_now[1] <= size_now[3], size_now  # one screen in Chinese too
        for path, text in (("/wall/queue", "队列报警"), ("/reports", "判图员"), ("/equipment", "扫描设备")):
            page.goto(path)
            expect(page.locator("main")).to_contain_text(text, timeout=30000)
        assert not missing, missing
    finally:
        context.close()
