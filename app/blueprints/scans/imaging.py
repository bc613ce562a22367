"""The image endpoints the viewer reads (Deep Zoom descriptor and tiles, thumbnail,
histogram, pixel values), added under any base path whose own rule decides which
scan it shows and to whom: live scans, library items, exam questions."""

from __future__ import annotations

from typing import Callable

from flask import Blueprint, Response, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.blueprints.scans.schemas import (HistogramQuery, ImageHistogram, PixelQuery, PixelReading, RegionQuery,
                                          RegionStatistics, TileLinks)
from app.blueprints.scans.services import material_source, person_tile_links
from app.blueprints.scans.tiles import parse_params, service
from app.errors import ApiError
from app.models import Scan
from app.security import allow
from app.tiles import etag_matches
from app.tiles.params import FORMATS
from app.tiles.regions import parse_region, region_stats
from app.validation import accepts_query, query_parameters, reply, responds, responds_media

TILE_CACHE_CONTROL = "private, max-age=3600"
# A tile is sent as the format its render parameters ask (`fmt`, also its `.{ext}`).
TILE_TYPES = tuple(f"image/{fmt}" for fmt in FORMATS)
TILE_ETAG = {"ETag": "this tile's version: send it back as If-None-Match to get 304 while it holds"}

Resolve = Callable[..., Scan]


def _viewer(door: str) -> int | None:
    """Whose view of a live scan to show (TileViews: a projected threat is seen by its
    analyst alone); the library and exam doors always show the scan as stored."""
    return current_user.id if door == "" and current_user.is_authenticated else None


def add_image_routes(bp: Blueprint, base: str, name: str, roles: tuple[str, ...], resolve: Resolve,
                     dzi_base: str | None = None, on_open: Callable[[Scan], None] | None = None) -> None:
    """`resolve(**view_args)` returns the scan to show or raises ApiError; `name`
    prefixes the endpoints (`<name>_dzi`, `<name>_tile`, ...); `on_open(scan)` runs when
    a viewer opens the image (its .dzi), e.g. to write the view in the audit trail."""
    dzi_base = dzi_base or base

    @responds_media({200: "application/xml"})
    def dzi(**ids):
        params = parse_params(request.args)
        svc = service()
        scan = resolve(**ids)
        if on_open is not None:
            on_open(scan)
        xml = svc.geometry(svc.processed(scan, _viewer(name))).dzi_xml(params.fmt)
        # A ready scan's geometry never changes: no round trip before the first tile.
        return Response(xml, mimetype="application/xml", headers={"Cache-Control": TILE_CACHE_CONTROL})

    @responds_media({200: TILE_TYPES, 304: None}, headers=TILE_ETAG)
    def tile(level: int, col: int, row: int, ext: str, **ids):
        params = parse_params(request.args)
        if ext != params.fmt:
            raise ApiError(404, "not_found", _("Tiles of these parameters are .%(fmt)s, not .%(ext)s.", fmt=params.fmt, ext=ext))
        svc = service()
        # Who, and through which door: being allowed a library image says nothing of the live scan.
        who = f"{name}:{sorted(ids.items())}:user:{current_user.get_id()}"
        scan_id = svc.allowed_scan(who)
        if scan_id is None:
            scan_id = svc.allow(who, resolve(**ids), _viewer(name))
        data, tag = svc.tile(scan_id, level, col, row, params)
        headers = {"ETag": tag, "Cache-Control": TILE_CACHE_CONTROL}
        if etag_matches(request.headers.get("If-None-Match"), tag):
            return Response(status=304, headers=headers)
        return Response(data, mimetype=f"image/{params.fmt}", headers=headers)

    @responds_media({200: "image/jpeg"})
    def thumbnail(**ids):
        data = service().thumbnail(resolve(**ids), user_id=_viewer(name))
        return Response(data, mimetype="image/jpeg", headers={"Cache-Control": TILE_CACHE_CONTROL})

    @accepts_query(PixelQuery)
    @responds(PixelReading)
    def pixel(**ids):
        at = query_parameters(PixelQuery)
        return reply(service().pixel(resolve(**ids), at.x, at.y, _viewer(name)))

    @accepts_query(HistogramQuery)
    @responds(ImageHistogram)
    def histogram(**ids):
        channel = query_parameters(HistogramQuery).channel
        return reply(service().histogram(resolve(**ids), channel, _viewer(name)))

    @responds(TileLinks)
    def links(**ids):
        # Fresh signed links when the ones handed out have expired (a viewer left open).
        scan = resolve(**ids)
        return reply(person_tile_links(scan.id))

    @accepts_query(RegionQuery)
    @responds(RegionStatistics)
    def region(**ids):
        asked = query_parameters(RegionQuery)
        scan = resolve(**ids)
        try:
            shape = parse_region(asked.rect, asked.points)
            sc = scan.scanner
            body = region_stats(service().processed(scan, _viewer(name)), shape, (sc.pixel_spacing_x_mm, sc.pixel_spacing_y_mm))
        except ValueError as exc:
            raise ApiError(400, "invalid_region", str(exc)) from None
        return reply(body)

    guard = allow(*roles)
    bp.add_url_rule(f"{dzi_base}/scan.dzi", f"{name}dzi", guard(dzi), methods=["GET"])
    bp.add_url_rule(f"{dzi_base}/scan_files/<int:level>/<int:col>_<int:row>.<ext>", f"{name}tile", guard(tile),
                    methods=["GET"])
    bp.add_url_rule(f"{base}/thumbnail.jpeg", f"{name}thumbnail", guard(thumbnail), methods=["GET"])
    bp.add_url_rule(f"{base}/pixel", f"{name}pixel", guard(pixel), methods=["GET"])
    bp.add_url_rule(f"{base}/histogram", f"{name}histogram", guard(histogram), methods=["GET"])
    bp.add_url_rule(f"{base}/links", f"{name}links", guard(links), methods=["GET"])
    bp.add_url_rule(f"{base}/region", f"{name}region", guard(region), methods=["GET"])


def image_links(bp_name: str, name: str, **ids) -> dict[str, str]:
    keys = ("dzi", "thumbnail", "histogram", "pixel", "region")
    return {key: url_for(f"{bp_name}.{name}{key}", **ids) for key in keys} | {
        "renew": url_for(f"{bp_name}.{name}links", **ids)}


def image_view(scan: Scan, view_id: str, self_link: str, links: dict[str, str]) -> dict:
    """What the viewer needs of an image, and nothing that identifies a live case."""
    sc = scan.scanner
    return {
        "id": view_id, "width": scan.width, "height": scan.height,
        "scanner": {"kind": sc.kind, "dual_energy": any(ch.role == "low" for ch in scan.channels),
                    "pixel_spacing_mm": {"x": sc.pixel_spacing_x_mm, "y": sc.pixel_spacing_y_mm}},
        "channels": [{"role": ch.role, "width": ch.width, "height": ch.height} for ch in scan.channels],
        "material_source": material_source(scan),
        # The door's own rules decided this person may see the image: sign its tile links.
        "links": {"self": self_link, **links, **person_tile_links(scan.id)},
    }
