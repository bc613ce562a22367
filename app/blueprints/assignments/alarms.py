"""Queue alarms: a centre's queue holding at least `queue_alarm_waiting` scans, or a
scan waiting at least `queue_alarm_wait_seconds` (both set per centre by its
supervisors or an admin; None turns one off). An alarm is raised once while the
condition lasts, cleared when it ends, and each change is pushed as `queue.alarm` to
the centre's and its headquarters' supervisors (the wall sounds it and lists it)."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from app import audit, channels, jobs
from app.blueprints.assignments import engine
from app.blueprints.assignments.answers import AlarmThresholdsOut, QueueAlarmOut
from app.database import as_utc, insert_or_nothing, utcnow
from app.errors import ApiError
from app.extensions import db
from app.models import Centre, QueueAlert, Scan, User

MAX_WAITING = 100_000
MAX_WAIT_SECONDS = 7 * 24 * 3600


def serialize(alert: QueueAlert) -> dict:
    """The alarm as the answer and the `queue.alarm` event both carry it (QueueAlarmOut)."""
    centre = alert.centre or db.session.get(Centre, alert.centre_id)
    by = db.session.get(User, alert.acknowledged_by_id) if alert.acknowledged_by_id else None
    return QueueAlarmOut.dump({
        "id": alert.id, "kind": alert.kind, "detail": alert.detail, "value": alert.value,
        "threshold": alert.threshold, "centre": centre, "raised_at": alert.raised_at,
        "cleared_at": alert.cleared_at, "acknowledged_by": by, "acknowledged_at": alert.acknowledged_at})


def thresholds(centre: Centre) -> dict:
    return AlarmThresholdsOut.dump({"centre": centre, "timezone": centre.timezone,
                                    "waiting": centre.queue_alarm_waiting,
                                    "wait_seconds": centre.queue_alarm_wait_seconds})


def _push(alert: QueueAlert) -> None:
    payload = serialize(alert)
    centre = alert.centre
    for room in (channels.centre_room(centre.id), channels.hq_room(centre.headquarters_id)):
        channels.publish("queue.alarm", payload, room)


def measure(waiting: list[Scan]) -> tuple[int, int]:
    """(scans waiting, seconds the oldest has waited)."""
    now = utcnow()
    oldest = max(((now - as_utc(s.received_at)).total_seconds() for s in waiting), default=0)
    return len(waiting), int(oldest)


def check(centre: Centre, waiting: list[Scan] | None = None) -> list[QueueAlert]:
    """Raise or clear the centre's alarms against its thresholds; returns the alarms changed."""
    count, oldest = measure(engine.waiting_scans(centre.id) if waiting is None else waiting)
    changed: list[QueueAlert] = []
    for kind, value, limit in (("length", count, centre.queue_alarm_waiting),
                               ("wait", oldest, centre.queue_alarm_wait_seconds)):
        if limit is not None and value >= limit:
            detail = (f"{value} scans waiting (alarm at {limit})" if kind == "length"
                      else f"a scan has waited {value // 60} min {value % 60:02d} s (alarm at {limit} s)")
            # The partial unique index decides: two processes noticing at once open one alarm.
            new_id = db.session.scalar(
                insert_or_nothing(db.session, QueueAlert, ["centre_id", "kind"], sa.text("cleared_at IS NULL"))
                .values(centre_id=centre.id, kind=kind, detail=detail, value=value, threshold=limit,
                        raised_at=utcnow())
                .returning(QueueAlert.id))
            if new_id is not None:
                changed.append(db.session.get(QueueAlert, new_id))
        else:
            ended = db.session.scalars(sa.select(QueueAlert).where(
                QueueAlert.centre_id == centre.id, QueueAlert.kind == kind, QueueAlert.cleared_at.is_(None))).all()
            for alert in ended:
                alert.cleared_at = utcnow()
            changed += ended
    db.session.commit()
    for alert in changed:
        _push(alert)
    return changed


@jobs.chore("QUEUE_ALARM_SWEEP_SECONDS")
def sweep_queues() -> int:
    """The oldest wait grows with no event at all: look at every centre's queue often."""
    return sum(len(check(centre)) for centre in db.session.scalars(sa.select(Centre)).all())


def open_alarms(centres: list[Centre]) -> list[dict]:
    """Alarms still sounding, or ended but not yet acknowledged (a supervisor should know)."""
    rows = db.session.scalars(sa.select(QueueAlert).where(
        QueueAlert.centre_id.in_([c.id for c in centres]),
        sa.or_(QueueAlert.cleared_at.is_(None), QueueAlert.acknowledged_at.is_(None)))
        .order_by(QueueAlert.raised_at.desc()).limit(200))
    return [serialize(a) for a in rows]


def centres_for(user: User) -> list[Centre]:
    """The centres whose queue `user` watches: admins and headquarters supervisors every
    centre of their scope, a centre's supervisor their own."""
    query = sa.select(Centre).order_by(Centre.code)
    if user.has_role("admin") and user.headquarters_id is None:
        return list(db.session.scalars(query))
    if user.headquarters_id is not None:
        return list(db.session.scalars(query.where(Centre.headquarters_id == user.headquarters_id)))
    if user.centre_id is not None and user.has_role("supervisor"):
        return list(db.session.scalars(query.where(Centre.id == user.centre_id)))
    return []


def _centre(user: User, centre_id: int | None) -> Centre:
    mine = centres_for(user)
    if centre_id is None and len(mine) == 1:
        return mine[0]
    found = next((c for c in mine if c.id == centre_id), None)
    if found is None:
        raise ApiError(404, "not_found", _("No centre %(centre)s whose queue you watch.", centre=centre_id))
    return found


def get_thresholds(user: User, centre_id: int | None) -> dict:
    return thresholds(_centre(user, centre_id))


def set_thresholds(user: User, centre_id: int | None, waiting: int | None, wait_seconds: int | None) -> dict:
    centre = _centre(user, centre_id)
    before = thresholds(centre)
    centre.queue_alarm_waiting, centre.queue_alarm_wait_seconds = waiting, wait_seconds
    audit.record("queue.alarm_thresholds", actor=user, target=("centre", centre.id),
                 detail={"from": [before["waiting"], before["wait_seconds"]], "to": [waiting, wait_seconds]})
    db.session.commit()
    check(centre)  # a new threshold takes effect now, not at the next sweep
    return thresholds(centre)


def acknowledge(user: User, alert_id: int) -> dict:
    alert = db.session.get(QueueAlert, alert_id)
    if alert is None or alert.centre_id not in {c.id for c in centres_for(user)}:
        raise ApiError(404, "not_found", _("No such alarm."))
    alert.acknowledged_by_id, alert.acknowledged_at = user.id, utcnow()
    db.session.commit()
    _push(alert)
    return serialize(alert)
