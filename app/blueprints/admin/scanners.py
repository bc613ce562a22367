"""Scanners and their bearer tokens: a token is shown once, when it is made."""

from __future__ import annotations

from typing import Any, cast

import sqlalchemy as sa
from flask_babel import gettext as _

from app import audit
from app.blueprints.admin.schemas import ScannerChange, ScannerIn, TokenOut
from app.blueprints.auth.services import issue_token
from app.blueprints.equipment.services import create_scanner
from app.database import utcnow
from app.errors import ApiError
from app.extensions import db
from app.models import ApiToken, Scanner, User


def list_scanners() -> list[Scanner]:
    return list(db.session.scalars(sa.select(Scanner).order_by(Scanner.site_id, Scanner.name)))


def tokens_of(scanner: Scanner) -> list[ApiToken]:
    return list(db.session.scalars(sa.select(ApiToken).where(ApiToken.scanner_id == scanner.id)
                                   .order_by(ApiToken.created_at.desc())))


def add(actor: User, data: ScannerIn) -> tuple[Scanner, str]:
    details = data.model_dump(exclude={"site", "name", "vendor", "kind", "source", "energy_high_kev", "energy_low_kev"},
                              exclude_none=True)
    scanner, token = create_scanner(site_code=data.site, name=data.name, vendor=data.vendor, kind=data.kind,
                                    source=data.source, energy_high_kev=data.energy_high_kev,
                                    energy_low_kev=data.energy_low_kev, **details)
    audit.record("scanner.create", actor=actor, target=("scanner", scanner.id), detail=data.model_dump())
    db.session.commit()
    return scanner, token


def _get(scanner_id: int) -> Scanner:
    scanner = db.session.get(Scanner, scanner_id)
    if scanner is None:
        raise ApiError(404, "not_found", _("No scanner %(scanner_id)s.", scanner_id=scanner_id))
    return scanner


def change(actor: User, scanner_id: int, data: ScannerChange) -> Scanner:
    scanner = _get(scanner_id)
    changes = {}
    for name, value in data.model_dump(exclude_unset=True).items():
        if value is None and not Scanner.__table__.c[name].nullable:
            raise ApiError(422, "invalid_data", _("%(name)s: may not be null (leave it out to keep it)", name=name), field=name)
        if value != getattr(scanner, name):
            changes[name] = [getattr(scanner, name), value]
            setattr(scanner, name, value)
    if changes:
        audit.record("scanner.update", actor=actor, target=("scanner", scanner.id), detail=changes)
        db.session.commit()
    return scanner


def rotate_token(actor: User, scanner_id: int) -> str:
    """A new token for the scanner; every earlier one stops working at once."""
    scanner = _get(scanner_id)
    revoked = cast("sa.CursorResult[Any]", db.session.execute(sa.update(ApiToken).where(ApiToken.scanner_id == scanner.id,
                                                           ApiToken.revoked_at.is_(None))
                                 .values(revoked_at=utcnow()))).rowcount
    audit.record("scanner.token_rotated", actor=actor, target=("scanner", scanner.id), detail={"revoked": revoked})
    return issue_token(f"scanner {scanner.name}", scanner=scanner)  # commits both


def token_out(token: ApiToken) -> TokenOut:
    return TokenOut(id=token.id, name=token.name, prefix=token.prefix, created_at=token.created_at,
                    last_used_at=token.last_used_at, revoked_at=token.revoked_at, scanner_id=token.scanner_id,
                    user=token.user.username if token.user else None)
