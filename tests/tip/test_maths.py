"""The pure parts of TIP: compositing in attenuation space, placement, scoring rules, d'."""

from __future__ import annotations

import math

import numpy as np
import pytest

from app.blueprints.tip import maths
from app.blueprints.tip.reveal import outcome_of
from app.synthetic import generate_scan


def test_composite_adds_the_fti_attenuation_exactly_under_its_mask_on_both_energies():
    scan = generate_scan(3, 900, 400)
    fti = maths.make_fti("weapons", 7)
    rng = np.random.default_rng(1)
    x, y = maths.choose_place(scan.high, fti.shape[1], fti.shape[0], rng)
    out = maths.project({"high": scan.high, "low": scan.low}, fti, x, y)
    for name, a in (("high", fti.a_high), ("low", fti.a_low)):
        before, after = scan.high if name == "high" else scan.low, out[name]
        changed = before != after
        inside = np.zeros_like(changed)
        inside[y:y + fti.shape[0], x:x + fti.shape[1]] = fti.mask
        assert not (changed & ~inside).any(), f"{name}: a pixel outside the mask changed"
        assert changed[inside].all(), f"{name}: a pixel under the mask kept its value"
        # In attenuation space the difference is the FTI's own attenuation (up to rounding).
        window = (slice(y, y + fti.shape[0]), slice(x, x + fti.shape[1]))
        added = np.log(before[window].astype(float) / after[window].astype(float))
        quantum = 1 / after[window].astype(float)  # one grey level, in attenuation
        assert np.all(np.abs(added - a)[fti.mask] <= quantum[fti.mask] + 1e-6)
        assert np.all(added[~fti.mask] == 0)


