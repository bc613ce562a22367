"""Accounts, sign-in and bearer tokens: called by routes, the CLI and the demo seed."""

from __future__ import annotations

import time
from collections.abc import Iterable

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from app import audit, sessions
from app.blueprints.auth import throttle
from app.blueprints.auth.schemas import UserOut
from app.blueprints.auth.passwords import (
    MAX_BYTES, hash_password, needs_rehash, policy_problem, too_long, verify_password,
)
from app.errors import ApiError
from app.i18n import languages, normalise
from app.extensions import db
from app.models import ROLES, ApiToken, Centre, Headquarters, Scanner, Site, User, UserRole
from app.database import utcnow
from app.security import hash_token, new_token

# Where each role lands after sign-in, most specific first.
ROLE_HOMES = (
    ("analyst", "/analyst"),
    ("expert", "/analyst"),
    ("supervisor", "/wall"),
    ("site_officer", "/officer"),
    ("trainee", "/trainee"),
    ("instructor", "/academy"),
    ("admin", "/admin"),
    ("auditor", "/audit"),
)


# Accounts that exist for machine clients: they use bearer tokens, never a person's session.
MACHINE_ROLES = frozenset({"integration"})


def find_user(username: str) -> User | None:
    """The account named `username`, compared case- and space-normalised."""
    return db.session.scalar(sa.select(User).where(sa.func.lower(User.username) == throttle.normalise(username)))


def authenticate(username: str, password: str) -> User | None:
    """The active account whose password this is, or None (same cost either way)."""
    user = find_user(username)
    stored_hash = user.password_hash if user else None
    # Hashing takes ~0.4 s and a burst of sign-ins queues for the hash thread: end the
    # transaction first, so a sign-in does not hold a pooled connection that every other
    # request may be waiting for (the account reloads itself afterwards).
    db.session.commit()
    ok = verify_password(stored_hash, password)
    # A hash made at another cost is made again at the configured one, before the
    # account reloads itself (and takes a connection) for the same reason.
    renewed = hash_password(password) if ok and stored_hash and needs_rehash(stored_hash) else None
    if user is None or not ok or not user.active:
        return None
    if renewed:
        user.password_hash = renewed
    return user


def sign_in(username: object, password: object) -> User:
    """Check a sign-in attempt and start a server-side session (the route logs the
    person in). Throttled before the password is looked at; audited either way."""
    if not isinstance(username, str) or not isinstance(password, str) or not username.strip() or not password:
        raise ApiError(400, "invalid_request", _("Both a username and a password are needed."))
    if too_long(password):
        raise ApiError(413, "too_large", _("A password has at most %(limit)s bytes.", limit=MAX_BYTES), field="password")
    if len(username) > 200:
        raise ApiError(422, "invalid_data", _("A username has at most 64 characters."), field="username")
    attempt = throttle.charge(username)
    if attempt.slow:
        # Many failures for this name from everywhere: slow each attempt, never refuse it.
        time.sleep(float(current_app.config["LOGIN_SLOWDOWN_SECONDS"]))
    user = authenticate(username, password)
    if user is None:
        audit.record_now("auth.login_failed", detail={"username": throttle.normalise(username)[:64]})
        raise ApiError(401, "invalid_credentials", _("Wrong username or password."))
    attempt.succeeded()
    if user.roles & MACHINE_ROLES:
        audit.record_now("auth.login_failed", actor=user, target=("person", user.id),
                         detail={"username": user.username, "reason": "machine account"})
        raise ApiError(403, "machine_account", _("This account belongs to a machine client: it uses a bearer token "
                                                 "and cannot sign in as a person."))
    user.last_login_at = utcnow()
    sessions.end_current("signed in again")  # one cookie, one session
    record = sessions.start(user.id)
    audit.record("auth.login", actor=user, target=("person", user.id), detail={"session": record.id[:12]})
    db.session.commit()
    return user


def sign_out(user: User | None) -> None:
    """End this request's server-side session (and its live sockets)."""
    session_id = sessions.current_id()
    sessions.end_current("logout")
    if user is not None:
        audit.record("auth.logout", actor=user, target=("person", user.id),
                     detail={"session": session_id[:12] if session_id else None})
    db.session.commit()
    if session_id:
        sessions.close_sockets([session_id])


