"""The nginx site in deploy/ works as written: two web processes behind it, the web
app, the API, tus uploads, tiles and Socket.IO (WebSocket upgrade and long-polling,
which needs stickiness) all through nginx."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import requests
import socketio
from tusclient import client as tus_client

from tests.conftest import DEMO_PASSWORD
from tests.helpers import ROOT, free_port, until
from tests.scaleout.cluster import make_cluster
from tests.workflow.conftest import small_png

pytestmark = [pytest.mark.scaleout, pytest.mark.timeout(300)]


def _site(ports: list[int], listen: int) -> str:
    site = (ROOT / "deploy" / "nginx" / "cips.conf").read_text()
    upstream = "".join(f"    server 127.0.0.1:{p};\n" for p in ports)
    lines = [line for line in site.splitlines(keepends=True) if not line.strip().startswith("server 127.0.0.1:")]
    site = "".join(lines).replace("    ip_hash;\n", "    ip_hash;\n" + upstream)
    assert "listen 80;" in site
    return site.replace("listen 80;", f"listen 127.0.0.1:{listen};")


def _start_nginx(folder: Path, ports: list[int]) -> tuple[subprocess.Popen, str]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    listen = free_port()
    (folder / "cips.conf").write_text(_site(ports, listen))
    temp = " ".join(f"{kind}_temp_path {folder}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (folder / "nginx.conf").write_text(
        f"daemon off; pid {folder}/nginx.pid; error_log {folder}/error.log;\n"
        f"events {{}}\nhttp {{ access_log {folder}/access.log; {temp} include {folder}/cips.conf; }}\n")
    process = subprocess.Popen([nginx, "-c", str(folder / "nginx.conf"), "-p", str(folder)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{listen}"

    def up() -> bool:
        assert process.poll() is None, process.stdout.read().decode()
        try:
            return requests.get(f"{url}/api/v1/health/live", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    until(up, 30, "nginx in front of the web processes")
    return process, url


def test_the_deploy_nginx_site_serves_app_api_uploads_tiles_and_live_events(tmp_path):
    cluster = make_cluster(tmp_path)
    nginx = None
    try:
        cluster.start_web("web1")
        cluster.start_web("web2")
        (tmp_path / "nginx").mkdir()
        nginx, url = _start_nginx(tmp_path / "nginx", list(cluster.ports.values()))

        page = requests.get(f"{url}/analyst", timeout=10)
        assert page.status_code == 200 and "<div id=\"app\">" in page.text  # the web app

        # A scan through nginx: a tus upload streamed through, then its registration.
        token = cluster.tokens()["scanner:Beilun Gate 1"]
        png = tmp_path / "scan.png"
        png.write_bytes(small_png(7))
        uploader = tus_client.TusClient(f"{url}/api/v1/uploads/", headers={"Authorization": f"Bearer {token}"}) \
            .uploader(str(png), chunk_size=16 * 1024)
        uploader.upload()
        registered = requests.post(f"{url}/api/v1/scans", headers={"Authorization": f"Bearer {token}"}, timeout=60,
                                   json={"scan_uid": "NGINX-1", "scanned_at": "2026-11-27T08:00:00Z",
                                         "conveyance": {"kind": "container"},
                                         "files": [{"upload": uploader.url, "role": "single"}]})
        assert registered.status_code == 201, registered.text
        scan = registered.json()

        session = requests.Session()
        csrf = session.get(f"{url}/api/v1/auth/csrf", timeout=10).json()["csrf_token"]
        login = session.post(f"{url}/api/v1/auth/login", json={"username": "supervisor", "password": DEMO_PASSWORD},
                             headers={"X-CSRFToken": csrf}, timeout=10)
        assert login.status_code == 200
        until(lambda: session.get(f"{url}{scan['links']['self']}", timeout=10).json()["status"] == "ready", 60,
              "the scan to be ready")
        dzi = session.get(f"{url}{scan['links']['dzi']}", timeout=10)
        assert dzi.status_code == 200 and "<Image" in dzi.text
        tile = session.get(f"{url}{scan['links']['dzi'].rsplit('.', 1)[0]}_files/0/0_0.jpeg", timeout=10)
        assert tile.status_code == 200 and tile.headers["Content-Type"] == "image/jpeg"

        # Live events over an upgraded WebSocket and over long-polling (sticky).
        cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        for transports in (["websocket"], ["polling"]):
            client = socketio.Client(reconnection=False)
            hello = []
            client.on("hello", lambda data: hello.append(data))
            client.connect(url, headers={"Cookie": cookie}, transports=transports, wait_timeout=20)
            until(lambda: hello, 20, f"hello over {transports[0]}")
            assert client.transport() == transports[0]
            client.disconnect()
        access = (tmp_path / "nginx" / "access.log").read_text()
        assert " 101 " in access  # the WebSocket upgrade went through nginx
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(10)
        cluster.stop()
