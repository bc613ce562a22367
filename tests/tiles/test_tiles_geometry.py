"""DZI geometry: golden values (openslide's) and a cross-check against libvips dzsave."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from app.tiles import DziGeometry, TileBounds


def test_golden_300x250():
    g = DziGeometry(300, 250, tile_size=254, overlap=1)
    assert g.level_count == 10
    assert g.max_level == 9
    assert g.tile_counts(9) == (2, 1)
    assert g.tile_bounds(9, 1, 0) == TileBounds(253, 0, 47, 250)
    assert g.tile_bounds(9, 0, 0) == TileBounds(0, 0, 255, 250)
    assert g.level_dimensions(0) == (1, 1)
    assert g.level_dimensions(8) == (150, 125)
    assert g.level_dimensions(5) == (19, 16)  # ceil(300 / 16), ceil(250 / 16)
    assert g.level_dimensions(4) == (10, 8)


@pytest.mark.parametrize("size,max_level", [(1, 0), (2, 1), (3, 2), (4, 2), (5, 3),
                                            (256, 8), (257, 9), (8000, 13)])
def test_max_level_is_ceil_log2(size, max_level):
    assert DziGeometry(size, 1).max_level == max_level
    assert DziGeometry(1, size).max_level == max_level


def test_interior_tile_has_overlap_on_both_sides():
    g = DziGeometry(1000, 1000, tile_size=254, overlap=1)
    assert g.tile_bounds(g.max_level, 1, 1) == TileBounds(253, 253, 256, 256)
    assert g.tile_bounds(g.max_level, 3, 3) == TileBounds(761, 761, 239, 239)


def test_dzi_xml_exact():
    xml = DziGeometry(8000, 2000).dzi_xml("jpeg")
    assert xml == ('<?xml version="1.0" encoding="UTF-8"?><Image '
                   'xmlns="http://schemas.microsoft.com/deepzoom/2008" Format="jpeg" '
                   'Overlap="1" TileSize="254"><Size Width="8000" Height="2000"/></Image>')
    root = ET.fromstring(xml.split("?>", 1)[1])
    assert root.attrib["TileSize"] == "254"


def test_tile_count_and_has_tile():
    g = DziGeometry(300, 250)
    assert g.tile_count() == sum(c * r for c, r in map(g.tile_counts, range(g.level_count)))
    assert g.has_tile(9, 1, 0) and not g.has_tile(9, 2, 0) and not g.has_tile(10, 0, 0)
    with pytest.raises(ValueError):
        g.tile_bounds(9, 0, 1)


@pytest.mark.parametrize("args", [(0, 5), (5, 0), (5, 5, 0), (5, 5, 4, 4), (5, 5, 4, -1)])
def test_invalid_geometry(args):
    with pytest.raises(ValueError):
        DziGeometry(*args)


@pytest.mark.parametrize("width,height", [(300, 250), (1000, 77), (2049, 1), (513, 1025),
                                          (1, 1), (257, 3)])
@pytest.mark.parametrize("tile_size,overlap", [(254, 1), (256, 0), (256, 2), (7, 2)])
def test_matches_libvips_dzsave(tmp_path, vips, width, height, tile_size, overlap):
    pyvips = vips
    image = pyvips.Image.black(width, height).cast("uchar")
    image.dzsave(str(tmp_path / "scan"), layout="dz", tile_size=tile_size, overlap=overlap,
                 suffix=".png")
    g = DziGeometry(width, height, tile_size, overlap)
    files = tmp_path / "scan_files"
    levels = sorted(int(d) for d in os.listdir(files) if d.isdigit())
    assert levels == list(range(g.level_count))
    for level in levels:
        names = os.listdir(files / str(level))
        cols, rows = g.tile_counts(level)
        assert len(names) == cols * rows, f"level {level}"
        for name in names:
            col, row = map(int, re.fullmatch(r"(\d+)_(\d+)\.png", name).groups())
            bounds = g.tile_bounds(level, col, row)
            with Image.open(files / str(level) / name) as tile:
                assert tile.size == (bounds.w, bounds.h), f"level {level} tile {name}"
