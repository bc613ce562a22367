"""Lossless data tiles: both energies and the class map survive packing and PNG exactly."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from app.tiles import process_scan
from app.tiles.packed import OVERLAP, encode_png, pack, unpack


def test_pack_and_png_round_trip_every_16_bit_value():
    rng = np.random.default_rng(3)
    high = np.arange(65536, dtype=np.uint16).reshape(256, 256)  # every value once
    low = rng.integers(0, 65536, (256, 256), dtype=np.uint16)
    classes = rng.integers(0, 4, (256, 256), dtype=np.uint8)
    texels = pack(high, low, classes)
    assert texels.shape == (256, 256 + 64, 4)
    decoded = np.asarray(Image.open(io.BytesIO(encode_png(texels))))  # a standard PNG decoder
    assert decoded.dtype == np.uint8 and np.array_equal(decoded, texels)
    h, lo, c = unpack(decoded, 256)
    assert np.array_equal(h, high) and np.array_equal(lo, low) and np.array_equal(c, classes)


@pytest.mark.parametrize("width", [1, 3, 5, 258])
def test_class_columns_for_any_width(width):
    classes = (np.arange(7 * width) % 4).astype(np.uint8).reshape(7, width)
    high = np.full((7, width), 513, np.uint16)
    texels = pack(high, None, classes)
    assert texels.shape[1] == width + -(-width // 4)
    h, lo, c = unpack(texels, width)
    assert (h == 513).all() and (lo == 0).all() and np.array_equal(c, classes)


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError):
        pack(np.zeros((4, 4), np.uint8))
    with pytest.raises(ValueError):
        pack(np.zeros((4, 4), np.uint16), np.zeros((4, 5), np.uint16))
    with pytest.raises(ValueError):
        encode_png(np.zeros((4, 4, 3), np.uint8))


def test_a_scans_data_tiles_carry_its_pyramid(small_pair):
    scan = process_scan(*small_pair)
    g = scan.data_geometry(16)
    assert g.overlap == OVERLAP == 3
    level = g.max_level
    x, y, w, h = g.tile_bounds(level, 2, 1)
    texels = np.asarray(Image.open(io.BytesIO(scan.packed_tile(g, level, 2, 1))))
    high, low, classes = unpack(texels, w)
    assert np.array_equal(high, scan.channels["high"].level(level)[y:y + h, x:x + w])
    assert np.array_equal(low, scan.channels["low"].level(level)[y:y + h, x:x + w])
    assert np.array_equal(classes, scan.classes.level(level)[y:y + h, x:x + w])
