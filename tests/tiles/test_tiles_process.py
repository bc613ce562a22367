"""End to end: a scan is processed, saved, loaded and served; the package has no Flask."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from app.synthetic_wedge import generate_wedge
from app.tiles.physics.calibrate import calibrate
from app.tiles import (
    DEFAULT_CALIBRATION,
    INORGANIC,
    METAL,
    ORGANIC,
    UNDEFINED,
    LutCache,
    RenderParams,
    classify,
    load_scan,
    process_scan,
    save_scan,
)

REPO = Path(__file__).resolve().parents[2]


def test_importing_tiles_does_not_import_flask():
    code = "import sys, app.tiles; assert 'flask' not in sys.modules, 'flask imported'"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_process_scan_contents(small_pair):
    high, low = small_pair
    scan = process_scan(high, low, workers=2)
    assert (scan.width, scan.height) == (301, 37)
    assert set(scan.channels) == {"high", "low"} and set(scan.stats) == {"high", "low"}
    top = scan.classes.max_level
    assert np.array_equal(scan.classes.level(top), classify(high, low))
    assert set(np.unique(scan.classes.level(top))) == {UNDEFINED, ORGANIC, INORGANIC, METAL}
    assert scan.stats["high"].total == scan.channels["high"].level(top - 1).size
    assert scan.calibration == {k: float(v) for k, v in DEFAULT_CALIBRATION.items()}
    assert process_scan(high, low).version != scan.version  # every processing is new


def test_one_worker_gives_the_same_result(small_pair):
    a, b = process_scan(*small_pair, workers=1), process_scan(*small_pair, workers=3)
    for level in range(a.classes.max_level + 1):
        assert np.array_equal(a.classes.level(level), b.classes.level(level))
        assert np.array_equal(a.channels["low"].level(level), b.channels["low"].level(level))


@pytest.mark.parametrize("high,low", [
    (np.zeros((4, 4), np.float32), None),
    (np.zeros((4, 4), np.uint16), np.zeros((4, 5), np.uint16)),
    (np.zeros((0, 4), np.uint16), None),
    (np.zeros(4, np.uint16), None),
])
def test_rejects_bad_input(high, low):
    with pytest.raises(ValueError):
        process_scan(high, low)


def test_synthetic_scan_served_from_disk(tmp_path):
    synthetic = pytest.importorskip("app.synthetic")
    s = synthetic.generate_scan(3, width=640, height=160)
    # The synthetic portal is a 6/4 MV linac, calibrated from its own step-wedge scan.
    w_high, w_low, wedge = generate_wedge("linac-6/4")
    calibration = calibrate(w_high, w_low, wedge, "linac-6/4", block=6).to_dict()
    save_scan(process_scan(s.high, s.low, calibration), tmp_path)
    scan = load_scan(tmp_path)
    g = scan.geometry()
    luts = LutCache()
    for level in (0, g.max_level // 2, g.max_level):
        for params in (RenderParams(), RenderParams(material=True, edge=True)):
            data = scan.render_tile(g, level, 0, 0, params, luts)
            with Image.open(io.BytesIO(data)) as tile:
                bounds = g.tile_bounds(level, 0, 0)
                assert tile.size == (bounds.w, bounds.h)
    # the goods the generator put in are classified as the material it says they are
    classes = scan.classes.level(scan.classes.max_level)
    expected = {"organic": ORGANIC, "inorganic": INORGANIC, "metal": METAL}
    for goods in s.goods:
        x, y, w, h = goods.box
        core = classes[y + h // 4:y + 3 * h // 4, x + w // 4:x + 3 * w // 4]
        if core.size:
            share = np.mean(core == expected[goods.material])
            assert share > 0.5, (goods.material, share)
    assert scan.material_source == "cips-calibrated"
