"""Breaks before fatigue: after TIP_BREAK_AFTER_MINUTES of continuous screening the
workstation pauses after the current decision and Ready is refused until a break of
TIP_BREAK_MINUTES has passed; a supervisor may end a break early, with a reason (audited).

Continuous screening starts when an analyst says Ready and no break is running; a gap of
at least the break's length between decisions and Ready (paused, signed out) is a break
and starts it afresh (time spent on one scan, or ready and waiting for one, is screening).
Time comes from clock.now(), which tests set."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app import audit, channels, settings
from app.blueprints.assignments.presence import presence
from app.blueprints.tip.clock import now
from app.database import as_utc
from app.errors import ApiError
from app.extensions import db
from app.models import TipWorkstation, User


def _row(user_id: int) -> TipWorkstation:
    row = db.session.get(TipWorkstation, user_id)
    if row is None:
        row = TipWorkstation(user_id=user_id)
        db.session.add(row)
    return row


def _limits() -> tuple[timedelta, timedelta]:
    return (timedelta(minutes=settings.get("TIP_BREAK_AFTER_MINUTES")),
            timedelta(minutes=settings.get("TIP_BREAK_MINUTES")))


def _iso(when: datetime | None) -> str | None:
    return None if when is None else as_utc(when).isoformat()


def on_ready(user: User) -> None:
    """Refuse Ready while a break is due (409 break_required); else start or continue
    the analyst's time on task."""
    at, row = now(), _row(user.id)
    pause = _limits()[1]
    if row.break_until is not None and at < as_utc(row.break_until):
        until = _iso(row.break_until)
        db.session.rollback()
        raise ApiError(409, "break_required", _("Take a break: Ready works again at %(until)s.", until=until),
                       until=until)
    rested = row.last_active_at is None or at - as_utc(row.last_active_at) >= pause
    if row.on_task_since is None or rested or row.break_until is not None:
        row.on_task_since = at
    row.break_from = row.break_until = None
    row.last_active_at = at
    db.session.commit()


def on_decided(user_id: int) -> None:
    """After a verdict: past the limit, pause the workstation and ask for a break."""
    at, row = now(), _row(user_id)
    limit, pause = _limits()
    if row.on_task_since is None:  # deciding is screening, however long the scan took
        row.on_task_since = at
    row.last_active_at = at
    due = at - as_utc(row.on_task_since) >= limit
    if due:
        row.break_from, row.break_until, row.on_task_since = at, at + pause, None
    db.session.commit()
    if due:
        presence().set_ready(user_id, False)  # no next scan: the dispatch after this finds them paused
        channels.publish("workstation.break", {"until": _iso(row.break_until), "reason": "fatigue"},
                         channels.user_room(user_id))


def override(supervisor: User, analyst: User, reason: str) -> dict[str, Any]:
    row = _row(analyst.id)
    at = now()
    if row.break_until is None or at >= as_utc(row.break_until):
        raise ApiError(409, "no_break", _("%(name)s is not on a break.", name=analyst.username))
    until = row.break_until
    row.break_from = row.break_until = None
    row.on_task_since = None
    row.override_by_id, row.override_reason, row.override_at = supervisor.id, reason, at
    audit.record("tip.break_override", actor=supervisor, target=("user", analyst.id),
                 detail={"reason": reason, "break_until": _iso(until)})
    db.session.commit()
    channels.publish("workstation.break", {"until": None, "reason": "override"}, channels.user_room(analyst.id))
    return state(analyst.id)


def state(user_id: int) -> dict[str, Any]:
    """An analyst's screening and break, as the workstation and supervisors see it."""
    at = now()
    row = db.session.get(TipWorkstation, user_id)
    limit, pause = _limits()
    on_break = row is not None and row.break_until is not None and at < as_utc(row.break_until)
    since = row.on_task_since if row is not None and not on_break else None
    return {
        "user_id": user_id,
        "on_task_since": _iso(since),
        "minutes_on_task": round((at - as_utc(since)).total_seconds() / 60, 1) if since else 0.0,
        "break_after_minutes": limit.total_seconds() / 60, "break_minutes": pause.total_seconds() / 60,
        "on_break": on_break,
        "break_until": _iso(row.break_until) if on_break and row else None,
        "last_override": None if row is None or row.override_at is None else {
            "at": _iso(row.override_at), "reason": row.override_reason, "by": row.override_by_id},
    }


def centre_states(user_ids: list[int]) -> list[dict[str, Any]]:
    known = {r.user_id for r in db.session.scalars(sa.select(TipWorkstation).where(
        TipWorkstation.user_id.in_(user_ids)))}
    return [state(uid) for uid in user_ids if uid in known]
