"""Deterministic synthetic dual-energy cargo X-ray scans (demo data, tests, benchmarks, exams).

Physics: every object is a real material (steel, aluminium, glass, wood, sugar, salt...)
of some area density, and its attenuation in each channel comes from the physics model of
the chosen scanner type (``app.tiles.physics``: bremsstrahlung spectra, NIST attenuation,
detector response) as that scanner is built (``app.synthetic_wedge.site_scanner``), not
from the classifier's thresholds. Objects' amounts are written as the high-energy
attenuation they would have on a 6/4 MV portal and turned into area densities once, so a
scene keeps its look; smaller scanners (450 kV, 160 kV) see the scene scaled to what they
penetrate. Attenuations of stacked objects add (the extra hardening one object causes in
the next is neglected). Geometry is laid out in metres and scaled to the requested pixel
size, so small test images show the same scene as full-size ones. Pure numpy (no Flask).
"""
from __future__ import annotations

import dataclasses
import logging
import math
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from app.synthetic_wedge import site_scanner
from app.tiles.physics.model import ScannerModel
from app.tiles.physics.scanners import SCANNER_TYPES, type_for_energies
from app.tiles.physics.substances import substance

log = logging.getLogger(__name__)

KINDS = ("container", "truck", "rail", "car", "empty")
MATERIALS = ("organic", "inorganic", "metal")
SCANNERS = tuple(SCANNER_TYPES)
DEFAULT_SCANNER = "linac-6/4"
MIN_WIDTH, MIN_HEIGHT = 128, 64

Box = tuple[int, int, int, int]  # x, y, w, h in pixels

STEEL, AL, GLASS, RUBBER, WOOD, PLASTIC = "steel", "Al", "glass", "polyethylene", "wood", "polyethylene"

# Substances per class and the 6/4 MV high-energy attenuation range of a bay of goods: thick
# enough for the curves to tell the class apart, thin enough that both energies get through.
_GOODS = {
    "organic": (("wood", "sugar", "polyethylene", "water"), (1.4, 3.6)),
    "inorganic": (("Al", "glass", "salt"), (1.6, 3.4)),
    "metal": (("steel", "Cu"), (1.6, 3.4)),
}
# What a smaller scanner sees of the same scene: area densities scaled to its penetration.
_SCENE_SCALE = {"tube-450": 0.25, "tube-160/80": 0.03}
_FORMS = {"organic": ("cartons", "bulk", "drums"), "inorganic": ("cartons", "bulk"),
          "metal": ("machinery", "cartons")}
# Field of view (length, height) in metres per kind; the image's bottom row is the ground.
_SCENE = {"container": (22.0, 5.0), "empty": (22.0, 5.0), "rail": (22.0, 5.0),
          "truck": (14.0, 4.6), "car": (8.0, 2.2)}


@dataclass(frozen=True)
class GoodsBlock:
    box: Box
    material: str  # "organic" | "inorganic" | "metal"
    substance: str  # what it is made of (a name of app.tiles.physics.substances.substance)
    area_density: float  # g/cm^2 seen by this scan's scanner, before the density texture
    form: str  # "cartons" | "bulk" | "drums" | "machinery"


@dataclass
class SyntheticScan:
    seed: int
    kind: str
    i0: int
    high: np.ndarray  # uint16 (height, width)
    low: np.ndarray  # uint16 (height, width)
    cargo_box: Box  # cargo space interior (container, truck body or car cabin and trunk)
    goods: list[GoodsBlock] = field(default_factory=list)
    concealed_box: Box | None = None
    concealed_material: str | None = None
    concealed_substance: str | None = None
    scanner: str = DEFAULT_SCANNER


