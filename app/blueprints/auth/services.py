"""Accounts, sign-in and bearer tokens: called by routes, the CLI and the demo seed."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from app.blueprints.auth.passwords import hash_password, needs_rehash, verify_password
from app.errors import ApiError
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


def authenticate(username: str, password: str) -> User | None:
    user = db.session.scalar(sa.select(User).where(User.username == username))
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def home_of(user: User) -> str:
    for role, path in ROLE_HOMES:
        if user.has_role(role):
            return path
    return "/"


def serialize_user(user: User) -> dict:
    org = user.affiliation
    kind = {Site: "site", Centre: "centre", Headquarters: "headquarters"}.get(type(org))
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "roles": sorted(user.roles),
        "affiliation": None if org is None else {"kind": kind, "id": org.id, "code": org.code, "name": org.name},
        "home": home_of(user),
    }


def serialize_token(token: ApiToken) -> dict:
    body: dict = {"name": token.name, "prefix": token.prefix, "created_at": token.created_at.isoformat()}
    if token.scanner is not None:
        sc = token.scanner
        body |= {"kind": "scanner", "scanner": {
            "id": sc.id, "name": sc.name, "site": sc.site.code, "vendor": sc.vendor, "kind": sc.kind,
            "dual_energy": sc.dual_energy, "energy_high_kev": sc.energy_high_kev, "energy_low_kev": sc.energy_low_kev}}
    else:
        body |= {"kind": "integration", "user": token.user.username}
    return body


def find_affiliation(site: str | None = None, centre: str | None = None, hq: str | None = None):
    """Look an organisation up by code; at most one of the three may be given."""
    given = [(model, code) for model, code in ((Site, site), (Centre, centre), (Headquarters, hq)) if code]
    if len(given) > 1:
        raise ApiError(422, "invalid_data", "A user belongs to one site, centre or headquarters, not several.")
    if not given:
        return None
    model, code = given[0]
    org = db.session.scalar(sa.select(model).where(model.code == code))
    if org is None:
        raise ApiError(422, "invalid_data", f"No {model.__tablename__[:-1]} with code {code!r}.")
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
        raise ApiError(422, "invalid_role", f"Unknown role {bad[0]!r}; roles are: {', '.join(ROLES)}.")
    if not roles:
        raise ApiError(422, "invalid_role", "A user needs at least one role.")
    username = username.strip()
    if not username or len(username) > 64:
        raise ApiError(422, "invalid_data", "A username has 1 to 64 characters.")
    if db.session.scalar(sa.select(User.id).where(User.username == username)) is not None:
        raise ApiError(409, "conflict", f"The username {username!r} is taken.")
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
        raise ApiError(422, "invalid_role", "Only users with the integration role get API tokens.")
    raw = new_token()
    db.session.add(ApiToken(name=name, token_hash=hash_token(raw), prefix=raw[:12], scanner=scanner, user=user))
    db.session.commit()
    return raw
