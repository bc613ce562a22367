from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from app.blueprints.calibration import bp
from app.blueprints.calibration.schemas import ScannerCalibration
from app.blueprints.calibration.services import (
    FILE_ROLES, SavedParts, calibrate_scanner, describe, get_scanner, parse_wedge, reset_calibration,
)
from app.errors import ApiError
from app.security import allow
from app.validation import reply, responds


@bp.get("/scanners/<int:scanner_id>/calibration")
@allow("admin", "supervisor")
@responds(ScannerCalibration)
def calibration(scanner_id: int):
    return reply(describe(get_scanner(scanner_id)))


@bp.post("/scanners/<int:scanner_id>/calibration")
@allow("admin")
@responds(ScannerCalibration)
def calibrate(scanner_id: int):
    """multipart: the wedge scan as file parts named by role (high/low, or one two-page
    file as "single", plus "sidecar" for raw), ``wedge`` (JSON, a part or a field),
    optionally ``model`` and ``format``."""
    if request.mimetype != "multipart/form-data":
        raise ApiError(415, "unsupported_media_type", _("Send multipart/form-data: the wedge scan files and 'wedge'."))
    wedge = request.files["wedge"].read() if "wedge" in request.files else request.form.get("wedge")
    parts = [(role, request.files[role]) for role in FILE_ROLES if role in request.files]
    with SavedParts(parts) as files:
        scanner = calibrate_scanner(scanner_id, files, parse_wedge(wedge), request.form.get("model") or None,
                                    request.form.get("format") or None)
    return reply(describe(scanner))


@bp.delete("/scanners/<int:scanner_id>/calibration")
@allow("admin")
@responds(ScannerCalibration)
def reset(scanner_id: int):
    return reply(describe(reset_calibration(scanner_id)))
