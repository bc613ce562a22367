"""Ingest through the task queue, against peers measured in the same run.

Run: ``.venv/bin/python benchmarks/bench_queue.py`` (needs PostgreSQL and Redis at
127.0.0.1, as `make test` does). One line per figure:
- queue.scans_per_min: 2,000 x 8,000 dual-energy scans (raw + sidecar) registered in a
  burst on one `cips serve --no-worker`, processed by `cips worker --processes N`
  (N = 1, 2), until every one is ready; against the same decode + pyramid work run
  back to back in this process (the most one process could do). Goal >= 60/min with 2.
- queue.scan_to_ready: one scan at a time, POST /api/v1/scans after its tus upload
  until it is ready, with the queue on Redis (median). Goal <= 0.5 s.
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("CIPS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")

import requests  # noqa: E402
from tusclient import client as tus_client  # noqa: E402

from app.blueprints.ingest import tasks  # noqa: E402
from app.synthetic import generate_scan  # noqa: E402
from app.vendors.writers import write_raw  # noqa: E402
from tests.scaleout.cluster import make_cluster  # noqa: E402

WIDTH, HEIGHT = 8000, 2000
BURST = 16


def serial_seconds_per_scan(files: list[Path], work: Path, runs: int = 3) -> float:
    inputs = [{"path": str(files[0]), "role": "single"}, {"path": str(files[1]), "role": "sidecar"}]
    times = []
    for _ in range(runs):
        out = Path(tempfile.mkdtemp(dir=work))
        t0 = time.perf_counter()
        tasks.decode(inputs, str(out))
        tasks.process(str(out))
        times.append(time.perf_counter() - t0)
        shutil.rmtree(out)
    return statistics.median(times)


def upload(url: str, token: str, files: list[Path]) -> list[str]:
    tus = tus_client.TusClient(f"{url}/api/v1/uploads/", headers={"Authorization": f"Bearer {token}"})
    urls = []
    for path in files:
        uploader = tus.uploader(str(path), chunk_size=64 * 1024**2)
        uploader.upload()
        urls.append(uploader.url)
    return urls


def register(url: str, token: str, uid: str, uploads: list[str]) -> int:
    meta = {"scan_uid": uid, "scanned_at": "2026-11-27T08:00:00+00:00", "conveyance": {"kind": "container"},
            "format": "raw", "files": [{"role": "single", "upload": uploads[0]}, {"role": "sidecar", "upload": uploads[1]}]}
    response = requests.post(f"{url}/api/v1/scans", json=meta, headers={"Authorization": f"Bearer {token}"}, timeout=300)
    response.raise_for_status()
    return response.json()["id"]


def wait_ready(url: str, token: str, scan_ids: list[int]) -> None:
    pending = set(scan_ids)
    while pending:
        for scan_id in list(pending):
            body = requests.get(f"{url}/api/v1/scans/{scan_id}", headers={"Authorization": f"Bearer {token}"},
                                timeout=30).json()
            if body["status"] == "ready":
                pending.discard(scan_id)
            elif body["status"] == "failed":
                raise RuntimeError(body["failure_reason"])
        time.sleep(0.01 if len(pending) < 2 else 0.1)  # a burst: don't load the server we measure


def main() -> None:
    scan = generate_scan(7, WIDTH, HEIGHT)
    with tempfile.TemporaryDirectory(dir="/dev/shm" if os.path.isdir("/dev/shm") else None) as tmp:
        work = Path(tmp)
        *data, sidecar = write_raw(work, scan.high, scan.low)
        files = [data[0], sidecar]
        serial = serial_seconds_per_scan(files, work)
        print(f"queue.serial_work per_scan={serial:.3f}s (decode + pyramids + class map in one process)")
        cluster = make_cluster(work / "cluster")
        try:
            web = cluster.start_web("web", "--no-worker")
            token = cluster.tokens()["scanner:Beilun Gate 2"]
            rates = {}
            for n in (1, 2):
                worker = cluster.start_worker(f"worker{n}", processes=n)
                uploads = [upload(web.url, token, files) for _ in range(BURST)]
                t0 = time.perf_counter()
                with ThreadPoolExecutor(4) as pool:
                    ids = list(pool.map(lambda k: register(web.url, token, f"Q{n}-{k}-{time.time_ns()}", uploads[k]),
                                        range(BURST)))
                wait_ready(web.url, token, ids)
                rates[n] = BURST / (time.perf_counter() - t0) * 60
                ideal = 60 / serial * n
                print(f"queue.scans_per_min workers={n} rate={rates[n]:.1f}/min vs_serial_ideal={rates[n] / ideal:.2f} "
                      f"ideal={ideal:.1f}/min goal>=60/min_with_2")
                if n == 1:
                    worker.send_signal(signal.SIGTERM)
                    worker.wait(120)
            times = []
            for k in range(9):
                uploads = upload(web.url, token, files)
                t0 = time.perf_counter()
                scan_id = register(web.url, token, f"R-{k}-{time.time_ns()}", uploads)
                wait_ready(web.url, token, [scan_id])
                times.append(time.perf_counter() - t0)
            median = statistics.median(times)
            print(f"queue.scan_to_ready median={median:.3f}s vs_serial_work={median / serial:.2f} runs=9 "
                  f"queue=redis goal<=0.5s")
        finally:
            cluster.stop()


if __name__ == "__main__":
    main()
