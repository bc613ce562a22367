"""The fast tile path: links signed where access is decided, checked by HMAC and a cookie
without the database, answered from memory without entering Flask, cacheable by browsers."""

from __future__ import annotations

import io
import math
import time

import numpy as np
import pytest
import sqlalchemy as sa
from PIL import Image

from app.tiles import links as tile_links
from app.tiles.packed import OVERLAP, unpack
from tests.helpers import assign


@pytest.fixture
def seen(demo_app, client, auth, ready_scan) -> dict:
    """The analyst's view of the scan given to them: its JSON with signed links, and the tile cookie."""
    assign(demo_app, ready_scan["id"], "analyst")  # an analyst sees only scans given to them
    auth.login("analyst")
    response = client.get(f"/api/v1/scans/{ready_scan['id']}")
    assert response.status_code == 200
    return response.get_json()


def _tile_cookie(client) -> str | None:
    cookie = client.get_cookie("cips_tiles", path="/api/v1/tiles")
    return cookie.value if cookie else None


def _fresh(demo_app, cookie: str | None):
    """A browser with no session at all, optionally holding a tile cookie."""
    other = demo_app.test_client()
    if cookie:
        other.set_cookie("cips_tiles", cookie, path="/api/v1/tiles")
    return other


def test_links_are_signed_for_the_person_and_work_without_a_session(demo_app, client, seen, small_scan):
    dzi, data = seen["links"]["dzi"], seen["links"]["data"]
    assert dzi.startswith("/api/v1/tiles/t1.") and dzi.endswith("/scan.dzi") and data.endswith("/data.json")
    browser = _fresh(demo_app, _tile_cookie(client))
    assert browser.get(dzi).status_code == 200
    info = browser.get(data).get_json()
    assert (info["width"], info["height"], info["overlap"], info["format"]) == (700, 300, OVERLAP, "png")
    assert set(info["channels"]) == {"high", "low"} and info["classes"] is True
    assert info["channels"]["high"]["default"]["window"] > 0 and len(info["channels"]["high"]["bins"]) == 1024
    # a full-resolution data tile is the scan's own 16-bit values, packed losslessly
    level = math.ceil(math.log2(700))
    tile = browser.get(data.replace("data.json", f"data_files/{level}/1_0.png"))
    assert tile.status_code == 200 and tile.mimetype == "image/png"
    texels = np.asarray(Image.open(io.BytesIO(tile.data)))
    x0, width = info["tile_size"] - OVERLAP, info["tile_size"] + 2 * OVERLAP
    high, low, classes = unpack(texels, width)
    assert np.array_equal(high, small_scan.high[:texels.shape[0], x0:x0 + width])
    assert np.array_equal(low, small_scan.low[:texels.shape[0], x0:x0 + width])
    jpeg = browser.get(dzi.replace("scan.dzi", f"scan_files/{level}/1_0.jpeg") + "?material=1")
    assert jpeg.status_code == 200 and jpeg.mimetype == "image/jpeg"


def test_a_link_is_useless_without_its_persons_cookie_or_once_altered(demo_app, client, auth, seen):
    dzi = seen["links"]["dzi"]
    for cookie in (None, tile_links.cookie_value(tile_links.derive_key(demo_app.config["SECRET_KEY"]), 999)):
        response = _fresh(demo_app, cookie).get(dzi)
        assert response.status_code == 401 and response.get_json()["error"] == "invalid_token"
    browser = _fresh(demo_app, _tile_cookie(client))
    token = dzi.split("/")[4]
    scan_id = token.split(".")[1]
    forged = dzi.replace(f"t1.{scan_id}.", f"t1.{int(scan_id) + 1}.")
    assert browser.get(forged).status_code == 401
    assert browser.post(dzi).status_code == 405  # read only: nothing for CSRF to protect


