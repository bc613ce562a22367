"""Scanner events in: validation, de-duplication, clock-skew flagging, and the
live status they drive (pushed over Socket.IO on every change)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from app.access import equipment_rooms
from app.database import as_utc, insert_or_nothing, utcnow
from app.blueprints.equipment.schemas import EventsIn
from app.errors import ApiError
from app.extensions import db
from app.models import EquipmentAlert, EquipmentEvent, Scan, Scanner, ScannerState
from app import channels, jobs
from app.validation import parse

COUNTERS = ("scans_since_startup", "anomalies", "radiation_alarms")


def parse_batch(body: Any, scanner: Scanner) -> list[dict]:
    """The events (a bare list, or `{"scanner_id", "events"}`), or 422 `invalid_event`
    naming the first bad field (`events[0].data.anomalies`)."""
    if isinstance(body, dict) and body.get("scanner_id") not in (None, scanner.id):
        raise ApiError(403, "forbidden", _("A scanner reports its own events only."))
    data = parse(EventsIn, body if isinstance(body, dict) else {"events": body}, "events", code="invalid_event",
                 brackets=True)
    return [{"type": e.type, "at": e.at, "data": e.data.model_dump(exclude_unset=True)} for e in data.events]


def heartbeats_only(body: Any) -> bool:
    items = body.get("events") if isinstance(body, dict) else body
    return isinstance(items, list) and all(isinstance(e, dict) and e.get("type") == "heartbeat" for e in items)


def store(scanner: Scanner, events: list[dict]) -> dict:
    """Store new events (skipping ones already stored) and apply them in time order."""
    now = utcnow()
    skew_limit = timedelta(seconds=current_app.config["EQUIPMENT_MAX_SKEW_SECONDS"])
    stored, duplicates, skewed = [], 0, 0
    for item in sorted(events, key=lambda e: e["at"]):
        at = item["at"].astimezone(timezone.utc)
        exists = db.session.scalar(sa.select(EquipmentEvent.id).where(
            EquipmentEvent.scanner_id == scanner.id, EquipmentEvent.type == item["type"], EquipmentEvent.at == at))
        if exists is not None:
            duplicates += 1
            continue
        # A clock ahead of ours cannot be right; one behind may be a late delivery
        # (a site agent catching up after a link cut), so past times are kept.
        off = at - now > skew_limit
        skewed += off
        event = EquipmentEvent(scanner_id=scanner.id, type=item["type"], at=at, received_at=now,
                               effective_at=now if off else at, skewed=off, data=item["data"])
        db.session.add(event)
        stored.append(event)
    db.session.flush()
    state = state_of(scanner)
    before = state.status
    for event in stored:
        _apply(state, event)
    db.session.commit()
    if state.status != before:
        announce(scanner, state)
    return {"stored": len(stored), "duplicates": duplicates, "skewed": skewed}


def state_of(scanner: Scanner) -> ScannerState:
    state = db.session.get(ScannerState, scanner.id)
    if state is None:
        state = ScannerState(scanner_id=scanner.id, status="stopped", since=utcnow())
        db.session.add(state)
        db.session.flush()
    return state


def _apply(state: ScannerState, event: EquipmentEvent) -> None:
    when = as_utc(event.effective_at)
    if state.last_event_at is not None and when < as_utc(state.last_event_at):
        return  # late: kept for the statistics, but the live status has moved on
    state.last_event_at, state.skewed = when, event.skewed
    if event.type == "startup":
        state.powered, state.fault, state.last_scans_counter = True, None, 0
        state.last_heartbeat_at = as_utc(event.received_at)
        _set(state, "idle", when)
    elif event.type == "shutdown":
        state.powered = False
        _set(state, "stopped", when)
    elif event.type == "heartbeat":
        state.last_heartbeat_at = as_utc(event.received_at)
        state.powered = True
        scans = event.data.get("scans_since_startup")
        if scans is not None:  # running while the scan counter moves, idle while it stands
            status = "running" if scans > state.last_scans_counter else "idle"
            state.last_scans_counter = scans
        else:
            status = state.status if state.status in ("running", "idle") else "idle"
        if state.fault is None:
            _set(state, status, when)
    elif event.type == "fault":
        state.fault = {"code": str(event.data.get("code", "")), "text": str(event.data.get("text", ""))[:300],
                       "at": when.isoformat()}
        _set(state, "fault", when)
        raise_alert(state.scanner_id, "fault", f"{state.fault['code']} {state.fault['text']}".strip())
    elif event.type == "fault_cleared":
        state.fault = None
        _set(state, "idle" if state.powered else "stopped", when)
        clear_alerts(state.scanner_id, "fault")


def _set(state: ScannerState, status: str, when: datetime) -> None:
    if state.status != status:
        if state.status == "offline":
            clear_alerts(state.scanner_id, "offline")
        state.status, state.since = status, when


def raise_alert(scanner_id: int, kind: str, detail: str) -> None:
    """Open the alert unless one is open: the partial unique index decides, so two
    processes noticing the same fault at once open one alert, not two."""
    alert_id = db.session.scalar(
        insert_or_nothing(db.session, EquipmentAlert, ["scanner_id", "kind"], sa.text("cleared_at IS NULL"))
        .values(scanner_id=scanner_id, kind=kind, detail=detail, raised_at=utcnow())
        .returning(EquipmentAlert.id))
    if alert_id is not None:
        _emit_alert(db.session.get(EquipmentAlert, alert_id))


def clear_alerts(scanner_id: int, kind: str) -> None:
    # Alerts carry our times (raised and cleared when we learnt of it), not the scanner's.
    db.session.execute(sa.update(EquipmentAlert).where(
        EquipmentAlert.scanner_id == scanner_id, EquipmentAlert.kind == kind, EquipmentAlert.cleared_at.is_(None))
        .values(cleared_at=utcnow()))


@jobs.chore("EQUIPMENT_SWEEP_SECONDS")
def sweep_offline() -> int:
    """Scanners that should be running but have sent no heartbeat for too long go offline."""
    limit = utcnow() - timedelta(seconds=current_app.config["EQUIPMENT_OFFLINE_SECONDS"])
    stale = db.session.scalars(sa.select(ScannerState).where(
        ScannerState.powered, ScannerState.status.in_(("running", "idle")),
        ScannerState.last_heartbeat_at < limit)).all()
    for state in stale:
        _set(state, "offline", utcnow())
        raise_alert(state.scanner_id, "offline", "no heartbeat while it should be running")
    db.session.commit()
    for state in stale:
        announce(state.scanner, state)
    # Scanners whose last scan just left the busy window are no longer "running": tell the walls.
    busy = timedelta(seconds=current_app.config["EQUIPMENT_BUSY_SECONDS"])
    step = timedelta(seconds=current_app.config["EQUIPMENT_SWEEP_SECONDS"])
    now = utcnow()
    calmed = db.session.scalars(
        sa.select(Scanner).join(Scan, Scan.scanner_id == Scanner.id)
        .where(Scan.purpose == "live", Scan.received_at >= now - busy - step)
        .group_by(Scanner.id).having(sa.func.max(Scan.received_at) < now - busy)).all()
    for scanner in calmed:
        announce(scanner, db.session.get(ScannerState, scanner.id))
    return len(stale)


def announce(scanner: Scanner, state: ScannerState) -> None:
    from app.blueprints.equipment.stats import scanner_status

    payload = scanner_status(scanner, state)
    for room in equipment_rooms(scanner):
        channels.publish("equipment.status", payload, room)


def _emit_alert(alert: EquipmentAlert) -> None:
    from app.blueprints.equipment.stats import serialize_alert

    scanner = db.session.get(Scanner, alert.scanner_id)
    for room in equipment_rooms(scanner):
        channels.publish("equipment.alert", serialize_alert(alert), room)

