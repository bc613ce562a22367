"""Bearer tokens of integration clients (the customs operation system)."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from app import audit
from app.blueprints.admin.schemas import TokenIn
from app.blueprints.auth.services import issue_token
from app.database import utcnow
from app.errors import ApiError
from app.extensions import db
from app.models import ApiToken, User


def list_tokens() -> list[ApiToken]:
    return list(db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id.is_not(None))
                                   .order_by(ApiToken.created_at.desc())))


def add(actor: User, data: TokenIn) -> tuple[ApiToken, str]:
    owner = db.session.scalar(sa.select(User).where(sa.func.lower(User.username) == data.user.lower()))
    if owner is None:
        raise ApiError(422, "invalid_data", _("No person %(user)s.", user=repr(data.user)), field="user")
    raw = issue_token(data.name, user=owner)
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.prefix == raw[:12]))
    audit.record("token.create", actor=actor, target=("token", token.id), detail={"user": owner.username,
                                                                                 "name": data.name})
    db.session.commit()
    return token, raw


def revoke(actor: User, token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise ApiError(404, "not_found", _("No token %(token_id)s.", token_id=token_id))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record("token.revoke", actor=actor, target=("token", token.id),
                     detail={"scanner_id": token.scanner_id, "user": token.user.username if token.user else None})
        db.session.commit()
    return token
