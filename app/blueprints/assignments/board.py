"""The wall's list of analysts: who is ready, working on which scan since when, paused
or offline, and how many scans each decided today (the centre's day). Every change is
pushed as `analyst.state` to the supervisors of the analyst's centre and headquarters,
so the wall never polls for it."""

from __future__ import annotations

import sqlalchemy as sa

from app import channels, zones
from app.blueprints.assignments import engine
from app.blueprints.assignments.presence import presence
from app.database import as_utc
from app.extensions import db
from app.models import Assignment, Centre, User, Verdict

STATES = ("working", "ready", "paused", "offline")


def _centre_id(user: User) -> int | None:
    return user.centre_id or (user.site.centre_id if user.site is not None else None)


def _row(user: User, centre: Centre, assignment: Assignment | None, decided: int) -> dict:
    station = presence().state(user.id)
    if not station["connected"]:
        state = "offline"  # a scan it still holds goes back after the grace period
    elif assignment is not None:
        state = "working"
    else:
        state = "ready" if station["ready"] else "paused"
    return {"id": user.id, "display_name": user.display_name, "centre": centre.code, "state": state,
            "scan_id": assignment.scan_id if assignment else None,
            "scan_uid": assignment.scan.scan_uid if assignment else None,
            "since": as_utc(assignment.assigned_at).isoformat() if assignment else None,
            "decided_today": decided}


def _open_and_decided(centre: Centre, user_ids: list[int]) -> tuple[dict[int, Assignment], dict[int, int]]:
    if not user_ids:
        return {}, {}
    open_rows = db.session.scalars(sa.select(Assignment).where(
        Assignment.state == "open", Assignment.analyst_id.in_(user_ids)).order_by(Assignment.assigned_at)).all()
    mine: dict[int, Assignment] = {}
    for a in open_rows:  # the oldest open one is the scan on screen
        mine.setdefault(a.analyst_id, a)
    decided = dict(db.session.execute(
        sa.select(Verdict.analyst_id, sa.func.count()).where(
            Verdict.analyst_id.in_(user_ids), Verdict.issued_at >= zones.day_start(centre.timezone))
        .group_by(Verdict.analyst_id)).all())
    return mine, decided


def rows(centres: list[Centre]) -> list[dict]:
    """Every active analyst and expert of these centres, working first."""
    out = []
    for centre in centres:
        people = engine.centre_analysts(centre.id)
        mine, decided = _open_and_decided(centre, [u.id for u in people])
        out += [_row(u, centre, mine.get(u.id), decided.get(u.id, 0)) for u in people]
    return sorted(out, key=lambda r: (STATES.index(r["state"]), r["display_name"]))


def announce(user_id: int) -> None:
    """Push one analyst's row to whoever watches their centre (no-op for others)."""
    user = db.session.get(User, user_id)
    if user is None or not user.has_role("analyst", "expert"):
        return
    centre_id = _centre_id(user)
    if centre_id is None:
        return
    centre = db.session.get(Centre, centre_id)
    mine, decided = _open_and_decided(centre, [user.id])
    row = _row(user, centre, mine.get(user.id), decided.get(user.id, 0))
    for room in (channels.centre_room(centre.id), channels.hq_room(centre.headquarters_id)):
        channels.publish("analyst.state", row, room)
