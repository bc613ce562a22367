from __future__ import annotations

import json

from flask import g, request
from flask_babel import gettext as _

from app.blueprints.ingest import bp
from app.blueprints.ingest.registration import files_from_uploads, register, register_parts
from app.blueprints.ingest.schema import FILE_ROLES, Registration, invalid, parse_registration
from app.blueprints.scans.schemas import ScanSummary
from app.errors import ApiError
from app.security import allow
from app.validation import accepts, reply, responds


@bp.post("/scans")
@allow(tokens=("scanner",), people=False)
@accepts(Registration)
@responds({200: ScanSummary, 201: ScanSummary})
def register_scan():
    """Registers a scan: 201 when new, 200 for a retry of the same scan (same scan_uid and content)."""
    scanner = g.api_token.scanner
    if request.mimetype == "multipart/form-data":
        return _register_multipart(scanner)
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", _("Send application/json (tus uploads) or multipart/form-data."))
    meta = parse_registration(request.get_json(silent=True))
    scan, created = register(scanner, meta, files_from_uploads(scanner, meta["files"]))
    return reply(ScanSummary.of(scan), 201 if created else 200)


def _register_multipart(scanner):
    try:
        body = json.loads(request.form.get("metadata", ""))
    except ValueError:
        raise invalid("metadata", _("the 'metadata' part must be JSON")) from None
    if isinstance(body, dict) and "files" not in body:
        body["files"] = None
    meta = parse_registration(body)
    parts = [(role, request.files[role]) for role in FILE_ROLES if role in request.files]
    scan, created = register_parts(scanner, meta, parts)
    return reply(ScanSummary.of(scan), 201 if created else 200)
