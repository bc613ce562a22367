from __future__ import annotations

from flask import Response, g, jsonify, request
from flask_login import current_user

from app.blueprints.scans import bp
from app.blueprints.scans.services import SCAN_ROLES, get_scan, list_scans, serialize_scan
from app.blueprints.scans.tiles import parse_params, service
from app.errors import ApiError
from app.models.scans import SCAN_STATUSES
from app.security import allow
from app.tiles import etag_matches

TILE_CACHE_CONTROL = "private, max-age=3600"


def _scan(scan_id: int):
    if g.api_token is not None:
        return get_scan(scan_id, scanner=g.api_token.scanner)
    return get_scan(scan_id, user=current_user)


@bp.get("/scans")
@allow(*SCAN_ROLES)
def scans():
    statuses = [s for s in request.args.get("status", "").split(",") if s]
    if any(s not in SCAN_STATUSES for s in statuses):
        raise ApiError(400, "invalid_parameter", f"status takes a comma-separated list of {', '.join(SCAN_STATUSES)}.",
                       parameter="status")
    limit = request.args.get("limit", "50")
    if not limit.isdigit() or not 1 <= int(limit) <= 500:
        raise ApiError(400, "invalid_parameter", "limit must be 1 to 500.", parameter="limit")
    return jsonify({"scans": [serialize_scan(s) for s in list_scans(current_user, statuses, int(limit))]})


@bp.get("/scans/<int:scan_id>")
@allow(*SCAN_ROLES, tokens=("scanner",))
def scan(scan_id: int):
    return jsonify(serialize_scan(_scan(scan_id)))


@bp.get("/scans/<int:scan_id>/dzi/scan.dzi")
@allow(*SCAN_ROLES)
def dzi(scan_id: int):
    params = parse_params(request.args)
    svc = service()
    xml = svc.geometry(svc.processed(_scan(scan_id))).dzi_xml(params.fmt)
    # A ready scan's geometry never changes: no round trip before the first tile.
    return Response(xml, mimetype="application/xml", headers={"Cache-Control": TILE_CACHE_CONTROL})


@bp.get("/scans/<int:scan_id>/dzi/scan_files/<int:level>/<int:col>_<int:row>.<ext>")
@allow(*SCAN_ROLES)
def tile(scan_id: int, level: int, col: int, row: int, ext: str):
    params = parse_params(request.args)
    if ext != params.fmt:
        raise ApiError(404, "not_found", f"Tiles of these parameters are .{params.fmt}, not .{ext}.")
    svc = service()
    who = f"user:{current_user.get_id()}"
    if not svc.recently_allowed(who, scan_id):
        svc.allow(who, _scan(scan_id))
    data, tag = svc.tile(scan_id, level, col, row, params)
    headers = {"ETag": tag, "Cache-Control": TILE_CACHE_CONTROL}
    if etag_matches(request.headers.get("If-None-Match"), tag):
        return Response(status=304, headers=headers)
    return Response(data, mimetype=f"image/{params.fmt}", headers=headers)


@bp.get("/scans/<int:scan_id>/thumbnail.jpeg")
@allow(*SCAN_ROLES)
def thumbnail(scan_id: int):
    data = service().thumbnail(_scan(scan_id))
    return Response(data, mimetype="image/jpeg", headers={"Cache-Control": TILE_CACHE_CONTROL})


@bp.get("/scans/<int:scan_id>/pixel")
@allow(*SCAN_ROLES)
def pixel(scan_id: int):
    x, y = request.args.get("x", ""), request.args.get("y", "")
    if not (x.isdigit() and y.isdigit()):
        raise ApiError(400, "invalid_parameter", "x and y must be non-negative integers (full-resolution pixels).")
    return jsonify(service().pixel(_scan(scan_id), int(x), int(y)))


@bp.get("/scans/<int:scan_id>/histogram")
@allow(*SCAN_ROLES)
def histogram(scan_id: int):
    channel = request.args.get("channel", "high")
    if channel not in ("high", "low", "single"):
        raise ApiError(400, "invalid_parameter", "channel must be high or low.", parameter="channel")
    return jsonify(service().histogram(_scan(scan_id), channel))


