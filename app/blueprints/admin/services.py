"""The organisation as administrators and supervisors see it."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Centre, Headquarters, Scanner, Site, User


def organisation_tree() -> list[dict]:
    """Headquarters -> centres -> sites -> scanners, with head counts, in four queries."""
    centres = db.session.scalars(sa.select(Centre).order_by(Centre.code)).all()
    sites = db.session.scalars(sa.select(Site).order_by(Site.code)).all()
    scanners = db.session.scalars(sa.select(Scanner).order_by(Scanner.name)).all()
    people = _people_per_org()

    scanners_by_site: dict[int, list[dict]] = {}
    for sc in scanners:
        scanners_by_site.setdefault(sc.site_id, []).append(serialize_scanner(sc))
    sites_by_centre: dict[int, list[dict]] = {}
    for s in sites:
        sites_by_centre.setdefault(s.centre_id, []).append({
            "id": s.id, "code": s.code, "name": s.name, "timezone": s.timezone,
            "people": people.get(("site", s.id), 0), "scanners": scanners_by_site.get(s.id, []),
        })
    centres_by_hq: dict[int, list[dict]] = {}
    for c in centres:
        centres_by_hq.setdefault(c.headquarters_id, []).append({
            "id": c.id, "code": c.code, "name": c.name, "timezone": c.timezone,
            "exclude_own_site": c.exclude_own_site, "review_share": c.review_share,
            "people": people.get(("centre", c.id), 0), "sites": sites_by_centre.get(c.id, []),
        })
    return [
        {"id": h.id, "code": h.code, "name": h.name, "people": people.get(("headquarters", h.id), 0),
         "centres": centres_by_hq.get(h.id, [])}
        for h in db.session.scalars(sa.select(Headquarters).order_by(Headquarters.code))
    ]


def _people_per_org() -> dict[tuple[str, int], int]:
    counts: dict[tuple[str, int], int] = {}
    for kind, column in (("site", User.site_id), ("centre", User.centre_id), ("headquarters", User.headquarters_id)):
        rows = db.session.execute(sa.select(column, sa.func.count()).where(column.is_not(None)).group_by(column))
        counts.update({(kind, org_id): n for org_id, n in rows})
    return counts


def serialize_scanner(sc: Scanner) -> dict:
    return {
        "id": sc.id, "name": sc.name, "site_id": sc.site_id, "vendor": sc.vendor,
        "manufacturer": sc.manufacturer, "model": sc.model, "kind": sc.kind, "source": sc.source,
        "energy_high_kev": sc.energy_high_kev, "energy_low_kev": sc.energy_low_kev,
        "dual_energy": sc.dual_energy,
        "pixel_spacing_mm": {"x": sc.pixel_spacing_x_mm, "y": sc.pixel_spacing_y_mm},
        "active": sc.active,
        "calibration": _calibration_summary(sc.calibration or {}),
    }


def _calibration_summary(calibration: dict) -> dict:
    """Enough for a list: whether a wedge was fitted, for which model, when."""
    if calibration.get("kind") == "physics":
        return {"source": calibration.get("source"), "model": calibration.get("model"),
                "fitted_at": calibration.get("fitted_at")}
    return {"source": "thresholds" if calibration else None, "model": None, "fitted_at": None}
