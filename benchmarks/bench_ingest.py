"""Ingest and serving benchmark, against peers measured in the same run.

Run: ``.venv/bin/python benchmarks/bench_ingest.py``. One line per figure:
- ingest.decode_process_vs_dzsave: our worker tasks (decode raw files + both pyramids + class
  map + histograms, saved) against libvips dzsave building a JPEG q85 pyramid of one
  windowed channel (goal <= 0.7);
- ingest.scan_to_ready: POST /api/v1/scans after the tus upload until the scan is ready,
  median over several scans, against the same dzsave time (goal <= 0.5 s);
- http.tiles_per_s: 16 concurrent keep-alive clients on one `cips serve` process, cached
  and freshly rendered tiles, against a bare gevent server answering fixed bytes;
- http.signed_tiles_per_s: the same for cached tiles under a signed tile link (the fast
  path the viewer uses: no session, no database), goal >= 0.8 of the bare server.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.blueprints.ingest import tasks  # noqa: E402
from app.synthetic import generate_scan  # noqa: E402
from app.vendors.writers import write_raw  # noqa: E402
from benchmarks.bench_tiles import dzsave  # noqa: E402
from tests.helpers import start_live_server  # noqa: E402

WIDTH, HEIGHT = 8000, 2000
CLIENTS = 16


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_processing(scan, work: Path, runs: int = 5) -> float:
    data = work / "raw"
    data.mkdir()
    *files, sidecar = write_raw(data, scan.high, scan.low)
    inputs = [{"path": str(files[0]), "role": "single"}, {"path": str(sidecar), "role": "sidecar"}]

    def ours() -> None:
        out = Path(tempfile.mkdtemp(dir=work))
        tasks.decode(inputs, str(out))
        tasks.process(str(out))
        shutil.rmtree(out)

    lo, hi = np.percentile(scan.high, [0.5, 99.5])
    peer_dir = work / "dz"

    def peer() -> None:
        dzsave(scan.high, (float(hi - lo), float(hi + lo) / 2), str(peer_dir))
        shutil.rmtree(peer_dir, ignore_errors=True)

    t_ours, t_peer = median_time(ours, runs), median_time(peer, runs)
    print(f"ingest.decode_process_vs_dzsave ratio={t_ours / t_peer:.2f} ours={t_ours:.3f}s dzsave={t_peer:.3f}s goal<=0.7")
    return t_peer


def demo_instance(work: Path, password: str = "bench-password") -> Path:
    """A fresh instance folder with the demo's organisation, people and tokens (no scans)."""
    folder = work / "instance"
    env = {**os.environ, "CIPS_INSTANCE_PATH": str(folder)}
    cips = str(Path(sys.executable).parent / "cips")
    for args in (["db", "upgrade"], ["demo", "--no-scans", "--password", password]):
        subprocess.run([cips, *args], env=env, check=True, capture_output=True)
    return folder


def bench_scan_to_ready(server, scan, work: Path, peer_s: float, runs: int = 9) -> int:
    import requests
    from tusclient import client as tus_client

    token = json.loads((server.instance / "demo_tokens.json").read_text())["scanner:Beilun Gate 2"]
    auth = {"Authorization": f"Bearer {token}"}
    *files, sidecar = write_raw(work, scan.high, scan.low)
    tus = tus_client.TusClient(f"{server.url}/api/v1/uploads/", headers=auth)
    times, scan_id = [], 0
    for i in range(runs):
        urls = [tus.uploader(str(p), chunk_size=64 * 1024**2).create_url() for p in (files[0], sidecar)]
        for p, url in zip((files[0], sidecar), urls):
            tus.uploader(str(p), url=url, chunk_size=64 * 1024**2).upload()
        meta = {"scan_uid": f"BENCH-{time.time_ns()}-{i}", "scanned_at": "2026-11-27T08:00:00+00:00",
                "conveyance": {"kind": "container"}, "format": "raw",
                "files": [{"role": "single", "upload": urls[0]}, {"role": "sidecar", "upload": urls[1]}]}
        t0 = time.perf_counter()
        created = requests.post(f"{server.url}/api/v1/scans", json=meta, headers=auth, timeout=60).json()
        scan_id = created["id"]
        while requests.get(f"{server.url}/api/v1/scans/{scan_id}", headers=auth, timeout=10).json()["status"] != "ready":
            time.sleep(0.005)
        times.append(time.perf_counter() - t0)
    median = statistics.median(times)
    print(f"ingest.scan_to_ready median={median:.3f}s vs_dzsave={median / peer_s:.2f} runs={runs} goal<=0.5s")
    return scan_id


