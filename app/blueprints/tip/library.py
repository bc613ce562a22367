"""The library of fictional threat images: made synthetically (app.synthetic's physics)
or uploaded by instructors in any scanner format a plug-in reads (app/vendors). Never a
live scan: FTIs live in their own table and reach analysts only through projection."""

from __future__ import annotations

import io
import secrets
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa
from PIL import Image

from app import audit
from app.blueprints.tip import maths
from app.errors import ApiError
from app.extensions import db
from app.models import TipThreat, User
from app.synthetic import SCANNERS
from app.threats import THREAT_CATEGORIES
from app.vendors.base import InputFile
from app.vendors.errors import InvalidScanFile, UnsupportedFormat, VendorError
from app.vendors.registry import default_registry


def _category(category: str) -> str:
    if category not in THREAT_CATEGORIES:
        raise ApiError(422, "invalid_data", f"category: one of {', '.join(THREAT_CATEGORIES)}.", field="category")
    return category


def _add(actor: User, name: str, category: str, source: str, fti: maths.Fti, pixel_mm: float,
         recipe: dict[str, Any]) -> TipThreat:
    h, w = fti.shape
    threat = TipThreat(name=name, category=category, source=source, recipe=recipe, pixel_mm=pixel_mm,
                       width=w, height=h, data=fti.to_bytes(), created_by_id=actor.id)
    db.session.add(threat)
    db.session.flush()
    audit.record("tip.threat_add", actor=actor, target=("tip_threat", threat.id),
                 detail={"category": category, "source": source})
    db.session.commit()
    return threat


def generate(actor: User, category: str, seed: int | None = None, scanner: str | None = None,
             name: str | None = None) -> TipThreat:
    _category(category)
    scanner = scanner or maths.DEFAULT_SCANNER
    if scanner not in SCANNERS:
        raise ApiError(422, "invalid_data", f"scanner: one of {', '.join(SCANNERS)}.", field="scanner")
    seed = secrets.randbelow(2**31) if seed is None else seed
    fti = maths.make_fti(category, seed, scanner)
    label = name or f"{maths.SYNTHETIC[category][1]} #{seed}"
    return _add(actor, label, category, "synthetic", fti, maths.FTI_PIXEL_MM,
                {"category": category, "seed": seed, "scanner": scanner})


def upload(actor: User, name: str, category: str, files: list[tuple[str, Path]], fmt: str | None,
           pixel_mm: float) -> TipThreat:
    """An FTI from a scan of the object alone in air, in a vendor's format."""
    _category(category)
    if not files:
        raise ApiError(422, "invalid_data", "Send the object's image file(s).", field="files")
    if not 0.1 <= pixel_mm <= 50:
        raise ApiError(422, "invalid_data", "pixel_mm: between 0.1 and 50.", field="pixel_mm")
    try:
        image = default_registry().read([InputFile(path, role, path.name) for role, path in files], fmt)
    except UnsupportedFormat as exc:
        raise ApiError(415, "unsupported_media_type", str(exc)) from None
    except (InvalidScanFile, VendorError) as exc:
        raise ApiError(422, "invalid_data", str(exc)) from None
    high = image.channels.get("high", image.channels.get("single"))
    try:
        fti = maths.fti_from_images(high, image.channels.get("low"))
    except ValueError as exc:
        raise ApiError(422, "invalid_data", str(exc)) from None
    if max(fti.shape) > 2000:
        raise ApiError(422, "invalid_data", "The object is larger than 2,000 pixels: crop the image.")
    return _add(actor, name or "uploaded object", category, "upload", fti, pixel_mm,
                {"format": image.metadata.get("format")})


def listing() -> list[TipThreat]:
    return list(db.session.scalars(sa.select(TipThreat).order_by(TipThreat.category, TipThreat.id)))


def get(threat_id: int) -> TipThreat:
    threat = db.session.get(TipThreat, threat_id)
    if threat is None:
        raise ApiError(404, "not_found", f"No threat image {threat_id}.")
    return threat


def set_active(actor: User, threat_id: int, active: bool) -> TipThreat:
    threat = get(threat_id)
    threat.active = active
    audit.record("tip.threat_change", actor=actor, target=("tip_threat", threat.id), detail={"active": active})
    db.session.commit()
    return threat


def preview(threat_id: int) -> bytes:
    """The FTI as an X-ray would show it alone in air (high energy, dark = dense)."""
    fti = maths.Fti.from_bytes(get(threat_id).data)
    image = np.clip(255 * np.exp(-fti.a_high), 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG")
    return buffer.getvalue()
