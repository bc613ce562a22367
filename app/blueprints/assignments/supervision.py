"""What supervisors see and do: the queue, who works, reassignment, priorities, statistics."""

from __future__ import annotations

import statistics
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from app import audit
from app.blueprints.assignments import engine
from app.blueprints.assignments.presence import presence
from app.blueprints.ingest import processing
from app.blueprints.assignments.answers import Person, QueueAssignment, QueueOut, StalledScan, StatsOut
from app.blueprints.scans.schemas import ScanOut
from app.blueprints.training.certificates import may_take
from app.database import utcnow
from app.errors import ApiError
from app.extensions import db
from app.models import Assignment, Centre, Inspection, QueueEvent, Review, Scan, Scanner, Site, User, Verdict


def centre_of(user: User) -> int:
    centre_id = user.centre_id or (user.site.centre_id if user.site else None)
    if centre_id is None:
        raise ApiError(403, "forbidden", _("The queue belongs to a centre; you are not affiliated with one."))
    return centre_id


def queue(centre_id: int) -> QueueOut:
    open_rows = db.session.scalars(
        sa.select(Assignment).join(Assignment.scan).join(Scan.scanner).join(Scanner.site)
        .where(Assignment.state == "open", Site.centre_id == centre_id).order_by(Assignment.assigned_at)).all()
    analysts = engine.centre_analysts(centre_id)
    load = engine.open_counts([u.id for u in analysts])
    return QueueOut.model_validate({
        "waiting": [{"scan": ScanOut.of(s), "priority": s.priority, "waiting_since": s.received_at}
                    for s in engine.waiting_scans(centre_id)],
        "assignments": [QueueAssignment.of(a) for a in open_rows],
        "workstations": [{"user": Person.of(u), **presence().state(u.id), "open": load.get(u.id, 0)} for u in analysts],
        "stalled": [_stalled(s) for s in stalled_scans(centre_id)],
    })


def stalled_scans(centre_id: int) -> list[Scan]:
    """Live scans of the centre that failed in the last week or have been processing
    for more than STALLED_AFTER_SECONDS: nobody can judge them until they are fixed."""
    now = utcnow()
    slow = now - timedelta(seconds=current_app.config["STALLED_AFTER_SECONDS"])
    week = now - timedelta(days=7)
    return list(db.session.scalars(
        sa.select(Scan).join(Scan.scanner).join(Scanner.site)
        .where(Site.centre_id == centre_id, Scan.purpose == "live",
               sa.or_(sa.and_(Scan.status == "failed", Scan.received_at > week),
                      sa.and_(Scan.status == "processing", Scan.received_at < slow)))
        .order_by(Scan.received_at).limit(200)))


def _stalled(scan: Scan) -> StalledScan:
    return StalledScan(scan_id=scan.id, scan_uid=scan.scan_uid, status=scan.status,
                       site=scan.scanner.site.code, scanner=scan.scanner.name, received_at=scan.received_at,
                       failure_reason=scan.failure_reason, attempts=scan.processing_attempts)


def retry_processing(scan_id: int, supervisor: User) -> Scan:
    """Process a failed or stalled scan again (its files are kept)."""
    centre_id = centre_of(supervisor)
    scan = db.session.get(Scan, scan_id)
    if scan is None or scan.purpose != "live" or scan.scanner.site.centre_id != centre_id:
        raise ApiError(404, "not_found", _("No scan %(scan)s in your centre.", scan=scan_id))
    if scan.status not in ("failed", "processing"):
        raise ApiError(409, "conflict", _("Scan %(scan)s is %(status)s; only failed or stalled scans are retried.", scan=scan.scan_uid, status=scan.status))
    audit.record("queue.retry", actor=supervisor, target=("scan", scan.id), scan_id=scan.id,
                 detail={"was": scan.status, "reason": scan.failure_reason})
    db.session.add(QueueEvent(scan_id=scan.id, kind="retried", actor_id=supervisor.id,
                              reason=f"processing retried (was {scan.status}: {scan.failure_reason or 'stalled'})"[:500]))
    processing.retry(scan)
    return scan


def queue_scan(scan_id: int, supervisor: User) -> Scan:
    """The scan, if it is in the supervisor's centre's queue: looked up before the body
    is read, so that whom the rules refuse is refused whatever they send."""
    centre_id = centre_of(supervisor)
    scan = db.session.get(Scan, scan_id)
    if scan is None or scan.scanner.site.centre_id != centre_id:
        raise ApiError(404, "not_found", _("No scan %(scan)s in your centre's queue.", scan=scan_id))
    return scan


