"""The pure parts of threat image projection (numpy only, no Flask): fictional threat images
(FTIs), compositing one into a scan in attenuation space, where it may plausibly lie, and
the signal-detection score d'.

Compositing. A transmission image holds I = I0 * exp(-A), A the line integral of
attenuation. Two objects in the beam add their attenuations, so an FTI of attenuation
A_fti is projected by I' = I * exp(-A_fti), i.e. -ln(I'/I) = A_fti: done per energy with
the FTI's own A_high and A_low, the scan's noise, background and overlap stay as they
were and the material ratio R = A_low / A_high of the overlap is what a real object would
give. Only pixels under the FTI's mask change.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from PIL import Image

from app.synthetic import DEFAULT_SCANNER, attenuation_of

# Pixels this dark got (almost) no X-rays through: "no penetration", nowhere to hide more.
MIN_PENETRATED = 300
# Attenuation (high energy) below which a pixel is air or a thin wall, not cargo.
CARGO_MIN_A = 0.15
# Share of the FTI's box that must lie over cargo.
INSIDE_SHARE = 0.95


@dataclass
class Fti:
    """A fictional threat image: attenuation per energy (float32, 0 outside) and its mask."""

    a_high: np.ndarray
    a_low: np.ndarray
    mask: np.ndarray  # bool

    @property
    def shape(self) -> tuple[int, int]:
        return self.mask.shape

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        np.savez_compressed(buffer, a_high=self.a_high, a_low=self.a_low, mask=self.mask)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> Fti:
        with np.load(io.BytesIO(data)) as z:
            return cls(z["a_high"].astype(np.float32), z["a_low"].astype(np.float32), z["mask"].astype(bool))

    def resized(self, nw: int, nh: int) -> Fti:
        """The FTI resampled to nw x nh pixels (another pixel size). Attenuation is a line
        integral through the object, independent of the pixel's size, so values resample
        as they are."""
        h, w = self.shape
        if (nw, nh) == (w, h):
            return self
        mask = np.asarray(Image.fromarray(self.mask.astype(np.uint8) * 255).resize((nw, nh), Image.Resampling.NEAREST)) > 127

        def fit(a: np.ndarray) -> np.ndarray:
            out = np.asarray(Image.fromarray(a.astype(np.float32), mode="F").resize((nw, nh), Image.Resampling.BILINEAR))
            return np.where(mask, np.maximum(out, 0), 0).astype(np.float32)

        return Fti(fit(self.a_high), fit(self.a_low), mask)


def composite(image: np.ndarray, a: np.ndarray, mask: np.ndarray, x: int, y: int) -> np.ndarray:
    """A copy of uint16 ``image`` with attenuation ``a`` added under ``mask`` at (x, y):
    I' = I * exp(-a), rounded; pixels outside the mask are the original's bytes."""
    out = np.array(image, dtype=np.uint16, copy=True)
    h, w = mask.shape
    region = out[y:y + h, x:x + w]
    if region.shape != mask.shape:
        raise ValueError(f"an FTI of {w}x{h} at ({x}, {y}) does not fit a {image.shape[1]}x{image.shape[0]} image")
    projected = np.rint(region.astype(np.float64) * np.exp(-a.astype(np.float64)))
    region[mask] = np.clip(projected, 0, 65535).astype(np.uint16)[mask]
    return out


def project(channels: dict[str, np.ndarray], fti: Fti, x: int, y: int) -> dict[str, np.ndarray]:
    """Both energies (or the single one, with the high-energy attenuation) with the FTI in."""
    return {name: composite(image, fti.a_low if name == "low" else fti.a_high, fti.mask, x, y)
            for name, image in channels.items()}


def air_level(high: np.ndarray) -> float:
    """I0 as the scan shows it: the brightest pixels are air."""
    sample = high[:: max(1, high.shape[0] // 256), :: max(1, high.shape[1] // 1024)]
    return float(max(np.percentile(sample, 99.5), 1.0))


def choose_place(high: np.ndarray, w: int, h: int, rng: np.random.Generator) -> tuple[int, int] | None:
    """Top-left corner, in full-resolution pixels, of a w x h box lying over cargo (attenuating,
    but still penetrated) chosen at random; None when the scan has no such place. Works on
    a reduced copy of large scans (a few hundred thousand pixels)."""
    height, width = high.shape
    if w >= width or h >= height:
        return None
    step = max(1, int(math.sqrt(height * width / 400_000)))
    small = high[::step, ::step].astype(np.float32)
    a = np.log(air_level(high) / np.maximum(small, 1))
    cargo = (a > CARGO_MIN_A) & (small > MIN_PENETRATED)
    sw, sh = max(1, w // step), max(1, h // step)
    if sw >= cargo.shape[1] or sh >= cargo.shape[0]:
        return None
    integral = np.pad(np.cumsum(np.cumsum(cargo, 0, dtype=np.int64), 1), ((1, 0), (1, 0)))
    inside = (integral[sh:, sw:] - integral[:-sh, sw:] - integral[sh:, :-sw] + integral[:-sh, :-sw])
    ys, xs = np.nonzero(inside >= INSIDE_SHARE * sw * sh)
    if ys.size == 0:
        return None
    pick = int(rng.integers(ys.size))
    x, y = int(xs[pick]) * step, int(ys[pick]) * step
    return min(x, width - w), min(y, height - h)


# --- synthetic FTIs, drawn at 5 mm a pixel with the physics of app.synthetic -----------------

FTI_PIXEL_MM = 5.0


class _Drawing:
    def __init__(self, w_mm: float, h_mm: float, scanner: str) -> None:
        self.w, self.h = round(w_mm / FTI_PIXEL_MM), round(h_mm / FTI_PIXEL_MM)
        self.scanner = scanner
        self.ah = np.zeros((self.h, self.w), np.float32)
        self.al = np.zeros((self.h, self.w), np.float32)

    def rect(self, x_mm: float, y_mm: float, w_mm: float, h_mm: float, substance: str, amount: float) -> None:
        x0, y0 = round(x_mm / FTI_PIXEL_MM), round(y_mm / FTI_PIXEL_MM)
        x1, y1 = max(x0 + 1, round((x_mm + w_mm) / FTI_PIXEL_MM)), max(y0 + 1, round((y_mm + h_mm) / FTI_PIXEL_MM))
        a_high, a_low = attenuation_of(substance, amount, self.scanner)
        self.ah[y0:y1, x0:x1] += float(a_high)
        self.al[y0:y1, x0:x1] += float(a_low)

    def fti(self) -> Fti:
        mask = self.ah > 0
        return Fti(np.where(mask, self.ah, 0).astype(np.float32), np.where(mask, self.al, 0).astype(np.float32), mask)


def _gun(d: _Drawing, rng: np.random.Generator) -> None:
    """A pistol in steel: slide and barrel, trigger guard, an angled grip."""
    d.rect(0, 0, 200, 35, "steel", float(rng.uniform(0.7, 0.9)))
    d.rect(150, 35, 45, 30, "steel", 0.6)
    for i in range(6):  # grip, slanting back
        d.rect(150 + i * 5, 55 + i * 15, 45, 16, "steel", 0.75)
    d.rect(120, 35, 30, 8, "steel", 0.35)  # trigger guard


def _bricks(d: _Drawing, rng: np.random.Generator, substance: str, cols: int, rows: int,
            w_mm: float, h_mm: float, amount: tuple[float, float]) -> None:
    """Packets side by side with a gap between them, each a little different."""
    for r in range(rows):
        for c in range(cols):
            d.rect(c * (w_mm + 10), r * (h_mm + 10), w_mm, h_mm, substance, float(rng.uniform(*amount)))


SYNTHETIC: dict[str, tuple[tuple[float, float], str]] = {
    # category: ((width, height) in mm, what it is)
    "weapons": ((240, 160), "steel pistol"),
    "narcotics": ((3 * 310, 2 * 210), "pressed organic bricks"),
    "cigarettes": ((4 * 260, 3 * 200), "stacked cigarette cartons"),
    "currency": ((3 * 170, 3 * 90), "banknote bundles"),
    "concealment": ((900, 300), "steel compartment with organic fill"),
    "undeclared_goods": ((400, 300), "dense copper block"),
    "hazardous": ((600, 900), "steel drum of liquid"),
}


def make_fti(category: str, seed: int, scanner: str = DEFAULT_SCANNER) -> Fti:
    """A synthetic FTI of a threat category (app.threats), as ``scanner`` would see it."""
    if category not in SYNTHETIC:
        raise ValueError(f"no synthetic FTI for category {category!r}")
    rng = np.random.default_rng(seed)
    (w, h), _ = SYNTHETIC[category]
    d = _Drawing(w + 10, h + 10, scanner)
    if category == "weapons":
        _gun(d, rng)
    elif category == "narcotics":  # sugar stands in for a drug: C, H, O, the R of an organic
        _bricks(d, rng, "sugar", 3, 2, 300, 200, (0.45, 0.6))
    elif category == "cigarettes":
        _bricks(d, rng, "wood", 4, 3, 250, 190, (0.2, 0.28))
    elif category == "currency":
        _bricks(d, rng, "wood", 3, 3, 160, 80, (0.4, 0.5))
    elif category == "concealment":
        d.rect(0, 0, 900, 300, "sugar", float(rng.uniform(0.5, 0.7)))
        for x, y, ww, hh in ((0, 0, 900, 15), (0, 285, 900, 15), (0, 0, 15, 300), (885, 0, 15, 300)):
            d.rect(x, y, ww, hh, "steel", 0.6)
    elif category == "undeclared_goods":
        d.rect(0, 0, 400, 300, "Cu", float(rng.uniform(1.2, 1.6)))
    elif category == "hazardous":
        d.rect(0, 0, 600, 900, "water", float(rng.uniform(0.8, 1.0)))
        d.rect(0, 0, 20, 900, "steel", 0.5)
        d.rect(580, 0, 20, 900, "steel", 0.5)
    return d.fti()


def fti_from_images(high: np.ndarray, low: np.ndarray | None, i0: float | None = None,
                    threshold: float = 0.05) -> Fti:
    """An FTI from an uploaded scan of the object alone in air (any vendor format, decoded):
    A = ln(I0 / I) per energy, the mask where the high energy attenuates past ``threshold``,
    cropped to the mask's box."""
    i0 = i0 or air_level(high)
    a_high = np.log(i0 / np.maximum(high.astype(np.float32), 1))
    a_low = a_high if low is None else np.log(i0 / np.maximum(low.astype(np.float32), 1))
    mask = a_high > threshold
    if not mask.any():
        raise ValueError("the image shows nothing but air")
    ys, xs = np.nonzero(mask)
    box = (slice(ys.min(), ys.max() + 1), slice(xs.min(), xs.max() + 1))
    m = mask[box]
    return Fti(np.where(m, a_high[box], 0).astype(np.float32), np.where(m, a_low[box], 0).astype(np.float32), m)


# --- scoring --------------------------------------------------------------------------------

def rate(k: int, n: int) -> float | None:
    return None if n == 0 else k / n


def d_prime(hits: int, signals: int, false_alarms: int, noise: int) -> float | None:
    """Sensitivity d' = Z(H) - Z(F), with the log-linear correction (Hautus 1995): H =
    (hits + 0.5) / (signals + 1), F = (false alarms + 0.5) / (noise + 1), so rates of 0 or 1
    stay finite and small counts are pulled a little toward 0.5. None without trials of
    both kinds."""
    if signals == 0 or noise == 0:
        return None
    z = NormalDist().inv_cdf
    return z((hits + 0.5) / (signals + 1)) - z((false_alarms + 0.5) / (noise + 1))
