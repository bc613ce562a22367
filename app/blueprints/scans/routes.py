from __future__ import annotations

from flask import g, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from app import audit
from app.blueprints.scans import bp
from app.blueprints.scans.imaging import add_image_routes
from app.blueprints.scans.services import SCAN_ROLES, get_scan, list_scans, serialize_scan
from app.errors import ApiError
from app.models.scans import SCAN_STATUSES
from app.security import allow


def _scan(scan_id: int):
    if g.api_token is not None:
        return get_scan(scan_id, scanner=g.api_token.scanner)
    return get_scan(scan_id, user=current_user)


@bp.get("/scans")
@allow(*SCAN_ROLES)
def scans():
    statuses = [s for s in request.args.get("status", "").split(",") if s]
    if any(s not in SCAN_STATUSES for s in statuses):
        raise ApiError(400, "invalid_parameter", _("status takes a comma-separated list of %(value)s.", value=', '.join(SCAN_STATUSES)),
                       parameter="status")
    limit = request.args.get("limit", "50")
    if not limit.isdigit() or not 1 <= int(limit) <= 500:
        raise ApiError(400, "invalid_parameter", _("limit must be 1 to 500."), parameter="limit")
    return jsonify({"scans": [serialize_scan(s) for s in list_scans(current_user, statuses, int(limit))]})


def _viewed(scan, what: str) -> None:
    """Every look at a live scan by a person is in the audit trail (who, when, from where)."""
    if g.api_token is None:
        audit.record_now("scan.view", target=("scan", scan.id), scan_id=scan.id, detail={"what": what})


@bp.get("/scans/<int:scan_id>")
@allow(*SCAN_ROLES, tokens=("scanner",))
def scan(scan_id: int):
    found = _scan(scan_id)
    _viewed(found, "scan")
    return jsonify(serialize_scan(found))


add_image_routes(bp, "/scans/<int:scan_id>", "", SCAN_ROLES, _scan, dzi_base="/scans/<int:scan_id>/dzi",
                 on_open=lambda scan: _viewed(scan, "image"))