def set_priority(scan_id: int, supervisor: User, priority: int, reason: str) -> Scan:
    centre_id = centre_of(supervisor)
    scan = queue_scan(scan_id, supervisor)
    audit.record("queue.priority", actor=supervisor, target=("scan", scan.id), scan_id=scan.id,
                 detail={"from": scan.priority, "to": priority, "reason": reason})
    scan.priority = priority
    db.session.add(QueueEvent(scan_id=scan.id, kind="reprioritised", actor_id=supervisor.id,
                              reason=f"priority {priority}: {reason}"))
    db.session.commit()
    engine.queue_changed(centre_id)
    return scan


def centre_assignment(assignment_id: int, supervisor: User) -> Assignment:
    """The assignment, if it is in the supervisor's centre (looked up before the body is read)."""
    centre_id = centre_of(supervisor)
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.scan.scanner.site.centre_id != centre_id:
        raise ApiError(404, "not_found", _("No assignment %(assignment)s in your centre.", assignment=assignment_id))
    return assignment


def reassign(assignment_id: int, supervisor: User, reason: str, target: int | None) -> None:
    centre_id = centre_of(supervisor)
    assignment = centre_assignment(assignment_id, supervisor)
    if assignment.state != "open":
        raise ApiError(409, "conflict", f"This assignment is {assignment.state}.")
    analyst = None
    if target is not None:
        analyst = next((u for u in engine.centre_analysts(centre_id) if u.id == target), None)
        if analyst is None:
            raise ApiError(422, "invalid_data", "analyst_id must be an analyst of your centre.", field="analyst_id")
        if not may_take(analyst, assignment.scan.scanner.kind):
            raise ApiError(409, "not_certified", f"{analyst.display_name} holds no valid certificate for "
                                                 f"{assignment.scan.scanner.kind.replace('_', ' ')} scanners.")
    scan = assignment.scan
    audit.record("queue.reassign", actor=supervisor, target=("assignment", assignment.id), scan_id=scan.id,
                 detail={"from": assignment.analyst_id, "to": analyst.id if analyst else None, "reason": reason})
    engine.revoke(assignment, f"reassigned by a supervisor: {reason}", actor=supervisor)
    if analyst is not None:
        engine.assign_to(scan, analyst, supervisor, reason)
    engine.dispatch(centre_id)
    engine.queue_changed(centre_id)


def stats(user: User) -> StatsOut:
    centres = db.session.scalars(sa.select(Centre)).all()
    if user.headquarters_id is None and not user.has_role("admin"):
        centres = [c for c in centres if c.id == centre_of(user)]
    analysts = {u.id: u for c in centres for u in engine.centre_analysts(c.id)}
    rows = db.session.execute(
        sa.select(Verdict, Review, Inspection)
        .outerjoin(Review, Review.verdict_id == Verdict.id)
        .outerjoin(Inspection, Inspection.scan_id == Verdict.scan_id)
        .where(Verdict.analyst_id.in_(list(analysts)))).all()
    per_user: dict[int, list] = {}
    for row in rows:
        per_user.setdefault(row[0].analyst_id, []).append(row)
    centre_of_user = {u.id: (u.centre_id or u.site.centre_id) for u in analysts.values()}
    return StatsOut.model_validate({
        "analysts": [{"user": Person.of(analysts[uid]), **_figures(r)} for uid, r in sorted(per_user.items())],
        "centres": [{"centre": c, **_figures([r for uid, rs in per_user.items() if centre_of_user[uid] == c.id
                                              for r in rs])}
                    for c in centres],
    })


def _figures(rows: list) -> dict:
    verdicts = [r[0] for r in rows]
    reviews = [r[1] for r in rows if r[1] is not None and r[1].state == "done"]
    inspected_suspects = [r[2] for r in rows if r[0].decision == "suspect" and r[2] is not None]
    return {
        "decided": len(verdicts),
        "median_seconds": round(statistics.median(v.time_spent_s for v in verdicts), 1) if verdicts else None,
        "suspect_rate": _rate(sum(v.decision == "suspect" for v in verdicts), len(verdicts)),
        "overturn_rate": _rate(sum(r.decision != r.verdict.decision for r in reviews), len(reviews)),
        # Hit rate: of the suspects physically inspected, how many found something.
        "hit_rate": _rate(sum(i.outcome != "no_finding" for i in inspected_suspects), len(inspected_suspects)),
    }


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None
