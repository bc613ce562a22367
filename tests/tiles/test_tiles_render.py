"""Tile rendering: exact tile sizes, each parameter's effect, and no seams between tiles."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from app.tiles import DziGeometry, LutCache, RenderParams, TileBounds, process_scan, render_tile
from app.tiles.render import render_image

# columns of the four bands of conftest.patch_pair(37, 301): air, organic, inorganic, metal
AIR, ORG, INORG, METAL_COL = 30, 110, 190, 270


@pytest.fixture
def scan(small_pair):
    return process_scan(*small_pair)


def pixels(scan, params: RenderParams, level: int | None = None) -> np.ndarray:
    level = scan.channels["high"].max_level if level is None else level
    return np.asarray(scan.render_level(level, params, LutCache())).astype(int)


@pytest.mark.parametrize("tile_size,overlap", [(254, 1), (16, 1), (7, 2)])
@pytest.mark.parametrize("params", [
    RenderParams(), RenderParams(material=True, fmt="png"), RenderParams(edge=True),
    RenderParams(strip="organic", cmap="hot", invert=True, fmt="png"),
])
def test_every_tile_decodes_to_the_geometry_size(scan, tile_size, overlap, params):
    g = scan.geometry(tile_size, overlap)
    luts = LutCache()
    for level in range(g.level_count):
        cols, rows = g.tile_counts(level)
        for col in range(cols):
            for row in range(rows):
                data = scan.render_tile(g, level, col, row, params, luts)
                with Image.open(io.BytesIO(data)) as tile:
                    assert tile.format == params.fmt.upper()
                    b = g.tile_bounds(level, col, row)
                    assert tile.size == (b.w, b.h), (level, col, row)
                    assert tile.mode == ("RGB" if params.material or params.cmap != "grey"
                                         else "L")


def test_invert_flips(scan):
    plain = pixels(scan, RenderParams(window=60000, level=30000))
    inverted = pixels(scan, RenderParams(window=60000, level=30000, invert=True))
    assert np.abs(plain + inverted - 255).max() <= 1
    assert plain[:, AIR].mean() > 200 and inverted[:, AIR].mean() < 55


def test_window_clamps_and_stretches(scan):
    high = scan.channels["high"].level(scan.channels["high"].max_level)
    organic = float(np.median(high[:, ORG]))
    p = pixels(scan, RenderParams(window=400, level=organic))
    assert 90 < p[:, ORG].mean() < 165  # the window's centre is mid-grey
    assert (p[:, METAL_COL] == 255).all()  # brighter than the window: clamped white
    assert (p[:, AIR] == 255).all()
    darker = pixels(scan, RenderParams(window=400, level=float(high[:, AIR].max()) + 300))
    assert (darker[:, ORG] == 0).all()  # everything below the window: black


def test_default_window_comes_from_the_histogram(scan):
    auto = pixels(scan, RenderParams())
    full = pixels(scan, RenderParams(window=65536, level=32767.5))
    assert auto.std() > full.std()  # percentiles spread the used range over 0..255


def test_gamma_brightens_mid_tones(scan):
    base = RenderParams(window=60000, level=30000)
    assert pixels(scan, RenderParams(window=60000, level=30000, gamma=2.0))[:, ORG].mean() > \
        pixels(scan, base)[:, ORG].mean() + 20


def test_hipen_stretches_the_dense_range(scan):
    base = pixels(scan, RenderParams(window=60000, level=30000))
    hipen = pixels(scan, RenderParams(window=60000, level=30000, hipen=True))
    assert hipen[:, ORG].mean() > base[:, ORG].mean() + 40  # dense goods come out of the dark
    assert abs(hipen[:, AIR].mean() - base[:, AIR].mean()) < 15  # thin matter stays bright


def test_material_colours(scan):
    rgb = pixels(scan, RenderParams(material=True, window=60000, level=30000))
    r, g, b = (rgb[:, :, i].mean(axis=0) for i in range(3))
    assert r[ORG] > g[ORG] > b[ORG]  # orange
    assert g[INORG] > r[INORG] and g[INORG] > b[INORG]  # green
    assert b[METAL_COL] > r[METAL_COL] and b[METAL_COL] > g[METAL_COL]  # blue
    assert abs(r[AIR] - g[AIR]) <= 1 and abs(g[AIR] - b[AIR]) <= 1  # undefined: grey


def test_strip_hides_other_classes(scan):
    base = RenderParams(window=60000, level=30000)
    shown = pixels(scan, base)
    metal_only = pixels(scan, RenderParams(window=60000, level=30000, strip="metal"))
    assert np.array_equal(metal_only[:, METAL_COL], shown[:, METAL_COL])
    assert metal_only[:, ORG].min() >= 225 and shown[:, ORG].max() < 200  # washed out
    assert metal_only[:, INORG].min() >= 225
    organic_only = pixels(scan, RenderParams(window=60000, level=30000, strip="organic",
                                             material=True))
    assert organic_only[:, METAL_COL].min() >= 225
    assert organic_only[:, ORG, 0].mean() > organic_only[:, ORG, 2].mean() + 50  # still orange


def test_colour_maps_differ(scan):
    params = dict(window=60000, level=30000)
    hot = pixels(scan, RenderParams(cmap="hot", **params))
    rainbow = pixels(scan, RenderParams(cmap="rainbow", **params))
    bone = pixels(scan, RenderParams(cmap="bone", **params))
    assert hot[:, ORG, 0].mean() > hot[:, ORG, 2].mean() + 100  # hot: red before blue
    assert not np.array_equal(hot, rainbow) and not np.array_equal(hot, bone)
    assert bone[:, ORG, 2].mean() > bone[:, ORG, 0].mean()  # bone: a cold tint


def assert_tiles_match_whole_level(scan, params: RenderParams, tile_size: int = 16) -> None:
    g = scan.geometry(tile_size, 1)
    luts = LutCache()
    for level in (g.max_level, g.max_level - 1):
        whole = np.asarray(scan.render_level(level, params, luts))
        cols, rows = g.tile_counts(level)
        for col in range(cols):
            for row in range(rows):
                x, y, w, h = b = g.tile_bounds(level, col, row)
                src = scan._sources(level, params)
                tile = np.asarray(render_image(src["channel"], b, params, luts,
                                               classes=src["classes"], stats=src["stats"]))
                assert np.array_equal(tile, whole[y:y + h, x:x + w]), (level, col, row)


def test_edge_enhancement_has_no_seams(scan):
    high = scan.channels["high"].level(scan.channels["high"].max_level)
    organic = float(np.median(high[:, ORG]))  # a window on the noisy organic band: texture
    assert_tiles_match_whole_level(scan, RenderParams(edge=True, window=200, level=organic))
    assert_tiles_match_whole_level(scan, RenderParams(edge=True, material=True))
    sharp = pixels(scan, RenderParams(edge=True, window=200, level=organic))
    soft = pixels(scan, RenderParams(window=200, level=organic))
    band = slice(ORG - 20, ORG + 20)
    assert 8 < soft[:, band].std() < 100  # the band is textured, not clipped
    assert sharp[:, band].std() > soft[:, band].std() + 5  # and the texture is sharpened


def test_equalisation_uses_the_global_histogram(scan):
    assert_tiles_match_whole_level(scan, RenderParams(equalize=True))
    eq = pixels(scan, RenderParams(equalize=True))
    # four bands of equal area: equalised, their grey levels spread evenly over 0..255
    means = sorted(eq[:, c].mean() for c in (AIR, ORG, INORG, METAL_COL))
    assert means[0] < 60 and means[-1] > 200 and min(np.diff(means)) > 30
    luts = LutCache()
    high = scan.channels["high"].level(5)
    with pytest.raises(ValueError, match="histogram"):
        render_tile(high, TileBounds(0, 0, 2, 2), RenderParams(equalize=True), luts)


def test_class_aware_render_needs_a_class_map(small_pair):
    single = process_scan(small_pair[0])  # single energy: no class map
    g = single.geometry()
    assert single.classes is None and "low" not in single.channels
    assert single.render_tile(g, g.max_level, 0, 0, RenderParams(), LutCache())
    for params in (RenderParams(material=True), RenderParams(strip="metal"),
                   RenderParams(channel="low")):
        with pytest.raises(ValueError):
            single.render_tile(g, g.max_level, 0, 0, params, LutCache())


def test_bad_bounds_and_lut_reuse(scan):
    luts = LutCache(max_entries=2)
    level = scan.channels["high"].level(scan.channels["high"].max_level)
    with pytest.raises(ValueError):
        render_tile(level, TileBounds(290, 0, 20, 10), RenderParams(), luts)
    stats = scan.stats["high"]
    first = luts.get(RenderParams(), stats)
    assert luts.get(RenderParams(edge=True, fmt="png"), stats) is first  # same table
    assert luts.get(RenderParams(), None) is not first  # default window differs
    luts.get(RenderParams(invert=True), stats)
    assert len(luts) == 2


def test_jpeg_quality_is_85_by_default(scan):
    g = DziGeometry(scan.width, scan.height)
    data = scan.render_tile(g, g.max_level, 0, 0, RenderParams(), LutCache())
    lower = scan.render_tile(g, g.max_level, 0, 0, RenderParams(), LutCache(), quality=30)
    assert data[:2] == b"\xff\xd8" and len(lower) < len(data)
