"""Looking scans up within what the reader may see (app.access), and how a scan is described."""

from __future__ import annotations

from datetime import datetime

from flask import g, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.access import SCAN_READERS as SCAN_ROLES, scanner_scans, visible_scans
from app.database import as_utc
from app.blueprints.scans.links import bind_browser, tile_links
from app.errors import ApiError
from app.extensions import db
from app.models import Scan, Scanner, User

__all__ = ["SCAN_ROLES", "get_scan", "list_scans", "serialize_scan", "serialize_scan_summary", "visible_scans"]


def get_scan(scan_id: int, *, user: User | None = None, scanner: Scanner | None = None) -> Scan:
    query = scanner_scans(scanner) if scanner is not None else visible_scans(user)
    scan = db.session.scalar(query.where(Scan.id == scan_id))
    if scan is None:
        # The same answer for "absent" and "not yours": ids reveal nothing.
        raise ApiError(404, "not_found", _("No scan %(scan_id)s that you may see.", scan_id=scan_id))
    return scan


def list_scans(user: User, statuses: list[str], limit: int) -> list[Scan]:
    query = visible_scans(user).order_by(Scan.received_at.desc(), Scan.id.desc()).limit(limit)
    if statuses:
        query = query.where(Scan.status.in_(statuses))
    return list(db.session.scalars(query))


def person_tile_links(scan_id: int) -> dict[str, str]:
    """Signed tile links for the signed-in person asking (none for machine clients): the
    callers have just decided this person may see the scan."""
    if g.get("api_token") is not None or not current_user.is_authenticated:
        return {}
    bind_browser(current_user.id)
    return tile_links(scan_id, current_user.id)


def serialize_scan_summary(scan: Scan) -> dict:
    links = {"self": url_for("scans.scan", scan_id=scan.id), "dzi": url_for("scans.dzi", scan_id=scan.id)}
    return {"id": scan.id, "scan_uid": scan.scan_uid, "status": scan.status,
            "links": links | person_tile_links(scan.id)}


def serialize_scan(scan: Scan) -> dict:
    sc = scan.scanner
    body = serialize_scan_summary(scan)
    body["links"] |= {
        "thumbnail": url_for("scans.thumbnail", scan_id=scan.id),
        "histogram": url_for("scans.histogram", scan_id=scan.id),
        "pixel": url_for("scans.pixel", scan_id=scan.id),
        "region": url_for("scans.region", scan_id=scan.id),
        "renew": url_for("scans.links", scan_id=scan.id),
    }
    return body | {
        "failure_reason": scan.failure_reason,
        "scanned_at": _iso(scan.scanned_at), "received_at": _iso(scan.received_at),
        "format": scan.format,
        "conveyance": {"kind": scan.conveyance_kind, "container_ids": scan.container_ids, "plate": scan.plate},
        "weight_kg": scan.weight_kg,
        "radiation": {"alarm": scan.radiation_alarm, "cps": scan.radiation_cps},
        "scanner": {
            "id": sc.id, "name": sc.name, "site": {"code": sc.site.code, "name": sc.site.name},
            "kind": sc.kind, "dual_energy": any(ch.role == "low" for ch in scan.channels),
            "pixel_spacing_mm": {"x": sc.pixel_spacing_x_mm, "y": sc.pixel_spacing_y_mm},
        },
        "width": scan.width, "height": scan.height,
        "channels": [{"role": ch.role, "width": ch.width, "height": ch.height, "sha256": ch.sha256}
                     for ch in scan.channels],
        "material_source": material_source(scan),
    }


def material_source(scan: Scan) -> str | None:
    """Where the scan's material map came from: "cips-calibrated", "default" or "vendor";
    None for a single-energy scan or one not processed yet."""
    recorded = (scan.meta or {}).get("pyramid", {}).get("material_source")
    if recorded:
        return recorded
    dual = any(ch.role == "low" for ch in scan.channels)
    return "default" if dual and scan.status == "ready" else None


def _iso(when: datetime | None) -> str | None:
    return None if when is None else as_utc(when).isoformat()
