"""TIP's HTTP API (docs/tip.md): the FTI library, scores, breaks and each centre's
projection probability. Handlers parse, call one service and serialise."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

import sqlalchemy as sa
from flask import Response, request
from flask_babel import gettext as _
from flask_login import current_user

from app.blueprints.assignments import engine
from app.blueprints.calibration.services import SavedParts
from app.blueprints.tip import bp, breaks, library, scores
from app.blueprints.tip.schemas import (ActiveIn, BreakState, CentreBreaks, CentreProbability, MyBreak, OverrideIn,
                                        ProbabilityIn, Scores, ScoresQuery, SyntheticIn, ThreatOut, Threats)
from app.errors import ApiError
from app.extensions import db
from app.models import Centre, User
from app.security import allow
from app.validation import accepts, accepts_query, body, date_in_range, query, reply, responds, responds_media
from app import audit

LIBRARIANS = ("instructor", "supervisor", "admin")
UPLOAD_ROLES = ("high", "low", "single", "sidecar")


@bp.get("/threats")
@allow(*LIBRARIANS)
@responds(Threats)
def threats():
    return reply({"threats": [ThreatOut.of(t) for t in library.listing()]})


@bp.post("/threats/synthetic")
@allow(*LIBRARIANS)
@accepts(SyntheticIn)
@responds({201: ThreatOut})
def threat_synthetic():
    data = body(SyntheticIn)
    return reply(ThreatOut.of(library.generate(current_user, data.category, data.seed, data.scanner, data.name)), 201)


@bp.post("/threats")
@allow(*LIBRARIANS)
@responds({201: ThreatOut})
def threat_upload():
    if not request.content_type or not request.content_type.startswith("multipart/form-data"):
        raise ApiError(415, "unsupported_media_type", _("Send multipart/form-data: the object's image file(s), "
                                                         "'category' and 'name'."))
    try:
        pixel_mm = float(request.form.get("pixel_mm", "5"))
    except ValueError:
        raise ApiError(422, "invalid_data", _("pixel_mm: a number."), field="pixel_mm") from None
    parts = [(role, request.files[role]) for role in UPLOAD_ROLES if role in request.files]
    with SavedParts(parts) as files:
        threat = library.upload(current_user, (request.form.get("name") or "")[:200],
                                request.form.get("category", ""), files, request.form.get("format") or None, pixel_mm)
    return reply(ThreatOut.of(threat), 201)


@bp.patch("/threats/<int:threat_id>")
@allow(*LIBRARIANS)
@accepts(ActiveIn)
@responds(ThreatOut)
def threat_change(threat_id: int):
    return reply(ThreatOut.of(library.set_active(current_user, threat_id, body(ActiveIn).active)))


@bp.get("/threats/<int:threat_id>/preview.png")
@allow(*LIBRARIANS)
@responds_media({200: "image/png"})
def threat_preview(threat_id: int):
    return Response(library.preview(threat_id), mimetype="image/png", headers={"Cache-Control": "private, max-age=600"})


def _centre_ids(user: User, code: str | None) -> list[int] | None:
    """The centres whose scores this person may read (None: every centre)."""
    if user.has_role("admin", "instructor") or (user.has_role("supervisor") and user.centre_id is None):
        if code is None:
            return None
        centre = db.session.scalar(sa.select(Centre).where(Centre.code == code))
        if centre is None:
            raise ApiError(404, "not_found", _("No centre with code %(code)s.", code=code))
        return [centre.id]
    own = user.centre_id or (user.site.centre_id if user.site else None)
    if own is None:
        raise ApiError(403, "forbidden", _("Scores belong to a centre; you are not affiliated with one."))
    return [own]


@bp.get("/scores")
@allow("supervisor", "instructor", "admin", "analyst", "expert")
@accepts_query(ScoresQuery)
@responds(Scores)
def tip_scores():
    q = query(ScoresQuery)
    end = date_in_range(q.end, "to") if q.end else datetime.now(timezone.utc).date()
    start = date_in_range(q.start, "from") if q.start else end - timedelta(days=30)
    if start > end:
        raise ApiError(422, "invalid_data", _("from: on or before to."), field="from")
    since = datetime.combine(start, time.min, tzinfo=timezone.utc)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=timezone.utc)
    manager = current_user.has_role("supervisor", "instructor", "admin")
    # Analysts see their own scores only.
    analysts = [q.analyst] if manager and q.analyst else None if manager else [current_user.id]
    centres = _centre_ids(current_user, q.centre) if manager else None
    return reply(scores.scores(analysts, centres, since, until))


@bp.get("/me")
@allow("analyst", "expert")
@responds(MyBreak)
def me():
    return reply({"break": breaks.state(current_user.id)})


@bp.get("/breaks")
@allow("supervisor")
@responds(CentreBreaks)
def centre_breaks():
    centre_id = _centre_ids(current_user, None)
    # A headquarters supervisor (no centre) sees every centre's analysts.
    ids = [u.id for u in engine.centre_analysts(centre_id[0])] if centre_id else [
        u.id for u in db.session.scalars(sa.select(User).where(User.active)).unique()]
    people = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(ids))).unique()}
    return reply({"analysts": [
        {**s, "username": people[s["user_id"]].username, "display_name": people[s["user_id"]].display_name}
        for s in breaks.centre_states(ids)]})


@bp.post("/breaks/<int:user_id>/override")
@allow("supervisor")
@accepts(OverrideIn)
@responds(BreakState)
def break_override(user_id: int):
    data = body(OverrideIn)
    analyst = db.session.get(User, user_id)
    centre_id = _centre_ids(current_user, None)
    if analyst is None or (centre_id and analyst.id not in {u.id for u in engine.centre_analysts(centre_id[0])}):
        raise ApiError(404, "not_found", _("No analyst %(user_id)s in your centre.", user_id=user_id))
    return reply(breaks.override(current_user, analyst, data.reason))


@bp.put("/centres/<code>/probability")
@allow("admin")
@accepts(ProbabilityIn)
@responds(CentreProbability)
def centre_probability(code: str):
    data = body(ProbabilityIn)
    centre = db.session.scalar(sa.select(Centre).where(Centre.code == code))
    if centre is None:
        raise ApiError(404, "not_found", _("No centre with code %(code)s.", code=code))
    before = centre.tip_probability
    centre.tip_probability = data.probability
    audit.record("tip.probability", actor=current_user, target=("centre", centre.id),
                 detail={"from": before, "to": data.probability})
    db.session.commit()
    return reply({"centre": centre.code, "probability": centre.tip_probability})