def check_password_policy(password: str, username: str | None = None) -> None:
    """422 naming `password` unless it may be a person's new password (admin, CLI)."""
    problem = policy_problem(password, username, current_app.config.get("COMMON_PASSWORDS_FILE"))
    if problem:
        raise ApiError(422, "weak_password", problem, field="password")


def home_of(user: User) -> str:
    for role, path in ROLE_HOMES:
        if user.has_role(role):
            return path
    return "/"


def user_out(user: User) -> UserOut:
    return UserOut.of(user, home_of(user))


def choose_language(user: User, language: str | None) -> User:
    if language is None:
        user.language = None
    else:
        tag = normalise(language)
        if tag is None or tag.lower() != language.strip().replace("_", "-").lower():
            raise ApiError(
                422, "invalid_data",
                _("Unknown language %(language)s: choose one of %(languages)s.",
                  language=language, languages=", ".join(languages())),
                field="language",
            )
        user.language = tag
    db.session.commit()
    return user


def describe_token(token: ApiToken) -> dict:
    common = {"name": token.name, "prefix": token.prefix, "created_at": token.created_at}
    if token.scanner is not None:
        sc = token.scanner
        return common | {"kind": "scanner", "scanner": {
            "id": sc.id, "name": sc.name, "site": sc.site.code, "vendor": sc.vendor, "kind": sc.kind,
            "dual_energy": sc.dual_energy, "energy_high_kev": sc.energy_high_kev, "energy_low_kev": sc.energy_low_kev}}
    return common | {"kind": "integration", "user": token.user.username}


def _no_such_organisation(model, code: str) -> str:
    # One whole sentence per kind: translators see each one, not a word glued in.
    if model is Site:
        return _("No site with code %(code)s.", code=repr(code))
    if model is Centre:
        return _("No centre with code %(code)s.", code=repr(code))
    return _("No headquarters with code %(code)s.", code=repr(code))


def find_affiliation(site: str | None = None, centre: str | None = None, hq: str | None = None):
    """Look an organisation up by code; at most one of the three may be given."""
    given = [(model, code) for model, code in ((Site, site), (Centre, centre), (Headquarters, hq)) if code]
    if len(given) > 1:
        raise ApiError(422, "invalid_data", _("A user belongs to one site, centre or headquarters, not several."))
    if not given:
        return None
    model, code = given[0]
    org = db.session.scalar(sa.select(model).where(model.code == code))
    if org is None:
        raise ApiError(422, "invalid_data", _no_such_organisation(model, code))
    return org


def create_user(
    username: str,
    password: str | None,
    roles: Iterable[str],
    display_name: str | None = None,
    affiliation: Site | Centre | Headquarters | None = None,
) -> User:
    roles = sorted(set(roles))
    bad = [r for r in roles if r not in ROLES]
    if bad:
        raise ApiError(422, "invalid_role", _("Unknown role %(role)s; roles are: %(roles)s.", role=repr(bad[0]), roles=", ".join(ROLES)))
    if not roles:
        raise ApiError(422, "invalid_role", _("A user needs at least one role."))
    username = username.strip()
    if not username or len(username) > 64:
        raise ApiError(422, "invalid_data", _("A username has 1 to 64 characters."))
    if db.session.scalar(sa.select(User.id).where(sa.func.lower(User.username) == username.lower())) is not None:
        raise ApiError(409, "conflict", _("The username %(username)s is taken.", username=repr(username)))
    try:
        password_hash = hash_password(password) if password is not None else None
    except ValueError as exc:
        raise ApiError(422, "weak_password", str(exc)) from None
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=password_hash,
        role_rows=[UserRole(role=r) for r in roles],
    )
    _affiliate(user, affiliation)
    db.session.add(user)
    db.session.commit()
    return user


def _affiliate(user: User, org) -> None:
    user.site = org if isinstance(org, Site) else None
    user.centre = org if isinstance(org, Centre) else None
    user.headquarters = org if isinstance(org, Headquarters) else None


def issue_token(name: str, *, scanner: Scanner | None = None, user: User | None = None) -> str:
    """Create a bearer token and return it; only its hash is kept."""
    if (scanner is None) == (user is None):
        raise ValueError("a token belongs to exactly one scanner or one user")
    if user is not None and not user.has_role("integration"):
        raise ApiError(422, "invalid_role", _("Only users with the integration role get API tokens."))
    raw = new_token()
    db.session.add(ApiToken(name=name, token_hash=hash_token(raw), prefix=raw[:12], scanner=scanner, user=user))
    db.session.commit()
    return raw
