"""The physics model on its own: NIST data, Klein–Nishina, how R moves with Z per energy."""

from __future__ import annotations

import numpy as np
import pytest

from app.tiles.physics.attenuation import element_components, klein_nishina_mass, parse_formula
from app.tiles.physics.calibration import PhysicsCalibration
from app.tiles.physics.model import ScannerModel
from app.tiles.physics.substances import substance


@pytest.mark.parametrize("z, mev, total", [(26, 1.0, 0.05995), (82, 0.1, 5.549), (6, 6.0, 0.02469),
                                             (13, 0.06, 0.2778), (82, 8.0, 0.04675)])
def test_table_matches_nist_totals(z, mev, total):
    c = element_components(z, np.array([mev]))
    assert float(c.total[0]) == pytest.approx(total, rel=0.01)


@pytest.mark.parametrize("z", [1, 6, 13, 26])
def test_scattering_is_klein_nishina_above_half_an_mev(z):
    energies = np.array([0.5, 1.0, 4.0, 9.0])
    assert element_components(z, energies).scatter == pytest.approx(klein_nishina_mass(z, energies), rel=0.02)


def test_pair_production_only_above_threshold_and_grows_with_z():
    below, above = element_components(82, np.array([0.9])), element_components(82, np.array([6.0]))
    assert below.pair[0] == 0 and above.pair[0] > 0
    assert element_components(82, np.array([6.0])).pair[0] > 5 * element_components(6, np.array([6.0])).pair[0]


def test_formula_and_unknown_elements():
    assert parse_formula("H2O")[8] == pytest.approx(0.888, abs=0.001)
    with pytest.raises(ValueError, match="no attenuation data"):
        parse_formula("Xx2")
    with pytest.raises(ValueError, match="unknown material"):
        substance("kryptonite")


def _ratio(model: str, name: str, a_high: float) -> float:
    m = ScannerModel.nominal(model)
    lam = np.geomspace(0.01, 500, 400)
    ah, al = m.attenuations(substance(name), lam)
    return float(np.interp(a_high, ah, al) / a_high)


def test_r_falls_with_z_on_a_linac_and_rises_on_a_tube():
    mev = [_ratio("linac-6/4", n, 3.0) for n in ("polyethylene", "Al", "Fe", "Pb")]
    assert mev == sorted(mev, reverse=True) and all(0.95 < r < 1.3 for r in mev)
    kev = [_ratio("tube-160/80", n, 1.0) for n in ("polyethylene", "Al", "Fe")]
    assert kev == sorted(kev) and kev[0] < 1.4 < kev[2]


def test_beam_hardening_makes_r_depend_on_thickness():
    thin, thick = _ratio("linac-6/4", "polyethylene", 0.5), _ratio("linac-6/4", "polyethylene", 5.0)
    assert thick - thin > 0.03


@pytest.mark.parametrize("raw, words", [
    ({"kind": "physics", "model": "linac-1/1"}, "model must be one of"),
    ({"kind": "physics", "model": "linac-6/4", "noise": 2}, "noise"),
    ({"kind": "physics", "model": "linac-6/4", "block": 0}, "block"),
    ({"kind": "physics", "model": "linac-6/4", "scale": {"high": [1, 1]}}, "scale.high"),
    ({"kind": "physics", "model": "linac-6/4", "i0": 0}, "i0"),
    ({"model": "linac-6/4"}, "kind must be 'physics'"),
])
def test_calibration_validation(raw, words):
    with pytest.raises(ValueError, match=words):
        PhysicsCalibration.from_dict(raw)


def test_calibration_round_trip():
    cal = PhysicsCalibration("tube-160/80", 50000, 51000, 0.004, 4, (1.1, 0.9, 1.0), (1.0, 1.0, 1.0), 0.2, -0.1,
                             "wedge", ({"material": "Al", "area_density": 1.0, "a_high": 0.5, "a_low": 0.9},),
                             {"rms": {"high": 0.01, "low": 0.02}})
    again = PhysicsCalibration.from_dict(cal.to_dict())
    assert again == cal and again.model_error == 0.02 and again.points == cal.points


@pytest.mark.parametrize("shape", [(13, 17), (12, 18), (7, 5)])
@pytest.mark.parametrize("block", [1, 4, 6])
def test_block_mean_matches_the_plain_mean_including_ragged_edges(shape, block):
    from app.tiles.physics.lookup import block_mean

    a = (np.random.default_rng(0).random(shape) * 60000).astype(np.uint16)
    expected = np.array([[a[i:i + block, j:j + block].mean() for j in range(0, shape[1], block)]
                         for i in range(0, shape[0], block)])
    assert np.allclose(block_mean(a, block), expected, rtol=1e-5)
