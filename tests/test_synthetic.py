"""Tests for the synthetic dual-energy scan generator (pure numpy, no Flask app needed)."""
from __future__ import annotations

import numpy as np
import pytest

from app.synthetic import KINDS, MATERIALS, MIN_HEIGHT, MIN_WIDTH, SyntheticScan, generate_scan, material_ratio
from app.tiles.physics.substances import CLASS_KEYS, substance

W, H = 768, 320  # small but big enough for every goods block to have interior pixels
SEEDS = range(12)


def _att(img: np.ndarray, i0: int) -> np.ndarray:
    """ln(i0/I), computed here independently of the module under test."""
    return np.log(i0 / np.maximum(img.astype(np.float64), 1.0))


def _class_of(name: str) -> str:
    """The class of a substance from its composition (Z-effective), not from any threshold on R."""
    return CLASS_KEYS[substance(name).material_class]


def _inside(inner: tuple[int, int, int, int], outer: tuple[int, int, int, int]) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return w > 0 and h > 0 and ox <= x and oy <= y and x + w <= ox + ow and y + h <= oy + oh


def _crop(a: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    x, y, w, h = box
    return a[y:y + h, x:x + w]


def test_default_size_dtype_and_shape() -> None:
    s = generate_scan(1)
    assert isinstance(s, SyntheticScan)
    for img in (s.high, s.low):
        assert img.dtype == np.uint16 and img.shape == (2000, 8000) and img.flags.c_contiguous
    assert s.i0 == 60000 and s.kind == "container" and s.concealed_box is None
    assert s.goods and s.concealed_material is None and s.concealed_substance is None
    assert s.scanner == "linac-6/4"


@pytest.mark.parametrize("kind", KINDS)
def test_deterministic_by_seed(kind: str) -> None:
    a = generate_scan(42, W, H, kind=kind, concealment=True)
    b = generate_scan(42, W, H, kind=kind, concealment=True)
    c = generate_scan(43, W, H, kind=kind, concealment=True)
    assert np.array_equal(a.high, b.high) and np.array_equal(a.low, b.low)
    assert a.goods == b.goods and a.concealed_box == b.concealed_box and a.cargo_box == b.cargo_box
    assert not np.array_equal(a.high, c.high)
    assert not np.array_equal(a.low, c.low)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("size", [(MIN_WIDTH, MIN_HEIGHT), (512, 256), (300, 1000)])
def test_small_and_odd_sizes(kind: str, size: tuple[int, int]) -> None:
    w, h = size
    s = generate_scan(5, w, h, kind=kind, concealment=True)
    assert s.high.shape == s.low.shape == (h, w)
    assert _inside(s.cargo_box, (0, 0, w, h))
    assert s.concealed_box is not None and _inside(s.concealed_box, s.cargo_box)
    for g in s.goods:
        assert _inside(g.box, s.cargo_box), g


def test_low_energy_darker_where_material() -> None:
    for kind in KINDS:
        s = generate_scan(3, W, H, kind=kind, concealment=True, noise=0.0)
        # Every material has R >= 1, so without noise low can never be brighter than high.
        assert np.all(s.low <= s.high), kind
        assert (s.low < s.high).mean() > 0.2, kind  # and the vehicle really attenuates
    s = generate_scan(3, W, H)
    a_high = _att(s.high, s.i0)
    material = a_high > 0.3
    assert (s.low[material] <= s.high[material]).mean() > 0.97


def test_air_margins_are_near_i0() -> None:
    for kind in KINDS:
        for seed in range(4):
            s = generate_scan(seed, W, H, kind=kind, i0=50000)
            m = max(2, int(0.02 * W))
            for img in (s.high, s.low):
                margins = np.concatenate([img[:, :m], img[:, -m:]], axis=1).astype(np.float64)
                assert abs(np.median(margins) / 50000 - 1) < 0.01, (kind, seed)
                assert abs(margins.mean() / 50000 - 1) < 0.01, (kind, seed)
                assert 0.0025 < margins.std() / 50000 < 0.01  # photon noise is present
    quiet = generate_scan(0, W, H, noise=0.0, i0=50000)
    assert np.all(quiet.high[:, :5] == 50000) and np.all(quiet.low[:, :5] == 50000)


def test_relative_noise_grows_as_intensity_falls() -> None:
    noisy, clean = generate_scan(2, W, H, noise=0.02), generate_scan(2, W, H, noise=0.0)
    rel = (noisy.high.astype(np.float64) - clean.high) / np.maximum(clean.high, 1)
    bright, dark = clean.high > 0.9 * 60000, (clean.high > 3000) & (clean.high < 15000)
    assert bright.sum() > 1000 and dark.sum() > 100
    assert rel[dark].std() > 1.5 * rel[bright].std()


def test_goods_are_real_materials_and_penetrable() -> None:
    seen: set[str] = set()
    for kind in ("container", "truck", "rail", "car"):
        for seed in SEEDS:
            s = generate_scan(seed, W, H, kind=kind)
            assert s.goods, (kind, seed)
            a_high = _att(s.high, s.i0)
            for g in s.goods:
                assert g.material in MATERIALS and _class_of(g.substance) == g.material, g
                assert 5 < g.area_density < 200, g  # g/cm2 a 6/4 MV portal sees through
                assert _inside(g.box, s.cargo_box), g
                ah = _crop(a_high, g.box)
                # Neither air nor "no penetration": the classifier must be able to see it.
                assert 0.2 < float(np.median(ah)) < 4.0, (kind, seed, g)
                assert float(np.percentile(_crop(s.low, g.box), 10)) > 30, (kind, seed, g)
                seen.add(g.material)
    assert seen == set(MATERIALS)


def test_goods_vary_by_seed() -> None:
    layouts = {tuple((g.box, g.material) for g in generate_scan(s, W, H).goods) for s in SEEDS}
    assert len(layouts) == len(SEEDS)
    counts = {len(generate_scan(seed, W, H).goods) for seed in SEEDS}
    assert len(counts) > 2


def test_empty_container_has_no_goods() -> None:
    s = generate_scan(9, W, H, kind="empty")
    assert s.goods == []
    inside = _att(_crop(s.high, s.cargo_box), s.i0)
    assert float(np.median(inside)) < 0.1  # only the thin side walls


@pytest.mark.parametrize("kind", KINDS)
def test_concealed_object(kind: str) -> None:
    materials = set()
    for seed in range(8):
        hidden = generate_scan(seed, W, H, kind=kind, concealment=True)
        plain = generate_scan(seed, W, H, kind=kind, concealment=False)
        box = hidden.concealed_box
        assert box is not None and _inside(box, (0, 0, W, H)) and _inside(box, hidden.cargo_box)
        assert hidden.concealed_material in ("organic", "metal")
        assert _class_of(hidden.concealed_substance) == hidden.concealed_material
        materials.add(hidden.concealed_material)
        # Same scene and noise draws: the pair differs only where the object is.
        outside = np.ones((H, W), bool)
        x, y, w, h = box
        outside[y:y + h, x:x + w] = False
        assert np.array_equal(hidden.high[outside], plain.high[outside])
        assert np.array_equal(hidden.low[outside], plain.low[outside])
        assert hidden.goods == plain.goods
        # The object adds attenuation; a metal one makes the low/high ratio of what it
        # adds lower than an organic one does (MeV: R falls with Z).
        d_high = _crop(_att(hidden.high, hidden.i0) - _att(plain.high, plain.i0), box)
        d_low = _crop(_att(hidden.low, hidden.i0) - _att(plain.low, plain.i0), box)
        assert float(np.median(d_high)) > 0.1
        r = float(np.median(d_low)) / float(np.median(d_high))
        assert (r > 1.14) if hidden.concealed_material == "organic" else (r < 1.16), (seed, r)
        # A metal object hidden in goods keeps the low-energy image penetrable.
        assert float(np.percentile(_crop(hidden.low, box), 10)) > 30
    if kind in ("container", "rail"):
        assert materials == {"organic", "metal"}


def test_material_ratio_helper() -> None:
    s = generate_scan(4, W, H, noise=0.0)
    r = material_ratio(s.high, s.low, s.i0)
    assert r.shape == s.high.shape
    assert np.isnan(r[:, 0]).all()  # air margin: class undefined
    assert 1.0 < float(np.nanmedian(_crop(r, s.goods[0].box))) < 1.3  # MeV: R near 1


@pytest.mark.parametrize("scanner", ["tube-450", "tube-160/80", "linac-9/6"])
def test_other_scanner_types_see_the_same_scene(scanner: str) -> None:
    base, other = generate_scan(7, W, H), generate_scan(7, W, H, scanner=scanner)
    assert [(g.box, g.substance) for g in base.goods] == [(g.box, g.substance) for g in other.goods]
    assert other.scanner == scanner
    # Smaller beams see a scaled scene that they still penetrate.
    a_low = _att(other.low, other.i0)
    for g in other.goods:
        assert float(np.median(_crop(a_low, g.box))) < 7.0, g


@pytest.mark.parametrize("kwargs, message", [
    ({"width": 0}, "at least"), ({"width": -5}, "at least"), ({"height": 0}, "at least"),
    ({"width": MIN_WIDTH - 1}, "at least"), ({"kind": "boat"}, "unknown kind"),
    ({"i0": 0}, "i0"), ({"i0": 70000}, "i0"), ({"noise": -0.1}, "noise"),
    ({"noise": float("nan")}, "noise"), ({"seed": -1}, "seed"), ({"seed": 1.5}, "integers"),
    ({"scanner": "linac-20/1"}, "unknown scanner"),
    ({"width": 512.0}, "integers"),
])
def test_invalid_arguments(kwargs: dict, message: str) -> None:
    args = {"seed": 1, "width": W, "height": H} | kwargs
    with pytest.raises(ValueError, match=message):
        generate_scan(args.pop("seed"), args.pop("width"), args.pop("height"), **args)
