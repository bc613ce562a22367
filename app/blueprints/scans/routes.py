from __future__ import annotations

from flask import g
from flask_login import current_user

from app import audit
from app.blueprints.scans import bp
from app.blueprints.scans.imaging import add_image_routes
from app.blueprints.scans.schemas import ScanList, ScanOut, ScansQuery
from app.blueprints.scans.services import SCAN_ROLES, get_scan, list_scans
from app.security import allow
from app.validation import accepts_query, query, reply, responds


def _scan(scan_id: int):
    if g.api_token is not None:
        return get_scan(scan_id, scanner=g.api_token.scanner)
    return get_scan(scan_id, user=current_user)


@bp.get("/scans")
@allow(*SCAN_ROLES)
@accepts_query(ScansQuery)
@responds(ScanList)
def scans():
    asked = query(ScansQuery)
    return reply({"scans": [ScanOut.of(s) for s in list_scans(current_user, asked.statuses, asked.limit)]})


def _viewed(scan, what: str) -> None:
    """Every look at a live scan by a person is in the audit trail (who, when, from where)."""
    if g.api_token is None:
        audit.record_now("scan.view", target=("scan", scan.id), scan_id=scan.id, detail={"what": what})


@bp.get("/scans/<int:scan_id>")
@allow(*SCAN_ROLES, tokens=("scanner",))
@responds(ScanOut)
def scan(scan_id: int):
    found = _scan(scan_id)
    _viewed(found, "scan")
    return reply(ScanOut.of(found))


add_image_routes(bp, "/scans/<int:scan_id>", "", SCAN_ROLES, _scan, dzi_base="/scans/<int:scan_id>/dzi",
                 on_open=lambda scan: _viewed(scan, "image"))
