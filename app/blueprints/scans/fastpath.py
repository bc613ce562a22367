"""The fast tile path: signed tile requests whose response is already cached are answered
before Flask (no request context, session, user loader, rate limiter or CSRF), with one
HMAC, one cookie comparison and one dictionary lookup. A bare gevent server answers ~9,000
cached tiles a second on the test machine and Flask's full request ~800 (PERFORMANCE.md);
this path is what lets CIPS come close to the former. Every miss, and every request it
does not recognise, goes on to Flask, where the signed routes (signed.py) render, answer
and fill the cache this reads."""

from __future__ import annotations

import time
from typing import Any, Callable, NamedTuple

from app.blueprints.scans.links import BASE, cache_control, verify
from app.tiles import etag_matches
from app.tiles.links import TileLink

PREFIX = BASE + "/"
# The same as app.security's after-request headers, which this path skips.
SECURITY_HEADERS = [("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin"),
                    ("X-Frame-Options", "DENY")]


class ResponseKey(NamedTuple):
    scan_id: str  # the view key (tiles.py); first, so TileCache.discard_scan works on these keys too
    path: str  # after the token: "data_files/12/3_1.png", "scan.dzi", ...
    query: str


class CachedResponse(NamedTuple):
    body: bytes
    etag: str
    mimetype: str


def split(path: str) -> tuple[str, str] | None:
    """(token, rest) of a signed tile path."""
    if not path.startswith(PREFIX):
        return None
    token, _, rest = path[len(PREFIX):].partition("/")
    return (token, rest) if token and rest else None


class TileFastPath:
    """WSGI middleware in front of the Flask app (and of Socket.IO's)."""

    def __init__(self, flask_app, wsgi_app: Callable) -> None:
        self.flask_app = flask_app
        self.wsgi_app = wsgi_app
        self.hits = 0
        # (token, cookie header) pairs already verified: a viewer sends the same pair for
        # every tile of a period, so the HMACs run once per browser and scan, not per tile.
        self._verified: dict[tuple[str, str], TileLink] = {}

    def _link(self, token: str, cookie: str | None) -> TileLink | None:
        known = self._verified.get((token, cookie or ""))
        if known is not None and known.expires > time.time():
            return known
        link = verify(token, cookie, self.flask_app)
        if link is not None:
            if len(self._verified) > 10_000:
                self._verified.clear()
            self._verified[(token, cookie or "")] = link
        return link

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Any:
        parts = split(environ.get("PATH_INFO", ""))
        if parts is None or environ.get("REQUEST_METHOD") != "GET":
            return self.wsgi_app(environ, start_response)
        service = self.flask_app.extensions.get("cips_tiles")
        link = self._link(parts[0], environ.get("HTTP_COOKIE")) if service else None
        if link is None:  # Flask gives the refusal its JSON body
            return self.wsgi_app(environ, start_response)
        # Which view of the scan (TileViews in tiles.py) is named inside the signed token.
        hit = service.responses.get(ResponseKey(service.link_key(link), parts[1], environ.get("QUERY_STRING", "")))
        if hit is None:
            return self.wsgi_app(environ, start_response)
        self.hits += 1
        headers = [("ETag", hit.etag), ("Cache-Control", cache_control(link)), *SECURITY_HEADERS]
        if etag_matches(environ.get("HTTP_IF_NONE_MATCH"), hit.etag):
            start_response("304 Not Modified", headers)
            return []
        start_response("200 OK", [("Content-Type", hit.mimetype), ("Content-Length", str(len(hit.body))), *headers])
        return [hit.body]


def install(app) -> None:
    """Outermost WSGI layer (after Flask-SocketIO's), so it runs first."""
    if not isinstance(app.wsgi_app, TileFastPath):
        app.wsgi_app = TileFastPath(app, app.wsgi_app)
