"""Demo scans: each demo scanner sends synthetic scans in its own vendor format
through the same registration path a real scanner uses."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from stdnum import iso6346

from app.blueprints.declarations.services import receive
from app.blueprints.ingest.registration import IncomingFile, register
from app.extensions import db
from app.models import Scan, Scanner
from app.store import sha256_of
from app.synthetic import generate_scan, scanner_for_energies
from app.vendors.writers import write_scan_files

SCANS_PER_SCANNER = 2
WIDTH, HEIGHT = 4000, 1000  # a 20 m scan at 5 mm: big enough to zoom, quick to seed
_KIND_BY_SCANNER = {"rail": ("rail", "rail"), "passenger_car": ("car", "car")}


def seed_demo_scans() -> int:
    """Returns how many scans were added (0 when they are all there already)."""
    added = 0
    scanners = db.session.scalars(sa.select(Scanner).order_by(Scanner.id)).all()
    for n in range(SCANS_PER_SCANNER):
        for sc in scanners:
            uid = f"DEMO-{sc.id:02d}-{n + 1:03d}"
            if db.session.scalar(sa.select(Scan.id).where(Scan.scanner_id == sc.id, Scan.scan_uid == uid)):
                continue
            _send(sc, uid, seed=sc.id * 100 + n, concealment=n % 2 == 1)
            added += 1
    return added


def _send(sc: Scanner, uid: str, seed: int, concealment: bool) -> None:
    synthetic_kind, conveyance = _KIND_BY_SCANNER.get(sc.kind, ("container" if seed % 3 else "truck", "container"))
    scan = generate_scan(seed, WIDTH, HEIGHT, kind=synthetic_kind, concealment=concealment,
                         scanner=scanner_for_energies(sc.energy_high_kev, sc.energy_low_kev))
    with tempfile.TemporaryDirectory() as tmp:
        files = write_scan_files(Path(tmp), "scan", sc.vendor, scan.high, scan.low if sc.dual_energy else None,
                                 sc.energy_high_kev or 6000, sc.energy_low_kev or 4000)
        meta: dict[str, Any] = {
            "scan_uid": uid,
            "scanned_at": (datetime.now(timezone.utc) - timedelta(minutes=seed % 240)).isoformat(),
            "conveyance": {"kind": conveyance,
                           "container_ids": [_container_id(seed)] if conveyance == "container" else [],
                           "plate": None if conveyance == "container" else f"ZJ-{seed:05d}"},
            "weight_kg": float(18000 + seed * 37 % 9000),
            "radiation": {"alarm": seed % 7 == 3, "cps": float(100 + seed % 50)},
            "format": sc.vendor,
        }
        incoming = [IncomingFile(role, path, path.name, sha256_of(path)) for role, path in files]
        if meta["conveyance"]["container_ids"] and seed % 4 != 3:  # a few stay unmatched, as in life
            _declare(uid, meta, seed)
        register(sc, meta, incoming, inline=True)


# HS code, description, unit: goods a container of the demo may declare.
_GOODS = (("401110", "New pneumatic tyres, radial, for cars", "pcs"),
          ("940360", "Wooden furniture, flat-packed", "pcs"),
          ("851712", "Mobile telephones", "pcs"),
          ("691110", "Porcelain tableware", "cartons"),
          ("732393", "Stainless steel kitchenware", "cartons"))


def _declare(uid: str, meta: dict, seed: int) -> None:
    """The customs declaration that goes with a demo scan (sent before the scan, as usual)."""
    hs, description, unit = _GOODS[seed % len(_GOODS)]
    # Declared weight off the load meter's by up to about 20 %, so some are flagged.
    gross = round(meta["weight_kg"] * (1 - (seed % 5) * 0.05))
    receive({
        "number": f"DEC-{uid}", "declared_at": meta["scanned_at"], "declarant": "Demo Customs Brokerage",
        "consignor": f"Demo Exporter {seed % 7}", "consignee": f"Demo Importer {seed % 5}",
        "origin_country": ("CN", "VN", "TR", "DE", "BR")[seed % 5],
        "transport": {"container_ids": meta["conveyance"]["container_ids"]},
        "goods": [{"hs_code": hs, "description": description, "quantity": 100 + seed, "unit": unit,
                   "gross_kg": gross, "net_kg": round(gross * 0.93)}],
        "risk": {"level": ("low", "medium", "high")[seed % 3], "reasons": ["demo risk profile"]},
    })


def _container_id(seed: int) -> str:
    """A valid ISO 6346 number (owner, category U, serial, check digit)."""
    body = f"CSQU{305438 + seed:06d}"
    return body + iso6346.calc_check_digit(body)
