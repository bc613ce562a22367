from __future__ import annotations

import json

import sqlalchemy as sa
from flask import current_app, g, request
from flask_babel import gettext as _
from flask_login import current_user

from pydantic import Field

from app import audit
from app.access import SCAN_READERS
from app.blueprints.assignments import alarms, bp, inspections, priors, site, supervision, verdicts
from app.blueprints.assignments.answers import (AlarmThresholdsOut, AssignmentOut, BlindLookIn, CentreQuery,
                                                ConclusionIn, Done, InspectionOut, OpenedPrior, PresenceOut,
                                                PriorityIn, PriorityOut, Priors, PriorsQuery, QueueAlarmOut, QueueAlarms,
                                                QueueOut, ReassignIn, RetryOut, RevealedReview, Reviews, SiteScans,
                                                SiteScansQuery, StatsOut, TipReveal, VerdictIn, VerdictOut,
                                                WorkstationOut)
from app.blueprints.assignments.schemas import InspectionIn
from app.blueprints.assignments import workstation as desk
from app.blueprints.assignments.presence import presence
from app.blueprints.scans.imaging import add_image_routes
from app.database import utcnow
from app.errors import ApiError
from app.extensions import db
from app.models import Assignment, Verdict
from app.pushpath import pushes
from app.security import allow
from app.validation import (Body, accepts, accepts_query, body, parse, query, query_parameters, reply, responds,
                            responds_media)

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
        raise ApiError(400, "invalid_request", _("Send a JSON object."))
    return body


@bp.get("/workstation")
@allow(*ANALYSTS)
@responds(WorkstationOut)
def workstation():
    mine = db.session.scalars(sa.select(Assignment).where(Assignment.analyst_id == current_user.id,
                                                          Assignment.state == "open")).all()
    today = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    done = db.session.execute(sa.select(sa.func.count(), sa.func.sum(Verdict.time_spent_s))
                              .where(Verdict.analyst_id == current_user.id, Verdict.issued_at >= today)).one()
    return reply({**presence().state(current_user.id),
                  "assignments": [AssignmentOut.of(a) for a in mine],
                  "session": {"decided": done[0], "seconds": round(done[1] or 0)}})


@bp.post("/workstation/<any(ready, pause):action>")
@allow(*ANALYSTS)
@responds(PresenceOut)
def workstation_state(action: str):
    ready = desk.set_ready(current_user, action == "ready")
    return reply({**presence().state(current_user.id), "ready": ready})


@bp.post("/assignments/<int:assignment_id>/verdict")
@pushes
@allow(*ANALYSTS)
@accepts(VerdictIn)
@responds({201: VerdictOut, 200: TipReveal})
def verdict(assignment_id: int):
    """Gives the verdict (201); on a projected test threat no verdict is recorded and the
    analyst judges the real scan again (200, TipReveal)."""
    assignment = verdicts.own_assignment(assignment_id, current_user)
    result = verdicts.submit(assignment, current_user, body(VerdictIn))
    if isinstance(result, dict):
        return reply(result, 200)
    return reply(verdicts.verdict_out(result), 201)


@bp.get("/assignments/<int:assignment_id>/priors")
@allow(*ANALYSTS)
@accepts_query(PriorsQuery)
@responds(Priors)
def priors_list(assignment_id: int):
    """Earlier scans of the same container or plate as the open assignment's scan, newest first."""
    assignment = priors.open_assignment(assignment_id, current_user)
    found = priors.list_priors(assignment, current_user, query_parameters(PriorsQuery).limit)
    return reply({"assignment_id": assignment.id, "priors": [priors.serialize_prior(assignment, s) for s in found]})


@bp.get("/assignments/<int:assignment_id>/priors/<int:scan_id>")
@allow(*ANALYSTS)
@responds(OpenedPrior)
def prior(assignment_id: int, scan_id: int):
    """Open one prior: its image links, signed for the person; the opening is audited."""
    assignment, scan = priors.get_prior(assignment_id, scan_id, current_user)
    priors.record_opening(assignment, scan, "open")
    return reply(priors.serialize_opened(assignment, scan))


def _prior_scan(assignment_id: int, scan_id: int):
    return priors.get_prior(assignment_id, scan_id, current_user)[1]


def _prior_dzi_opened(scan) -> None:
    # The session .dzi is another way in (the viewer uses the signed links): audited too.
    priors.record_opening(priors.open_assignment(request.view_args["assignment_id"], current_user), scan, "dzi")


add_image_routes(bp, "/assignments/<int:assignment_id>/priors/<int:scan_id>/image", "prior_", ANALYSTS,
                 _prior_scan, on_open=_prior_dzi_opened)


@bp.get("/reviews")
@allow("expert")
@responds(Reviews)
def reviews():
    return reply({"reviews": [verdicts.review_out(r, reveal=r.state != "blind")
                              for r in verdicts.my_reviews(current_user)]})


@bp.post("/reviews/<int:review_id>/blind")
@allow("expert")
@accepts(BlindLookIn)
@responds(RevealedReview)
def review_blind(review_id: int):
    verdicts.own_review(review_id, current_user)
    look = verdicts.blind_look(review_id, current_user, body(BlindLookIn))
    return reply(verdicts.review_out(look, reveal=True))


@bp.post("/reviews/<int:review_id>")
@pushes
@allow("expert")
@accepts(ConclusionIn)
@responds(RevealedReview)
def review_conclude(review_id: int):
    verdicts.own_review(review_id, current_user)
    done = verdicts.conclude(review_id, current_user, body(ConclusionIn))
    return reply(verdicts.review_out(done, reveal=True))


@bp.get("/site/scans")
@allow("site_officer")
@accepts_query(SiteScansQuery)
@responds(SiteScans)
def site_scans():
    return reply(site.site_scans(current_user, query(SiteScansQuery).since))


