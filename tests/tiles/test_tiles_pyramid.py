"""Pyramids: level sizes follow the geometry, values are 2x2 means (as libvips computes
them), class maps reduce by mode, and save/load is atomic and memory-mapped."""

from __future__ import annotations

import os

import numpy as np
import pytest
from PIL import Image

from app.tiles import (
    DziGeometry,
    Pyramid,
    downsample_mean,
    downsample_mode,
    load_scan,
    process_scan,
    save_scan,
    store,
)


def brute_mean(a: np.ndarray) -> np.ndarray:
    """Reference: pad odd edges by copying them, then mean of each 2x2, rounded half up."""
    h, w = a.shape
    p = np.pad(a.astype(np.int64), ((0, h % 2), (0, w % 2)), mode="edge")
    s = p[0::2, 0::2] + p[1::2, 0::2] + p[0::2, 1::2] + p[1::2, 1::2]
    return ((s + 2) // 4).astype(a.dtype)


@pytest.mark.parametrize("shape", [(1, 1), (1, 2), (2, 1), (3, 3), (37, 301), (64, 1025),
                                   (2049, 3)])
def test_level_dimensions_match_geometry(shape):
    a = np.zeros(shape, np.uint16)
    p = Pyramid.build(a)
    g = DziGeometry(shape[1], shape[0])
    assert p.max_level == g.max_level
    for level in range(g.level_count):
        w, h = g.level_dimensions(level)
        assert p.level(level).shape == (h, w)


@pytest.mark.parametrize("shape", [(37, 301), (2, 2), (5, 1), (1, 7), (1500, 1)])
def test_levels_are_rounded_means(shape):
    a = np.random.default_rng(3).integers(0, 65536, shape, dtype=np.uint16)
    p = Pyramid.build(a)
    assert p.level(p.max_level) is not None and np.array_equal(p.level(p.max_level), a)
    for level in range(p.max_level, 0, -1):
        assert np.array_equal(p.level(level - 1), brute_mean(p.level(level)))
    assert downsample_mean(np.array([[65535, 65535], [65535, 65534]], np.uint16))[0, 0] == 65535
    assert downsample_mean(np.array([[1, 2], [2, 2]], np.uint16))[0, 0] == 2  # 1.75 -> 2


def test_means_equal_libvips_dzsave(tmp_path, vips):
    a = np.random.default_rng(1).integers(0, 256, (37, 301), dtype=np.uint8)
    vips.Image.new_from_memory(a.tobytes(), 301, 37, 1, "uchar").dzsave(
        str(tmp_path / "x"), layout="dz", tile_size=4096, overlap=0, suffix=".png")
    p = Pyramid.build(a)
    for level in range(p.max_level + 1):
        with Image.open(tmp_path / "x_files" / str(level) / "0_0.png") as tile:
            assert np.array_equal(np.asarray(tile), p.level(level)), f"level {level}"


def brute_mode(c: np.ndarray) -> np.ndarray:
    h, w = c.shape
    p = np.pad(c, ((0, h % 2), (0, w % 2)), mode="edge")
    out = np.empty(((h + 1) // 2, (w + 1) // 2), np.uint8)
    for y in range(out.shape[0]):
        for x in range(out.shape[1]):
            counts = np.bincount(p[2 * y:2 * y + 2, 2 * x:2 * x + 2].ravel(), minlength=4)
            out[y, x] = max(range(4), key=lambda k: (counts[k], k))  # ties: denser class
    return out


def test_class_mode_downsample():
    c = np.random.default_rng(5).integers(0, 4, (33, 47), dtype=np.uint8)
    assert np.array_equal(downsample_mode(c), brute_mode(c))
    assert downsample_mode(np.array([[1, 1], [1, 3]], np.uint8))[0, 0] == 1  # majority
    assert downsample_mode(np.array([[0, 3], [1, 3]], np.uint8))[0, 0] == 3
    assert downsample_mode(np.array([[0, 0], [1, 1]], np.uint8))[0, 0] == 1  # tie: defined wins
    assert downsample_mode(np.array([[1, 2], [3, 0]], np.uint8))[0, 0] == 3  # 4-way: metal
    p = Pyramid.build_classes(c)
    assert p.level(0).dtype == np.uint8 and p.level(0).shape == (1, 1)


def test_invalid_pyramids():
    with pytest.raises(ValueError):
        Pyramid.build(np.zeros((2, 2, 2), np.uint16))
    with pytest.raises(ValueError):
        Pyramid([np.zeros((1, 1)), np.zeros((3, 3))])  # wrong size for level 1
    with pytest.raises(ValueError):
        Pyramid.build(np.zeros((4, 4), np.uint16)).level(3)


def _all_files(root) -> list[str]:
    return sorted(os.path.relpath(os.path.join(d, f), root)
                  for d, _, files in os.walk(root) for f in files)


def test_save_load_round_trip_is_memory_mapped(tmp_path, small_pair):
    scan = process_scan(*small_pair)
    save_scan(scan, tmp_path)
    loaded = load_scan(tmp_path)
    assert loaded.version == scan.version and loaded.calibration == scan.calibration
    for name in ("high", "low"):
        for level in range(scan.channels[name].max_level + 1):
            arr = loaded.channels[name].level(level)
            assert isinstance(arr, np.memmap) and arr.dtype == np.uint16
            assert np.array_equal(arr, scan.channels[name].level(level))
        assert np.array_equal(loaded.stats[name].bins, scan.stats[name].bins)
    assert np.array_equal(loaded.classes.level(loaded.classes.max_level),
                          scan.classes.level(scan.classes.max_level))
    files = _all_files(tmp_path)
    assert not [f for f in files if f.endswith(".tmp")]
    levels = scan.channels["high"].max_level + 1
    assert len(files) == 1 + 3 * levels  # manifest + high, low and class per level


def test_failed_save_leaves_no_partial_files_and_old_version_loads(tmp_path, small_pair,
                                                                    monkeypatch):
    first = process_scan(*small_pair)
    save_scan(first, tmp_path)
    before = _all_files(tmp_path)
    second = process_scan(*small_pair)
    real_save, calls = np.save, []

    def failing_save(f, arr):
        calls.append(1)
        if len(calls) == 5:
            f.write(b"partial")
            raise OSError("disk full")
        real_save(f, arr)

    monkeypatch.setattr(store.np, "save", failing_save)
    with pytest.raises(OSError, match="disk full"):
        save_scan(second, tmp_path)
    assert _all_files(tmp_path) == before  # nothing new, no .tmp, old files untouched
    assert load_scan(tmp_path).version == first.version


def test_resaving_replaces_the_version(tmp_path, small_pair):
    scan = process_scan(*small_pair)
    save_scan(scan, tmp_path)
    save_scan(scan, tmp_path)  # the same version again must not delete what it points at
    assert load_scan(tmp_path).version == scan.version
    newer = process_scan(*small_pair)
    save_scan(newer, tmp_path)
    assert load_scan(tmp_path).version == newer.version
    assert len([d for d in os.listdir(tmp_path) if d.startswith("v-")]) == 1
