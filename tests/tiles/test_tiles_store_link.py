"""The full-resolution level of a memory-mapped channel is stored by hard link, not copied."""

from __future__ import annotations

import os

import numpy as np

from app.tiles import load_scan, process_scan, save_scan


def test_a_mapped_channel_is_linked_and_a_plain_one_written(tmp_path):
    rng = np.random.default_rng(3)
    high = rng.integers(1000, 60000, size=(100, 300), dtype=np.uint16)
    low = (high * 0.8).astype(np.uint16)
    np.save(tmp_path / "high.npy", high)
    mapped = np.load(tmp_path / "high.npy", mmap_mode="r")

    saved = save_scan(process_scan(mapped, low), tmp_path / "pyramid", fsync=False)
    data = next(saved.glob("v-*"))
    assert os.stat(data / "high_09.npy").st_ino == os.stat(tmp_path / "high.npy").st_ino
    assert os.stat(data / "low_09.npy").st_nlink == 1  # an in-memory array is written

    loaded = load_scan(saved)
    assert np.array_equal(loaded.channels["high"].level(9), high)
    assert np.array_equal(loaded.channels["low"].level(9), low)


def test_a_map_of_part_of_a_file_is_copied(tmp_path):
    big = np.arange(200 * 300, dtype=np.uint16).reshape(200, 300)
    np.save(tmp_path / "big.npy", big)
    part = np.load(tmp_path / "big.npy", mmap_mode="r")[:100]
    assert isinstance(part, np.memmap) and part.flags.c_contiguous
    saved = save_scan(process_scan(part), tmp_path / "p", fsync=False)
    top = next(saved.glob("v-*")) / "high_09.npy"
    assert os.stat(top).st_nlink == 1
    assert np.array_equal(np.load(top), big[:100])
