"""Verdicts and expert reviews."""

from __future__ import annotations

import hashlib
import hmac
import secrets

import sqlalchemy as sa
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value
from flask import current_app
from flask_babel import gettext as _

from app import audit, channels, events
from app.blueprints.assignments import engine
from app.regions import check_regions, findings
from app.blueprints.declarations import outbox
from app.blueprints.assignments.answers import (BlindLookIn, ConclusionIn, RevealedReview, ReviewOut, VerdictIn,
                                                VerdictOut)
from app.blueprints.scans.schemas import ScanOut
from app.blueprints.training import certificates
from app.blueprints.declarations.services import current_for
from app.database import as_utc, utcnow
from app.errors import ApiError
from app.extensions import db
from app.models import Assignment, Review, Scan, Scanner, Site, User, Verdict


def analyst_ref(user_id: int) -> str:
    """An opaque, stable reference: the site can quote a verdict without learning who gave it."""
    key = current_app.config["SECRET_KEY"].encode()
    return "A-" + hmac.new(key, f"analyst:{user_id}".encode(), hashlib.sha256).hexdigest()[:8].upper()


def _goods(scan: Scan) -> list[dict] | None:
    """The goods lines of the scan's current declaration (regions may point at one)."""
    declaration, _source = current_for(scan)
    return None if declaration is None else declaration.goods


# What a verdict touches on its way to the site's officers, in the query that finds the
# assignment rather than one lazy load each (every query before the emit delays the push);
# built once, as its construction cost more than running it.
_WITH_SITE = (sa.select(Assignment).where(Assignment.id == sa.bindparam("assignment_id"))
              .options(joinedload(Assignment.scan).joinedload(Scan.scanner).joinedload(Scanner.site)
                       .joinedload(Site.centre)))


def own_assignment(assignment_id: int, analyst: User) -> Assignment:
    """The analyst's own assignment (looked up before the body is read: another's is a 403
    whatever is sent)."""
    assignment = db.session.scalars(_WITH_SITE, {"assignment_id": assignment_id}).first()
    if assignment is None or assignment.analyst_id != analyst.id:
        raise ApiError(403, "forbidden", _("This assignment is not yours."))
    return assignment


# The verdict's two writes as plain SQL: the ORM's unit of work cost more than a
# millisecond of every push. The assignment's row is taken first, as the flush took it.
_ASSIGNMENTS = Assignment.__table__
_CLOSE = (sa.update(_ASSIGNMENTS)
          .where(_ASSIGNMENTS.c.id == sa.bindparam("assignment_id"), _ASSIGNMENTS.c.state == "open")
          .values(state="decided", ended_at=sa.bindparam("now", type_=_ASSIGNMENTS.c.ended_at.type)))
_ADD = sa.insert(Verdict.__table__)
_COLUMNS = tuple(c.key for c in Verdict.__table__.columns if c.key != "id")


def _write(assignment: Assignment, analyst: User, decision: str, regions: list[dict], note: str) -> Verdict:
    """Close the assignment and store its verdict (the caller commits). A conflict (the
    assignment closed meanwhile, or the scan already judged through another) is a 409
    with nothing written."""
    now = utcnow()
    verdict = Verdict(scan_id=assignment.scan_id, assignment_id=assignment.id, analyst_id=analyst.id,
                      decision=decision, regions=regions, note=note, final_decision=decision,
                      final_regions=regions, issued_at=now, revised_at=None,
                      time_spent_s=(now - as_utc(assignment.assigned_at)).total_seconds())
    connection = db.session.connection()
    try:
        closed = connection.execute(_CLOSE, {"assignment_id": assignment.id, "now": now}).rowcount == 1
        if closed:
            added = connection.execute(_ADD, {column: getattr(verdict, column) for column in _COLUMNS})
            verdict.id = added.inserted_primary_key[0]
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise ApiError(409, "conflict", _("This scan already has a verdict.")) from None
    if not closed:
        db.session.rollback()
        state = db.session.scalar(sa.select(Assignment.state).where(Assignment.id == assignment.id))
        raise ApiError(409, "conflict", _("This assignment is %(state)s; it takes no verdict.", state=state))
    # What the row now holds, without marking the object changed (no second UPDATE).
    set_committed_value(assignment, "state", "decided")
    set_committed_value(assignment, "ended_at", now)
    return verdict


