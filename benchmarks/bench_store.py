"""Image store benchmark: tiles of a 2,000 x 8,000 scan kept in an S3 bucket (SeaweedFS on
this host) against the same scan on the local disk, measured in the same run.

- ``store.cold_first_tile``: open the scan and render the first tile a 1920-wide viewer asks
  for (the level that fits the screen), with an empty cache: manifest + the level files that
  tile needs come from the bucket. Goal <= 300 ms. Peer: the same from the local folder.
- ``store.cold_full_res_tile``: the same for a full-resolution tile (its level files are the
  largest: ~32 MB per channel).
- ``store.warm_tile``: tiles rendered from a scan whose levels are in the local cache (memory
  maps) against the scan on the local disk; the ratio should be ~1.

Run: ``.venv/bin/python benchmarks/bench_store.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.storage import LocalCache, S3Objects, open_remote_scan  # noqa: E402
from app.tiles import LutCache, RenderParams, load_scan, process_scan, save_scan  # noqa: E402
from app.tiles.materials import DEFAULT_CALIBRATION  # noqa: E402
from app.tiles.store import MANIFEST  # noqa: E402
from tests.s3 import ACCESS_KEY, BUCKET, SECRET_KEY, start_s3  # noqa: E402

WIDTH, HEIGHT = 8000, 2000
SCREEN = 1920


def _upload(objects: S3Objects, folder: Path, scan_id: int) -> None:
    from app.storage import sha256_file

    manifest = json.loads((folder / MANIFEST).read_text())
    data = folder / manifest["data"]
    files = {}
    for path in sorted(data.iterdir()):
        key = f"scans/{scan_id}/pyramid/{data.name}/{path.name}"
        objects.put_file(key, path)
        files[path.name] = {"key": key, "size": path.stat().st_size, "sha256": sha256_file(path)}
    objects.put_bytes(f"scans/{scan_id}/pyramid/{MANIFEST}", json.dumps({**manifest, "objects": files}).encode())


def _first_tile(scan, level: int, col: int = 0, row: int = 0) -> bytes:
    geometry = scan.geometry(254, 1)
    return scan.render_tile(geometry, level, col, row, RenderParams(), LutCache())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from app.synthetic import generate_scan

    root = Path(tempfile.mkdtemp(prefix="cips-bench-store-"))
    server = start_s3(root / "seaweedfs")
    try:
        pair = generate_scan(7, width=WIDTH, height=HEIGHT)
        processed = process_scan(pair.high, pair.low, DEFAULT_CALIBRATION)
        local = root / "local" / "scans" / "1" / "pyramid"
        save_scan(processed, local, fsync=False)
        objects = S3Objects(BUCKET, "bench", server.endpoint, ACCESS_KEY, SECRET_KEY, "us-east-1")
        _upload(objects, local, 1)
        top = processed.geometry(254, 1).level_count - 1
        fit = top - max(0, math.ceil(math.log2(WIDTH / SCREEN)))

        def cold_s3(level: int) -> float:
            cache_dir = Path(tempfile.mkdtemp(dir=root))
            start = time.perf_counter()
            scan = open_remote_scan(objects, LocalCache(cache_dir, 10 * 1024**3), 1)
            _first_tile(scan, level)
            took = time.perf_counter() - start
            shutil.rmtree(cache_dir)
            return took

        def cold_local(level: int) -> float:
            start = time.perf_counter()
            _first_tile(load_scan(local), level)
            return time.perf_counter() - start

        for name, level in (("cold_first_tile", fit), ("cold_full_res_tile", top)):
            ours = statistics.median(cold_s3(level) for _ in range(args.runs))
            peer = statistics.median(cold_local(level) for _ in range(args.runs))
            goal = " goal<=300ms" if name == "cold_first_tile" else ""
            print(f"store.{name} level={level} s3={ours * 1000:.0f}ms local={peer * 1000:.1f}ms "
                  f"ratio={ours / peer:.1f}{goal}", flush=True)

        cache_dir = root / "warm"
        warm = open_remote_scan(objects, LocalCache(cache_dir, 10 * 1024**3), 1)
        disk = load_scan(local)
        geometry = disk.geometry(254, 1)
        cols, rows = geometry.tile_counts(top)
        tiles = [(c, r) for c in range(min(cols, 20)) for r in range(min(rows, 6))]
        luts = LutCache()
        for scan in (warm, disk):  # fetch / page in, build the LUT
            for c, r in tiles:
                scan.render_tile(geometry, top, c, r, RenderParams(), luts)

        def per_tile(scan) -> float:
            start = time.perf_counter()
            for c, r in tiles:
                scan.render_tile(geometry, top, c, r, RenderParams(), luts)
            return (time.perf_counter() - start) / len(tiles)

        samples = []
        for i in range(args.runs * 2):  # alternate which goes first
            if i % 2:
                d = per_tile(disk)
                samples.append((per_tile(warm), d))
            else:
                samples.append((per_tile(warm), per_tile(disk)))
        ours = statistics.median(s[0] for s in samples)
        peer = statistics.median(s[1] for s in samples)
        print(f"store.warm_tile cached={ours * 1000:.3f}ms local={peer * 1000:.3f}ms ratio={ours / peer:.2f}",
              flush=True)
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
