"""Storage planning: what the store holds (by site, scanner, kind of object, month),
how fast it grows, when it is full, and what a plan of scanners would need.

Figures come from `stored_objects` (the size of every object when written), which
`cips storage check` keeps honest against the store itself."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app

from app.blueprints.storage import store as image_store
from app.database import utcnow
from app.extensions import db
from app.models import Scan, Scanner, Site, StoredObject

GROWTH_DAYS = 30


def _month(column):
    """Year and month in UTC, whatever the database session's TimeZone."""
    if db.engine.dialect.name == "postgresql":
        column = sa.func.timezone("UTC", column)
    return sa.func.extract("year", column), sa.func.extract("month", column)


def report(days: int = GROWTH_DAYS) -> dict[str, Any]:
    now = utcnow()
    year, month = _month(StoredObject.created_at)
    rows = db.session.execute(
        sa.select(Site.code, Scanner.name, StoredObject.kind, year, month,
                  sa.func.count(StoredObject.id), sa.func.coalesce(sa.func.sum(StoredObject.size_bytes), 0))
        .select_from(StoredObject).outerjoin(Scan, Scan.id == StoredObject.scan_id)
        .outerjoin(Scanner, Scanner.id == Scan.scanner_id).outerjoin(Site, Site.id == Scanner.site_id)
        .group_by(Site.code, Scanner.name, StoredObject.kind, year, month)).all()
    by: dict[str, dict[str, int]] = {"site": {}, "scanner": {}, "kind": {}, "month": {}}
    detail = []
    total = count = 0
    for site, scanner, kind, y, m, n, size in rows:
        size, n = int(size), int(n)
        label_month = f"{int(y):04d}-{int(m):02d}"
        site, scanner = site or "(none)", f"{site or '(none)'} / {scanner or '(none)'}"
        for axis, key in (("site", site), ("scanner", scanner), ("kind", kind), ("month", label_month)):
            by[axis][key] = by[axis].get(key, 0) + size
        detail.append({"site": site, "scanner": scanner, "kind": kind, "month": label_month, "objects": n,
                       "bytes": size})
        total += size
        count += n
    since = now - timedelta(days=days)
    recent = int(db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(StoredObject.size_bytes), 0))
                                   .where(StoredObject.created_at >= since)) or 0)
    growth_per_day = recent / days
    scans = int(db.session.scalar(sa.select(sa.func.count(sa.distinct(StoredObject.scan_id)))
                                  .where(StoredObject.scan_id.is_not(None))) or 0)
    per_kind_scan = {k: round(v / scans) if scans else 0 for k, v in by["kind"].items()}
    capacity = int(current_app.config["STORE_CAPACITY_BYTES"])
    days_until_full = None
    if capacity and growth_per_day > 0:
        days_until_full = max(0.0, (capacity - total) / growth_per_day)
    return {
        "store": image_store.objects().url, "kind": image_store.objects().kind,
        "total_bytes": total, "objects": count, "scans": scans,
        "bytes_per_scan": round(total / scans) if scans else 0, "bytes_per_scan_by_kind": per_kind_scan,
        "by_site": by["site"], "by_scanner": by["scanner"], "by_kind": by["kind"],
        "by_month": dict(sorted(by["month"].items())), "detail": detail,
        "growth_days": days, "growth_bytes_per_day": round(growth_per_day),
        "capacity_bytes": capacity or None,
        "days_until_full": None if days_until_full is None else round(days_until_full, 1),
    }


def plan(scanners: int, scans_per_day: float, bytes_per_scan: int, retention_days: int) -> dict[str, Any]:
    """The section 2.4 estimate: scanners x scans/day x bytes/scan, kept retention_days."""
    per_day = scanners * scans_per_day * bytes_per_scan
    return {"scanners": scanners, "scans_per_day": scans_per_day, "bytes_per_scan": bytes_per_scan,
            "retention_days": retention_days, "bytes_per_day": round(per_day),
            "bytes_needed": round(per_day * retention_days)}
