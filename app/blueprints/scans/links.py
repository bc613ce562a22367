"""Signed tile links in the web app: handed out where a person's access to a scan is decided,
checked on the tile path with one HMAC and no database (app/tiles/links.py)."""

from __future__ import annotations

import time

from flask import after_this_request, current_app, g, request
from flask_babel import gettext as _
from flask_login import user_logged_in, user_logged_out

from app.errors import ApiError
from app.tiles import links

BASE = "/api/v1/tiles"


def _key(app=None) -> bytes:
    app = app or current_app
    key = app.extensions.get("cips_tile_link_key")
    if key is None:
        key = app.extensions["cips_tile_link_key"] = links.derive_key(app.config["SECRET_KEY"])
    return key


def tile_links(scan_id: int, user_id: int) -> dict[str, str]:
    """The signed `.dzi` (server-rendered JPEG tiles) and `data.json` (lossless data tiles
    for rendering in the browser) of a scan, for one person. Works outside requests too
    (the assignment push). They work in a browser holding the person's tile cookie
    (`bind_browser`)."""
    period = current_app.config["TILE_LINK_SECONDS"]
    views = current_app.extensions.get("cips_tile_views")
    # Another view of the scan for this person (TileViews, tiles.py) is named inside the token.
    view = views.view(scan_id, user_id) if views is not None else None
    token = links.sign(_key(), scan_id, user_id, links.expiry(time.time(), period), view)
    return {"dzi": f"{BASE}/{token}/scan.dzi", "data": f"{BASE}/{token}/data.json"}


def bind_browser(user_id: int) -> None:
    """Give the browser of this request, signed in as `user_id`, the tile cookie (once)."""
    value = links.cookie_value(_key(), user_id)
    if request.cookies.get(links.COOKIE_NAME) == value or g.get("_tile_cookie_set"):
        return
    g._tile_cookie_set = True

    @after_this_request
    def _set(response):
        # Path-scoped and HttpOnly: only tile requests carry it, and no script can read it.
        response.set_cookie(links.COOKIE_NAME, value, path=BASE, httponly=True, samesite="Strict",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
        return response


@user_logged_in.connect
def _signed_in(sender, user, **extra) -> None:
    bind_browser(user.id)


@user_logged_out.connect
def _signed_out(sender, user, **extra) -> None:
    # The next person at this workstation must not read the previous one's links.
    @after_this_request
    def _clear(response):
        response.delete_cookie(links.COOKIE_NAME, path=BASE)
        return response


def check_link() -> None:
    """The `@signed` check of the tile routes: a valid, unexpired token for the person whose
    browser this is; the link goes to `g.tile_link`."""
    link = verify(request.view_args.get("token", ""), request.headers.get("Cookie"))
    if link is None:
        raise ApiError(401, "invalid_token", _("This image link is invalid or has expired; reload the image."))
    g.tile_link = link


def verify(token: str, cookie_header: str | None, app=None) -> links.TileLink | None:
    key = _key(app)
    link = links.verify(key, token, time.time())
    if link is None or not links.cookie_matches(key, link, cookie_header):
        return None
    return link


def cache_control(link: links.TileLink) -> str:
    # Cacheable for as long as the link lives: a reload within the period costs no request.
    return f"private, max-age={max(0, link.expires - int(time.time()))}"
