"""People: created, changed, deactivated by admins; listed (and their sessions ended)
by supervisors for their own centre. Every change is in the audit trail, and every
change of access ends the person's sessions (app.events.access_changed)."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from app import audit
from app.blueprints.admin.schemas import Affiliation, PersonChange, PersonIn, PersonOut
from app.blueprints.auth.passwords import hash_password
from app.blueprints.auth.services import check_password_policy, create_user, find_affiliation, user_out
from app.errors import ApiError
from app.events import access_changed
from app.extensions import db
from app.models import Centre, Headquarters, Site, User, UserRole


def scope(actor: User) -> sa.Select:
    """People `actor` may list: everyone for admins, a supervisor's centre and its sites."""
    query = sa.select(User)
    if actor.has_role("admin"):
        return query
    if actor.centre_id is not None:
        sites = sa.select(Site.id).where(Site.centre_id == actor.centre_id)
        return query.where(sa.or_(User.centre_id == actor.centre_id, User.site_id.in_(sites)))
    return query.where(sa.false())


def list_people(actor: User, text: str | None = None, role: str | None = None) -> list[User]:
    query = scope(actor).order_by(User.username)
    if text:
        like = f"%{text.strip().lower()}%"
        query = query.where(sa.or_(sa.func.lower(User.username).like(like), sa.func.lower(User.display_name).like(like)))
    if role:
        query = query.where(User.id.in_(sa.select(UserRole.user_id).where(UserRole.role == role)))
    return list(db.session.scalars(query.limit(1000)).unique())


def get_person(actor: User, user_id: int) -> User:
    user = db.session.scalar(scope(actor).where(User.id == user_id))
    if user is None:
        raise ApiError(404, "not_found", _("No person %(user_id)s that you may manage.", user_id=user_id))
    return user


def serialize_person(user: User) -> PersonOut:
    return PersonOut.model_validate({**user_out(user).model_dump(), "active": user.active,
                                     "created_at": user.created_at, "last_login_at": user.last_login_at})


def _org(affiliation: Affiliation | None):
    if affiliation is None:
        return None
    return find_affiliation(**{{"site": "site", "centre": "centre", "headquarters": "hq"}[affiliation.kind]:
                               affiliation.code})


def create_person(actor: User, data: PersonIn) -> User:
    check_password_policy(data.password, data.username)
    user = create_user(data.username, data.password, data.roles, data.display_name, _org(data.affiliation))
    audit.record("person.create", actor=actor, target=("person", user.id),
                 detail={"username": user.username, "roles": sorted(user.roles),
                         "affiliation": data.affiliation.model_dump() if data.affiliation else None})
    db.session.commit()
    return user


def _admins_left(excluding: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User).join(UserRole)
                             .where(UserRole.role == "admin", User.active, User.id != excluding)) or 0


def update_person(actor: User, user_id: int, data: PersonChange) -> User:
    user = get_person(actor, user_id)
    changes: dict = {}
    if data.display_name is not None and data.display_name != user.display_name:
        changes["display_name"] = [user.display_name, data.display_name]
        user.display_name = data.display_name
    if data.roles is not None and set(data.roles) != user.roles:
        if "admin" in user.roles and "admin" not in data.roles and not _admins_left(user.id):
            raise ApiError(409, "last_admin", _("This is the last active administrator; give the role to someone else first."))
        changes["roles"] = [sorted(user.roles), sorted(set(data.roles))]
        user.role_rows = [UserRole(role=r) for r in sorted(set(data.roles))]
    if data.clear_affiliation or data.affiliation is not None:
        before = user.affiliation
        org = None if data.clear_affiliation else _org(data.affiliation)
        if org is not before:
            changes["affiliation"] = [before.code if before else None, org.code if org else None]
            user.site = org if isinstance(org, Site) else None
            user.centre = org if isinstance(org, Centre) else None
            user.headquarters = org if isinstance(org, Headquarters) else None
    if data.active is not None and data.active != user.active:
        if not data.active and user.id == actor.id:
            raise ApiError(409, "conflict", _("You cannot deactivate your own account."))
        if not data.active and "admin" in user.roles and not _admins_left(user.id):
            raise ApiError(409, "last_admin", _("This is the last active administrator."))
        changes["active"] = [user.active, data.active]
        user.active = data.active
    if not changes:
        return user
    audit.record("person.update", actor=actor, target=("person", user.id), detail=changes)
    db.session.commit()
    if set(changes) & {"roles", "affiliation", "active"}:
        access_changed.send(user.id, reason="access changed by an administrator")
    return user


def set_password(actor: User, user_id: int, password: str) -> None:
    user = get_person(actor, user_id)
    check_password_policy(password, user.username)
    try:
        user.password_hash = hash_password(password)
    except ValueError as exc:
        raise ApiError(422, "weak_password", str(exc), field="password") from None
    audit.record("person.password_reset", actor=actor, target=("person", user.id))
    db.session.commit()
    access_changed.send(user.id, reason="password reset by an administrator")


def end_sessions(actor: User, user_id: int) -> None:
    user = get_person(actor, user_id)
    audit.record("person.sessions_ended", actor=actor, target=("person", user.id))
    db.session.commit()
    access_changed.send(user.id, reason=f"sessions ended by {actor.username}")
