"""Random assignment of ready scans to online analysts, and revocation.

Anti-corruption: the analyst is drawn with a cryptographic RNG among the
eligible, never one affiliated with the scan's site (per centre setting), and
only among those certified for the scanner's kind (the academy's certificates)."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from app import channels, events, jobs
from app.blueprints.assignments.presence import presence
from app.blueprints.training import certificates
from app.blueprints.scans.links import tile_links
from app.database import as_utc, utcnow
from app.errors import ApiError
from app.extensions import db
from app.models import (
    Assignment, Centre, Declaration, QueueEvent, Scan, ScanDeclaration, Scanner, Site, User, UserRole, Verdict,
)

log = logging.getLogger(__name__)
_draw = secrets.SystemRandom()


def _lock_centre(centre_id: int) -> None:
    """Start the transaction by bumping the centre's dispatch counter: PostgreSQL then
    holds the centre's row lock and SQLite its write lock until commit, so dispatches
    of one centre run one at a time in every process, and capacity counts read after
    this line stay true until the new assignments are committed."""
    db.session.commit()  # callers have committed their own work; start afresh
    db.session.execute(sa.update(Centre).where(Centre.id == centre_id)
                       .values(dispatch_seq=Centre.dispatch_seq + 1))


def _waiting(centre_id: int) -> sa.ColumnElement[bool]:
    open_assignment = sa.select(Assignment.id).where(Assignment.scan_id == Scan.id, Assignment.state == "open")
    verdict = sa.select(Verdict.id).where(Verdict.scan_id == Scan.id)
    return sa.and_(Site.centre_id == centre_id, Scan.status == "ready", Scan.purpose == "live",
                   ~sa.exists(open_assignment), ~sa.exists(verdict))


def waiting_scans(centre_id: int) -> list[Scan]:
    """Ready, undecided, unassigned scans of the centre, in the order they are handed out."""
    # The risk level of the scan's current declaration: high 3, medium 2, low 1, none 0.
    risk = (sa.select(sa.case({"high": 3, "medium": 2, "low": 1}, value=Declaration.risk_level, else_=0))
            .join(ScanDeclaration, ScanDeclaration.number == Declaration.number)
            .where(ScanDeclaration.scan_id == Scan.id, Declaration.current).limit(1).scalar_subquery())
    query = (sa.select(Scan).join(Scan.scanner).join(Scanner.site).where(_waiting(centre_id))
             .order_by(Scan.priority.desc(), Scan.radiation_alarm.desc(), sa.func.coalesce(risk, 0).desc(),
                       Scan.received_at, Scan.id))
    return list(db.session.scalars(query))


# Who works for a centre (there or at one of its sites), built once: asked by every
# dispatch and before a sampled verdict's push.
_WORKING_FOR = sa.and_(User.active, UserRole.role.in_(sa.bindparam("roles", expanding=True)),
                       sa.or_(User.centre_id == sa.bindparam("centre_id"),
                              User.site_id.in_(sa.select(Site.id).where(Site.centre_id == sa.bindparam("centre_id")))))
_PEOPLE = sa.select(User).join(UserRole).where(_WORKING_FOR)
_PEOPLE_IDS = sa.select(User.id).join(UserRole).where(_WORKING_FOR).distinct().order_by(User.id)


def centre_analysts(centre_id: int) -> list[User]:
    """Active analysts and experts who work for the centre (there or at one of its sites)."""
    return list(db.session.scalars(_PEOPLE, {"roles": ["analyst", "expert"], "centre_id": centre_id}).unique())


def centre_people_ids(centre_id: int, roles: tuple[str, ...]) -> list[int]:
    """The ids of the centre's active people with one of `roles`: for a choice that needs
    no more than the id (loading each account with its roles costs far more)."""
    return list(db.session.scalars(_PEOPLE_IDS, {"roles": list(roles), "centre_id": centre_id}))


def open_counts(user_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(sa.select(Assignment.analyst_id, sa.func.count())
                              .where(Assignment.state == "open", Assignment.analyst_id.in_(user_ids))
                              .group_by(Assignment.analyst_id))
    return dict(rows.all())


def dispatch(centre_id: int) -> list[Assignment]:
    """Hand waiting scans to eligible online analysts; returns the new assignments.

    Never raises for a database conflict: the assignment sweep tries again within
    seconds, and whoever triggered this (a verdict, a ready analyst) has committed."""
    try:
        made = _dispatch_locked(centre_id) if _anything_to_hand_out(centre_id) else []
    except SQLAlchemyError:
        db.session.rollback()
        log.exception("dispatch for centre %s failed; the sweep will try again", centre_id)
        return []
    for assignment in made:
        announce_assignment(assignment)
    if made:
        queue_changed(centre_id)
    return made


def _anything_to_hand_out(centre_id: int) -> bool:
    """Whether a scan waits and someone of the centre is online, read without the lock.

    The sweep asks every centre each second, and every verdict asks again. The locked
    dispatch is a write transaction of seven statements and a synced commit, and under
    gevent the process does nothing else meanwhile: an idle `cips serve` spent a third
    of its CPU on it, and a verdict's push could wait behind the sweep's. A scan that
    starts waiting, or an analyst who comes online, after this read triggers a dispatch
    of its own; the locked dispatch reads everything again."""
    waiting = db.session.scalar(sa.select(sa.exists(sa.select(Scan.id).join(Scan.scanner).join(Scanner.site)
                                                    .where(_waiting(centre_id)))))
    found = bool(waiting) and any(presence().is_online(u.id) for u in centre_analysts(centre_id))
    db.session.commit()  # end the read: the locked dispatch, or the caller, starts afresh
    return found


def _dispatch_locked(centre_id: int) -> list[Assignment]:
    _lock_centre(centre_id)
    capacity = current_app.config["ANALYST_CAPACITY"]
    centre = db.session.get(Centre, centre_id)
    online = [u for u in centre_analysts(centre_id) if presence().is_online(u.id)]
    load = open_counts([u.id for u in online])
    coverage = certificates.live_coverage([u.id for u in online])
    made = []
    for scan in waiting_scans(centre_id) if online else []:
        site_id = scan.scanner.site_id
        eligible = [u for u in online if load.get(u.id, 0) < capacity
                    and not (centre.exclude_own_site and u.site_id == site_id)
                    and certificates.may_take(u, scan.scanner.kind, coverage)]
        if not eligible:
            continue
        analyst = _draw.choice(eligible)
        made.append(_assign(scan, analyst, actor=None, reason="random draw"))
        load[analyst.id] = load.get(analyst.id, 0) + 1
    db.session.commit()
    return made


def _assign(scan: Scan, analyst: User, actor: User | None, reason: str) -> Assignment:
    timeout = timedelta(seconds=current_app.config["ASSIGNMENT_TIMEOUT_SECONDS"])
    assignment = Assignment(scan=scan, analyst=analyst, deadline=utcnow() + timeout,
                            assigned_by_id=actor.id if actor else None)
    db.session.add(assignment)
    db.session.add(QueueEvent(scan_id=scan.id, kind="assigned", actor_id=actor.id if actor else None,
                              analyst_id=analyst.id, reason=reason))
    db.session.flush()
    events.assignment_made.send(assignment)
    return assignment


def assign_to(scan: Scan, analyst: User, actor: User, reason: str) -> Assignment:
    """A supervisor's choice, under the same lock as the random draw."""
    scan_id, analyst_id, actor_id = scan.id, analyst.id, actor.id
    _lock_centre(scan.scanner.site.centre_id)
    scan, analyst, actor = db.session.get(Scan, scan_id), db.session.get(User, analyst_id), db.session.get(User, actor_id)
    taken = db.session.scalar(sa.select(Assignment.id).where(Assignment.scan_id == scan_id, Assignment.state == "open"))
    if taken is not None or db.session.scalar(sa.select(Verdict.id).where(Verdict.scan_id == scan_id)) is not None:
        db.session.rollback()
        raise ApiError(409, "taken", _("The scan was assigned or decided meanwhile; reload the queue."))
    assignment = _assign(scan, analyst, actor, reason)
    db.session.commit()
    announce_assignment(assignment)
    return assignment


