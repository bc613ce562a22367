from __future__ import annotations

import sqlalchemy as sa
from flask import jsonify, request
from flask_login import current_user

from flask_babel import gettext as _
from pydantic import Field

from app.blueprints.assignments import alarms, bp, site, supervision, verdicts
from app.blueprints.assignments import workstation as desk
from app.blueprints.assignments.presence import presence
from app.database import utcnow
from app.errors import ApiError
from app.extensions import db
from app.models import Assignment, Verdict
from app.security import allow
from app.validation import Body, accepts, body

ANALYSTS = ("analyst", "expert")
WATCHERS = ("supervisor", "admin")


class AlarmThresholds(Body):
    """A centre's queue alarm thresholds; null turns that alarm off."""

    waiting: int | None = Field(ge=1, le=alarms.MAX_WAITING, description="alarm when this many scans wait")
    wait_seconds: int | None = Field(ge=10, le=alarms.MAX_WAIT_SECONDS,
                                     description="alarm when a scan has waited this long")


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_request", "Send a JSON object.")
    return body


@bp.get("/workstation")
@allow(*ANALYSTS)
def workstation():
    mine = db.session.scalars(sa.select(Assignment).where(Assignment.analyst_id == current_user.id,
                                                          Assignment.state == "open")).all()
    today = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    done = db.session.execute(sa.select(sa.func.count(), sa.func.sum(Verdict.time_spent_s))
                              .where(Verdict.analyst_id == current_user.id, Verdict.issued_at >= today)).one()
    return jsonify({**presence().state(current_user.id),
                    "assignments": [supervision.serialize_assignment(a) for a in mine],
                    "session": {"decided": done[0], "seconds": round(done[1] or 0)}})


@bp.post("/workstation/<any(ready, pause):action>")
@allow(*ANALYSTS)
def workstation_state(action: str):
    ready = desk.set_ready(current_user, action == "ready")
    return jsonify({"ready": ready, **presence().state(current_user.id)})


@bp.post("/assignments/<int:assignment_id>/verdict")
@allow(*ANALYSTS)
def verdict(assignment_id: int):
    return jsonify(verdicts.serialize(verdicts.submit(assignment_id, current_user, _body()))), 201


@bp.get("/reviews")
@allow("expert")
def reviews():
    return jsonify({"reviews": [verdicts.serialize_review(r, reveal=r.state != "blind")
                                for r in verdicts.my_reviews(current_user)]})


@bp.post("/reviews/<int:review_id>/blind")
@allow("expert")
def review_blind(review_id: int):
    return jsonify(verdicts.serialize_review(verdicts.blind_look(review_id, current_user, _body()), reveal=True))


@bp.post("/reviews/<int:review_id>")
@allow("expert")
def review_conclude(review_id: int):
    return jsonify(verdicts.serialize_review(verdicts.conclude(review_id, current_user, _body()), reveal=True))


@bp.get("/site/scans")
@allow("site_officer")
def site_scans():
    return jsonify({"scans": site.site_scans(current_user, request.args.get("since"))})


@bp.post("/scans/<int:scan_id>/inspection")
@allow("site_officer")
def inspection(scan_id: int):
    return jsonify(site.serialize_inspection(site.record_inspection(scan_id, current_user, _body()))), 201


@bp.get("/queue")
@allow("supervisor")
def queue():
    return jsonify(supervision.queue(supervision.centre_of(current_user)))


@bp.post("/queue/<int:scan_id>/priority")
@allow("supervisor")
def priority(scan_id: int):
    scan = supervision.set_priority(scan_id, current_user, _body())
    return jsonify({"scan_id": scan.id, "priority": scan.priority})


@bp.post("/queue/<int:scan_id>/retry")
@allow("supervisor")
def retry(scan_id: int):
    scan = supervision.retry_processing(scan_id, current_user)
    return jsonify({"scan_id": scan.id, "status": scan.status}), 202


@bp.post("/assignments/<int:assignment_id>/reassign")
@allow("supervisor")
def reassign(assignment_id: int):
    supervision.reassign(assignment_id, current_user, _body())
    return jsonify({"ok": True})


@bp.get("/stats")
@allow("supervisor", "admin")
def stats():
    return jsonify(supervision.stats(current_user))


def _centre_arg() -> int | None:
    raw = request.args.get("centre_id")
    if raw is None:
        return None
    if not raw.isdigit() or len(raw) > 9:
        raise ApiError(400, "invalid_parameter", _("centre_id must be a centre's id."), parameter="centre_id")
    return int(raw)


@bp.get("/queue/alarm-thresholds")
@allow(*WATCHERS)
def alarm_thresholds():
    return jsonify(alarms.get_thresholds(current_user, _centre_arg()))


@bp.put("/queue/alarm-thresholds")
@allow(*WATCHERS)
@accepts(AlarmThresholds)
def set_alarm_thresholds():
    data = body(AlarmThresholds)
    return jsonify(alarms.set_thresholds(current_user, _centre_arg(), data.waiting, data.wait_seconds))


@bp.get("/queue/alarms")
@allow(*WATCHERS)
def queue_alarms():
    return jsonify({"alarms": alarms.open_alarms(alarms.centres_for(current_user))})


@bp.post("/queue/alarms/<int:alarm_id>/ack")
@allow(*WATCHERS)
def acknowledge_alarm(alarm_id: int):
    return jsonify(alarms.acknowledge(current_user, alarm_id))
