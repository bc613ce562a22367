"""Deep Zoom over HTTP: the .dzi, every tile of every level, render parameters,
caching, pixel values and histograms."""

from __future__ import annotations

import io
import math
import re

import numpy as np
import pytest
from PIL import Image

from tests.helpers import declared_answer


def _dzi(client, scan, query: str = "") -> dict:
    response = client.get(scan["links"]["dzi"] + query)
    assert response.status_code == 200, response.get_json()
    xml = response.data.decode()
    attrs = dict(re.findall(r'(\w+)="([^"]*)"', xml))
    return {k: (int(v) if v.isdigit() else v) for k, v in attrs.items()}


def _expected_tile_size(width, height, tile, overlap, level, col, row):
    """The DZI convention, written out independently of app.tiles."""
    max_level = math.ceil(math.log2(max(width, height)))
    scale = 2 ** (max_level - level)
    lw, lh = math.ceil(width / scale), math.ceil(height / scale)
    x0, y0 = col * tile - (overlap if col else 0), row * tile - (overlap if row else 0)
    x1, y1 = min(lw, (col + 1) * tile + overlap), min(lh, (row + 1) * tile + overlap)
    return (x1 - x0, y1 - y0), (lw, lh), max_level


def test_every_tile_of_every_level_has_the_size_the_geometry_says(client, auth, ready_scan):
    auth.login("supervisor")
    dzi = _dzi(client, ready_scan)
    assert (dzi["Width"], dzi["Height"], dzi["Format"]) == (700, 300, "jpeg")
    tile, overlap = dzi["TileSize"], dzi["Overlap"]
    files = ready_scan["links"]["dzi"].replace(".dzi", "_files")
    max_level = math.ceil(math.log2(700))
    checked = 0
    for level in range(max_level + 1):
        _, (lw, lh), _ = _expected_tile_size(700, 300, tile, overlap, level, 0, 0)
        for col in range(math.ceil(lw / tile)):
            for row in range(math.ceil(lh / tile)):
                response = client.get(f"{files}/{level}/{col}_{row}.jpeg")
                assert response.status_code == 200, (level, col, row)
                size, _, _ = _expected_tile_size(700, 300, tile, overlap, level, col, row)
                assert Image.open(io.BytesIO(response.data)).size == size, (level, col, row)
                checked += 1
        assert client.get(f"{files}/{level}/{math.ceil(lw / tile)}_0.jpeg").status_code == 404
    assert checked >= max_level + 1


def test_material_colouring_and_png_tiles(client, auth, ready_scan):
    auth.login("supervisor")
    files = ready_scan["links"]["dzi"].replace(".dzi", "_files")
    level = math.ceil(math.log2(700))
    grey = Image.open(io.BytesIO(client.get(f"{files}/{level}/1_0.jpeg").data)).convert("RGB")
    colour = Image.open(io.BytesIO(client.get(f"{files}/{level}/1_0.jpeg?material=1").data)).convert("RGB")
    g, c = np.asarray(grey, dtype=int), np.asarray(colour, dtype=int)
    assert np.abs(g[..., 0] - g[..., 2]).mean() < 3  # grey is grey
    assert np.abs(c[..., 0] - c[..., 2]).mean() > 10  # colour is not
    assert _dzi(client, ready_scan, "?fmt=png")["Format"] == "png"
    png = client.get(f"{files}/{level}/0_0.png?fmt=png")
    assert png.status_code == 200 and png.mimetype == "image/png"
    assert client.get(f"{files}/{level}/0_0.jpeg?fmt=png").status_code == 404


@pytest.mark.parametrize("query, parameter", [
    ("gamma=0", "gamma"), ("channel=bogus", "channel"), ("material=2", "material"),
    ("window=-5", "window"), ("strip=paper", "strip"), ("zoom=3", "zoom"),
])
def test_invalid_render_parameters_are_400_naming_the_parameter(client, auth, ready_scan, query, parameter):
    auth.login("supervisor")
    response = client.get(ready_scan["links"]["dzi"] + "?" + query)
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "invalid_parameter" and body["parameter"] == parameter and body["message"]