async def _hammer(urls: list[str], cookies: dict, seconds: float) -> int:
    import aiohttp

    done = 0
    deadline = time.perf_counter() + seconds
    connector = aiohttp.TCPConnector(limit=CLIENTS)
    async with aiohttp.ClientSession(connector=connector, cookies=cookies) as session:
        async def client(offset: int) -> None:
            nonlocal done
            i = offset
            while time.perf_counter() < deadline:
                async with session.get(urls[i % len(urls)]) as response:
                    await response.read()
                    assert response.status == 200, response.status
                done += 1
                i += CLIENTS
        await asyncio.gather(*(client(k) for k in range(CLIENTS)))
    return done


def tiles_per_s(urls: list[str], cookies: dict, seconds: float = 4.0) -> float:
    return asyncio.run(_hammer(urls, cookies, seconds)) / seconds


PEER = """
import sys
from gevent import socket
from gevent.pywsgi import WSGIServer
body = b"x" * int(sys.argv[2])
sock = socket.socket(); sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1); sock.bind(("127.0.0.1", int(sys.argv[1]))); sock.listen(1024)
def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "image/jpeg"), ("Content-Length", str(len(body)))])
    return [body]
WSGIServer(sock, app, log=None).serve_forever()
"""


def bench_http(server, scan_id: int) -> None:
    import requests

    from tests.helpers import assign_in, free_port

    assign_in(server.instance, scan_id, "analyst")  # analysts see only the scans given to them
    session = server.login("analyst", "bench-password")
    cookies = {c.name: c.value for c in session.cookies}
    base = f"{server.url}/api/v1/scans/{scan_id}/dzi/scan_files"
    level = 13  # full resolution of 8000 px
    tiles = [f"{base}/{level}/{c}_{r}.jpeg" for c in range(32) for r in range(8)]
    for url in tiles:
        session.get(url)  # warm the cache
    cached = tiles_per_s(tiles, cookies)
    fresh = tiles_per_s([f"{u}?gamma={1 + k / 1000:.3f}" for k in range(40) for u in tiles], cookies)
    size = len(session.get(tiles[40]).content)
    # The signed path: links as the scan's JSON hands them to this person (and the tile cookie).
    signed_base = server.url + session.get(f"{server.url}/api/v1/scans/{scan_id}").json()["links"]["dzi"]
    signed_tiles = [signed_base.replace("scan.dzi", f"scan_files/{level}/{c}_{r}.jpeg")
                    for c in range(32) for r in range(8)]
    for url in signed_tiles:
        assert session.get(url).status_code == 200  # warm: the first answer comes from Flask
    cookies = {c.name: c.value for c in session.cookies}
    port = free_port()
    peer = subprocess.Popen([sys.executable, "-c", PEER, str(port), str(size)])
    try:
        for _ in range(100):
            try:
                requests.get(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.05)
        # interleaved, so background load weighs on both alike
        signed, bare = [], []
        for _ in range(3):
            signed.append(tiles_per_s(signed_tiles, cookies, 3.0))
            bare.append(tiles_per_s([f"http://127.0.0.1:{port}/t{i}" for i in range(256)], {}, 3.0))
    finally:
        peer.terminate()
    fast, bare_rate = statistics.median(signed), statistics.median(bare)
    print(f"http.tiles_per_s cached={cached:.0f} rendered={fresh:.0f} bare_gevent={bare_rate:.0f} "
          f"cached_vs_bare={cached / bare_rate:.2f} rendered_vs_bare={fresh / bare_rate:.2f} clients={CLIENTS} "
          "(session path: /api/v1/scans/<id>/dzi)")
    print(f"http.signed_tiles_per_s cached={fast:.0f} bare_gevent={bare_rate:.0f} ratio={fast / bare_rate:.2f} "
          f"goal>=0.8 clients={CLIENTS} tile_bytes={size} (signed link, answered before Flask)")


def main() -> None:
    scan = generate_scan(7, WIDTH, HEIGHT)
    with tempfile.TemporaryDirectory(dir="/dev/shm" if os.path.isdir("/dev/shm") else None) as tmp:
        work = Path(tmp)
        peer_s = bench_processing(scan, work)
        server = start_live_server(demo_instance(work))
        try:
            scan_id = bench_scan_to_ready(server, scan, work, peer_s)
            bench_http(server, scan_id)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
