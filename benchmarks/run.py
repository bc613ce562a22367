"""`make bench`: every benchmark, one line per figure (ratios against peers measured in the same run)."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in ("bench_tiles.py", "bench_ingest.py", "bench_queue.py", "bench_viewer.py", "bench_push.py",
               "bench_materials.py",
               "bench_store.py"):
    sys.argv = [str(HERE / script)]
    runpy.run_path(str(HERE / script), run_name="__main__")