def test_tiles_revalidate_with_etags(client, auth, ready_scan):
    auth.login("supervisor")
    url = ready_scan["links"]["dzi"].replace(".dzi", "_files") + "/8/0_0.jpeg?invert=1"
    first = client.get(url)
    assert first.status_code == 200 and first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.data
    other = client.get(url.replace("invert=1", "invert=0"))
    assert other.headers["ETag"] != first.headers["ETag"]


def test_image_and_csv_answers_are_the_content_types_the_document_declares(client, auth, ready_scan):
    """A client generated from the OpenAPI document expects exactly what it declares:
    the live Content-Type of each non-JSON answer is among the declared ones."""
    spec = client.get("/api/v1/openapi.json").get_json()
    auth.login("supervisor")
    level = math.ceil(math.log2(700))
    files = ready_scan["links"]["dzi"].replace(".dzi", "_files")
    signed = client.get(ready_scan["links"]["renew"]).get_json()  # the tile cookie came with the login
    signed_files = signed["dzi"].replace(".dzi", "_files")
    urls = [ready_scan["links"]["dzi"], f"{files}/{level}/0_0.jpeg", f"{files}/{level}/0_0.png?fmt=png",
            ready_scan["links"]["thumbnail"], signed["dzi"], f"{signed_files}/{level}/1_0.jpeg",
            f"{signed_files}/{level}/1_0.png?fmt=png", signed["data"].replace("data.json", f"data_files/{level}/0_0.png")]
    for url in urls:
        answer = client.get(url)
        assert answer.status_code == 200, url
        declared = declared_answer(spec, "GET", url, 200)
        assert answer.mimetype in declared["content"], (url, answer.mimetype, sorted(declared["content"]))
        if "ETag" in declared.get("headers", {}):
            assert answer.headers["ETag"], url
            again = client.get(url, headers={"If-None-Match": answer.headers["ETag"]})
            assert again.status_code == 304 and not again.data, url
            assert "content" not in declared_answer(spec, "GET", url, 304), url
    auth.login("auditor")
    url = f"/api/v1/audit/events.csv?scan_id={ready_scan['id']}"
    export = client.get(url)
    assert export.status_code == 200 and list(declared_answer(spec, "GET", url, 200)["content"]) == [export.mimetype]
    assert export.headers["Content-Disposition"].startswith("attachment")


def test_pixel_readout_gives_raw_values_ratio_and_class(client, auth, ready_scan, small_scan):
    auth.login("supervisor")
    gx, gy, gw, gh = small_scan.goods[0].box
    x, y = gx + gw // 2, gy + gh // 2
    body = client.get(f"{ready_scan['links']['pixel']}?x={x}&y={y}").get_json()
    assert body["values"] == {"high": int(small_scan.high[y, x]), "low": int(small_scan.low[y, x])}
    # R, class and Z-effective are those of the pixel block the class map coloured (6 x 6 on a
    # linac), read against the scanner's calibrated open beam.
    top, left = y // 6 * 6, x // 6 * 6
    h, lo = (small_scan.__dict__[c][top:top + 6, left:left + 6].astype(float).mean() for c in ("high", "low"))
    expected_r = math.log(60000 / lo) / math.log(60000 / h)
    assert body["r"] == pytest.approx(expected_r, abs=0.01)
    assert body["material"] in ("organic", "inorganic", "metal", "undefined")
    assert body["material_source"] == "cips-calibrated"
    if body["material"] != "undefined":
        assert 1 <= body["z_eff"] <= 92 and body["z_sigma"] > 0
    assert client.get(f"{ready_scan['links']['pixel']}?x=700&y=0").status_code == 400
    assert client.get(f"{ready_scan['links']['pixel']}?x=-1&y=0").status_code == 400


def test_histogram_and_thumbnail(client, auth, ready_scan):
    auth.login("supervisor")
    hist = client.get(ready_scan["links"]["histogram"] + "?channel=low").get_json()
    assert len(hist["bins"]) == 1024 and sum(hist["bins"]) > 0
    assert hist["default"]["window"] > 0 and 0 < hist["default"]["level"] < 65535
    assert client.get(ready_scan["links"]["histogram"] + "?channel=x").status_code == 400
    thumb = client.get(ready_scan["links"]["thumbnail"])
    assert thumb.mimetype == "image/jpeg" and max(Image.open(io.BytesIO(thumb.data)).size) <= 700


