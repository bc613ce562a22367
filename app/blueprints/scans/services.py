"""Looking scans up within what the reader may see (app.access); how a scan is described is
app.blueprints.scans.schemas."""

from __future__ import annotations

from flask import g
from flask_babel import gettext as _
from flask_login import current_user

from app.access import SCAN_READERS as SCAN_ROLES, scanner_scans, visible_scans
from app.blueprints.scans.links import bind_browser, tile_links
from app.errors import ApiError
from app.extensions import db
from app.models import Scan, Scanner, User

__all__ = ["SCAN_ROLES", "get_scan", "list_scans", "material_source", "person_tile_links", "visible_scans"]


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


def material_source(scan: Scan) -> str | None:
    """Where the scan's material map came from: "cips-calibrated", "default" or "vendor";
    None for a single-energy scan or one not processed yet."""
    recorded = (scan.meta or {}).get("pyramid", {}).get("material_source")
    if recorded:
        return recorded
    dual = any(ch.role == "low" for ch in scan.channels)
    return "default" if dual and scan.status == "ready" else None