def submit(assignment: Assignment, analyst: User, body: VerdictIn) -> Verdict | dict:
    """`assignment` is the analyst's own (`own_assignment`), loaded with its scan's site."""
    if assignment.state != "open":
        raise ApiError(409, "conflict", _("This assignment is %(state)s; it takes no verdict.", state=assignment.state))
    decision = body.decision
    # Regions may point at a goods line; a verdict without regions (most are "clear") needs
    # no declaration read before its push.
    goods = _goods(assignment.scan) if body.regions else None
    regions = check_regions(body.regions, needed=decision == "suspect",
                            goods_lines=None if goods is None else len(goods))
    note = body.note or ""
    for _receiver, taken in events.decision_submitting.send(assignment, analyst=analyst, decision=decision, regions=regions):
        if taken is not None:
            return taken  # not a verdict: a projected threat's reveal (app/blueprints/tip)
    verdict = _write(assignment, analyst, decision, regions, note)
    review = _maybe_review(verdict, assignment.scan)
    outbox.record("verdict", assignment.scan, decision=decision, regions=regions, findings=findings(regions, goods))
    audit.record("verdict.issue", actor=analyst, target=("assignment", assignment.id), scan_id=assignment.scan_id,
                 detail={"decision": decision, "regions": len(regions), "review": review is not None})
    # The push is made from what the session holds now: after the commit every object is
    # expired and reading them again would cost queries between the commit and the emit.
    push = _verdict_push(verdict, assignment.scan)
    review_push = None if review is None else (
        {"review_id": review[0], "scan_id": verdict.scan_id}, channels.user_room(review[1]))
    centre_id = assignment.scan.scanner.site.centre_id
    db.session.commit()
    channels.publish("verdict.issued", *push)
    if review_push is not None:
        channels.publish("review.new", *review_push)
    events.analyst_decided.send(analyst.id, centre_id=centre_id)
    engine.dispatch(centre_id)
    events.verdict_issued.send(verdict.scan_id, centre_id=centre_id)
    events.workstation_changed.send(analyst.id)  # today's count, and ready again unless given the next
    return verdict


def reviewers(centre_id: int, scanner_kind: str, analyst_id: int) -> list[int]:
    """The ids of the centre's experts who may review a verdict: never its analyst, and
    (with certificates required) certified at the review grade for the scanner's kind."""
    experts = [i for i in engine.centre_people_ids(centre_id, ("expert",)) if i != analyst_id]
    return certificates.covering(experts, scanner_kind, current_app.config["REVIEW_MIN_GRADE"])


# The review as plain SQL, like the verdict: it is written before the verdict's push.
_ADD_REVIEW = sa.insert(Review.__table__)


def _maybe_review(verdict: Verdict, scan: Scan) -> tuple[int, int] | None:
    """Sample the verdict for an expert's review (every suspect one, a share of the clear);
    returns the review's id and its expert's."""
    centre = scan.scanner.site.centre
    if verdict.decision == "clear" and secrets.SystemRandom().random() >= centre.review_share:
        return None
    experts = reviewers(centre.id, scan.scanner.kind, verdict.analyst_id)
    if not experts:
        current_app.logger.warning("no certified expert of centre %s can review verdict %s", centre.code, verdict.id)
        return None
    expert_id = secrets.choice(experts)
    added = db.session.connection().execute(_ADD_REVIEW, {"verdict_id": verdict.id, "expert_id": expert_id})
    return added.inserted_primary_key[0], expert_id


