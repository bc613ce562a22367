"""Every bad registration gets its status and a JSON reason, and leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.ingest.conftest import metadata
from tests.vendors.make_files import set_dicos_size, write_dicos, write_png, write_raw


def _nothing_stored(demo_app):
    import sqlalchemy as sa

    from app.extensions import db
    from app.models import Scan

    with demo_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Scan)) == 0
    store = Path(demo_app.config["STORE_PATH"])
    assert not list((store / "scans").glob("*")) if (store / "scans").exists() else True
    assert not list((store / "tmp").glob("*")) if (store / "tmp").exists() else True


def _error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.get_json()
    body = response.get_json()
    assert body["message"] and (code is None or body["error"] == code)
    return body


def test_unknown_format_is_415(demo_app, gate1, tmp_path):
    junk = tmp_path / "scan.bin"
    junk.write_bytes(np.random.default_rng(1).bytes(50_000))
    _error(gate1.register(metadata(), {"single": (junk, "scan.bin")}), 415, "unsupported_format")
    _error(gate1.register(metadata(format="nosuchvendor"), {"single": (junk, "scan.bin")}), 415)
    _nothing_stored(demo_app)


def test_truncated_files_are_422(demo_app, gate1, small_scan, tmp_path):
    for name, path in (("h.dcm", write_dicos(tmp_path / "h.dcm", small_scan.high)),
                       ("h.png", write_png(tmp_path / "h.png", small_scan.high))):
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
        _error(gate1.register(metadata(), {"single": (path, name)}), 422, "invalid_file")
    data, sidecar = write_raw(tmp_path, small_scan.high)
    data.write_bytes(data.read_bytes()[:-100])
    _error(gate1.register(metadata(), {"single": (data, "scan.raw"), "sidecar": (sidecar, "scan.json")}), 422)
    _nothing_stored(demo_app)


def test_a_dicos_file_that_is_not_dx_is_422(gate1, small_scan, tmp_path):
    import pydicom

    path = write_dicos(tmp_path / "ct.dcm", small_scan.high)
    ds = pydicom.dcmread(path)
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.501.1"
    ds.save_as(path)
    body = _error(gate1.register(metadata(), {"single": (path, "ct.dcm")}), 422)
    assert "DX" in body["message"]


def test_high_and_low_of_different_sizes_are_422(gate1, small_scan, tmp_path):
    high = write_dicos(tmp_path / "h.dcm", small_scan.high, kvp=9000)
    low = write_dicos(tmp_path / "l.dcm", np.ascontiguousarray(small_scan.low[:, :-1]), kvp=6000)
    body = _error(gate1.register(metadata(), {"high": (high, "h.dcm"), "low": (low, "l.dcm")}), 422)
    assert "size" in body["message"]


@pytest.mark.parametrize("width, height", [(0, 300), (10**6, 10**6)])
def test_zero_or_absurd_dimensions_in_a_raw_sidecar_are_422(gate1, small_scan, tmp_path, width, height):
    data, sidecar = write_raw(tmp_path, small_scan.high, width=width, height=height)
    body = _error(gate1.register(metadata(), {"single": (data, "scan.raw"), "sidecar": (sidecar, "scan.json")}), 422)
    assert str(width) in body["message"] or str(height) in body["message"]


def test_a_zero_sized_dicos_image_is_422(gate1, small_scan, tmp_path):
    dicos = set_dicos_size(write_dicos(tmp_path / "x.dcm", small_scan.high), 0, 0)
    _error(gate1.register(metadata(), {"single": (dicos, "x.dcm")}), 422, "invalid_file")


@pytest.mark.parametrize("bad, field", [
    ({"scan_uid": ""}, "scan_uid"),
    ({"scan_uid": "a/b"}, "scan_uid"),
    ({"scanned_at": "yesterday"}, "scanned_at"),
    ({"scanned_at": "2026-11-27T08:15:00"}, "scanned_at"),
    ({"scanned_at": "2099-01-01T00:00:00Z"}, "scanned_at"),
    ({"conveyance": {"kind": "boat"}}, "conveyance.kind"),
    ({"conveyance": {"kind": "container", "container_ids": "CSQU3054383"}}, "conveyance.container_ids"),
    ({"weight_kg": -5}, "weight_kg"),
    ({"weight_kg": "heavy"}, "weight_kg"),
    ({"radiation": {"alarm": "yes"}}, "radiation"),
    ({"colour": "red"}, "colour"),
])
def test_metadata_that_fails_validation_is_422_naming_the_field(demo_app, gate1, small_scan, tmp_path, bad, field):
    png = write_png(tmp_path / "s.png", small_scan.high)
    body = _error(gate1.register(metadata(**bad), {"single": (png, "s.png")}), 422, "invalid_metadata")
    assert body["field"] == field
    _nothing_stored(demo_app)


def test_json_registration_validates_the_file_list(gate1):
    for files, field in (([], "files"), ([{"role": "top", "upload": "x"}], "files[0].role"),
                         ([{"role": "high", "upload": "/api/v1/uploads/" + "0" * 32}], "files[0].upload")):
        response = gate1.client.post("/api/v1/scans", json=metadata(files=files), headers=gate1.headers)
        assert _error(response, 422)["field"] == field


def test_over_the_size_limit_is_413(demo_app, gate1, small_scan, tmp_path):
    demo_app.config["MAX_CONTENT_LENGTH"] = 10_000
    png = write_png(tmp_path / "s.png", small_scan.high)
    _error(gate1.register(metadata(), {"single": (png, "s.png")}), 413)
    _nothing_stored(demo_app)


def test_bad_or_missing_token_is_401(client, small_scan, tmp_path):
    from tests.ingest.conftest import Scanner

    png = write_png(tmp_path / "s.png", small_scan.high)
    for token in ("cips_wrong", ""):
        _error(Scanner(client, token).register(metadata(), {"single": (png, "s.png")}), 401, "invalid_token")
    _error(client.post("/api/v1/scans", data={"metadata": "{}"}), 401, "unauthenticated")


def test_a_person_cannot_register_scans(client, auth, small_scan, tmp_path):
    auth.login("admin")
    response = client.post("/api/v1/scans", json=metadata(), headers={"X-CSRFToken": auth.csrf()})
    _error(response, 403)


def test_wrong_content_type_is_415(gate1):
    response = gate1.client.post("/api/v1/scans", data="scan_uid=x", headers=gate1.headers,
                                 content_type="text/plain")
    _error(response, 415)


def test_the_worker_survives_bad_files(gate1, small_scan, tmp_path):
    junk = tmp_path / "broken.png"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    _error(gate1.register(metadata("A"), {"single": (junk, "broken.png")}), 422)
    good = write_png(tmp_path / "s.png", small_scan.high)
    response = gate1.register(metadata("B"), {"single": (good, "s.png")})
    assert response.status_code == 201
    assert gate1.wait(response.get_json()["id"])["status"] == "ready"