def revoke(assignment: Assignment, reason: str, actor: User | None = None) -> None:
    assignment.state = "revoked"
    assignment.ended_at = utcnow()
    assignment.end_reason = reason
    db.session.add(QueueEvent(scan_id=assignment.scan_id, kind="revoked", actor_id=actor.id if actor else None,
                              analyst_id=assignment.analyst_id, reason=reason))
    db.session.commit()
    channels.publish("assignment.revoked", {"assignment_id": assignment.id, "reason": reason},
                     channels.user_room(assignment.analyst_id))
    events.workstation_changed.send(assignment.analyst_id)


@jobs.chore("SWEEP_INTERVAL_SECONDS")
def sweep() -> None:
    """Revoke assignments past their deadline or held by a workstation gone too long,
    then hand waiting scans out: a scan waits at most one round while someone eligible
    is ready anywhere, whichever process their socket is on."""
    grace = current_app.config["DISCONNECT_GRACE_SECONDS"]
    centres: set[int] = set()
    gone = presence().gone_longer_than(grace)
    open_rows = db.session.scalars(sa.select(Assignment).where(Assignment.state == "open")).all()
    now = utcnow()
    for assignment in open_rows:
        if assignment.analyst_id in gone:
            revoke(assignment, f"the workstation was disconnected for more than {grace:g} s")
        elif as_utc(assignment.deadline) < now:
            revoke(assignment, "not decided before the deadline")
        else:
            continue
        centres.add(assignment.scan.scanner.site.centre_id)
    for centre_id in db.session.scalars(sa.select(Centre.id)).all():
        made = dispatch(centre_id)
        if centre_id in centres and not made:
            queue_changed(centre_id)


def announce_assignment(assignment: Assignment) -> None:
    events.assignment_announced.send(assignment.id)
    payload = {
        "assignment_id": assignment.id, "scan_id": assignment.scan_id,
        # Signed for the analyst the scan was just assigned to (runs outside requests too).
        **tile_links(assignment.scan_id, assignment.analyst_id),
        "deadline": as_utc(assignment.deadline).isoformat(), "declaration": None,
    }
    declaration = db.session.scalar(
        sa.select(Declaration).join(ScanDeclaration, ScanDeclaration.number == Declaration.number)
        .where(ScanDeclaration.scan_id == assignment.scan_id, Declaration.current))
    if declaration is not None:  # a summary; the full panel is GET /scans/<id>/declaration
        payload["declaration"] = {"number": declaration.number, "risk": declaration.risk_level,
                                  "goods": len(declaration.goods)}
    channels.publish("assignment.new", payload, channels.user_room(assignment.analyst_id))
    events.workstation_changed.send(assignment.analyst_id)


def queue_changed(centre_id: int) -> None:
    waiting = len(waiting_scans(centre_id))
    open_count = db.session.scalar(
        sa.select(sa.func.count()).select_from(Assignment).join(Assignment.scan).join(Scan.scanner).join(Scanner.site)
        .where(Assignment.state == "open", Site.centre_id == centre_id))
    channels.publish("queue.changed", {"waiting": waiting, "open": open_count}, channels.centre_room(centre_id))