class _Physics:
    """Per substance, nominal 6/4 MV high-energy attenuation -> (A_high, A_low) of the chosen
    scanner as built, tabulated once per process."""

    _GRID = np.geomspace(1e-3, 2000, 400)

    def __init__(self, scanner: str) -> None:
        self.scanner, self.scale = scanner, _SCENE_SCALE.get(scanner, 1.0)
        self.tables: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def table(self, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if name not in self.tables:
            sub = substance(name)
            nominal = ScannerModel.nominal(DEFAULT_SCANNER).high.attenuation(sub, self._GRID)
            ah, al = site_scanner(self.scanner).attenuations(sub, self._GRID * self.scale)
            self.tables[name] = (nominal, ah.astype(np.float32), al.astype(np.float32))
        return self.tables[name]

    def area_density(self, name: str, a: float) -> float:
        nominal, _, _ = self.table(name)
        return float(np.interp(a, nominal, self._GRID)) * self.scale

    def attenuation(self, name: str, a: float | np.floating[Any] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        nominal, ah, al = self.table(name)
        a = np.asarray(a, dtype=np.float32)
        return np.interp(a, nominal, ah).astype(np.float32), np.interp(a, nominal, al).astype(np.float32)


def attenuation_of(substance_name: str, amount: float | np.ndarray,
                   scanner: str = DEFAULT_SCANNER) -> tuple[np.ndarray, np.ndarray]:
    """(A_high, A_low) that ``scanner`` sees through ``amount`` of a substance, the amount
    given as its nominal 6/4 MV high-energy attenuation (as every object of these scenes):
    fictional threat images (app/blueprints/tip) are drawn with the same physics."""
    return _physics(scanner).attenuation(substance_name, amount)


def scanner_for_energies(high_kev: float | None, low_kev: float | None) -> str:
    """The scanner type whose physics synthesises a scanner's images (6/4 MV if unknown)."""
    kind = type_for_energies(high_kev, low_kev)
    return kind.key if kind is not None else DEFAULT_SCANNER


@lru_cache(maxsize=8)
def _physics(scanner: str) -> _Physics:
    return _Physics(scanner)


class _Canvas:
    """Accumulates attenuation of both energies; x in metres along the scene, alt above ground.
    Amounts are given as 6/4 MV high-energy attenuation ``a`` of a named substance."""

    def __init__(self, width: int, height: int, length_m: float, height_m: float, physics: _Physics) -> None:
        self.w, self.h, self.top = width, height, height_m
        self.sx, self.sy = width / length_m, height / height_m
        self.physics = physics
        self.ah = np.zeros((height, width), np.float32)
        self.al = np.zeros((height, width), np.float32)

    def box(self, x0: float, x1: float, alt0: float, alt1: float) -> Box:
        # At least one pixel, so thin walls survive downscaling.
        px0 = min(max(round(x0 * self.sx), 0), self.w - 1)
        px1 = min(max(round(x1 * self.sx), px0 + 1), self.w)
        py0 = min(max(round((self.top - alt1) * self.sy), 0), self.h - 1)
        py1 = min(max(round((self.top - alt0) * self.sy), py0 + 1), self.h)
        return px0, py0, px1 - px0, py1 - py0

    def add(self, box: Box, a: float | np.floating[Any] | np.ndarray, r: str) -> None:
        x, y, w, h = box
        a_high, a_low = self.physics.attenuation(r, a)
        self.ah[y:y + h, x:x + w] += a_high
        self.al[y:y + h, x:x + w] += a_low

    def rect(self, x0: float, x1: float, alt0: float, alt1: float, a: float, r: str) -> Box:
        b = self.box(x0, x1, alt0, alt1)
        self.add(b, a, r)
        return b

    def disc(self, cx: float, alt: float, rad: float, a: float, r: str) -> None:
        x, y, w, h = self.box(cx - rad, cx + rad, alt - rad, alt + rad)
        dx = ((np.arange(x, x + w, dtype=np.float32) + 0.5) / self.sx - cx) / rad
        dy = (self.top - (np.arange(y, y + h, dtype=np.float32) + 0.5) / self.sy - alt) / rad
        self.add((x, y, w, h), np.float32(a) * (dx[None, :] ** 2 + dy[:, None] ** 2 <= 1), r)


def _wheel(c: _Canvas, x: float, rad: float = 0.5, tyre: bool = True) -> None:
    c.disc(x, rad, rad, 0.9 if tyre else 1.4, RUBBER if tyre else STEEL)
    c.disc(x, rad, rad * 0.6, 1.6, STEEL)  # rim and brake drum
    c.disc(x, rad, rad * 0.2, 2.5, STEEL)  # hub: the axle runs along the ray


def _cab(c: _Canvas, x0: float) -> None:
    c.rect(x0 + 0.2, x0 + 2.4, 1.0, 2.5, 0.12, STEEL)  # doors
    c.rect(x0 + 0.3, x0 + 2.4, 2.5, 3.6, 0.05, GLASS)  # windows
    c.rect(x0 + 0.2, x0 + 2.4, 3.6, 3.8, 0.9, STEEL)  # roof panel lies in the ray's plane
    c.rect(x0 + 1.3, x0 + 2.2, 1.5, 2.4, 0.4, PLASTIC)  # seats and bunk
    c.rect(x0 + 0.3, x0 + 1.5, 0.6, 1.6, 3.6, STEEL)  # engine block: no penetration
    c.rect(x0 + 2.6, x0 + 3.5, 0.5, 1.0, 0.7, PLASTIC)  # diesel tank
    _wheel(c, x0 + 0.9)


def _body(c: _Canvas, x0: float, x1: float, alt0: float, alt1: float, r: str) -> Box:
    """Container or box body walls; returns the interior box."""
    heavy = r == STEEL
    # End frames/doors, roof and floor lie in the ray's plane: dark bands framing the cargo.
    c.rect(x0, x0 + 0.12, alt0, alt1, 2.8 if heavy else 1.2, r)
    c.rect(x1 - 0.12, x1, alt0, alt1, 3.2 if heavy else 1.2, r)
    c.rect(x0, x1, alt1 - 0.08, alt1, 1.8 if heavy else 0.8, r)
    c.rect(x0, x1, alt0, alt0 + 0.16, 2.2, WOOD)
    c.rect(x0, x1, alt0, alt0 + 0.06, 1.0, STEEL)  # cross members under the floor
    inside = c.box(x0 + 0.12, x1 - 0.12, alt0 + 0.16, alt1 - 0.08)
    # Side walls are crossed at right angles; their corrugation's slanted faces lengthen the path.
    phase = np.arange(inside[2], dtype=np.float32) * np.float32(2 * math.pi / (0.28 * c.sx))
    c.add(inside, (0.015 * (1 + 0.6 * np.abs(np.sin(phase))))[None, :], r)
    return inside


def _texture(rng: np.random.Generator, form: str, w: int, h: int, c: _Canvas) -> np.ndarray:
    """Density multiplier (broadcastable to (h, w)) with mean about 1."""
    if form == "drums":  # standing drums: path length follows the circle's chord
        n = max(1, round(w / (0.6 * c.sx)))
        u = ((np.arange(w, dtype=np.float32) + 0.5) * n / w) % 1.0 * 2 - 1
        return (1.25 * np.sqrt(np.clip(1 - u * u, 0, None)))[None, :]
    if form == "machinery":  # castings with hollows and solid shafts
        tex = np.ones((h, w), np.float32)
        for _ in range(int(rng.integers(2, 6))):
            pw, ph = int(rng.integers(1, max(2, w // 3))), int(rng.integers(1, max(2, h // 3)))
            x0, y0 = int(rng.integers(0, w - pw + 1)), int(rng.integers(0, h - ph + 1))
            tex[y0:y0 + ph, x0:x0 + pw] = rng.uniform(0.3, 0.6) if rng.random() < 0.6 else 1.25
        return tex
    if form == "bulk":  # loose fill: slow density waves
        fx = 1 + 0.08 * np.sin(np.arange(w) / (rng.uniform(0.5, 2) * c.sx) + rng.uniform(0, 6.3))
        fy = 1 + 0.06 * np.sin(np.arange(h) / (rng.uniform(0.3, 1) * c.sy) + rng.uniform(0, 6.3))
        return np.outer(fy, fx).astype(np.float32)
    ny = max(1, round(h / (rng.uniform(0.3, 0.6) * c.sy)))
    nx = max(1, round(w / (rng.uniform(0.3, 0.6) * c.sx)))
    iy, ix = np.arange(h) * ny // h, np.arange(w) * nx // w
    tex = rng.uniform(0.85, 1.15, (ny, nx)).astype(np.float32)[iy][:, ix]
    tex[np.flatnonzero(np.diff(iy)) + 1] *= 0.8  # carton walls and small gaps
    tex[:, np.flatnonzero(np.diff(ix)) + 1] *= 0.8
    return tex


def _load(c: _Canvas, rng: np.random.Generator, inside: Box, n_lo: int, n_hi: int,
          tier_p: float) -> list[GoodsBlock]:
    """Bays of goods along the cargo space, one or two tiers, with air between some of them."""
    x, y, w, h = inside
    n = int(rng.integers(n_lo, n_hi, endpoint=True))
    bounds = np.concatenate([[0.0], np.cumsum(wts := rng.uniform(0.6, 1.4, n)) / wts.sum()])
    goods = []
    for i in range(n):
        if rng.random() < 0.12:
            continue  # empty bay
        s, e = x + int(bounds[i] * w), x + int(bounds[i + 1] * w)
        pad = rng.uniform(0.02, 0.1, 2) * (e - s)
        bx0, bx1 = s + int(pad[0]), e - int(pad[1])
        fracs = rng.uniform(0.3, 0.46, 2) if rng.random() < tier_p else rng.uniform(0.35, 0.92, 1)
        bottom = y + h
        for frac in fracs:
            bh = int(frac * h)
            if bx1 - bx0 >= 2 and bh >= 2:
                goods.append(_block(c, rng, (bx0, bottom - bh, bx1 - bx0, bh)))
            bottom -= bh + max(1, int(0.02 * h))
    return goods


def _block(c: _Canvas, rng: np.random.Generator, box: Box) -> GoodsBlock:
    material = MATERIALS[rng.choice(3, p=[0.5, 0.3, 0.2])]
    names, (a_lo, a_hi) = _GOODS[material]
    name, a = names[int(rng.integers(len(names)))], float(rng.uniform(a_lo, a_hi))
    form = _FORMS[material][int(rng.integers(len(_FORMS[material])))]
    c.add(box, np.float32(a) * _texture(rng, form, box[2], box[3], c), name)
    return GoodsBlock(box, material, name, round(c.physics.area_density(name, a), 3), form)


def _semi(c: _Canvas, rng: np.random.Generator, kind: str) -> tuple[Box, list[GoodsBlock]]:
    x0 = rng.uniform(0.8, 2.2)  # air before the vehicle
    _cab(c, x0)
    c.rect(x0 + 0.2, x0 + 6.0, 0.85, 1.1, 1.4, STEEL)  # tractor chassis rails
    c.rect(x0 + 4.2, x0 + 5.4, 1.1, 1.3, 1.5, STEEL)  # fifth wheel
    for dx in (4.0, 5.3):
        _wheel(c, x0 + dx)
    t0 = x0 + 4.4
    c.rect(t0, t0 + 12.4, 1.0, 1.3, 1.3, STEEL)  # trailer frame
    c.rect(t0 + 2.0, t0 + 2.15, 0.2, 1.0, 0.8, STEEL)  # landing gear
    for i in range(3):
        _wheel(c, t0 + 11.4 - 1.3 * i)
    high_cube = rng.random() < 0.4
    inside = _body(c, t0 + 0.1, t0 + 12.29, 1.3, 1.3 + (2.9 if high_cube else 2.59), STEEL)
    return inside, [] if kind == "empty" else _load(c, rng, inside, 3, 9, 0.4)


def _truck(c: _Canvas, rng: np.random.Generator, kind: str) -> tuple[Box, list[GoodsBlock]]:
    x0, length = rng.uniform(0.6, 1.5), rng.uniform(6.0, 8.0)
    _cab(c, x0)
    end = x0 + 2.8 + length
    c.rect(x0 + 0.2, end - 0.2, 0.85, 1.1, 1.4, STEEL)
    for dx in (2.2, 0.9):
        _wheel(c, end - dx)
    inside = _body(c, x0 + 2.8, end, 1.1, rng.uniform(3.5, 3.9), AL)
    return inside, _load(c, rng, inside, 2, 6, 0.3)


def _rail(c: _Canvas, rng: np.random.Generator, kind: str) -> tuple[Box, list[GoodsBlock]]:
    w0, length = rng.uniform(2.5, 4.0), 14.6
    c.rect(w0 - 0.6, w0 + length + 0.6, 0.85, 1.0, 1.8, STEEL)  # couplers and draft gear
    c.rect(w0, w0 + length, 0.85, 1.2, 1.6, STEEL)  # centre sill
    for bx in (w0 + 2.0, w0 + length - 2.0):
        c.rect(bx - 1.4, bx + 1.4, 0.35, 0.8, 1.8, STEEL)  # bogie frame
        for dx in (-0.9, 0.9):
            _wheel(c, bx + dx, 0.46, tyre=False)
    inside = _body(c, w0 + 1.2, w0 + 13.39, 1.2, 3.79, STEEL)
    return inside, _load(c, rng, inside, 3, 9, 0.4)


def _car(c: _Canvas, rng: np.random.Generator, kind: str) -> tuple[Box, list[GoodsBlock]]:
    length = rng.uniform(4.2, 4.9)
    x0 = (8.0 - length) / 2 + rng.uniform(-0.6, 0.6)

    def xs(f0: float, f1: float) -> tuple[float, float]:
        return x0 + f0 * length, x0 + f1 * length

    c.rect(*xs(0, 1), 0.3, 0.95, 0.025, STEEL)  # doors and wings: thin sheets across the ray
    c.rect(*xs(0.25, 0.8), 0.95, 1.4, 0.03, GLASS)
    c.rect(*xs(0.25, 0.8), 1.4, 1.47, 0.7, STEEL)  # roof, in the ray's plane
    c.rect(*xs(0.15, 0.85), 0.25, 0.32, 1.2, STEEL)  # floor pan
    c.rect(*xs(0.03, 0.2), 0.35, 0.85, 3.0, STEEL)  # engine
    for f in (0.3, 0.53):
        c.rect(*xs(f, f + 0.12), 0.35, 1.15, 0.45, PLASTIC)  # seats
    c.rect(*xs(0.58, 0.68), 0.3, 0.5, 0.5, PLASTIC)  # fuel tank
    for f in (0.17, 0.75):
        _wheel(c, x0 + f * length, 0.32)
    trunk = c.box(*xs(0.84, 0.97), 0.38, 0.92)
    return c.box(*xs(0.25, 0.98), 0.35, 1.4), _load(c, rng, trunk, 1, 3, 0.0)


_BUILDERS = {"container": _semi, "empty": _semi, "truck": _truck, "rail": _rail, "car": _car}


def _conceal(c: _Canvas, rng: np.random.Generator, goods: list[GoodsBlock],
             cargo: Box) -> tuple[Box, str, str]:
    """Hide a dense organic package in inorganic/metal goods or a metal object in organic goods."""
    hosts = [g for g in goods if g.box[2] >= 12 and g.box[3] >= 12]
    if hosts:
        host = hosts[int(rng.integers(len(hosts)))]
        region, material = host.box, "metal" if host.material == "organic" else "organic"
    else:  # empty cargo space: the object lies on the floor
        region, material = cargo, ("organic", "metal")[int(rng.integers(2))]
    x, y, w, h = region
    fw, fh = ((0.2, 0.4), (0.2, 0.45)) if hosts else ((0.03, 0.08), (0.1, 0.25))
    ow, oh = max(2, int(w * rng.uniform(*fw))), max(2, int(h * rng.uniform(*fh)))
    ox = x + int(rng.integers((w - ow) // 4, 3 * (w - ow) // 4 + 1))
    oy = y + h - oh if not hosts else y + int(rng.integers((h - oh) // 4, 3 * (h - oh) // 4 + 1))
    if material == "organic":  # pressed bricks of a drug (sugar stands in: C, H, O)
        name, a = "sugar", float(rng.uniform(1.6, 2.6))
        tex: np.ndarray | np.floating[Any] = _texture(rng, "cartons", ow, oh, c)
    else:  # a steel or copper object; both energies must still get through the host
        name, a, tex = ("steel", "Cu")[int(rng.integers(2))], float(rng.uniform(1.4, 2.2)), np.float32(1)
    c.add((ox, oy, ow, oh), np.float32(a) * tex, name)
    return (ox, oy, ow, oh), material, name


def _expose(a: np.ndarray, i0: int, noise: float, rng: np.random.Generator) -> np.ndarray:
    """Attenuation -> noisy uint16 intensity, reusing the buffer (the canvas is consumed)."""
    np.negative(a, out=a)
    np.exp(a, out=a)
    a *= np.float32(i0)
    if noise > 0:
        # Detector channels differ slightly in gain: faint horizontal streaks, as in real scans.
        a *= 1 + np.float32(0.003) * rng.standard_normal((a.shape[0], 1), np.float32)
        # Photon statistics: std ~ sqrt(I), i.e. relative noise grows as the intensity falls.
        sigma = np.sqrt(a * np.float32(i0 * noise * noise))
        a += sigma * rng.standard_normal(a.shape, np.float32)
    np.clip(a, 0, 65535, out=a)
    a += 0.5
    return a.astype(np.uint16)


def generate_scan(seed: int, width: int = 8000, height: int = 2000, *, kind: str = "container",
                  concealment: bool = False, i0: int = 60000, noise: float = 0.005,
                  scanner: str = DEFAULT_SCANNER) -> SyntheticScan:
    """Deterministic dual-energy scan by a scanner of type ``scanner`` (see
    ``app.tiles.physics.scanners``). ``noise`` is the relative intensity noise in air.

    The scene, the concealed object and the noise use independent random streams, so the same
    seed with and without concealment gives the same scene (paired images for training).
    """
    ints = (seed, width, height, i0)
    if not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in ints):
        raise ValueError(f"seed, width, height and i0 must be integers, got {ints!r}")
    if seed < 0:
        raise ValueError(f"seed must be non-negative, got {seed}")
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        raise ValueError(f"image must be at least {MIN_WIDTH}x{MIN_HEIGHT} px, "
                         f"got {width}x{height}")
    if not 1 <= i0 <= 65535:
        raise ValueError(f"i0 must be within 1..65535, got {i0}")
    if not (math.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be a finite number >= 0, got {noise}")
    if scanner not in SCANNERS:
        raise ValueError(f"unknown scanner {scanner!r}; expected one of {', '.join(SCANNERS)}")
    t0 = time.perf_counter()
    scene_seq, conceal_seq, noise_seq = np.random.SeedSequence(int(seed)).spawn(3)
    rng = np.random.default_rng(scene_seq)
    c = _Canvas(int(width), int(height), *_SCENE[kind], _physics(scanner))
    cargo, goods = _BUILDERS[kind](c, rng, kind)
    flip = bool(rng.random() < 0.5)  # vehicle driving either way through the portal
    hidden = _conceal(c, np.random.default_rng(conceal_seq), goods, cargo) if concealment else None
    noise_rng = np.random.default_rng(noise_seq)
    high, low = _expose(c.ah, i0, noise, noise_rng), _expose(c.al, i0, noise, noise_rng)
    if flip:
        high, low = np.ascontiguousarray(high[:, ::-1]), np.ascontiguousarray(low[:, ::-1])

        def mirror(b: Box) -> Box:
            return width - b[0] - b[2], b[1], b[2], b[3]

        cargo = mirror(cargo)
        goods = [dataclasses.replace(g, box=mirror(g.box)) for g in goods]
        hidden = (mirror(hidden[0]), *hidden[1:]) if hidden else None
    log.debug("synthetic %s scan seed=%d %dx%d in %.3f s", kind, seed, width, height,
              time.perf_counter() - t0)
    return SyntheticScan(int(seed), kind, int(i0), high, low, cargo, goods,
                         *(hidden if hidden else (None, None, None)), scanner=scanner)


def material_ratio(high: np.ndarray, low: np.ndarray, i0: float,
                   min_attenuation: float = 0.05) -> np.ndarray:
    """Per-pixel R = ln(i0/low) / ln(i0/high); NaN where the high image shows (nearly) air."""
    ah = np.log(np.float32(i0) / np.maximum(high, 1).astype(np.float32))
    al = np.log(np.float32(i0) / np.maximum(low, 1).astype(np.float32))
    with np.errstate(divide="ignore", invalid="ignore"):
        r = al / ah
    r[ah < min_attenuation] = np.nan
    return r
