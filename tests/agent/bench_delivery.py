"""Measure the delivery time of one 64 MB scan (uncompressed two-page TIFF) on
loopback, with and without a bandwidth cap. Not a test; run by hand:

    .venv/bin/python -m tests.agent.bench_delivery /path/to/demo-instance [cap_bytes_per_s ...]

The instance folder needs cips.db and demo_tokens.json (e.g. a copy of the demo seed)."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from app.vendors.writers import write_tiff
from tests.agent.conftest import AgentProcess, Centre, make_site, manifest


def measure(instance: Path, cap: int) -> float:
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        work = Path(tmp)
        (work / "centre").mkdir()
        for name in ("cips.db", "demo_tokens.json"):
            shutil.copy(instance / name, work / "centre" / name)
        centre = Centre(work / "centre")
        centre.start()
        site = make_site(work, centre, bandwidth_bytes_per_s=cap, parallel=1, poll_seconds=0.05)
        rng = np.random.default_rng(1)
        pages = [rng.integers(0, 65535, size=(2048, 8192), dtype=np.uint16) for _ in range(2)]
        tif = write_tiff(work / "BENCH-1.tif", *pages)
        body = manifest("BENCH-1", [{"name": tif.name, "role": "high"}], format="tiff")
        agent = AgentProcess(site).start()
        time.sleep(1.0)
        shutil.move(str(tif), site.export / tif.name)

        (site.export / "BENCH-1.manifest.json").write_text(json.dumps(body))
        start = time.monotonic()
        while not (site.archive / "BENCH-1" / tif.name).exists():
            time.sleep(0.02)
            if time.monotonic() - start > 600:
                raise RuntimeError(agent.logs()[-2000:])
        took = time.monotonic() - start
        agent.stop()
        centre.stop()
        size = (site.archive / "BENCH-1" / tif.name).stat().st_size
        print(f"{size / 2**20:.1f} MiB, cap {cap or 'none'} B/s: {took:.2f} s "
              f"({size * 8 / took / 1e6:.0f} Mbit/s effective)")
        return took


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    for value in sys.argv[2:] or ["0", "12500000"]:
        measure(folder, int(value))
