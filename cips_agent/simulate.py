"""A stand-in scanner: writes synthetic scans (PNG + manifest, manifest last) into an
export folder at a steady rate, for trying the agent without a scanner."""

from __future__ import annotations

import json
import logging
import os
import time
from datetime import datetime, timezone
from pathlib import Path

log = logging.getLogger("cips_agent.simulate")


def write_one(export: Path, uid: str, seed: int, width: int, height: int) -> Path:
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    # A bright background with a darker load block and noise: enough to look like a scan.
    img = np.full((height, width), 52000, dtype=np.float64)
    x0, x1 = sorted(rng.integers(0, width, 2))
    y0, y1 = sorted(rng.integers(0, height, 2))
    img[y0:y1, x0:x1] *= rng.uniform(0.2, 0.8)
    img += rng.normal(0, 800, img.shape)
    png = export / f"{uid}.png"
    tmp = export / f".{uid}.png.part"
    Image.fromarray(np.clip(img, 0, 65535).astype(np.uint16)).save(tmp, format="PNG")
    os.replace(tmp, png)
    manifest = {
        "scan_uid": uid,
        "scanned_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "conveyance": {"kind": "container", "container_ids": []},
        "weight_kg": float(rng.integers(3000, 30000)),
        "radiation": {"alarm": False, "cps": int(rng.integers(50, 200))},
        "format": "png",
        "files": [{"name": png.name, "role": "single"}],
    }
    tmp = export / f".{uid}.manifest.part"
    tmp.write_text(json.dumps(manifest))
    os.replace(tmp, export / f"{uid}.manifest.json")  # last: the scan is now complete
    return png


def run(export: Path, count: int, per_minute: float, width: int, height: int, prefix: str) -> int:
    export.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
    pause = 60.0 / per_minute if per_minute > 0 else 0.0
    for i in range(count):
        uid = f"{prefix}-{stamp}-{i:05d}"
        write_one(export, uid, i, width, height)
        log.info("scan written", extra={"scan_uid": uid})
        if i + 1 < count:
            time.sleep(pause)
    return 0
