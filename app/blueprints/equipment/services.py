"""Scanners: registration (the equipment monitoring issue adds events)."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

from app.blueprints.auth.services import issue_token
from app.errors import ApiError
from app.extensions import db
from app.models import Scanner, Site
from app.models.org import SCANNER_KINDS, SOURCE_KINDS

_VENDOR_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")


def create_scanner(
    *,
    site_code: str,
    name: str,
    vendor: str | None = None,
    kind: str = "fixed",
    source: str = "linac",
    energy_high_kev: int | None = None,
    energy_low_kev: int | None = None,
    **details: Any,
) -> tuple[Scanner, str]:
    """Register a scanner and return it with its bearer token (shown once)."""
    site = db.session.scalar(sa.select(Site).where(Site.code == site_code))
    if site is None:
        raise ApiError(422, "invalid_data", f"No site with code {site_code!r}.", field="site")
    if vendor is not None and not _VENDOR_KEY.fullmatch(vendor):
        raise ApiError(422, "invalid_data", "A vendor key is 1-32 lower-case letters, digits, '_' or '-'.")
    if kind not in SCANNER_KINDS:
        raise ApiError(422, "invalid_data", f"Scanner kind must be one of {', '.join(SCANNER_KINDS)}.")
    if source not in SOURCE_KINDS:
        raise ApiError(422, "invalid_data", f"Radiation source must be one of {', '.join(SOURCE_KINDS)}.")
    if energy_low_kev is not None and (energy_high_kev is None or energy_low_kev >= energy_high_kev):
        raise ApiError(422, "invalid_data", "A dual-energy scanner's low energy must be below its high energy.",
                       field="energy_low_kev")
    taken = sa.select(Scanner.id).where(Scanner.site_id == site.id, Scanner.name == name)
    if db.session.scalar(taken) is not None:
        raise ApiError(409, "conflict", f"Site {site_code} already has a scanner named {name!r}.",
                       field="name")
    sc = Scanner(
        site=site, name=name, vendor=vendor, kind=kind, source=source,
        energy_high_kev=energy_high_kev, energy_low_kev=energy_low_kev, **details,
    )
    db.session.add(sc)
    db.session.flush()
    return sc, issue_token(f"scanner {name}", scanner=sc)
