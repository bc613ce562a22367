"""Edge enhancement on raw values: the formula the browser repeats, in exact integers."""

from __future__ import annotations

import numpy as np

from app.tiles import edge


def test_flat_data_is_unchanged_and_a_step_is_sharpened():
    flat = np.full((9, 9), 1000, np.uint16)
    assert (edge.enhance(edge.pad_to_level(flat, 0, 0, 9, 9)) == 1000).all()
    step = np.full((9, 12), 1000, np.uint16)
    step[:, 6:] = 3000
    out = edge.enhance(edge.pad_to_level(step, 0, 0, 12, 9)).astype(int)
    assert out[4, 5] < 1000 and out[4, 6] > 3000  # overshoot on both sides of the step
    assert (out[:, :3] == 1000).all() and (out[:, -3:] == 3000).all()


def test_the_formula_by_hand_at_one_pixel():
    rng = np.random.default_rng(1)
    level = rng.integers(0, 65536, (20, 20), dtype=np.uint16)
    k = np.outer(edge.KERNEL_1D, edge.KERNEL_1D)
    y, x = 10, 7
    s = int((level[y - 2:y + 3, x - 2:x + 3].astype(np.int64) * k).sum())
    v = int(level[y, x])
    expected = min(65535, max(0, int(np.floor(v + edge.AMOUNT * (v - s / 256) + 0.5))))
    assert edge.enhance(edge.pad_to_level(level, x, y, 1, 1))[0, 0] == expected


def test_blocks_match_the_whole_level_with_the_border_repeated():
    rng = np.random.default_rng(2)
    level = rng.integers(0, 65536, (23, 31), dtype=np.uint16)
    whole = edge.enhance(np.pad(level, edge.RADIUS, mode="edge"))
    for x, y, w, h in [(0, 0, 8, 8), (5, 3, 10, 7), (25, 18, 6, 5), (0, 0, 31, 23)]:
        block = edge.enhance(edge.pad_to_level(level, x, y, w, h))
        assert np.array_equal(block, whole[y:y + h, x:x + w])
