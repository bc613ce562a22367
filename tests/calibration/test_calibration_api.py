"""Calibrating a scanner from its step-wedge scan over HTTP and with the `cips` command."""

from __future__ import annotations

import io
import json

import sqlalchemy as sa

from app.synthetic_wedge import generate_wedge
from app.vendors.writers import write_tiff
from tests import db as testdb
from tests.test_cli import run


def _wedge_files(tmp_path, model="linac-6/4"):
    high, low, wedge = generate_wedge(model, 2)
    tif = write_tiff(tmp_path / "wedge.tif", high, low)
    return tif, json.dumps(wedge.to_dict())


def _scanner_id(app) -> int:
    from app.extensions import db
    from app.models import Scanner

    with app.app_context():
        return db.session.scalar(sa.select(Scanner.id).where(Scanner.energy_high_kev >= 4000).limit(1))


def _post(client, auth, scanner_id, tif, wedge, **form):
    data = {"single": (io.BytesIO(tif.read_bytes()), "wedge.tif"), "wedge": wedge, **form}
    return client.post(f"/api/v1/scanners/{scanner_id}/calibration", data=data,
                       headers={"X-CSRFToken": auth.csrf()}, content_type="multipart/form-data")


def test_admin_calibrates_and_the_page_data_shows_curves_points_and_limits(client, auth, demo_app, tmp_path):
    scanner_id = _scanner_id(demo_app)
    tif, wedge = _wedge_files(tmp_path)
    auth.login("admin")
    before = client.get(f"/api/v1/scanners/{scanner_id}/calibration").get_json()
    assert before["report"] is not None  # the demo calibrated it from a synthetic wedge already
    resp = _post(client, auth, scanner_id, tif, wedge, model="linac-6/4")
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["material_source"] == "cips-calibrated" and body["model"] == "linac-6/4"
    materials = {m["material"]: m for m in body["report"]["materials"]}
    assert set(materials) == {"polyethylene", "Al", "Fe", "Pb"}
    for m in materials.values():
        assert len(m["points"]) == 8 and len(m["curve"]) > 10
        # Written "class" (a Python keyword in the model), as the page reads it.
        assert set(m) == {"material", "z_eff", "class", "curve", "points", "undetermined"}
    assert materials["Pb"]["class"] == "metal" and materials["polyethylene"]["class"] == "organic"
    assert set(body["report"]["rms"]) == {"high", "low"}
    assert materials["Pb"]["undetermined"]  # thin lead is degenerate at 6/4 MV
    stored = client.get(f"/api/v1/scanners/{scanner_id}/calibration").get_json()
    assert stored["report"]["fitted_at"] == body["report"]["fitted_at"]
    assert stored["report"]["materials"][0]["points"] != before["report"]["materials"][0]["points"]


def test_an_uncalibrated_scanner_is_coloured_by_its_types_nominal_model(client, auth, demo_app):
    from app.extensions import db
    from app.models import Scanner

    with demo_app.app_context():
        mobile = db.session.scalar(sa.select(Scanner.id).where(Scanner.name == "Daxie Mobile"))
    auth.login("admin")
    body = client.get(f"/api/v1/scanners/{mobile}/calibration").get_json()
    assert body["material_source"] == "default" and body["report"]["source"] == "nominal"
    assert body["model"] == "linac-6/4"


def test_calibration_needs_an_admin_and_good_input(client, auth, demo_app, tmp_path):
    scanner_id = _scanner_id(demo_app)
    tif, wedge = _wedge_files(tmp_path)
    auth.login("supervisor")
    assert client.get(f"/api/v1/scanners/{scanner_id}/calibration").status_code == 200
    assert _post(client, auth, scanner_id, tif, wedge).status_code == 403
    auth.logout()
    auth.login("admin")
    bad = _post(client, auth, scanner_id, tif, "{not json")
    assert bad.status_code == 422 and bad.get_json()["error"] == "invalid_data"
    steps = json.loads(wedge)
    steps["steps"][0]["box"] = [10_000, 0, 64, 64]
    outside = _post(client, auth, scanner_id, tif, json.dumps(steps))
    assert outside.status_code == 422 and "outside" in outside.get_json()["message"]
    steps["steps"][0] = {"material": "kryptonite", "area_density": 5, "box": [0, 0, 8, 8]}
    unknown = _post(client, auth, scanner_id, tif, json.dumps(steps))
    assert unknown.status_code == 422 and "kryptonite" in unknown.get_json()["message"]
    junk = client.post(f"/api/v1/scanners/{scanner_id}/calibration", data={
        "single": (io.BytesIO(b"not an image"), "x.bin"), "wedge": wedge}, headers={"X-CSRFToken": auth.csrf()},
        content_type="multipart/form-data")
    assert junk.status_code in (415, 422) and "message" in junk.get_json()
    assert client.get("/api/v1/scanners/99999/calibration").status_code == 404


def test_cli_writes_a_wedge_and_calibrates_a_scanner(tmp_path, demo_copy):
    # The demo's scanners on a copy of the session's demo instance: seeding the demo
    # again here (it calibrates eight scanners) cost three quarters of this test.
    out = run(demo_copy, "scanner", "wedge", str(tmp_path / "w"), "--model", "tube-160/80")
    assert out.returncode == 0, out.stderr
    scanner_id = testdb.rows(demo_copy, "SELECT min(id) FROM scanners")[0][0]
    done = run(demo_copy, "scanner", "calibrate", str(scanner_id), str(tmp_path / "w" / "wedge.json"),
               str(tmp_path / "w" / "wedge.tif"))
    assert done.returncode == 0, done.stderr
    assert "160/80 kV" in done.stdout and "Pb" in done.stdout and "undetermined at" in done.stdout
    stored = testdb.rows(demo_copy, "SELECT calibration FROM scanners WHERE id = :i", i=scanner_id)[0][0]
    stored = json.loads(stored) if isinstance(stored, str) else stored
    assert stored["kind"] == "physics" and stored["source"] == "wedge" and stored["model"] == "tube-160/80"
    bad = run(demo_copy, "scanner", "calibrate", str(scanner_id), str(tmp_path / "w" / "wedge.json"),
              str(tmp_path / "w" / "wedge.json"))
    assert bad.returncode != 0 and "Error" in bad.stderr
