"""Class and Z-effective of a pixel from the calibrated material curves, as a lookup table.

For every element Z the scanner model gives a curve R = A_low / A_high against A_high.
A reading (A_high, R) is compared with every curve at its A_high, in units of the reading's
noise (photon statistics of the scanner's ``noise``, averaged over ``block`` x ``block``
pixels). Each class (organic, inorganic, metal) gets the same prior; the reading takes the
class whose curves explain it with probability >= ``MIN_PROBABILITY``, else it is
undetermined: too thin (the curves lie within the noise of each other), too thick (too
little signal), degenerate (curves of different classes cross: thin lead reads like thick
plastic on a linac) or like no material at all. Z-effective is placed between the two nearest curves (the lighter branch where two
fit); its uncertainty spans every curve within 2 sigma. All of this is computed once per calibration over a grid of (A_high, R) cells, so
classifying an image is a few array operations and one table look-up per pixel block.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .calibration import PhysicsCalibration
from .substances import INORGANIC_MAX_Z, ORGANIC_MAX_Z, reference_elements, substance

A_MAX = 9.0  # beyond ~e^-9 of the open beam nothing is left to classify
A_HIGH_MIN = 0.03
MIN_COUNTS = 20.0  # a low-energy reading below this many counts is "too thick"
MIN_PROBABILITY = 0.8
OUTSIDE_SIGMA = 5.0
N_HIGH, N_RATIO = 256, 512


@dataclass(frozen=True)
class Reading:
    a_high: float
    a_low: float
    material: int  # 0 undetermined, 1 organic, 2 inorganic, 3 metal
    z_eff: float | None
    z_sigma: float | None


class MaterialLookup:
    """Tables over (A_high, R) for one calibration: class, 2 x Z_eff and 2 x sigma(Z) as uint8."""

    def __init__(self, cal: PhysicsCalibration) -> None:
        self.cal = cal
        self.zs = np.array(reference_elements(), dtype=np.float64)
        self.h_step = A_MAX / N_HIGH
        self.a_high = (np.arange(N_HIGH) + 0.5) * self.h_step
        self.curves = self._curves()  # (nZ, N_HIGH) R of each element at each A_high
        lo, hi = float(np.nanmin(self.curves)), float(np.nanmax(self.curves))
        margin = 0.15 * (hi - lo) + 0.02
        self.r0, self.r_step = lo - margin, (hi - lo + 2 * margin) / N_RATIO
        self.ratio = self.r0 + (np.arange(N_RATIO) + 0.5) * self.r_step
        self.classes, self.z2, self.s2 = self._tables()

    def _curves(self) -> np.ndarray:
        model = self.cal.scanner
        lam = np.geomspace(1e-4, 2000, 400)
        out = np.empty((self.zs.size, N_HIGH))
        for i, z in enumerate(self.zs):
            fractions = ((int(z), 1.0),)
            ah = model.high.attenuation_mu(model.high.mu(fractions), lam)
            al = model.low.attenuation_mu(model.low.mu(fractions), lam)
            out[i] = np.interp(self.a_high, ah, al) / self.a_high
        return out

    def _tables(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        zs = self.zs
        cls_of_z = np.where(zs < ORGANIC_MAX_Z, 1, np.where(zs < INORGANIC_MAX_Z, 2, 3))
        # Uniform in Z within a class, and the same total prior for each class.
        spacing = np.gradient(zs)
        prior = np.array([spacing[i] / spacing[cls_of_z == c].sum() for i, c in enumerate(cls_of_z)])
        noise = self.cal.noise / self.cal.block
        # How far the fitted model missed the wedge: readings are not trusted closer than that.
        system = max(self.cal.model_error, 0.002)
        i0_low = self.cal.i0_low
        classes = np.zeros((N_HIGH, N_RATIO), np.uint8)
        z2 = np.zeros((N_HIGH, N_RATIO), np.uint8)
        s2 = np.full((N_HIGH, N_RATIO), 255, np.uint8)
        r = self.ratio[None, :]
        for ih, ah in enumerate(self.a_high):
            al = r * ah
            sigma = (
                np.sqrt((noise * np.exp(al / 2)) ** 2 + (r * noise * np.exp(ah / 2)) ** 2 + (1 + r * r) * system**2)
                / ah
            )
            d = (r - self.curves[:, ih][:, None]) / sigma  # (nZ, N_RATIO)
            d2 = d * d
            like = prior[:, None] * np.exp(-0.5 * (d2 - d2.min(axis=0)))
            total = like.sum(axis=0)
            probs = np.stack([like[cls_of_z == c].sum(axis=0) / total for c in (1, 2, 3)])
            best_class = probs.argmax(axis=0) + 1
            ok = (probs.max(axis=0) >= MIN_PROBABILITY) & (d2.min(axis=0) <= OUTSIDE_SIGMA**2)
            ok &= (ah >= A_HIGH_MIN) & (al[0] <= np.log(i0_low / MIN_COUNTS))
            classes[ih] = np.where(ok, best_class, 0)
            zeff, zsig = _z_estimate(zs, d)
            z2[ih] = np.clip(np.round(zeff * 2), 0, 254)
            s2[ih] = np.clip(np.round(zsig * 2), 0, 254)
        return classes, z2, s2

    # -- applying the tables ---------------------------------------------------------------

    def indices(self, high: np.ndarray, low: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row, column) of each reading in the tables, and its A_high; inputs are mean
        intensities (any float or integer array)."""
        ah = np.log(np.float32(self.cal.i0_high) / np.maximum(high, 0.5, dtype=np.float32))
        al = np.log(np.float32(self.cal.i0_low) / np.maximum(low, 0.5, dtype=np.float32))
        with np.errstate(divide="ignore", invalid="ignore"):
            r = al / ah
        ih = np.clip(ah * np.float32(1 / self.h_step), 0, N_HIGH - 1).astype(np.intp)
        ir = np.clip((r - np.float32(self.r0)) * np.float32(1 / self.r_step), 0, N_RATIO - 1)
        ir = np.nan_to_num(ir, nan=0).astype(np.intp)
        return ih, ir, ah

    def classify_means(self, high: np.ndarray, low: np.ndarray) -> np.ndarray:
        ih, ir, ah = self.indices(high, low)
        out: np.ndarray = self.classes[ih, ir]
        out[(ah < A_HIGH_MIN) | (ah > A_MAX)] = 0
        return out

    def classify(self, high: np.ndarray, low: np.ndarray) -> np.ndarray:
        """uint8 class map of a uint16 pair, full size: each block x block block of pixels
        is averaged (the noise a single pixel carries would swamp the curves' spacing),
        classified, and its class painted back over the block."""
        if high.shape != low.shape or high.ndim != 2:
            raise ValueError(f"high {high.shape} and low {low.shape} must be equal 2-D shapes")
        b = self.cal.block
        small = self.classify_means(block_mean(high, b), block_mean(low, b))
        rows, cols = small.shape
        full = np.broadcast_to(small[:, None, :, None], (rows, b, cols, b)).reshape(rows * b, cols * b)
        return np.ascontiguousarray(full[: high.shape[0], : high.shape[1]])

    def read(self, high: float, low: float) -> Reading:
        """Class, Z_eff and its uncertainty of one (mean) reading."""
        ih, ir, ah = self.indices(np.array([high], np.float32), np.array([low], np.float32))
        a_high = float(ah[0])
        a_low = float(np.log(self.cal.i0_low / max(low, 0.5)))
        i, j = int(ih[0]), int(ir[0])
        material = int(self.classes[i, j]) if A_HIGH_MIN <= a_high <= A_MAX else 0
        if material == 0:
            return Reading(a_high, a_low, 0, None, None)
        return Reading(a_high, a_low, material, self.z2[i, j] / 2, self.s2[i, j] / 2)

    def curve(self, name: str, area_densities: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(A_high, R) of a named material along its thickness, through this calibration."""
        ah, al = self.cal.scanner.attenuations(substance(name), area_densities)
        return ah, al / ah


def _z_estimate(zs: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per column (d: signed distance to each Z's curve, in sigma): Z placed between the
    best curve and the neighbour on its other side (linear in between), and an uncertainty
    spanning every curve within 2 sigma of the best.

    Where two branches fit (at MeV a mid-Z metal and lead can read alike), the lighter one
    is reported, commoner in cargo, and the uncertainty spans both."""
    d2 = d * d
    near = d2 <= d2.min(axis=0) + 4.0
    idx = np.arange(zs.size)[:, None]
    first = np.argmax(near, axis=0)  # lowest Z that fits
    end_run = np.where(~near & (idx > first), idx, zs.size).min(axis=0)
    run = (idx >= first) & (idx < end_run)
    best = np.where(run, d2, np.inf).argmin(axis=0)
    cols = np.arange(d.shape[1])
    z = zs[best].copy()
    for step in (1, -1):  # the neighbour across which the signed distance changes sign
        other = np.clip(best + step, 0, zs.size - 1)
        d_best, d_other = d[best, cols], d[other, cols]
        across = (other != best) & (np.sign(d_best) != np.sign(d_other))
        frac = np.where(across, d_best / np.where(across, d_best - d_other, 1.0), 0.0)
        z = np.where(across, zs[best] + (zs[other] - zs[best]) * frac, z)
    lo = np.where(near, zs[:, None], np.inf).min(axis=0)
    hi = np.where(near, zs[:, None], -np.inf).max(axis=0)
    return z, np.maximum((hi - lo) / 2, 0.5)


def block_mean(image: np.ndarray, block: int) -> np.ndarray:
    """Mean of each block x block block (the last row/column of blocks may be smaller).

    Rows are summed through a reshape (contiguous, fast) and columns as ``block`` strided
    slices added together: a strided sum over a short last axis is ten times slower."""
    if block == 1:
        return image.astype(np.float32)
    h, w = image.shape
    full_h, full_w = h // block * block, w // block * block
    rows = image[:full_h].reshape(full_h // block, block, w).sum(axis=1, dtype=np.uint32)
    if full_h < h:
        rows = np.vstack([rows, image[full_h:].sum(axis=0, dtype=np.uint32)[None, :]])
    sums = rows[:, 0:full_w:block].copy()
    for k in range(1, block):
        sums += rows[:, k:full_w:block]
    if full_w < w:
        sums = np.hstack([sums, rows[:, full_w:].sum(axis=1, dtype=np.uint32)[:, None]])
    counts_r = np.minimum(block, h - np.arange(0, h, block)).astype(np.float32)
    counts_c = np.minimum(block, w - np.arange(0, w, block)).astype(np.float32)
    means: np.ndarray = sums.astype(np.float32) / np.outer(counts_r, counts_c)
    return means


@lru_cache(maxsize=8)
def _cached(key: tuple) -> MaterialLookup:  # type: ignore[type-arg]
    return MaterialLookup(_pending[key])


_pending: dict[tuple, PhysicsCalibration] = {}  # type: ignore[type-arg]


def lookup_for(cal: PhysicsCalibration) -> MaterialLookup:
    """One table per distinct calibration per process (building one takes about a second)."""
    key = cal.key()
    _pending[key] = cal
    try:
        return _cached(key)
    finally:
        _pending.pop(key, None)