def test_a_link_expires(demo_app, client, seen, monkeypatch):
    browser = _fresh(demo_app, _tile_cookie(client))
    dzi = seen["links"]["dzi"]
    expires = int(dzi.split("/")[4].split(".")[3])
    assert 3600 < expires - time.time() <= 7200  # one to two periods (TILE_LINK_SECONDS)
    assert browser.get(dzi).status_code == 200
    monkeypatch.setattr(time, "time", lambda: expires + 1)
    assert browser.get(dzi).status_code == 401
    assert browser.get(dzi.replace("scan.dzi", "scan_files/0/0_0.jpeg")).status_code == 401


def test_tiles_need_no_database_and_repeats_skip_flask(demo_app, client, seen):
    from app.extensions import db

    browser = _fresh(demo_app, _tile_cookie(client))
    data = seen["links"]["data"]
    urls = [data, data.replace("data.json", "data_files/9/0_0.png"), seen["links"]["dzi"] + "?invert=1",
            seen["links"]["dzi"].replace("scan.dzi", "scan_files/9/1_0.jpeg") + "?invert=1"]
    statements = []
    with demo_app.app_context():
        engine = db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        first = [browser.get(u) for u in urls]
        fast = demo_app.wsgi_app
        before = fast.hits
        again = [browser.get(u) for u in urls]
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)
    assert statements == []  # no user loader, no access query: the signature is the authority
    assert all(r.status_code == 200 for r in first + again)
    assert fast.hits - before == len(urls)  # answered before Flask
    assert [r.data for r in again] == [r.data for r in first]
    for r in again:
        assert r.headers["Cache-Control"].startswith("private, max-age=") and r.headers["ETag"]
        assert r.headers["X-Content-Type-Options"] == "nosniff"
    revalidated = browser.get(urls[1], headers={"If-None-Match": again[1].headers["ETag"]})
    assert revalidated.status_code == 304 and not revalidated.data


def test_someone_who_may_not_see_the_scan_gets_no_link(demo_app, client, auth, ready_scan, seen):
    auth.logout()
    auth.login("analyst2")  # another centre
    assert client.get(f"/api/v1/scans/{ready_scan['id']}").status_code == 404
    assert client.get(f"/api/v1/scans/{ready_scan['id']}/links").status_code == 404
    # the analyst's link, in analyst2's browser (analyst2's tile cookie): refused
    client.get("/api/v1/scans?limit=1")
    assert client.get(seen["links"]["dzi"]).status_code == 401


def test_renewed_links_and_machine_clients(client, auth, ready_scan, gate1, seen):
    renewed = client.get(seen["links"]["renew"]).get_json()
    assert renewed["dzi"] == seen["links"]["dzi"]  # the same URL within a period: caches keep working
    # a scanner's token reads the scan's JSON but gets no signed links
    assert ready_scan["links"]["dzi"] == f"/api/v1/scans/{ready_scan['id']}/dzi/scan.dzi"


def test_region_statistics_of_a_drawn_region(client, seen, small_scan):
    gx, gy, gw, gh = small_scan.goods[0].box
    x, y, w, h = gx + 2, gy + 2, max(2, gw - 4), max(2, gh - 4)
    body = client.get(f"{seen['links']['region']}?rect={x},{y},{w},{h}").get_json()
    block = small_scan.high[y:y + h, x:x + w]
    assert body["pixels"] == w * h and body["channels"]["high"]["mean"] == pytest.approx(block.mean())
    assert body["r"] > 0 and sum(body["materials"].values()) == pytest.approx(1.0)
    assert body["area_m2"] == pytest.approx(w * h * 5.0 * 5.0 / 1e6)  # Beilun Gate 1: 5 mm pixels
    for query in ("", "rect=1,2", "rect=800,0,10,10", "points=0,0%201,1"):
        response = client.get(f"{seen['links']['region']}?{query}")
        assert response.status_code == 400 and response.get_json()["error"] == "invalid_region"
