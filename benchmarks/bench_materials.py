"""Material classification benchmark, against the constant-threshold classifier in the same run.

Run: ``.venv/bin/python benchmarks/bench_materials.py``. One line per figure:
- materials.classify_2000x8000: the calibrated-curve classifier (block means, one table
  look-up per block, painted back to full size) on a synthetic 6/4 MV pair, median of 5,
  against the old constant thresholds on R (goal < 0.3 s);
- materials.table_build: building the lookup table once per calibration (cached per process).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.synthetic import generate_scan  # noqa: E402
from app.synthetic_wedge import generate_wedge  # noqa: E402
from app.tiles.materials import DEFAULT_CALIBRATION, Classifier  # noqa: E402
from app.tiles.physics.calibrate import calibrate  # noqa: E402
from app.tiles.physics.lookup import MaterialLookup  # noqa: E402

RUNS = 5


def median_time(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    scan = generate_scan(1, 8000, 2000, scanner="linac-6/4")
    high, low, wedge = generate_wedge("linac-6/4")
    cal = calibrate(high, low, wedge, "linac-6/4")
    t = time.perf_counter()
    lookup = MaterialLookup(cal)
    build = time.perf_counter() - t
    thresholds = Classifier(DEFAULT_CALIBRATION)
    ours = median_time(lambda: lookup.classify(scan.high, scan.low))
    peer = median_time(lambda: thresholds.classify(scan.high, scan.low))
    print(f"materials.classify_2000x8000 curves={ours:.3f}s thresholds={peer:.3f}s ratio={ours / peer:.2f} "
          f"block={cal.block} goal<0.3s")
    print(f"materials.table_build {build:.2f}s (once per calibration and process)")


if __name__ == "__main__":
    main()
