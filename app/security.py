"""Who may use each route.

Every view declares its policy with `@public` or `@allow(...)`. One
`before_request` hook enforces it, so a route without a declaration is refused
(secure by default) and authentication runs before CSRF: an anonymous caller
gets 401, not a CSRF complaint.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

import sqlalchemy as sa
from flask import current_app, g, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.routing.converters import IntegerConverter

from app import audit, sessions
from app.errors import ApiError
from app.extensions import csrf, db, login_manager
from app.models import ROLES, ApiToken, User
from app.database import as_utc, utcnow

ACCESS_ATTR = "cips_access"


class DatabaseId(IntegerConverter):
    """`<int:...>` in every route: at most the largest id the database holds (PostgreSQL's
    INTEGER, 32-bit signed), so a bigger one is a 404, not a driver's overflow (500)."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 (Werkzeug's signature)
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)
TOKEN_KINDS = ("scanner", "integration")
# Flask's own endpoints that serve nothing private.
BUILTIN_PUBLIC_ENDPOINTS = frozenset({"static"})
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Access:
    public: bool = False
    roles: frozenset[str] = frozenset()  # empty = any signed-in person
    tokens: frozenset[str] = frozenset()  # machine clients allowed
    people: bool = True  # False: bearer tokens only
    # Authorised by a signature in the URL instead (short-lived tile links): raises ApiError
    # unless the request carries a valid one. No session, no database, no CSRF (GET only).
    signed: Callable[[], None] | None = None


def public(view: Callable) -> Callable:
    setattr(view, ACCESS_ATTR, Access(public=True))
    return view


def allow(*roles: str, tokens: tuple[str, ...] = (), people: bool = True) -> Callable:
    """Allow signed-in people with any of `roles` (any role if none given)
    and/or machine clients whose bearer token is of a kind in `tokens`."""
    unknown = set(roles) - set(ROLES) | set(tokens) - set(TOKEN_KINDS)
    if unknown:
        raise ValueError(f"unknown roles or token kinds: {sorted(unknown)}")

    def decorate(view: Callable) -> Callable:
        setattr(view, ACCESS_ATTR, Access(roles=frozenset(roles), tokens=frozenset(tokens), people=people))
        return view

    return decorate


def signed(check: Callable[[], None]) -> Callable:
    """Allow whoever holds a valid signed URL for this route; `check()` verifies it."""

    def decorate(view: Callable) -> Callable:
        setattr(view, ACCESS_ATTR, Access(signed=check, people=False))
        return view

    return decorate


def access_of(endpoint: str | None) -> Access | None:
    if endpoint in BUILTIN_PUBLIC_ENDPOINTS:
        return Access(public=True)
    view = current_app.view_functions.get(endpoint or "")
    return getattr(view, ACCESS_ATTR, None)


def _enforce() -> None:
    if request.endpoint is None:
        return  # 404 / 405: nothing to protect, Werkzeug answers
    access = access_of(request.endpoint)
    if access is None:
        current_app.logger.error("route %s declares no access policy: refused", request.endpoint)
        raise ApiError(403, "forbidden", _("This route is not open to anyone."), scope="route")
    g.api_token = None
    if access.signed is not None:
        access.signed()
        return
    bearer = _bearer_token()
    if bearer is not None:
        _authorize_token(bearer, access)
        return  # no cookie involved, so no CSRF to check
    if not access.public:
        _authorize_person(access)
    if request.method in UNSAFE_METHODS:
        csrf.protect()


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _space, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise ApiError(401, "invalid_token", _("The Authorization header must be 'Bearer <token>'."))
    return value.strip()


def _authorize_token(raw: str, access: Access) -> None:
    token = find_token(raw)
    if token is None:
        raise ApiError(401, "invalid_token", _("The bearer token is unknown or revoked."))
    kind = token_kind(token)
    if not access.public and kind not in access.tokens:
        raise ApiError(403, "forbidden", _("This token may not use this route."), scope="route")
    g.api_token = token
    _touch(token)


def _authorize_person(access: Access) -> None:
    if not access.people:
        if current_user.is_authenticated:  # signed in, but this is for machine clients
            raise ApiError(403, "forbidden", _("This route is for machine clients with a bearer token."), scope="route")
        raise ApiError(401, "unauthenticated", _("This route needs a bearer token."))
    if not current_user.is_authenticated:
        raise ApiError(401, "unauthenticated", _("Please sign in."))
    if access.roles and not current_user.has_role(*access.roles):
        # scope "route": refused for who you are; other 403s concern one object ("not yours").
        raise ApiError(403, "forbidden", _("Your role does not allow this."), scope="route")


def token_kind(token: ApiToken) -> str | None:
    if token.scanner is not None:
        return "scanner" if token.scanner.active else None
    if token.user is not None and token.user.active and token.user.has_role("integration"):
        return "integration"
    return None


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_token() -> str:
    return "cips_" + secrets.token_urlsafe(32)


def find_token(raw: str) -> ApiToken | None:
    if not raw.startswith("cips_") or len(raw) > 200:
        return None
    digest = hash_token(raw)
    token = db.session.scalar(
        sa.select(ApiToken).where(ApiToken.token_hash == digest, ApiToken.revoked_at.is_(None))
    )
    # The index lookup already matched; compare again in constant time anyway.
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    if token_kind(token) is None:
        return None
    return token


def _touch(token: ApiToken) -> None:
    # One write a minute at most: scanners call often, SQLite writes are costly.
    now = utcnow()
    last = token.last_used_at
    if last is None or now - as_utc(last) > timedelta(minutes=1):
        token.last_used_at = now
        # Token use in the audit trail at the same pace: who, from where, at most once a minute.
        audit.record("token.use", actor=token, target=("token", token.id), detail={"path": request.path})
        db.session.commit()


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    try:
        uid = int(user_id)
    except ValueError:
        return None
    # A deactivated account loses its open sessions at once; so does a cookie whose
    # server-side session ended (logout, idle, expired, ended by an admin).
    return sessions.holder(uid)


@login_manager.unauthorized_handler
def _unauthorized():
    raise ApiError(401, "unauthenticated", _("Please sign in."))


# The SPA loads only its own bundle; OpenSeadragon and Annotorious set inline styles,
# and tiles may be drawn from blob: URLs.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def _security_headers(response):
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    return response


def init_app(app) -> None:
    app.before_request(_enforce)
    app.after_request(_security_headers)