def test_the_material_ratio_under_the_fti_is_that_of_the_fti_added_to_the_cargo():
    """R of the composite = (A_low + a_low) / (A_high + a_high): the tools read a real object."""
    scan = generate_scan(4, 900, 400)
    fti = maths.make_fti("narcotics", 2)
    x, y = maths.choose_place(scan.high, fti.shape[1], fti.shape[0], np.random.default_rng(2))
    out = maths.project({"high": scan.high, "low": scan.low}, fti, x, y)
    ys, xs = np.nonzero(fti.mask)
    py, px = ys[len(ys) // 2] + y, xs[len(xs) // 2] + x
    i0 = scan.i0
    a_h, a_l = math.log(i0 / scan.high[py, px]), math.log(i0 / scan.low[py, px])
    r_expected = (a_l + fti.a_low[py - y, px - x]) / (a_h + fti.a_high[py - y, px - x])
    r = math.log(i0 / out["low"][py, px]) / math.log(i0 / out["high"][py, px])
    assert r == pytest.approx(r_expected, abs=0.01)


def test_the_fti_is_placed_over_cargo():
    scan = generate_scan(5, 900, 400)
    fti = maths.make_fti("undeclared_goods", 1)
    for seed in range(5):
        x, y = maths.choose_place(scan.high, fti.shape[1], fti.shape[0], np.random.default_rng(seed))
        cx, cy, cw, ch = scan.cargo_box
        assert cx - 10 <= x and x + fti.shape[1] <= cx + cw + 10 and cy - 10 <= y <= cy + ch


@pytest.mark.parametrize("category", maths.SYNTHETIC)
def test_every_category_has_a_synthetic_fti(category):
    fti = maths.make_fti(category, 1)
    assert fti.mask.any() and (fti.a_high[fti.mask] > 0).all() and (fti.a_low[fti.mask] > 0).all()
    again = maths.Fti.from_bytes(fti.to_bytes())
    assert np.array_equal(again.a_high, fti.a_high) and np.array_equal(again.mask, fti.mask)


def test_organic_ftis_have_an_organic_ratio_and_metal_ones_a_metal_ratio():
    """MeV linac: R = A_low / A_high is higher for organics than for iron (DOMAIN.md)."""
    drugs, gun = maths.make_fti("narcotics", 1), maths.make_fti("weapons", 1)
    r_drugs = float(np.median(drugs.a_low[drugs.mask] / drugs.a_high[drugs.mask]))
    r_gun = float(np.median(gun.a_low[gun.mask] / gun.a_high[gun.mask]))
    assert r_drugs > r_gun


def _region(x, y, w, h):
    return {"body": [{"purpose": "tagging", "value": "x"}],
            "target": {"selector": {"type": "FragmentSelector", "value": f"xywh=pixel:{x},{y},{w},{h}"}}}


def test_hit_miss_rules():
    box = (100, 50, 40, 30)
    assert outcome_of("suspect", [_region(100, 50, 40, 30)], box) == "hit"
    assert outcome_of("suspect", [_region(110, 55, 10, 10)], box) == "hit"  # centre inside
    assert outcome_of("suspect", [_region(90, 40, 80, 60)], box) == "hit"  # IoU 0.25 but centre inside
    assert outcome_of("suspect", [_region(0, 0, 30, 30)], box) == "miss"  # elsewhere
    assert outcome_of("suspect", [_region(0, 0, 30, 30), _region(105, 52, 30, 25)], box) == "hit"
    assert outcome_of("clear", [], box) == "miss"


def test_d_prime_on_a_planted_set():
    # 40 projections, 30 hits; 200 real scans (no proven suspects), 20 false alarms.
    h, f = (30 + 0.5) / 41, (20 + 0.5) / 201
    from statistics import NormalDist
    expected = NormalDist().inv_cdf(h) - NormalDist().inv_cdf(f)
    assert maths.d_prime(30, 40, 20, 200) == pytest.approx(expected)
    assert maths.d_prime(30, 40, 20, 200) == pytest.approx(0.6554 + 1.2703, abs=1e-3)  # Z(0.7439) - Z(0.1020), from tables
    # Perfect and null performance stay finite; none without both kinds of trial.
    assert math.isfinite(maths.d_prime(10, 10, 0, 50)) and maths.d_prime(10, 10, 0, 50) > 2.5
    assert maths.d_prime(5, 10, 25, 50) == pytest.approx(0.0, abs=0.05)
    assert maths.d_prime(0, 0, 3, 10) is None and maths.d_prime(3, 5, 0, 0) is None


def test_a_link_to_another_view_has_the_shape_of_any_link_and_names_its_view():
    from app.tiles import links

    key = links.derive_key("secret")
    plain = links.sign(key, 42, 7, 7200)
    viewed = links.sign(key, 42, 7, 7200, view=123)
    assert plain != viewed and len(plain) == len(viewed) and plain.rsplit(".", 1)[0] == viewed.rsplit(".", 1)[0]
    assert links.verify(key, plain, 0).view is None
    assert links.verify(key, viewed, 0) == links.TileLink(42, 7, 7200, 123)
    # Tampering with the MAC field, or another key, is refused.
    mac = viewed.rsplit(".", 1)[1]
    forged = viewed[: -len(mac)] + ("A" if mac[0] != "A" else "B") + mac[1:]
    assert links.verify(key, forged, 0) is None
    assert links.verify(links.derive_key("other"), viewed, 0) is None


@pytest.mark.parametrize("size", [(900, 400), (701, 333)])
def test_the_projected_view_is_what_a_whole_rebuild_gives(size):
    """project_view recomputes only around the FTI; levels, class map and histograms equal a
    rebuild of everything from the projected channels (process_scan)."""
    from app.blueprints.tip.projection import project_view
    from app.tiles import process_scan

    scan = generate_scan(6, *size, scanner="linac-9/6")
    original = process_scan(scan.high, scan.low)
    fti = maths.make_fti("narcotics", 4).resized(61, 37)
    x, y = maths.choose_place(scan.high, 61, 37, np.random.default_rng(3))
    view = project_view(original, fti, x, y)
    whole = process_scan(*maths.project({"high": scan.high, "low": scan.low}, fti, x, y).values(),
                         calibration=original.calibration)
    for name in ("high", "low"):
        for mine, theirs in zip(view.channels[name].levels, whole.channels[name].levels):
            assert np.array_equal(mine, theirs)
        assert np.array_equal(view.stats[name].bins, whole.stats[name].bins)
    for mine, theirs in zip(view.classes.levels, whole.classes.levels):
        assert np.array_equal(mine, theirs)
    assert view.material_source == whole.material_source
