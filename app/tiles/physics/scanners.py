"""Nominal beams of the scanner types CIPS knows, and how to pick one from a scanner's
nominal energies. A scanner's own calibration rescales these (see :mod:`.calibrate`)."""

from __future__ import annotations

from dataclasses import dataclass

from .spectra import Beam, Layer

# Linac: electrons on a tungsten target, a steel collimator window, CdWO4 crystals deep
# enough to stop MeV photons. Tubes: aluminium (and copper) filtration, thin CsI.
_LINAC_FILTERS = (Layer("W", 2.0), Layer("Fe", 2.0))
_LINAC_DETECTOR = Layer("CdWO4", 15.0)


@dataclass(frozen=True)
class ScannerType:
    key: str
    label: str
    high: Beam
    low: Beam


def _linac(high_mev: float, low_mev: float) -> ScannerType:
    key = f"linac-{high_mev:g}/{low_mev:g}"
    return ScannerType(
        key,
        f"{high_mev:g}/{low_mev:g} MV linac (container, vehicle)",
        Beam("linac", high_mev * 1000, _LINAC_FILTERS, _LINAC_DETECTOR),
        Beam("linac", low_mev * 1000, _LINAC_FILTERS, _LINAC_DETECTOR),
    )


SCANNER_TYPES: dict[str, ScannerType] = {
    t.key: t
    for t in (
        _linac(6, 4),
        _linac(6, 3),
        _linac(9, 6),
        # Mobile 450 kV units separate energies with a two-layer detector: the thin front layer
        # is the low channel; the rear layer, behind it and a copper filter, the high channel.
        ScannerType(
            "tube-450",
            "450 kV tube, two-layer detector (mobile)",
            Beam("tube", 450, (Layer("Cu", 0.9), Layer("CsI", 0.45), Layer("Cu", 1.8)), Layer("CdWO4", 3.0)),
            Beam("tube", 450, (Layer("Cu", 0.9),), Layer("CsI", 0.45)),
        ),
        ScannerType(
            "tube-160/80",
            "160/80 kV tube (baggage, small parcels)",
            Beam("tube", 160, (Layer("Al", 0.54), Layer("Cu", 0.18)), Layer("CsI", 0.3)),
            Beam("tube", 80, (Layer("Al", 0.54),), Layer("CsI", 0.3)),
        ),
    )
}


def type_for_energies(high_kev: float | None, low_kev: float | None) -> ScannerType | None:
    """The known type nearest a scanner's nominal end points (None without both)."""
    if not high_kev or not low_kev:
        return None

    def distance(t: ScannerType) -> float:
        return abs(t.high.endpoint_kev - high_kev) / high_kev + abs(t.low.endpoint_kev - low_kev) / low_kev

    return min(SCANNER_TYPES.values(), key=distance)
