"""Serves the built single-page app (frontend/ -> app/spa_dist)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, send_from_directory
from flask_babel import gettext as _
from werkzeug.routing import PathConverter

from app.errors import ApiError
from app.security import public
from app.validation import responds_media

bp = Blueprint("frontend", __name__)


class SpaPathConverter(PathConverter):
    """Any path the client-side router owns: all but the API, the bundle's
    assets and Socket.IO, which keep their own 404s and methods."""

    regex = r"(?!api(?:/|$)|assets/|socket\.io(?:/|$))[^/].*?"


@bp.record_once
def _register_converter(state) -> None:
    state.app.url_map.converters["spa"] = SpaPathConverter


def _dist() -> Path:
    return Path(current_app.config.get("SPA_DIST") or Path(current_app.root_path) / "spa_dist")


def _index():
    dist = _dist()
    if not (dist / "index.html").is_file():
        raise ApiError(503, "frontend_not_built", _("The web interface is not built yet: run `make build`."))
    response = send_from_directory(dist, "index.html")
    # The page names hashed bundles, so it must be revalidated on every load.
    response.headers["Cache-Control"] = "no-cache"
    return response


@public
def page(path: str = ""):
    return _index()


bp.add_url_rule("/", endpoint="page", view_func=page)
bp.add_url_rule("/<spa:path>", endpoint="page", view_func=page)


@bp.get("/assets/<path:filename>")
@public
def assets(filename: str):
    response = send_from_directory(_dist() / "assets", filename)
    # Vite puts a content hash in every asset name.
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


# The installable app (the officer's tablet): its service worker must be served from the
# root to control every page (scope /), and revalidated on every load so a new build
# replaces it; the web app manifest names the icons and the start page. Files are sent
# conditionally: a browser revalidating its copy gets 304.
@bp.get("/sw.js")
@public
@responds_media({200: "text/javascript", 304: None})
def service_worker():
    response = send_from_directory(_dist(), "sw.js", mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/manifest.webmanifest")
@public
@responds_media({200: "application/manifest+json", 304: None})
def web_manifest():
    response = send_from_directory(_dist(), "manifest.webmanifest", mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/icons/<path:filename>")
@public
@responds_media({200: "image/png", 304: None})  # the build's icons are PNG (frontend/public/icons)
def icons(filename: str):
    response = send_from_directory(_dist() / "icons", filename)
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
