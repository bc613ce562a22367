"""Material classification on known attenuations and ratios, and calibration checks."""

from __future__ import annotations

import numpy as np
import pytest

from app.tiles import (
    DEFAULT_CALIBRATION,
    INORGANIC,
    METAL,
    ORGANIC,
    UNDEFINED,
    Classifier,
    classify,
    validate_calibration,
)
from app.tiles.materials import classify_float


@pytest.mark.parametrize("a_high,ratio,expected", [
    (1.0, 1.2, ORGANIC),       # plastics, food
    (2.0, 1.45, ORGANIC),
    (1.0, 2.0, INORGANIC),     # aluminium, glass
    (0.5, 2.7, INORGANIC),
    (0.8, 4.5, METAL),         # iron
    (0.3, 5.0, METAL),         # copper
    (0.01, 1.2, UNDEFINED),    # air: A_high below a_min
    (6.0, 1.0, UNDEFINED),     # no penetration: A_high above a_max
])
def test_known_values(intensities, a_high, ratio, expected):
    h, lo = intensities(a_high, ratio)
    high = np.full((3, 4), h, np.uint16)
    low = np.full((3, 4), lo, np.uint16)
    out = classify(high, low)
    assert out.dtype == np.uint8 and out.shape == (3, 4)
    assert (out == expected).all(), (h, lo, out[0, 0])


def test_zero_intensity_is_undefined_and_zero_low_is_metal():
    high = np.array([[0, 20000]], np.uint16)
    low = np.array([[0, 0]], np.uint16)
    assert classify(high, low).tolist() == [[UNDEFINED, METAL]]


def test_matches_float_formula_on_random_pairs():
    rng = np.random.default_rng(0)
    high = rng.integers(1, 65536, (300, 700), dtype=np.uint16)
    low = (high * rng.uniform(0.0, 1.0, high.shape)).astype(np.uint16)
    ours = classify(high, low)
    reference = classify_float(high, low)
    # the two differ only where float32 rounding lands exactly on a boundary
    assert np.count_nonzero(ours != reference) <= high.size * 1e-4
    assert set(np.unique(ours)) == {UNDEFINED, ORGANIC, INORGANIC, METAL}


def test_thresholds_follow_the_calibration(intensities):
    h, lo = intensities(1.0, 1.7)
    high, low = np.full((1, 1), h, np.uint16), np.full((1, 1), lo, np.uint16)
    assert classify(high, low)[0, 0] == INORGANIC
    loose = dict(DEFAULT_CALIBRATION, r_organic_max=1.8)
    assert Classifier(loose).classify(high, low)[0, 0] == ORGANIC


def test_calibration_validation():
    assert validate_calibration(DEFAULT_CALIBRATION) == {k: float(v) for k, v in
                                                         DEFAULT_CALIBRATION.items()}
    bad = [
        ({**DEFAULT_CALIBRATION, "i0": 0}, "i0"),
        ({**DEFAULT_CALIBRATION, "i0": 70000}, "i0"),
        ({**DEFAULT_CALIBRATION, "r_organic_max": 3.0}, "r_organic_max"),
        ({**DEFAULT_CALIBRATION, "a_min": 0}, "a_min"),
        ({**DEFAULT_CALIBRATION, "a_max": 0.01}, "a_max"),
        ({**DEFAULT_CALIBRATION, "a_max": float("nan")}, "a_max"),
        ({**DEFAULT_CALIBRATION, "i0": "60000"}, "i0"),
        ({**DEFAULT_CALIBRATION, "extra": 1}, "unknown keys extra"),
        ({k: v for k, v in DEFAULT_CALIBRATION.items() if k != "a_min"}, "missing a_min"),
        ([1, 2], "mapping"),
    ]
    for calibration, words in bad:
        with pytest.raises(ValueError, match=words):
            validate_calibration(calibration)


def test_rejects_mismatched_inputs():
    with pytest.raises(ValueError):
        classify(np.zeros((2, 2), np.uint16), np.zeros((2, 3), np.uint16))
    with pytest.raises(ValueError):
        classify(np.zeros((2, 2), np.float32), np.zeros((2, 2), np.float32))


def test_large_image_in_blocks_matches_whole(patch_pair):
    high, low = patch_pair(700, 1500, seed=2)  # several blocks of the blocked loop
    whole = Classifier()
    blockwise = whole.classify(high, low)
    rowwise = np.vstack([whole.classify(high[i:i + 1], low[i:i + 1]) for i in range(700)])
    assert np.array_equal(blockwise, rowwise)
    assert np.array_equal(np.unique(blockwise[:, 10]), [UNDEFINED])  # the air band