def _verdict_push(verdict: Verdict, scan: Scan, previous: str | None = None) -> tuple[dict, str]:
    """The verdict event's payload and the site room it goes to."""
    payload = {
        "scan_id": scan.id, "scan_uid": scan.scan_uid, "container_ids": scan.container_ids, "plate": scan.plate,
        "decision": verdict.final_decision, "regions": verdict.final_regions,
        "analyst_ref": analyst_ref(verdict.analyst_id), "issued_at": as_utc(verdict.issued_at).isoformat(),
        "previous_decision": previous,
    }
    return payload, channels.site_room(scan.scanner.site_id)


def push_verdict(verdict: Verdict, event: str, previous: str | None = None) -> None:
    channels.publish(event, *_verdict_push(verdict, verdict.scan, previous))


def verdict_out(verdict: Verdict) -> VerdictOut:
    return VerdictOut.model_validate({
        "scan_id": verdict.scan_id, "decision": verdict.decision, "regions": verdict.regions, "note": verdict.note,
        "analyst_ref": analyst_ref(verdict.analyst_id), "issued_at": verdict.issued_at,
        "revised": verdict.revised_at is not None, "final_decision": verdict.final_decision,
        "final_regions": verdict.final_regions, "time_spent_s": round(verdict.time_spent_s, 1),
    })


def my_reviews(expert: User) -> list[Review]:
    return list(db.session.scalars(sa.select(Review).where(Review.expert_id == expert.id)
                                   .order_by(Review.state == "done", Review.created_at.desc()).limit(100)))


def own_review(review_id: int, expert: User) -> Review:
    review = db.session.get(Review, review_id)
    if review is None or review.expert_id != expert.id:
        raise ApiError(403, "forbidden", _("This review is not yours."))
    return review


def blind_look(review_id: int, expert: User, body: BlindLookIn) -> Review:
    review = own_review(review_id, expert)
    if review.state != "blind":
        raise ApiError(409, "conflict", _("The blind look was already recorded."))
    review.blind_decision = body.decision
    review.state = "open"
    audit.record("review.blind", actor=expert, target=("review", review.id), scan_id=review.verdict.scan_id,
                 detail={"decision": review.blind_decision})
    db.session.commit()
    return review


def conclude(review_id: int, expert: User, body: ConclusionIn) -> Review:
    review = own_review(review_id, expert)
    if review.state != "open":
        raise ApiError(409, "conflict", _("Record your blind decision first.") if review.state == "blind"
                       else _("This review is already concluded."))
    verdict = review.verdict
    if not body.agree and body.decision is None:
        raise ApiError(422, "invalid_data", _("decision must be 'clear' or 'suspect'."), field="decision")
    decision = verdict.decision if body.agree else body.decision
    goods = _goods(verdict.scan)
    given = body.regions if body.regions is not None else (verdict.regions if body.agree else [])
    regions = check_regions(given, needed=decision == "suspect", goods_lines=None if goods is None else len(goods))
    review.agree, review.decision, review.regions = body.agree, decision, regions
    review.note, review.state, review.decided_at = body.note or "", "done", utcnow()
    previous = verdict.final_decision
    changed = decision != previous or (not body.agree and regions != verdict.final_regions)
    if changed:
        verdict.final_decision, verdict.final_regions, verdict.revised_at = decision, regions, utcnow()
        outbox.record("verdict_revised", verdict.scan, decision=decision, regions=regions,
                      findings=findings(regions, goods))
    audit.record("review.conclude", actor=expert, target=("review", review.id), scan_id=verdict.scan_id,
                 detail={"agree": review.agree, "decision": decision, "previous": previous, "revised": changed})
    db.session.commit()
    if changed:
        push_verdict(verdict, "verdict.revised", previous)
    return review


def review_out(review: Review, reveal: bool) -> ReviewOut:
    """The review; the analyst's verdict (and the expert's conclusion) only once `reveal`."""
    body: dict = {"review_id": review.id, "state": review.state, "scan": ScanOut.of(review.verdict.scan),
                  "blind_decision": review.blind_decision}
    if not reveal:
        return ReviewOut.model_validate(body)
    return RevealedReview.model_validate(body | {"verdict": verdict_out(review.verdict), "agree": review.agree,
                                                 "decision": review.decision})