def _inspection_request() -> tuple[InspectionIn, list[inspections.Photo]]:
    """JSON, or multipart/form-data with the record as JSON in `record` and the photos
    as `photos` parts (the tablet's offline queue sends one request per record)."""
    photos: list[inspections.Photo] = []
    if request.mimetype == "multipart/form-data":
        try:
            data = json.loads(request.form.get("record", ""))
        except ValueError:
            raise ApiError(422, "invalid_data", _("The record part must be a JSON object."), field="record") from None
        if not isinstance(data, dict):
            raise ApiError(422, "invalid_data", _("The record part must be a JSON object."), field="record")
        files = request.files.getlist("photos")
        inspections.check_photos(len(files))
        limit = int(current_app.config["INSPECTION_PHOTO_MAX_BYTES"])
        photos = [inspections.read_photo(f.stream.read(limit + 1), f.filename or f"#{i + 1}")
                  for i, f in enumerate(files)]
    else:
        data = _body()
    key = request.headers.get("Idempotency-Key")
    if key and "client_key" not in data:
        data = {**data, "client_key": key}
    return parse(InspectionIn, data), photos


@bp.post("/scans/<int:scan_id>/inspection")
@allow("site_officer")
@accepts(InspectionIn)
@responds({200: InspectionOut, 201: InspectionOut})
def inspection(scan_id: int):
    """Records the inspection (201); the same record again (its client_key) is 200."""
    scan = inspections.site_scan(scan_id, current_user)
    record, photos = _inspection_request()
    found, created = inspections.record_inspection(scan, current_user, record, photos)
    return reply(inspections.inspection_out(found, current_user), 201 if created else 200)


def _viewed(scan_id: int, what: str) -> None:
    """Every look at a live scan's inspection by a person is in the audit trail."""
    if g.get("api_token") is None:
        audit.record_now("scan.view", target=("scan", scan_id), scan_id=scan_id, detail={"what": what})


@bp.get("/scans/<int:scan_id>/inspection")
@allow(*SCAN_READERS)
@responds(InspectionOut)
def inspection_view(scan_id: int):
    found = inspections.visible_inspection(scan_id, current_user)
    body = inspections.inspection_out(found, current_user)
    _viewed(scan_id, "inspection")
    return reply(body)


@bp.get("/scans/<int:scan_id>/inspection/photos/<int:photo_id>")
@allow(*SCAN_READERS)
@responds_media({200: tuple(kind for kind, _ext in inspections.PHOTO_FORMATS.values())})
def inspection_photo(scan_id: int, photo_id: int):
    found = inspections.visible_inspection(scan_id, current_user)
    photo, data = inspections.photo_bytes(found, photo_id)
    _viewed(scan_id, "inspection_photo")
    response = current_app.response_class(data, mimetype=photo.content_type)
    # A photo never changes (a new one gets a new id); only the person's browser keeps it.
    response.headers["Cache-Control"] = "private, max-age=86400"
    response.headers["Content-Disposition"] = f'inline; filename="scan-{scan_id}-photo-{photo.position + 1}"'
    return response


@bp.get("/queue")
@allow("supervisor")
@responds(QueueOut)
def queue():
    return reply(supervision.queue(supervision.centre_of(current_user)))


@bp.post("/queue/<int:scan_id>/priority")
@allow("supervisor")
@accepts(PriorityIn)
@responds(PriorityOut)
def priority(scan_id: int):
    supervision.queue_scan(scan_id, current_user)
    asked = body(PriorityIn)
    scan = supervision.set_priority(scan_id, current_user, asked.priority, asked.reason)
    return reply({"scan_id": scan.id, "priority": scan.priority})


@bp.post("/queue/<int:scan_id>/retry")
@allow("supervisor")
@responds({202: RetryOut})
def retry(scan_id: int):
    scan = supervision.retry_processing(scan_id, current_user)
    return reply({"scan_id": scan.id, "status": scan.status}, 202)


@bp.post("/assignments/<int:assignment_id>/reassign")
@allow("supervisor")
@accepts(ReassignIn)
@responds(Done)
def reassign(assignment_id: int):
    supervision.centre_assignment(assignment_id, current_user)
    asked = body(ReassignIn)
    supervision.reassign(assignment_id, current_user, asked.reason, asked.analyst_id)
    return reply({"ok": True})


@bp.get("/stats")
@allow("supervisor", "admin")
@responds(StatsOut)
def stats():
    return reply(supervision.stats(current_user))


def _centre_arg() -> int | None:
    return query_parameters(CentreQuery).centre_id


@bp.get("/queue/alarm-thresholds")
@allow(*WATCHERS)
@accepts_query(CentreQuery)
@responds(AlarmThresholdsOut)
def alarm_thresholds():
    return reply(alarms.get_thresholds(current_user, _centre_arg()))


@bp.put("/queue/alarm-thresholds")
@allow(*WATCHERS)
@accepts(AlarmThresholds)
@accepts_query(CentreQuery)
@responds(AlarmThresholdsOut)
def set_alarm_thresholds():
    data = body(AlarmThresholds)
    return reply(alarms.set_thresholds(current_user, _centre_arg(), data.waiting, data.wait_seconds))


@bp.get("/queue/alarms")
@allow(*WATCHERS)
@responds(QueueAlarms)
def queue_alarms():
    return reply({"alarms": alarms.open_alarms(alarms.centres_for(current_user))})


@bp.post("/queue/alarms/<int:alarm_id>/ack")
@allow(*WATCHERS)
@responds(QueueAlarmOut)
def acknowledge_alarm(alarm_id: int):
    return reply(alarms.acknowledge(current_user, alarm_id))