@pytest.mark.parametrize("link, query, parameter", [
    ("pixel", "x=a&y=0", "x"), ("pixel", "x=-1&y=0", "x"), ("pixel", "x=1", "y"), ("pixel", "x=1.5&y=2", "x"),
    ("histogram", "channel=blue", "channel"),
])
def test_image_queries_are_refused_naming_the_parameter(client, auth, ready_scan, link, query, parameter):
    auth.login("supervisor")
    response = client.get(f"{ready_scan['links'][link]}?{query}")
    body = response.get_json()
    assert response.status_code == 400 and body["error"] == "invalid_parameter" and body["parameter"] == parameter
    # A cache-busting parameter beside good ones is no mistake.
    assert client.get(f"{ready_scan['links']['pixel']}?x=1&y=2&_=123").status_code == 200


def test_region_statistics_and_renewed_links_answer_their_shapes(client, auth, ready_scan):
    auth.login("supervisor")
    stats = client.get(ready_scan["links"]["region"] + "?rect=10,10,100,50").get_json()
    assert stats["pixels"] > 0 and set(stats["channels"]) == {"high", "low"} and stats["r"] is not None
    assert stats["channels"]["high"]["min"] <= stats["channels"]["high"]["mean"] <= stats["channels"]["high"]["max"]
    assert client.get(ready_scan["links"]["region"]).get_json()["error"] == "invalid_region"
    links = client.get(ready_scan["links"]["renew"]).get_json()
    assert links["dzi"].endswith("/scan.dzi") and links["data"].endswith("/data.json")


@pytest.mark.parametrize("username, status", [
    # Analysts and experts see only what is assigned to them (app.access); this scan is not.
    ("analyst", 404), ("expert", 404), ("supervisor", 200), ("hqsupervisor", 200), ("admin", 200),
    ("officer", 200), ("analyst2", 404), ("officer2", 404), ("trainee", 403), ("auditor", 403),
])
def test_who_sees_a_scan(client, auth, ready_scan, username, status):
    auth.login(username)
    assert client.get(ready_scan["links"]["self"]).status_code == status
    assert client.get(ready_scan["links"]["dzi"]).status_code == status
    listed = client.get("/api/v1/scans?status=ready")
    if status != 403:
        assert (ready_scan["id"] in [s["id"] for s in listed.get_json()["scans"]]) == (status == 200)


def test_an_analyst_sees_a_scan_once_it_is_assigned_and_not_after_it_is_taken_back(demo_app, client, auth,
                                                                                    ready_scan):
    import sqlalchemy as sa

    from app.extensions import db
    from app.models import Assignment
    from tests.helpers import assign

    auth.login("analyst")
    assert client.get(ready_scan["links"]["self"]).status_code == 404
    assignment_id = assign(demo_app, ready_scan["id"], "analyst")
    assert client.get(ready_scan["links"]["self"]).status_code == 200
    assert client.get(ready_scan["links"]["dzi"]).status_code == 200
    assert [s["id"] for s in client.get("/api/v1/scans").get_json()["scans"]] == [ready_scan["id"]]
    with demo_app.app_context():
        db.session.execute(sa.update(Assignment).where(Assignment.id == assignment_id).values(state="revoked"))
        db.session.commit()
    assert client.get(ready_scan["links"]["self"]).status_code == 404


def test_a_scan_still_processing_has_no_tiles(demo_app, client, auth, ready_scan):
    import sqlalchemy as sa

    from app.extensions import db
    from app.models import Scan

    with demo_app.app_context():
        db.session.execute(sa.update(Scan).values(status="processing"))
        db.session.commit()
    auth.login("supervisor")
    response = client.get(ready_scan["links"]["dzi"])
    assert response.status_code == 409 and response.get_json()["error"] == "not_ready"


def test_the_list_filters_by_several_statuses(client, auth, ready_scan):
    auth.login("supervisor")
    both = client.get("/api/v1/scans?status=ready,failed").get_json()["scans"]
    assert [s["id"] for s in both] == [ready_scan["id"]]
    assert client.get("/api/v1/scans?status=failed").get_json()["scans"] == []
    # The query's model (ScansQuery) refuses like every other: 422 naming the parameter.
    for url, field in (("/api/v1/scans?status=ready,lost", "status"), ("/api/v1/scans?limit=0", "limit")):
        refused = client.get(url)
        assert refused.status_code == 422 and refused.get_json()["field"] == field, url
