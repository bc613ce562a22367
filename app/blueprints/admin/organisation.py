"""Centres and sites, with their time zones and the centre's own-site exclusion."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from app import audit
from app.blueprints.admin.schemas import CentreChange, CentreIn, SiteChange, SiteIn
from app.errors import ApiError
from app.extensions import db
from app.models import Centre, Headquarters, Site, User


def _by_code(model, code: str, what: str):
    found = db.session.scalar(sa.select(model).where(model.code == code))
    if found is None:
        # One whole sentence per kind, for the translators.
        message = {"site": _("No site with code %(code)s.", code=repr(code)),
                   "centre": _("No centre with code %(code)s.", code=repr(code))}.get(
            what, _("No headquarters with code %(code)s.", code=repr(code)))
        raise ApiError(422, "invalid_data", message, field=what)
    return found


def _unique(model, code: str) -> None:
    if db.session.scalar(sa.select(model.id).where(model.code == code)) is not None:
        raise ApiError(409, "conflict", _("The code %(code)s is taken.", code=repr(code)))


def _apply(obj, data, fields: tuple[str, ...]) -> dict:
    changes = {}
    for name in fields:
        value = getattr(data, name)
        if value is not None and value != getattr(obj, name):
            changes[name] = [getattr(obj, name), value]
            setattr(obj, name, value)
    return changes


def create_centre(actor: User, data: CentreIn) -> Centre:
    _unique(Centre, data.code)
    centre = Centre(code=data.code, name=data.name, headquarters=_by_code(Headquarters, data.headquarters, "headquarters"),
                    timezone=data.timezone, exclude_own_site=data.exclude_own_site, review_share=data.review_share)
    db.session.add(centre)
    db.session.flush()
    audit.record("centre.create", actor=actor, target=("centre", centre.id), detail=data.model_dump())
    db.session.commit()
    return centre


def update_centre(actor: User, centre_id: int, data: CentreChange) -> Centre:
    centre = db.session.get(Centre, centre_id)
    if centre is None:
        raise ApiError(404, "not_found", _("No centre %(centre_id)s.", centre_id=centre_id))
    changes = _apply(centre, data, ("name", "timezone", "exclude_own_site", "review_share"))
    if changes:
        audit.record("centre.update", actor=actor, target=("centre", centre.id), detail=changes)
        db.session.commit()
    return centre


def create_site(actor: User, data: SiteIn) -> Site:
    _unique(Site, data.code)
    site = Site(code=data.code, name=data.name, centre=_by_code(Centre, data.centre, "centre"), timezone=data.timezone)
    db.session.add(site)
    db.session.flush()
    audit.record("site.create", actor=actor, target=("site", site.id), detail=data.model_dump())
    db.session.commit()
    return site


def update_site(actor: User, site_id: int, data: SiteChange) -> Site:
    site = db.session.get(Site, site_id)
    if site is None:
        raise ApiError(404, "not_found", _("No site %(site_id)s.", site_id=site_id))
    changes = _apply(site, data, ("name", "timezone"))
    if data.centre is not None and data.centre != site.centre.code:
        centre = _by_code(Centre, data.centre, "centre")
        changes["centre"] = [site.centre.code, centre.code]
        site.centre = centre
    if changes:
        audit.record("site.update", actor=actor, target=("site", site.id), detail=changes)
        db.session.commit()
    return site
