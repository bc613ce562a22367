"""Deep Zoom and data tiles under a signed link (links.py): authorised by the signature,
not by the session, so they need neither the database nor the rate limiter nor CSRF (GET
only), and the browser may cache them for as long as the link lives. What they answer is
remembered for fastpath.py, which serves repeats without entering Flask."""

from __future__ import annotations

import hashlib

from flask import Response, g, jsonify, request
from flask_babel import gettext as _

from app.blueprints.scans import bp
from app.blueprints.scans.fastpath import CachedResponse, ResponseKey, split
from app.blueprints.scans.imaging import TILE_ETAG, TILE_TYPES
from app.blueprints.scans.links import cache_control, check_link
from app.blueprints.scans.schemas import DataTiles
from app.blueprints.scans.tiles import parse_params, service
from app.errors import ApiError
from app.extensions import limiter
from app.security import signed
from app.tiles import etag_matches
from app.validation import responds, responds_media


def _view() -> str:
    """The view of the scan this link's person is shown (TileViews in tiles.py)."""
    return service().link_key(g.tile_link)


def _respond(body: bytes, mimetype: str, tag: str | None = None) -> Response:
    tag = tag or '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    link = g.tile_link
    _, rest = split(request.path) or ("", "")
    service().responses.put(ResponseKey(_view(), rest, request.environ.get("QUERY_STRING", "")),
                            CachedResponse(body, tag, mimetype), size=len(body))
    headers = {"ETag": tag, "Cache-Control": cache_control(link)}
    if etag_matches(request.headers.get("If-None-Match"), tag):
        return Response(status=304, headers=headers)
    return Response(body, mimetype=mimetype, headers=headers)


@bp.get("/tiles/<token>/scan.dzi")
@signed(check_link)
@limiter.exempt
@responds_media({200: "application/xml", 304: None}, headers={"ETag": "the descriptor's version (If-None-Match)"})
def signed_dzi(token: str):
    params = parse_params(request.args)
    svc = service()
    xml = svc.geometry(svc.open_ready(_view())).dzi_xml(params.fmt)
    return _respond(xml.encode(), "application/xml")


@bp.get("/tiles/<token>/scan_files/<int:level>/<int:col>_<int:row>.<ext>")
@signed(check_link)
@limiter.exempt
@responds_media({200: TILE_TYPES, 304: None}, headers=TILE_ETAG)
def signed_tile(token: str, level: int, col: int, row: int, ext: str):
    params = parse_params(request.args)
    if ext != params.fmt:
        raise ApiError(404, "not_found", _("Tiles of these parameters are .%(fmt)s, not .%(ext)s.", fmt=params.fmt, ext=ext))
    svc = service()
    view = _view()
    svc.open_ready(view)
    data, tag = svc.tile(view, level, col, row, params)
    return _respond(data, f"image/{params.fmt}", tag)


@bp.get("/tiles/<token>/data.json")
@signed(check_link)
@limiter.exempt
@responds(DataTiles)
def signed_data(token: str):
    # Shaped by the model, but cached as bytes for fastpath.py (not `reply`).
    return _respond(jsonify(DataTiles.dump(service().data_info(_view()))).get_data(), "application/json")


@bp.get("/tiles/<token>/data_files/<int:level>/<int:col>_<int:row>.png")
@signed(check_link)
@limiter.exempt
@responds_media({200: "image/png", 304: None}, headers=TILE_ETAG)
def signed_data_tile(token: str, level: int, col: int, row: int):
    data, tag = service().packed(_view(), level, col, row)
    return _respond(data, "image/png", tag)
