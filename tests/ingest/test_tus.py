"""Resumable uploads with the tus 1.0 protocol, over real HTTP, with the stock
tuspy client."""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import time
from urllib.parse import urlparse

import pytest
import requests
from tusclient import client as tus_client

from tests.ingest.conftest import metadata
from tests.vendors.make_files import write_dicos

TUS = {"Tus-Resumable": "1.0.0"}


@pytest.fixture
def token(live_server) -> str:
    tokens = json.loads((live_server.instance / "demo_tokens.json").read_text())
    return tokens["scanner:Waigaoqiao Gate A"]


@pytest.fixture
def other_token(live_server) -> str:
    return json.loads((live_server.instance / "demo_tokens.json").read_text())["scanner:Yangshan Isotope"]


def _auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}", **TUS}


def _create(live_server, token: str, length: int) -> str:
    response = requests.post(f"{live_server.url}/api/v1/uploads/", timeout=10,
                             headers={**_auth(token), "Upload-Length": str(length),
                                      "Upload-Metadata": "filename " + base64.b64encode(b"h.dcm").decode()})
    assert response.status_code == 201, response.text
    return live_server.url + response.headers["Location"]


def _cut_patch(url: str, token: str, body: bytes, send: int) -> None:
    """Send a PATCH announcing the whole body, then drop the link after `send` bytes."""
    parts = urlparse(url)
    head = (f"PATCH {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAuthorization: Bearer {token}\r\n"
            f"Tus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    with socket.create_connection((parts.hostname, parts.port)) as sock:
        sock.sendall(head + body[:send])
        time.sleep(0.3)  # let the server write what arrived


def test_an_upload_cut_midway_resumes_and_gives_a_ready_scan_with_the_right_sha256(live_server, token, small_scan, tmp_path):
    high = write_dicos(tmp_path / "h.dcm", small_scan.high, kvp=9000)
    low = write_dicos(tmp_path / "l.dcm", small_scan.low, kvp=6000)
    body = high.read_bytes()
    url = _create(live_server, token, len(body))
    _cut_patch(url, token, body, len(body) // 2)

    offset = int(requests.head(url, headers=_auth(token), timeout=10).headers["Upload-Offset"])
    assert 0 < offset <= len(body) // 2  # what arrived before the cut was kept

    client = tus_client.TusClient(f"{live_server.url}/api/v1/uploads/", headers={"Authorization": f"Bearer {token}"})
    resumed = client.uploader(str(high), url=url, chunk_size=64 * 1024, upload_checksum=True)
    assert resumed.offset == offset
    resumed.upload()
    low_upload = client.uploader(str(low), chunk_size=10**9, metadata={"filename": "l.dcm"})
    low_upload.upload()

    meta = metadata("TUS-1", files=[{"role": "high", "upload": url}, {"role": "low", "upload": low_upload.url}])
    response = requests.post(f"{live_server.url}/api/v1/scans", json=meta, headers=_auth(token), timeout=30)
    assert response.status_code == 201, response.text
    scan_url = live_server.url + response.json()["links"]["self"]
    deadline = time.monotonic() + 30
    while (scan := requests.get(scan_url, headers=_auth(token), timeout=10).json())["status"] == "processing":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert scan["status"] == "ready", scan["failure_reason"]
    digests = {c["role"]: c["sha256"] for c in scan["channels"]}
    assert digests["high"] == hashlib.sha256(body).hexdigest()
    assert digests["low"] == hashlib.sha256(low.read_bytes()).hexdigest()

    again = requests.post(f"{live_server.url}/api/v1/scans", json=meta, headers=_auth(token), timeout=30)
    assert again.status_code == 200 and again.json()["id"] == response.json()["id"]


def test_options_advertises_the_protocol(live_server):
    response = requests.options(f"{live_server.url}/api/v1/uploads/", timeout=10)
    assert response.status_code == 204
    assert response.headers["Tus-Version"] == "1.0.0"
    assert set(response.headers["Tus-Extension"].split(",")) >= {"creation", "termination", "checksum", "expiration"}
    assert set(response.headers["Tus-Checksum-Algorithm"].split(",")) == {"sha1", "sha256"}
    assert int(response.headers["Tus-Max-Size"]) > 0


def test_protocol_errors(live_server, token):
    url = _create(live_server, token, 10)
    patch = {**_auth(token), "Content-Type": "application/offset+octet-stream", "Upload-Offset": "0"}

    no_version = requests.head(url, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert no_version.status_code == 412 and no_version.headers["Tus-Version"] == "1.0.0"
    wrong_offset = requests.patch(url, data=b"abc", headers={**patch, "Upload-Offset": "5"}, timeout=10)
    assert wrong_offset.status_code == 409
    wrong_type = requests.patch(url, data=b"abc", headers={**patch, "Content-Type": "text/plain"}, timeout=10)
    assert wrong_type.status_code == 415
    bad_sum = requests.patch(url, data=b"abc", timeout=10, headers={
        **patch, "Upload-Checksum": "sha256 " + base64.b64encode(hashlib.sha256(b"xyz").digest()).decode()})
    assert bad_sum.status_code == 460 and bad_sum.json()["error"] == "checksum_mismatch"
    assert requests.head(url, headers=_auth(token), timeout=10).headers["Upload-Offset"] == "0"
    good_sum = requests.patch(url, data=b"abc", timeout=10, headers={
        **patch, "Upload-Checksum": "sha1 " + base64.b64encode(hashlib.sha1(b"abc").digest()).decode()})
    assert good_sum.status_code == 204 and good_sum.headers["Upload-Offset"] == "3"
    too_long = requests.patch(url, data=b"x" * 20, headers={**patch, "Upload-Offset": "3"}, timeout=10)
    assert too_long.status_code == 413
    unknown_algo = requests.patch(url, data=b"x", headers={**patch, "Upload-Offset": "3", "Upload-Checksum": "md5 eA=="}, timeout=10)
    assert unknown_algo.status_code == 400

    assert requests.delete(url, headers=_auth(token), timeout=10).status_code == 204
    assert requests.head(url, headers=_auth(token), timeout=10).status_code == 404


def test_upload_length_over_the_limit_is_413(live_server, token):
    response = requests.post(f"{live_server.url}/api/v1/uploads/", timeout=10,
                             headers={**_auth(token), "Upload-Length": str(10**13)})
    assert response.status_code == 413 and response.json()["error"] == "too_large"


def test_another_scanners_upload_is_403(live_server, token, other_token):
    url = _create(live_server, token, 4)
    requests.patch(url, data=b"abcd", timeout=10, headers={**_auth(token), "Upload-Offset": "0",
                                                           "Content-Type": "application/offset+octet-stream"})
    assert requests.head(url, headers=_auth(other_token), timeout=10).status_code == 403
    meta = metadata("STOLEN", files=[{"role": "single", "upload": url}])
    response = requests.post(f"{live_server.url}/api/v1/scans", json=meta, headers=_auth(other_token), timeout=10)
    assert response.status_code == 403 and response.json()["error"] == "forbidden"


def test_unfinished_upload_cannot_be_registered(live_server, token):
    url = _create(live_server, token, 100)
    meta = metadata("EARLY", files=[{"role": "single", "upload": url}])
    response = requests.post(f"{live_server.url}/api/v1/scans", json=meta, headers=_auth(token), timeout=10)
    assert response.status_code == 422 and "not finished" in response.json()["message"]


def test_unfinished_uploads_expire_and_are_cleaned_up(demo_app, client, gate1):
    from pathlib import Path

    demo_app.config["UPLOAD_EXPIRY_SECONDS"] = 0
    headers = {**gate1.headers, **TUS}
    created = client.post("/api/v1/uploads/", headers={**headers, "Upload-Length": "10"})
    assert created.status_code == 201
    location = created.headers["Location"]
    part = Path(demo_app.config["STORE_PATH"]) / "uploads" / (location.rsplit("/", 1)[-1] + ".part")
    assert part.exists()
    time.sleep(0.01)
    gone = client.head(location, headers=headers)
    assert gone.status_code == 410
    with demo_app.app_context():
        from app.blueprints.ingest.uploads import cleanup_expired

        assert cleanup_expired() == 1
    assert not part.exists()
    assert client.head(location, headers=headers).status_code == 404


def test_an_upload_cannot_serve_two_scans(live_server, token, small_scan, tmp_path):
    from tests.vendors.make_files import write_png

    png = write_png(tmp_path / "s.png", small_scan.high)
    client = tus_client.TusClient(f"{live_server.url}/api/v1/uploads/", headers={"Authorization": f"Bearer {token}"})
    upload = client.uploader(str(png), chunk_size=10**9)
    upload.upload()
    files = [{"role": "single", "upload": upload.url}]
    first = requests.post(f"{live_server.url}/api/v1/scans", json=metadata("ONCE-1", files=files),
                          headers=_auth(token), timeout=30)
    assert first.status_code == 201
    second = requests.post(f"{live_server.url}/api/v1/scans", json=metadata("ONCE-2", files=files),
                           headers=_auth(token), timeout=30)
    assert second.status_code == 422 and "already belongs to scan" in second.json()["message"]
